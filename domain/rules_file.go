package domain

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/shopspring/decimal"
)

// ErrRulesInvalid is wrapped by every error ParseRules returns; the error is
// a *RulesError.
var ErrRulesInvalid = errors.New("规则文件无效")

// RulesError is a rules file that cannot be used: File is its name as given,
// Key the path of the offending key (e.g. "levels[1].weight"; "" for the
// document as a whole) and Problem a Chinese phrase saying what is wrong.
type RulesError struct {
	File    string
	Key     string
	Problem string
}

// Error is one Chinese sentence naming the file and the key.
func (e *RulesError) Error() string {
	if e.Key == "" {
		return fmt.Sprintf("规则文件 %s：%s", e.File, e.Problem)
	}
	return fmt.Sprintf("规则文件 %s：%s %s", e.File, e.Key, e.Problem)
}

// Is reports whether target is ErrRulesInvalid.
func (e *RulesError) Is(target error) bool { return target == ErrRulesInvalid }

var rulesIDRe = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)

// rulesKeys are the top-level keys of a rules file, in the order EncodeRules
// writes them.
var rulesKeys = []string{"id", "name", "source", "execution_weight", "execution_counts", "execution_in_grid", "execution_basis", "filed_execution_weight", "levels", "grades", "bands", "over_target_ratio", "reverse_floor", "rounding_tolerance", "places", "stronger_wording"}

// rulesParser reads one rules file over the default rule set.
type rulesParser struct {
	file string
	r    Rules
}

func (p *rulesParser) fail(key, format string, args ...any) error {
	return &RulesError{File: p.file, Key: key, Problem: fmt.Sprintf(format, args...)}
}

// object decodes raw as a JSON object, refusing keys outside known.
func (p *rulesParser) object(key string, raw json.RawMessage, known []string) (map[string]json.RawMessage, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil || m == nil {
		return nil, p.fail(key, "应为对象（{…}）")
	}
	for k := range m {
		if !slices.Contains(known, k) {
			where := k
			if key != "" {
				where = key + "." + k
			}
			return nil, p.fail(where, "是未知的键（可用的键：%s）", strings.Join(known, "、"))
		}
	}
	return m, nil
}

func (p *rulesParser) array(key string, raw json.RawMessage) ([]json.RawMessage, error) {
	var a []json.RawMessage
	if err := json.Unmarshal(raw, &a); err != nil || a == nil {
		return nil, p.fail(key, "应为数组（[…]）")
	}
	return a, nil
}

func (p *rulesParser) text(key string, raw json.RawMessage) (string, error) {
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", p.fail(key, "应为文字（用引号括起）")
	}
	return strings.TrimSpace(s), nil
}

// number reads a decimal written as a string ("12.5") or a JSON number.
func (p *rulesParser) number(key string, raw json.RawMessage) (decimal.Decimal, error) {
	raw = bytes.TrimSpace(raw)
	s := string(raw)
	if len(raw) > 0 && raw[0] == '"' {
		if err := json.Unmarshal(raw, &s); err != nil {
			return decimal.Zero, p.fail(key, "不是有效数字%s", raw)
		}
	}
	d, err := decimal.NewFromString(strings.TrimSpace(s))
	if err != nil || strings.ContainsAny(s, "eE") {
		return decimal.Zero, p.fail(key, "不是有效数字“%s”", s)
	}
	return d, nil
}

// share reads a percentage between 0 and 100.
func (p *rulesParser) share(key string, raw json.RawMessage) (decimal.Decimal, error) {
	d, err := p.number(key, raw)
	if err == nil && (d.IsNegative() || d.GreaterThan(hundred)) {
		err = p.fail(key, "应在0至100之间，现为%s", d.String())
	}
	return d, err
}

func (p *rulesParser) nonNegative(key string, raw json.RawMessage) (decimal.Decimal, error) {
	d, err := p.number(key, raw)
	if err == nil && d.IsNegative() {
		err = p.fail(key, "不能为负数，现为%s", d.String())
	}
	return d, err
}

// ParseRules reads a rules file (see docs/rules.md): every key left out
// takes the value of DefaultRules. file names the file in messages. The
// error is a *RulesError naming the offending key.
func ParseRules(file string, data []byte) (Rules, error) {
	p := &rulesParser{file: file, r: DefaultRules()}
	if err := p.parse(data); err != nil {
		return Rules{}, err
	}
	return p.r, nil
}

