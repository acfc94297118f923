package domain

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// genericJSON decodes data into maps and slices, numbers kept as text.
func genericJSON(t testing.TB, data []byte) any {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestFixtureLossless(t *testing.T) {
	data := sampleBytes(t)
	f := loadSample(t)
	out, err := Encode(f)
	if err != nil {
		t.Fatal(err)
	}
	// Encode writes each target in both forms: the split columns are all it
	// adds.
	if want, got := genericJSON(t, data), withoutSplitKeys(genericJSON(t, out)); !reflect.DeepEqual(want, got) {
		t.Fatalf("Decode→Encode changed the sample beyond the split target columns:\n%s", out)
	}
	g, err := Decode(out)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := Encode(g)
	if !bytes.Equal(out, again) {
		t.Error("Encode→Decode→Encode of the sample is not stable")
	}
}

func TestDecodeAcceptsVariants(t *testing.T) {
	base := string(sampleBytes(t))
	cases := []struct {
		name, doc string
		check     func(*Filing) bool
	}{
		{"UTF-8 BOM", "\ufeff" + base, func(f *Filing) bool { return f.Year == 2024 }},
		{"unknown keys are ignored", strings.Replace(base, `"year": 2024,`, `"year": 2024, "added_in_v2": {"x": [1, 2]},`, 1), func(f *Filing) bool { return f.Year == 2024 }},
		{"amount as a JSON number", strings.Replace(base, `"execution_weight": "10"`, `"execution_weight": 10`, 1), func(f *Filing) bool { return f.Overall.ExecutionWeight.Text() == "10" }},
		{"4 decimals", strings.Replace(base, `"executed": "1902.68"`, `"executed": "1902.6801"`, 1), func(f *Filing) bool { return f.Overall.Funds.Executed.Text() == "1902.6801" }},
		{"minimal document", `{"format": "jixiao/filing@1"}`, func(f *Filing) bool { return f.Year == 0 && f.Projects == nil }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, err := Decode([]byte(c.doc))
			if err != nil {
				t.Fatal(err)
			}
			if !c.check(f) {
				t.Errorf("decoded wrongly: %+v", f)
			}
		})
	}
}

func TestDecodeErrors(t *testing.T) {
	base := string(sampleBytes(t))
	cases := []struct {
		name, doc  string
		line, col  int // 0: no position
		path       string
		msgContain string
	}{
		{"empty", "", 0, 0, "", "文件为空"},
		{"trailing comma in object", "{\n  \"format\": \"jixiao/filing@1\",\n}", 3, 1, "", "此处应为用双引号括起的键名"},
		{"full-width colon", `{"format"： "x"}`, 1, 10, "", "误用了中文标点"},
		{"missing comma", "{\"format\": \"jixiao/filing@1\"\n \"year\": 2024}", 2, 2, "", "键值对之后应为“,”或“}”"},
		{"raw newline in a string", "{\"unit\": \"a\nb\"}", 1, 12, "", "不能直接包含控制字符"},
		{"bad escape", `{"unit": "\q"}`, 1, 12, "", "转义序列无效"},
		{"bad literal", `{"unit": tru}`, 1, 13, "", "应为 true"},
		{"truncated", base[:200], 8, 20, "", "意外结束"},
		{"trailing content", base + "x", 299, 2, "", "多余内容"},
		{"not an object", `[1, 2]`, 1, 1, "", "文档：应为对象，实际为数组"},
		{"year as a string", `{"format": "jixiao/filing@1", "year": "2024"}`, 1, 39, "year", "year（年度）：应为整数，实际为字符串“2024”"},
		{"staffing not an integer", strings.Replace(base, `"authorized": 106`, `"authorized": 1.5`, 1), 13, 21, "basic_data.staffing.authorized", "（编制数）：应为整数，实际为数字 1.5"},
		{"amount with letters", strings.Replace(base, `"weight": "10",`, `"weight": "abc",`, 1), 205, 19, "overall.indicators.8.weight", "overall.indicators.8.weight（分值）：“abc”不是有效数字"},
		{"7-decimal amount", strings.Replace(base, `"executed": "1902.68"`, `"executed": "1902.6800001"`, 1), 91, 19, "overall.funds.executed", "小数位数为7位，最多6位"},
		{"amount as an object", strings.Replace(base, `"weight": "10",`, `"weight": {},`, 1), 205, 19, "overall.indicators.8.weight", "实际为对象"},
		{"amount as a bool", strings.Replace(base, `"budget": "639"`, `"budget": true`, 1), 41, 19, "basic_data.project_spending.business.budget", "（本年预算数）"},
		{"goals as an array", strings.Replace(base, `"goals": {`, `"goals": [{`, 1), 0, 0, "", "JSON 语法错误"},
		{"list as an object", `{"format": "jixiao/filing@1", "projects": {}}`, 1, 43, "projects", "应为数组，实际为对象"},
		{"format missing", `{"year": 2024}`, 0, 0, "format", "缺少“format”键"},
		{"format from a later major version", `{"format": "jixiao/filing@2"}`, 0, 0, "format", "不支持的格式“jixiao/filing@2”"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Decode([]byte(c.doc))
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("error %v (%T) is not a *DecodeError", err, err)
			}
			if c.line > 0 && (de.Line != c.line || de.Column != c.col) {
				t.Errorf("position %d:%d, want %d:%d (%v)", de.Line, de.Column, c.line, c.col, err)
			}
			if c.line > 0 && !strings.HasPrefix(err.Error(), fmt.Sprintf("第%d行第%d列：", c.line, c.col)) {
				t.Errorf("message %q does not name line and column", err)
			}
			if de.Path != c.path {
				t.Errorf("path %q, want %q", de.Path, c.path)
			}
			if !strings.Contains(err.Error(), c.msgContain) {
				t.Errorf("message %q, want it to contain %q", err, c.msgContain)
			}
			assertChinese(t, err.Error())
		})
	}
}

