package report

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"jixiao/internal/sample"
)

// TestJSONEqualsFixture exports the sample as JSON and compares it with
// the fixture value for value (key order and spacing may differ), once the
// split target columns the export adds to each indicator are set aside.
func TestJSONEqualsFixture(t *testing.T) {
	var buf bytes.Buffer
	if err := JSON(&buf, loadSample(t)); err != nil {
		t.Fatal(err)
	}
	fixture := sample.JSON()
	var got, want any
	dec := json.NewDecoder(bytes.NewReader(buf.Bytes()))
	dec.UseNumber()
	if err := dec.Decode(&got); err != nil {
		t.Fatal(err)
	}
	dec = json.NewDecoder(bytes.NewReader(fixture))
	dec.UseNumber()
	if err := dec.Decode(&want); err != nil {
		t.Fatal(err)
	}
	for _, row := range got.(map[string]any)["overall"].(map[string]any)["indicators"].([]any) {
		r := row.(map[string]any)
		if r["value"] == nil {
			t.Errorf("indicator %v has no split target", r["name"])
		}
		for _, k := range []string{"direction", "comparator", "value", "unit"} {
			delete(r, k)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Error("the JSON export differs from the fixture")
	}
}