func (p *rulesParser) parse(data []byte) error {
	if !json.Valid(data) {
		var v any
		err := json.Unmarshal(data, &v)
		return p.fail("", "不是有效的 JSON（%s）", describeJSONError(data, err).Error())
	}
	top, err := p.object("", data, rulesKeys)
	if err != nil {
		return err
	}
	r := &p.r
	if raw, ok := top["id"]; ok {
		if r.ID, err = p.text("id", raw); err != nil {
			return err
		}
	} else {
		return p.fail("id", "缺失：每个规则文件都要有编号，如 \"id\": \"example-2025\"")
	}
	if !rulesIDRe.MatchString(r.ID) {
		return p.fail("id", "“%s”无效：编号只能由小写字母、数字、点、连字符和下划线组成，以字母或数字开头，至多64个字符", r.ID)
	}
	if raw, ok := top["name"]; ok {
		if r.Name, err = p.text("name", raw); err != nil {
			return err
		}
	} else {
		r.Name = r.ID
	}
	if r.Name == "" {
		return p.fail("name", "不能为空")
	}
	r.Source = ""
	if raw, ok := top["source"]; ok {
		if r.Source, err = p.text("source", raw); err != nil {
			return err
		}
	}
	if raw, ok := top["execution_weight"]; ok {
		if r.ExecutionWeight, err = p.nonNegative("execution_weight", raw); err != nil {
			return err
		}
		// A set that names its own 执行率 分值 fixes it unless it says
		// otherwise.
		r.FiledExecutionWeight = false
	}
	if raw, ok := top["filed_execution_weight"]; ok {
		if err := json.Unmarshal(raw, &r.FiledExecutionWeight); err != nil {
			return p.fail("filed_execution_weight", "应为 true 或 false")
		}
	}
	if raw, ok := top["execution_counts"]; ok {
		if err := json.Unmarshal(raw, &r.ExecutionCounts); err != nil {
			return p.fail("execution_counts", "应为 true 或 false")
		}
	}
	if raw, ok := top["execution_in_grid"]; ok {
		if err := json.Unmarshal(raw, &r.ExecutionInGrid); err != nil {
			return p.fail("execution_in_grid", "应为 true 或 false")
		}
	}
	if raw, ok := top["execution_basis"]; ok {
		s, err := p.text("execution_basis", raw)
		if err != nil {
			return err
		}
		r.ExecutionBasis = ExecutionBasis(s)
		if r.ExecutionBasis != BasisFullYear && r.ExecutionBasis != BasisInitial {
			return p.fail("execution_basis", "“%s”无效，应为“%s”或“%s”", s, BasisFullYear, BasisInitial)
		}
	}
	if raw, ok := top["levels"]; ok {
		if err := p.levels(raw); err != nil {
			return err
		}
	}
	if raw, ok := top["grades"]; ok {
		if err := p.grades(raw); err != nil {
			return err
		}
	}
	if raw, ok := top["bands"]; ok {
		if err := p.bands(raw); err != nil {
			return err
		}
	}
	if raw, ok := top["over_target_ratio"]; ok {
		if r.OverTargetRatio, err = p.number("over_target_ratio", raw); err != nil {
			return err
		}
		if r.OverTargetRatio.LessThanOrEqual(decimal.NewFromInt(1)) {
			return p.fail("over_target_ratio", "应大于1（实际完成值达到年度指标值的这一倍数时提示指标值可能偏低），现为%s", r.OverTargetRatio.String())
		}
	}
	if raw, ok := top["reverse_floor"]; ok {
		if r.ReverseFloor, err = p.share("reverse_floor", raw); err != nil {
			return err
		}
	}
	if raw, ok := top["rounding_tolerance"]; ok {
		if r.RoundingTolerance, err = p.nonNegative("rounding_tolerance", raw); err != nil {
			return err
		}
	}
	if raw, ok := top["places"]; ok {
		d, err := p.number("places", raw)
		if err != nil {
			return err
		}
		if !d.Equal(decimal.NewFromInt(2)) {
			return p.fail("places", "为%s：目前只支持保留2位小数", d.String())
		}
	}
	if raw, ok := top["stronger_wording"]; ok {
		var m map[string][]string
		if err := json.Unmarshal(raw, &m); err != nil || m == nil {
			return p.fail("stronger_wording", "应为对象，每个键是定性年度指标值，值是视为完全达成的实际完成值写法的数组")
		}
		r.StrongerWording = m
	}
	r.TotalWeight = r.weightTotal()
	return nil
}