func TestDecodeSyntaxErrorsNameLineAndColumn(t *testing.T) {
	// Every way of breaking the sample by one byte gives a Chinese message
	// with a position, never a panic or English.
	base := sampleBytes(t)
	rnd := rand.New(rand.NewPCG(2, 3))
	for range 300 {
		doc := bytes.Clone(base)
		i := rnd.IntN(len(doc))
		doc[i] = "{}[]:,\"\\x0 \n\t}"[rnd.IntN(14)]
		_, err := Decode(doc)
		if err == nil {
			continue
		}
		var de *DecodeError
		if !errors.As(err, &de) {
			t.Fatalf("%T", err)
		}
		assertChinese(t, err.Error())
		var syn *json.SyntaxError
		if errors.As(err, &syn) && de.Line == 0 {
			t.Errorf("syntax error without a position: %v", err)
		}
	}
}

func TestEncodeWritesEmptyLists(t *testing.T) {
	out, err := Encode(NewFiling("单位", 2024))
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	for _, want := range []string{`"projects": []`, `"buildings": []`, `"district_special": []`, `"indicators": []`, `"expected": []`, `"execution_weight": "10"`, `"format": "jixiao/filing@1"`} {
		if !strings.Contains(s, want) {
			t.Errorf("missing %s in\n%s", want, s)
		}
	}
	if strings.Contains(s, `"total": null`) || strings.Contains(s, `"band"`) {
		t.Error("optional keys written while unset")
	}
}

func TestEncodeDoesNotModifyItsArgument(t *testing.T) {
	f := NewFiling("单位", 2024)
	f.Projects = []Project{{Name: "p"}}
	if _, err := Encode(f); err != nil {
		t.Fatal(err)
	}
	if f.Projects[0].Indicators != nil || f.Overall.Indicators != nil {
		t.Error("Encode filled in the caller's nil slices")
	}
}

