package domain

import (
	"bytes"
	"strings"
	"testing"
)

// misspelt is the sample with 附件3 funds under a misspelt key, as in the
// issue: 90 / 89.974 / 89.974 under current_appropriation.
func misspelt(t *testing.T) []byte {
	t.Helper()
	f := cleanFiling(t)
	data, err := Encode(f)
	if err != nil {
		t.Fatal(err)
	}
	doc := strings.Replace(string(data), `"current_year": {`, `"current_appropriation": {"initial_budget": "90", "full_year_budget": "89.974", "executed": "89.974"}, "current_year": {`, 1)
	return []byte(doc)
}

func TestUnknownKeySurvivesRoundTrip(t *testing.T) {
	f, fs, err := DecodeReport(misspelt(t))
	if err != nil {
		t.Fatal(err)
	}
	if got := f.Projects[0].Funds.Unknown.Keys(); len(got) != 1 || got[0] != "current_appropriation" {
		t.Fatalf("unknown keys %v", got)
	}
	out, err := Encode(f)
	if err != nil {
		t.Fatal(err)
	}
	want := `"current_appropriation": {
          "initial_budget": "90",
          "full_year_budget": "89.974",
          "executed": "89.974"
        }`
	if !strings.Contains(string(out), want) {
		t.Errorf("Encode lost the unknown key:\n%s", out)
	}
	g, err := Decode(out)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := Encode(g)
	if !bytes.Equal(out, again) {
		t.Errorf("second round trip differs")
	}
	// Reported by DecodeReport and by Check, once each.
	for name, list := range map[string][]Finding{"DecodeReport": fs, "Check": Check(f, DefaultRules())} {
		u := withCode(list, "input.unknown_key")
		if len(u) != 1 {
			t.Fatalf("%s: %d unknown-key findings: %v", name, len(u), u)
		}
		if !strings.Contains(u[0].Message, "未知字段 projects[0].funds.current_appropriation，是否应为 current_year？") ||
			u[0].Severity != Warning || u[0].Where.Attachment != 3 || u[0].Where.Project != 0 {
			t.Errorf("%s: %+v", name, u[0])
		}
	}
}