func (p *rulesParser) levels(raw json.RawMessage) error {
	items, err := p.array("levels", raw)
	if err != nil {
		return err
	}
	if len(items) == 0 {
		return p.fail("levels", "不能为空：至少要有一个一级指标")
	}
	levels := make([]Level1, len(items))
	seen2 := map[string]string{}
	for i, item := range items {
		key := fmt.Sprintf("levels[%d]", i)
		m, err := p.object(key, item, []string{"name", "weight", "level2"})
		if err != nil {
			return err
		}
		l := &levels[i]
		for _, k := range []string{"name", "weight", "level2"} {
			if _, ok := m[k]; !ok {
				return p.fail(key+"."+k, "缺失")
			}
		}
		if l.Name, err = p.text(key+".name", m["name"]); err != nil {
			return err
		}
		if l.Name == "" {
			return p.fail(key+".name", "不能为空")
		}
		if slices.ContainsFunc(levels[:i], func(o Level1) bool { return o.Name == l.Name }) {
			return p.fail(key+".name", "“%s”重复", l.Name)
		}
		if l.Weight, err = p.nonNegative(key+".weight", m["weight"]); err != nil {
			return err
		}
		subs, err := p.array(key+".level2", m["level2"])
		if err != nil {
			return err
		}
		if len(subs) == 0 {
			return p.fail(key+".level2", "不能为空：“%s”至少要有一个二级指标", l.Name)
		}
		for j, sub := range subs {
			k2 := fmt.Sprintf("%s.level2[%d]", key, j)
			name, w, hasW, err := p.level2(k2, sub)
			if err != nil {
				return err
			}
			if other, dup := seen2[name]; dup {
				return p.fail(k2, "“%s”重复（已在“%s”下）", name, other)
			}
			seen2[name] = l.Name
			l.Level2 = append(l.Level2, name)
			if hasW {
				if l.Level2Weights == nil {
					l.Level2Weights = map[string]decimal.Decimal{}
				}
				l.Level2Weights[name] = w
			}
		}
		if l.Level2Weights != nil {
			sum := decimal.Zero
			for _, w := range l.Level2Weights {
				sum = sum.Add(w)
			}
			if len(l.Level2Weights) != len(l.Level2) {
				return p.fail(key+".level2", "只有部分二级指标给了分值：要么都给，要么都不给")
			}
			if !sum.Equal(l.Weight) {
				return p.fail(key+".level2", "各二级指标分值合计为%s，与一级指标“%s”的分值%s不等", sum.String(), l.Name, l.Weight.String())
			}
		}
	}
	p.r.Levels = levels
	return nil
}

// level2 reads one 二级指标: a name, or {"name": …, "weight": …}.
func (p *rulesParser) level2(key string, raw json.RawMessage) (name string, w decimal.Decimal, hasWeight bool, err error) {
	if t := bytes.TrimSpace(raw); len(t) > 0 && t[0] == '{' {
		m, err := p.object(key, raw, []string{"name", "weight"})
		if err != nil {
			return "", w, false, err
		}
		nraw, ok := m["name"]
		if !ok {
			return "", w, false, p.fail(key+".name", "缺失")
		}
		if name, err = p.text(key+".name", nraw); err != nil {
			return "", w, false, err
		}
		if wraw, ok := m["weight"]; ok {
			if w, err = p.nonNegative(key+".weight", wraw); err != nil {
				return "", w, false, err
			}
			hasWeight = true
		}
	} else if name, err = p.text(key, raw); err != nil {
		return "", w, false, p.fail(key, "应为二级指标名称，或 {\"name\": …, \"weight\": …}")
	}
	if name == "" {
		return "", w, false, p.fail(key, "的名称不能为空")
	}
	return name, w, hasWeight, nil
}

func (p *rulesParser) grades(raw json.RawMessage) error {
	items, err := p.array("grades", raw)
	if err != nil {
		return err
	}
	if len(items) == 0 {
		return p.fail("grades", "不能为空：至少要有一个等级")
	}
	grades := make([]Grade, len(items))
	for i, item := range items {
		key := fmt.Sprintf("grades[%d]", i)
		m, err := p.object(key, item, []string{"name", "min"})
		if err != nil {
			return err
		}
		for _, k := range []string{"name", "min"} {
			if _, ok := m[k]; !ok {
				return p.fail(key+"."+k, "缺失")
			}
		}
		if grades[i].Name, err = p.text(key+".name", m["name"]); err != nil {
			return err
		}
		if grades[i].Name == "" {
			return p.fail(key+".name", "不能为空")
		}
		if grades[i].Min, err = p.nonNegative(key+".min", m["min"]); err != nil {
			return err
		}
		if i > 0 && !grades[i].Min.LessThan(grades[i-1].Min) {
			return p.fail(key+".min", "为%s，应低于上一等级“%s”的%s（等级从高到低排列）", grades[i].Min.String(), grades[i-1].Name, grades[i-1].Min.String())
		}
	}
	if last := grades[len(grades)-1]; !last.Min.IsZero() {
		return p.fail(fmt.Sprintf("grades[%d].min", len(grades)-1), "为%s：最低等级的下限应为0，任何总分都要有等级", last.Min.String())
	}
	p.r.Grades = grades
	return nil
}