// randomFiling builds a filing from r touching every key, with blanks, "",
// zeros, 4-decimal and negative amounts, Chinese text, quotes, control
// characters and optional keys.
func randomFiling(r *rand.Rand) *Filing {
	str := func() string {
		parts := []string{"", "岳阳楼区", "梅溪街道", "“引号”", `"quote"`, "\\", "\n", "\t", "≥95%", "a<b>&c", "\u2028", "😀", " "}
		var b strings.Builder
		for range r.IntN(4) {
			b.WriteString(parts[r.IntN(len(parts))])
		}
		return b.String()
	}
	money := func() Amount {
		switch r.IntN(6) {
		case 0:
			return Blank
		case 1:
			return Amount{emptyString: true}
		case 2:
			return amt("0")
		}
		places := r.IntN(5)
		s := fmt.Sprint(r.IntN(100000))
		if places > 0 {
			s += "." + fmt.Sprintf("%0*d", places, r.IntN(10000))[:places]
		}
		if r.IntN(8) == 0 {
			s = "-" + s
		}
		return amt(s)
	}
	triple := func() Triple { return Triple{PriorFinal: money(), Budget: money(), Final: money()} }
	funds := func() Funds { return Funds{InitialBudget: money(), FullYearBudget: money(), Executed: money()} }
	lines := func() []string {
		if r.IntN(4) == 0 {
			return nil
		}
		out := make([]string, r.IntN(4))
		for i := range out {
			out[i] = str()
		}
		return out
	}
	indicators := func() []Indicator {
		if r.IntN(5) == 0 {
			return nil
		}
		out := make([]Indicator, r.IntN(6))
		bands := []Band{"", BandMet, BandPartial, BandMissed, "其他"}
		for i := range out {
			out[i] = Indicator{Level1: str(), Level2: str(), Name: str(), Target: str(), Actual: str(), Weight: money(), Score: money(), Deviation: str(), Band: bands[r.IntN(len(bands))]}
		}
		return out
	}
	named := func() []NamedTriple {
		if r.IntN(3) == 0 {
			return nil
		}
		out := make([]NamedTriple, r.IntN(3))
		for i := range out {
			out[i] = NamedTriple{Name: str(), PriorFinal: money(), Budget: money(), Final: money()}
		}
		return out
	}
	optInt := func() *int {
		if r.IntN(3) == 0 {
			return nil
		}
		n := r.IntN(500) - 10
		return &n
	}
	optTriple := func() *Triple {
		if r.IntN(2) == 0 {
			return nil
		}
		t := triple()
		return &t
	}
	f := &Filing{
		Format: FormatID, Year: 2000 + r.IntN(40), Unit: str(),
		Signoff: Signoff{FilledBy: str(), Phone: str(), UnitHead: str(), Date: str()},
		BasicData: BasicData{
			Staffing: Staffing{Authorized: optInt(), Actual: optInt()},
			Sangong:  Sangong{Total: optTriple(), VehiclePurchase: triple(), VehicleOperation: triple(), Overseas: triple(), Reception: triple()},
			ProjectSpending: ProjectSpending{Total: optTriple(), Business: triple(), Operation: triple(),
				DistrictSpecial: named(), HigherTransfer: named()},
			PublicSpending:        PublicSpending{Total: triple(), Office: triple(), UtilitiesTravel: triple(), MeetingsTraining: triple()},
			Procurement:           triple(),
			BasicBudgetAdjustment: triple(),
			ThriftMeasures:        str(),
		},
		Overall: Overall{
			Funds: funds(), ExecutionWeight: money(),
			Income:      Income{GeneralBudget: money(), GovernmentFund: money(), SpecialAccountNontax: money(), Other: money()},
			Expenditure: Expenditure{Basic: money(), Project: money()},
			Goals:       Goals{Expected: lines(), Actual: lines()},
			Indicators:  indicators(),
		},
		Report: Report{Duties: str(), Organization: str(),
			GeneralBudgetSpending:  GeneralBudgetSpending{Personnel: money(), Public: money(), Project: money()},
			GovernmentFundSpending: money(), StateCapitalSpending: money(), SocialInsuranceSpending: money(),
			Performance: str(), Problems: str(), Improvements: str(), ResultUse: str(), Other: str()},
	}
	for range r.IntN(3) {
		f.BasicData.Buildings = append(f.BasicData.Buildings, Building{Name: str(), ApprovedScale: money(), ActualScale: money(), BudgetInvestment: money(), ActualInvestment: money()})
	}
	for range r.IntN(3) {
		f.Projects = append(f.Projects, Project{Name: str(), Department: str(), Implementer: str(),
			Funds:           ProjectFunds{Total: funds(), CurrentYear: funds(), Carryover: funds(), Other: funds()},
			ExecutionWeight: money(), Goals: Goals{Expected: lines(), Actual: lines()}, Indicators: indicators()})
	}
	return f
}

