package tui

import (
	"fmt"
	"strings"
	"testing"

	"jixiao/domain"
)

// TestSample: Sample is the bundled 梅溪街道 2024 filing, scored 94.87 优,
// and every call returns a copy of its own.
func TestSample(t *testing.T) {
	f := Sample()
	if f.Unit != "岳阳市岳阳楼区梅溪街道办事处" || f.Year != 2024 {
		t.Fatalf("sample is %q %d", f.Unit, f.Year)
	}
	sc := domain.Score(f, domain.DefaultRules())
	if got := sc.Overall.Total.StringFixed(2); got != "94.87" || sc.Overall.Grade != "优" {
		t.Fatalf("sample scores %s %s, want 94.87 优", got, sc.Overall.Grade)
	}
	f.Unit = "改过的单位"
	if Sample().Unit != "岳阳市岳阳楼区梅溪街道办事处" {
		t.Fatal("a change to one Sample reached the next")
	}
}

// TestSampleThatDoesNotDecodePanics: a broken embedded sample stops the
// program with the reason instead of standing in an empty filing.
func TestSampleThatDoesNotDecodePanics(t *testing.T) {
	defer func() {
		r := recover()
		if r == nil || !strings.Contains(fmt.Sprint(r), "内置的示例填报") || !strings.Contains(fmt.Sprint(r), "meixi-2024.json") {
			t.Fatalf("recovered %v; want a panic naming the sample", r)
		}
	}()
	decodeSample([]byte(`{"unit": `))
}