func (p *rulesParser) bands(raw json.RawMessage) error {
	items, err := p.array("bands", raw)
	if err != nil {
		return err
	}
	want := []Band{BandMet, BandPartial, BandMissed}
	if len(items) != len(want) {
		return p.fail("bands", "应恰有3档，依次为达成、部分达成、未达成，现为%d档", len(items))
	}
	bands := make([]BandRange, len(items))
	for i, item := range items {
		key := fmt.Sprintf("bands[%d]", i)
		m, err := p.object(key, item, []string{"band", "label", "min", "max"})
		if err != nil {
			return err
		}
		for _, k := range []string{"band", "min", "max"} {
			if _, ok := m[k]; !ok {
				return p.fail(key+"."+k, "缺失")
			}
		}
		b, err := p.text(key+".band", m["band"])
		if err != nil {
			return err
		}
		if Band(b) != want[i] {
			return p.fail(key+".band", "应为“%s”（三档依次为达成、部分达成、未达成），现为“%s”", want[i], b)
		}
		br := BandRange{Band: want[i], Label: DefaultRules().Bands[i].Label}
		if lraw, ok := m["label"]; ok {
			if br.Label, err = p.text(key+".label", lraw); err != nil {
				return err
			}
		}
		if br.Min, err = p.share(key+".min", m["min"]); err != nil {
			return err
		}
		if br.Max, err = p.share(key+".max", m["max"]); err != nil {
			return err
		}
		if br.Min.GreaterThan(br.Max) {
			return p.fail(key+".min", "为%s，高于 max %s", br.Min.String(), br.Max.String())
		}
		bands[i] = br
	}
	p.r.Bands = bands
	return nil
}

// weightTotal is what a table's weights must add up to under r.
func (r Rules) weightTotal() decimal.Decimal {
	t := decimal.Zero
	if r.ExecutionCounts {
		t = r.ExecutionWeight
	}
	for _, l := range r.Levels {
		t = t.Add(l.Weight)
	}
	return t
}

// EncodeRules writes r as a rules file ParseRules reads back to r, with
// decimals as strings.
func EncodeRules(r Rules) []byte {
	type level2 struct {
		Name   string `json:"name"`
		Weight string `json:"weight"`
	}
	type level struct {
		Name   string `json:"name"`
		Weight string `json:"weight"`
		Level2 []any  `json:"level2"`
	}
	type grade struct {
		Name string `json:"name"`
		Min  string `json:"min"`
	}
	type band struct {
		Band  Band   `json:"band"`
		Label string `json:"label"`
		Min   string `json:"min"`
		Max   string `json:"max"`
	}
	doc := struct {
		ID                string              `json:"id"`
		Name              string              `json:"name"`
		Source            string              `json:"source"`
		ExecutionWeight   string              `json:"execution_weight"`
		ExecutionCounts   bool                `json:"execution_counts"`
		ExecutionInGrid   bool                `json:"execution_in_grid"`
		ExecutionBasis    ExecutionBasis      `json:"execution_basis"`
		FiledExecution    bool                `json:"filed_execution_weight"`
		Levels            []level             `json:"levels"`
		Grades            []grade             `json:"grades"`
		Bands             []band              `json:"bands"`
		OverTargetRatio   string              `json:"over_target_ratio"`
		ReverseFloor      string              `json:"reverse_floor"`
		RoundingTolerance string              `json:"rounding_tolerance"`
		Places            int32               `json:"places"`
		StrongerWording   map[string][]string `json:"stronger_wording"`
	}{
		ID: r.ID, Name: r.Name, Source: r.Source,
		ExecutionWeight: r.ExecutionWeight.String(), ExecutionCounts: r.ExecutionCounts, ExecutionInGrid: r.ExecutionInGrid, ExecutionBasis: r.ExecutionBasis, FiledExecution: r.FiledExecutionWeight,
		OverTargetRatio: r.OverTargetRatio.String(), ReverseFloor: r.ReverseFloor.String(), RoundingTolerance: r.RoundingTolerance.String(),
		Places: r.Places, StrongerWording: r.StrongerWording,
	}
	for _, l := range r.Levels {
		lv := level{Name: l.Name, Weight: l.Weight.String()}
		for _, n := range l.Level2 {
			if w, ok := l.Level2Weight(n); ok {
				lv.Level2 = append(lv.Level2, level2{Name: n, Weight: w.String()})
			} else {
				lv.Level2 = append(lv.Level2, n)
			}
		}
		doc.Levels = append(doc.Levels, lv)
	}
	for _, g := range r.Grades {
		doc.Grades = append(doc.Grades, grade{Name: g.Name, Min: g.Min.String()})
	}
	for _, b := range r.Bands {
		doc.Bands = append(doc.Bands, band{Band: b.Band, Label: b.Label, Min: b.Min.String(), Max: b.Max.String()})
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	_ = enc.Encode(doc)
	return buf.Bytes()
}