func TestRoundTripProperty(t *testing.T) {
	rnd := rand.New(rand.NewPCG(20240711, 1902))
	for i := range 500 {
		// The first read sanitises the random text (control characters in
		// one-line fields); from then on a round trip changes nothing.
		raw, err := Encode(randomFiling(rnd))
		if err != nil {
			t.Fatal(err)
		}
		f, err := Decode(raw)
		if err != nil {
			t.Fatalf("filing %d: Decode(Encode(random)): %v\n%s", i, err, raw)
		}
		first, err := Encode(f)
		if err != nil {
			t.Fatal(err)
		}
		g, err := Decode(first)
		if err != nil {
			t.Fatalf("filing %d: Decode(Encode(f)): %v\n%s", i, err, first)
		}
		second, err := Encode(g)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first, second) {
			t.Fatalf("filing %d: Encode→Decode→Encode differs:\n%s\n----\n%s", i, first, second)
		}
		// Value for value: every amount and text survives.
		if !reflect.DeepEqual(genericJSON(t, first), genericJSON(t, second)) {
			t.Fatalf("filing %d: values differ", i)
		}
		if !Score(f, DefaultRules()).Overall.Total.Equal(Score(g, DefaultRules()).Overall.Total) {
			t.Fatalf("filing %d: the total changed across a round trip", i)
		}
	}
}

func TestCloneIsDeep(t *testing.T) {
	f := cleanFiling(t)
	n := 5
	f.BasicData.Staffing.Authorized = &n
	f.BasicData.Sangong.Total = &Triple{Final: amt("1")}
	f.BasicData.ProjectSpending.DistrictSpecial = []NamedTriple{{Name: "专项"}}
	g := f.Clone()
	*g.BasicData.Staffing.Authorized = 6
	g.BasicData.Sangong.Total.Final = amt("2")
	g.BasicData.ProjectSpending.DistrictSpecial[0].Name = "改"
	g.Overall.Indicators[0].Name = "改"
	g.Overall.Goals.Expected[0] = "改"
	g.Projects[0].Indicators[0].Name = "改"
	g.Projects[0].Goals.Actual[0] = "改"
	if *f.BasicData.Staffing.Authorized != 5 || f.BasicData.Sangong.Total.Final.Text() != "1" ||
		f.BasicData.ProjectSpending.DistrictSpecial[0].Name != "专项" || f.Overall.Indicators[0].Name == "改" ||
		f.Overall.Goals.Expected[0] == "改" || f.Projects[0].Indicators[0].Name == "改" || f.Projects[0].Goals.Actual[0] == "改" {
		t.Error("Clone shares memory with the original")
	}
}

