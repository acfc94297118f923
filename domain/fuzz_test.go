package domain

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// The committed seed corpora live in testdata/fuzz/<Target>/; the f.Add
// seeds below cover the forms the spec names.

func FuzzParseTarget(f *testing.F) {
	for _, s := range []string{"≧100篇", "≥90%", ">=95%", "不低于95%", "不少于20次", "≤100%", "≦5天", "<=30天", "不高于100%", "不超过50万元",
		"预算金额≤1902.68万元", "=100%", "100%", "95%以上", "5万元以内", "及时", "有效提升", "2024年底前完成", "≥", "≤0次", "12345热线办结率≥95%", "≥１００篇", ""} {
		f.Add(s, "160篇")
	}
	f.Add("≥100篇", "87篇")
	f.Add("≤100万元", "250万")
	f.Fuzz(func(t *testing.T, target, actual string) {
		tg, err := ParseTarget(target)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %T", err)
			}
			assertChinese(t, err.Error())
		}
		if tg.Text != strings.TrimSpace(target) {
			t.Fatalf("Text %q", tg.Text)
		}
		if tg.Quantitative && (tg.Cmp < AtLeast || tg.Cmp > Exactly || tg.Cmp.Symbol() == "") {
			t.Fatalf("comparator %d", tg.Cmp)
		}
		weight := dec("10")
		rs := ScoreRow(Indicator{Level1: "产出指标", Level2: "数量指标", Name: "x", Target: target, Actual: actual, Weight: Int(10)}, DefaultRules())
		if rs.Suggested.IsSet() {
			s := rs.Suggested.Decimal()
			if s.IsNegative() || s.GreaterThan(weight) || s.Exponent() < -2 {
				t.Fatalf("suggestion %s outside [0, 10] or not rounded", s)
			}
		}
	})
}

func FuzzParseQuantity(f *testing.F) {
	for _, s := range []string{"160篇", "102.07%", "1902.68万", "2606.21万元", "12个", "160余篇", "约100人次", "１２个", "1,200人", "95", "", "很多", "3个社区12户", "5.", ".5", "-3次", "100㎡", "篇。左右"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := ParseQuantity(s)
		if err != nil {
			assertChinese(t, err.Error())
			return
		}
		if regexp.MustCompile(`\d`).MatchString(q.Unit) {
			t.Fatalf("unit %q holds a digit", q.Unit)
		}
		again, err := ParseQuantity(q.Value.String() + q.Unit)
		if err != nil || !again.Value.Equal(q.Value) || again.Unit != q.Unit {
			t.Fatalf("%q → %s %q → %s %q (%v)", s, q.Value, q.Unit, again.Value, again.Unit, err)
		}
	})
}

func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"28.79", "639", "639.00", "89.974", "1902.6801", "0.00001", "-5.5", "", " 1 ", "１２３．４５", "1,234.5", "+5", ".5", "5.", "1e5", "abc", "-", "1234567890123456", "0000000000000000001"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseAmount(s)
		if err != nil {
			if !errors.Is(err, ErrAmountSyntax) {
				t.Fatalf("error %v does not wrap ErrAmountSyntax", err)
			}
			assertChinese(t, err.Error())
			return
		}
		if !a.IsSet() {
			if strings.TrimSpace(normalizeNumberText(s)) != "" {
				t.Fatalf("%q read as blank", s)
			}
			return
		}
		if a.Decimal().Exponent() < -MaxAmountPlaces && !a.Decimal().Equal(a.Decimal().Round(MaxAmountPlaces)) {
			t.Fatalf("%q has more than %d places", s, MaxAmountPlaces)
		}
		b, err := ParseAmount(a.Text())
		if err != nil || !b.Equal(a) || b.Text() != a.Text() {
			t.Fatalf("%q → %q → %v %q", s, a.Text(), err, b.Text())
		}
		out, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		var c Amount
		if err := json.Unmarshal(out, &c); err != nil || !c.Equal(a) {
			t.Fatalf("JSON %s → %v", out, err)
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2025-07-11", "2025.07.11", "2025/7/11", "2025年7月11日", "２０２５-０７-１１", "2025-02-30", "25-07-11", "", "2025-+7-11", "1899-01-01", "2025-007-11"} {
		f.Add(s)
	}
	iso := regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseDate(s)
		if err != nil {
			assertChinese(t, err.Error())
			return
		}
		if got == "" {
			if strings.TrimSpace(s) != "" {
				t.Fatalf("%q read as blank", s)
			}
			return
		}
		if !iso.MatchString(got) {
			t.Fatalf("%q → %q", s, got)
		}
		if _, err := time.Parse("2006-01-02", got); err != nil {
			t.Fatalf("%q → %q: %v", s, got, err)
		}
		if again, err := ParseDate(got); err != nil || again != got {
			t.Fatalf("%q → %q → %q, %v", s, got, again, err)
		}
	})
}