func TestUnknownKeysAtEveryDepth(t *testing.T) {
	doc := `{"format": "jixiao/filing@1", "unti": "x", "future": {"a": [1, 2]},
	  "signoff": {"filed_by": "张三"},
	  "basic_data": {"sangong": {"total": {"finall": "1"}}},
	  "overall": {"indicators": [{"name": "a", "wieght": "4"}, {"name": "b"}]},
	  "projects": [{"name": "p", "goals": {"expectd": ["x"]}}]}`
	f, fs, err := DecodeReport([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"unti":                            "是否应为 unit？",
		"future":                          "未知字段 future：",
		"signoff.filed_by":                "是否应为 filled_by？",
		"basic_data.sangong.total.finall": "是否应为 final？",
		"overall.indicators.0.wieght":     "未知字段 overall.indicators[0].wieght，是否应为 weight？",
		"projects.0.goals.expectd":        "是否应为 expected？",
	}
	got := map[string]string{}
	for _, x := range withCode(fs, "input.unknown_key") {
		got[x.Where.Path] = x.Message
	}
	for path, frag := range want {
		if !strings.Contains(got[path], frag) {
			t.Errorf("%s: %q, want %q", path, got[path], frag)
		}
	}
	if len(got) != len(want) {
		t.Errorf("findings %v", got)
	}
	out, _ := Encode(f)
	for _, s := range []string{`"unti": "x"`, `"future": {`, `"filed_by": "张三"`, `"finall": "1"`, `"wieght": "4"`, `"expectd": [`} {
		if !bytes.Contains(out, []byte(s)) {
			t.Errorf("Encode lost %s", s)
		}
	}
}

func TestNearestKey(t *testing.T) {
	known := []string{"total", "current_year", "carryover", "other"}
	cases := map[string]string{
		"current_appropriation": "current_year",
		"curent_year":           "current_year",
		"Current_Yera":          "current_year",
		"carry_over":            "carryover",
		"othre":                 "other",
		"colour":                "",
		"x":                     "",
		"budget":                "",
	}
	for key, want := range cases {
		if got := nearestKey(key, known); got != want {
			t.Errorf("nearestKey(%q) = %q, want %q", key, got, want)
		}
	}
}

func TestDecodeSanitises(t *testing.T) {
	f := cleanFiling(t)
	data, _ := Encode(f)
	doc := string(data)
	for _, r := range []struct{ old, new string }{
		{`"unit": "`, `"unit": "\u001b]52;c;ZWNobw==\u0007\u001b[2J`},
		{`"name": "全年在区级`, `"name": "\u009b31m\u202e全年在区级\u2066`},
		{`"performance": "`, `"performance": "第一段\n\t缩进\r\n\u001b[31m`},
		{`"filled_by": "`, `"filled_by": "张\n三\u007f`},
	} {
		if !strings.Contains(doc, r.old) {
			t.Fatalf("document lacks %s", r.old)
		}
		doc = strings.Replace(doc, r.old, r.new, 1)
	}
	g, fs, err := DecodeReport([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	// Only the control characters go; the printable rest of a sequence
	// stays visible, so nothing the filer may have meant is lost unseen.
	if g.Unit != "]52;c;ZWNobw==[2J"+f.Unit {
		t.Errorf("unit %q", g.Unit)
	}
	if !strings.HasPrefix(g.Overall.Indicators[0].Name, "31m全年在区级") || strings.ContainsAny(g.Overall.Indicators[0].Name, "\u009b\u202e\u2066") {
		t.Errorf("indicator name %q", g.Overall.Indicators[0].Name)
	}
	if !strings.HasPrefix(g.Report.Performance, "第一段\n\t缩进\n[31m") {
		t.Errorf("performance %q", g.Report.Performance)
	}
	if g.Signoff.FilledBy != "张 三"+f.Signoff.FilledBy {
		t.Errorf("filled_by %q", g.Signoff.FilledBy)
	}
	want := map[string][]string{
		"unit":                      {"unit（预算单位名称）：已删除 3 个控制字符（ESC、BEL）"},
		"overall.indicators.0.name": {"已删除 1 个控制字符（CSI）", "已删除 2 个双向文字控制符（RLO、LRI）"},
		"report.performance":        {"report.performance（部门整体支出绩效情况）：已删除 1 个控制字符（ESC）"},
		"signoff.filled_by":         {"已删除 1 个控制字符（DEL）", "已将 1 个换行符或制表符改为空格"},
	}
	removed := withCode(fs, "input.control_removed")
	if len(removed) != len(want) {
		t.Errorf("findings:\n%s", findingList(fs))
	}
	for _, x := range removed {
		for _, frag := range want[x.Where.Path] {
			if !strings.Contains(x.Message, frag) {
				t.Errorf("%s: %q lacks %q", x.Where.Path, x.Message, frag)
			}
		}
		if x.Severity != Warning {
			t.Errorf("%s: severity %s", x.Where.Path, x.Severity)
		}
	}
	// Check lists them too (the TUI's F2 list and jixiao check).
	if got := len(withCode(Check(g, DefaultRules()), "input.control_removed")); got != len(want) {
		t.Errorf("Check reports %d, want %d", got, len(want))
	}
	// Saved and read again, the text is clean and nothing is reported.
	out, _ := Encode(g)
	h, fs2, err := DecodeReport(out)
	if err != nil || len(fs2) != 0 || h.Unit != g.Unit {
		t.Errorf("after a save: %v %v", err, fs2)
	}
}

func TestDecodeReplacesInvalidUTF8(t *testing.T) {
	doc := []byte("{\"format\": \"jixiao/filing@1\", \"unit\": \"梅溪\xff街道\", \"report\": {\"problems\": \"a\xc3\"}}")
	f, fs, err := DecodeReport(doc)
	if err != nil {
		t.Fatal(err)
	}
	if f.Unit != "梅溪\uFFFD街道" {
		t.Errorf("unit %q", f.Unit)
	}
	got := withCode(fs, "input.invalid_utf8")
	if len(got) != 2 || got[0].Where.Path != "unit" || got[1].Where.Path != "report.problems" || got[1].Where.Attachment != 4 {
		t.Errorf("findings %v", got)
	}
}

func TestPlainDecodeStaysQuiet(t *testing.T) {
	f, fs, err := DecodeReport(sampleBytes(t))
	if err != nil || len(fs) != 0 {
		t.Fatalf("sample: %v %v", err, fs)
	}
	if !f.Unknown.IsEmpty() || len(f.DecodeFindings()) != 0 {
		t.Errorf("sample holds unknown keys or decode findings")
	}
	out, _ := Encode(f)
	g, err := Decode(out)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := Encode(g)
	if !bytes.Equal(out, again) {
		t.Errorf("sample does not round-trip byte for byte")
	}
}

func TestDecodeErrorsCarryNoControlCharacters(t *testing.T) {
	for _, doc := range []string{
		`{"format": "jixiao/filing@1", "year": "\u001b[2J"}`,
		`{"format": "\u001b]0;x\u0007"}`,
		`{"format": "jixiao/filing@1", "overall": {"funds": {"executed": "\u009b31m"}}}`,
	} {
		_, err := Decode([]byte(doc))
		if err == nil {
			t.Fatalf("%s decoded", doc)
		}
		if strings.IndexFunc(err.Error(), func(r rune) bool { return IsControl(r) || IsBidiControl(r) }) >= 0 {
			t.Errorf("error %q holds a control character", err)
		}
		if !strings.Contains(err.Error(), `\x1b`) && !strings.Contains(err.Error(), `\x9b`) {
			t.Errorf("error %q does not show the escape", err)
		}
	}
}

func TestUnknownKeyNameIsEscaped(t *testing.T) {
	_, fs, err := DecodeReport([]byte(`{"format": "jixiao/filing@1", "\u001b]0;pwn\u0007": 1}`))
	if err != nil {
		t.Fatal(err)
	}
	u := withCode(fs, "input.unknown_key")
	if len(u) != 1 || !strings.Contains(u[0].Message, `\x1b]0;pwn\x07`) || strings.ContainsAny(u[0].Message+u[0].Where.Path, "\x1b\x07") {
		t.Errorf("findings %+v", u)
	}
}