func TestCarryForward(t *testing.T) {
	f := cleanFiling(t)
	f.BasicData.Buildings = []Building{{Name: "综合楼"}}
	f.BasicData.ProjectSpending.DistrictSpecial = []NamedTriple{{Name: "老旧小区改造", PriorFinal: amt("1"), Budget: amt("2"), Final: amt("3")}}
	f.Overall.Indicators[0].Band = BandMet
	g := CarryForward(f)
	b := g.BasicData
	checks := []struct {
		what string
		ok   bool
	}{
		{"year + 1", g.Year == 2025},
		{"unit kept", g.Unit == f.Unit},
		{"date cleared", g.Signoff.Date == "" && g.Signoff.FilledBy == f.Signoff.FilledBy},
		{"上年决算数 ← 本年决算数", b.ProjectSpending.Business.PriorFinal.Text() == "28.79" && !b.ProjectSpending.Business.Budget.IsSet() && !b.ProjectSpending.Business.Final.IsSet()},
		{"公用经费 shifted", b.PublicSpending.Total.PriorFinal.Text() == "606.11" && !b.PublicSpending.Total.Final.IsSet()},
		{"blank final stays blank", !b.PublicSpending.MeetingsTraining.PriorFinal.IsSet()},
		{"procurement shifted", b.Procurement.PriorFinal.Text() == "23.38"},
		{"named rows shifted", b.ProjectSpending.DistrictSpecial[0].Name == "老旧小区改造" && b.ProjectSpending.DistrictSpecial[0].PriorFinal.Text() == "3" && !b.ProjectSpending.DistrictSpecial[0].Final.IsSet()},
		{"buildings dropped", len(b.Buildings) == 0},
		{"staffing kept", *b.Staffing.Authorized == 106},
		{"funds cleared", !g.Overall.Funds.Executed.IsSet() && g.Overall.ExecutionWeight.Text() == "10"},
		{"expected goals kept, actual cleared", len(g.Overall.Goals.Expected) == 3 && len(g.Overall.Goals.Actual) == 0},
		{"indicators kept", len(g.Overall.Indicators) == 16 && g.Overall.Indicators[0].Target == "≧100篇" && g.Overall.Indicators[0].Weight.Text() == "4"},
		{"actual, score, deviation, band cleared", g.Overall.Indicators[0].Actual == "" && !g.Overall.Indicators[0].Score.IsSet() && g.Overall.Indicators[0].Band == ""},
		{"projects kept with funds cleared", len(g.Projects) == 1 && !g.Projects[0].Funds.Total.Executed.IsSet() && g.Projects[0].Indicators[0].Actual == ""},
		{"report text kept as a draft", g.Report.Duties == f.Report.Duties && g.Report.Problems == f.Report.Problems},
		{"report figures cleared", !g.Report.GeneralBudgetSpending.Personnel.IsSet() && !g.Report.GovernmentFundSpending.IsSet()},
		{"original untouched", f.Year == 2024 && f.Overall.Indicators[0].Actual == "160篇" && f.BasicData.ProjectSpending.Business.Final.Text() == "28.79"},
	}
	for _, c := range checks {
		if !c.ok {
			t.Errorf("CarryForward: %s", c.what)
		}
	}
	if _, err := Encode(g); err != nil {
		t.Fatal(err)
	}
}

func TestParseDate(t *testing.T) {
	cases := []struct{ in, want string }{
		{"2025-07-11", "2025-07-11"},
		{"2025.07.11", "2025-07-11"},
		{"2025/7/11", "2025-07-11"},
		{"2025年7月11日", "2025-07-11"},
		{" 2025．7．11 ", "2025-07-11"},
		{"２０２５-０７-１１", "2025-07-11"},
		{"", ""},
	}
	for _, c := range cases {
		got, err := ParseDate(c.in)
		if err != nil || got != c.want {
			t.Errorf("ParseDate(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{"2025-02-30", "2025-13-01", "25-07-11", "2025-07", "2025-07-11-01", "明天", "2025-+7-11", "1899-01-01", "2025-007-11", "20250711"} {
		got, err := ParseDate(bad)
		if err == nil {
			t.Errorf("ParseDate(%q) = %q, want an error", bad, got)
			continue
		}
		if !strings.Contains(err.Error(), bad) {
			t.Errorf("error %q does not quote the input", err)
		}
		assertChinese(t, err.Error())
	}
}

func TestValidPhone(t *testing.T) {
	for _, ok := range []string{"0730-8212768", "07308212768", "13812345678", "(0730)8212768", "（0730）8212768", "8212768", "010-12345678", "0730-8212768-123", " 13812345678 "} {
		if !ValidPhone(ok) {
			t.Errorf("ValidPhone(%q) = false", ok)
		}
	}
	for _, bad := range []string{"", "12345", "0730-821", "12812345678", "138123456789", "电话", "0730 8212768x", "+86"} {
		if ValidPhone(bad) {
			t.Errorf("ValidPhone(%q) = true", bad)
		}
	}
}