func FuzzDecode(f *testing.F) {
	f.Add(sampleBytes(f))
	f.Add([]byte(`{"format": "jixiao/filing@1"}`))
	f.Add([]byte(`{"format": "jixiao/filing@1", "overall": {"indicators": [{"target": "≥100篇", "actual": "160篇", "weight": 4, "score": ""}]}, "projects": [{"funds": {"total": {"executed": "0.0001"}}}]}`))
	f.Add([]byte(`{"format": "jixiao/filing@1", "basic_data": {"sangong": {"total": {"final": "1"}}, "staffing": {"authorized": 0}}}`))
	f.Add([]byte(`{"format": "jixiao/filing@1", "overall": {"indicators": [{"direction": "反向", "value": "5", "unit": "%", "actual": "6%", "weight": "4", "review_score": "3"}, {"target": "≥1个", "comparator": "≦", "value": "2"}]}, "projects": [{"funds": {"total": {"executed": "1"}, "sources": [{"name": "", "executed": "0.000001"}]}}]}`))
	f.Add([]byte("\ufeff{\"format\"：\"x\"}"))
	f.Add([]byte(`[`))
	f.Add([]byte(`{"format": "jixiao/filing@1", "unit": "\u001b]0;x\u0007\u009b2J\u202e", "report": {"problems": "a\r\n\tb\u001b"}, "overall": {"indicators": [{"name": "\u2066x\u0085", "wieght": "1"}]}}`))
	f.Add([]byte("{\"format\": \"jixiao/filing@1\", \"unit\": \"\xff\xfe\", \"x\": {\"y\": [\"\u001b\"]}}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fl, err := Decode(data)
		if err != nil {
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("error %T: %v", err, err)
			}
			if de.Line < 0 || (de.Line > 0) != (de.Column > 0) {
				t.Fatalf("position %d:%d", de.Line, de.Column)
			}
			assertChinese(t, err.Error())
			return
		}
		assertCleanText(t, fl)
		Score(fl, DefaultRules())
		for _, x := range Check(fl, DefaultRules()) {
			if strings.IndexFunc(x.Message, func(r rune) bool { return IsControl(r) || IsBidiControl(r) }) >= 0 {
				t.Fatalf("finding %q holds a control character", x.Message)
			}
		}
		CarryForward(fl)
		first, err := Encode(fl)
		if err != nil {
			t.Fatalf("Encode: %v", err)
		}
		g, err := Decode(first)
		if err != nil {
			t.Fatalf("Decode(Encode(Decode(data))): %v\n%s", err, first)
		}
		second, err := Encode(g)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first, second) {
			t.Fatalf("re-encoding differs:\n%s\n----\n%s", first, second)
		}
	})
}

// assertCleanText fails when a text field of f holds a control character or
// a bidi control; multi-line fields may hold "\n" and "\t".
func assertCleanText(t *testing.T, f *Filing) {
	t.Helper()
	var walk func(v reflect.Value, path []string)
	walk = func(v reflect.Value, path []string) {
		switch v.Kind() {
		case reflect.Pointer:
			if !v.IsNil() {
				walk(v.Elem(), path)
			}
		case reflect.Slice:
			for i := range v.Len() {
				walk(v.Index(i), append(path, strconv.Itoa(i)))
			}
		case reflect.Struct:
			for i := range v.NumField() {
				name, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("json"), ",")
				if name != "" && name != "-" {
					walk(v.Field(i), append(path, name))
				}
			}
		case reflect.String:
			multi := multiLine(path)
			for _, r := range v.String() {
				if (IsControl(r) && !(multi && (r == '\n' || r == '\t'))) || IsBidiControl(r) {
					t.Fatalf("%s holds U+%04X: %q", strings.Join(path, "."), r, v.String())
				}
			}
			if !utf8.ValidString(v.String()) {
				t.Fatalf("%s is not UTF-8", strings.Join(path, "."))
			}
		}
	}
	walk(reflect.ValueOf(f).Elem(), nil)
}
