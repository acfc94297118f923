package tui

import (
	"errors"
	"fmt"
	"strings"

	"jixiao/domain"
)

// buildBasic is the 基本信息与签署 step: 单位名称, 年度 and the sign-off line.
func buildBasic(f *domain.Filing, st *Styles) ([]row, int) {
	str := func(key, title string, p func(*domain.Filing) *string) *TextField {
		return NewTextField(key, title, func(f *domain.Filing) string { return *p(f) }, func(f *domain.Filing, s string) { *p(f) = s })
	}
	unit := str("unit", "预算单位名称", func(f *domain.Filing) *string { return &f.Unit })
	year := NewIntField("year", "年度", 2000, 2100,
		func(f *domain.Filing) *int { y := f.Year; return &y },
		func(f *domain.Filing, v *int) {
			if v != nil {
				f.Year = *v
			}
		})
	phone := str("signoff.phone", "联系电话", func(f *domain.Filing) *string { return &f.Signoff.Phone }).Validate(func(s string) (string, error) {
		s = strings.TrimSpace(s)
		if s != "" && !domain.ValidPhone(s) {
			return "", fmt.Errorf("联系电话“%s”格式不正确，应为手机号（如13812345678）或固定电话（如0730-8212768）", s)
		}
		return s, nil
	})
	date := str("signoff.date", "填报日期", func(f *domain.Filing) *string { return &f.Signoff.Date }).Validate(func(s string) (string, error) {
		iso, err := domain.ParseDate(s)
		if err != nil {
			return "", errors.New(err.Error())
		}
		return iso, nil
	}).SelectOnFocus()
	w := 40
	return []row{
		{kind: rowHeading, label: "基本信息"},
		{label: "预算单位名称", cells: []cell{{field: unit}}},
		{label: "年度", cells: []cell{{field: year, width: 6}}},
		{kind: rowText, cells: []cell{{calc: func(f *domain.Filing) string {
			return fmt.Sprintf("各表标题与列名随年度变化，如“%s”", f.PriorYearFinalLabel())
		}}}},
		{kind: rowHeading, label: "签署（附于各附件表尾）"},
		{label: "填表人", cells: []cell{{field: str("signoff.filled_by", "填表人", func(f *domain.Filing) *string { return &f.Signoff.FilledBy }), width: w}}},
		{label: "联系电话", cells: []cell{{field: phone, width: w}}},
		{label: "单位负责人", cells: []cell{{field: str("signoff.unit_head", "单位负责人", func(f *domain.Filing) *string { return &f.Signoff.UnitHead }), width: w}}},
		{label: "填报日期", cells: []cell{{field: date, width: 16}}},
		{kind: rowNote, label: "填报日期可写成 2025-07-11 或 2025年7月11日，保存为 YYYY-MM-DD"},
		{kind: rowHeading, label: "评分"},
		{label: "评分规则", cells: []cell{{field: rulesChoice()}}},
		{kind: rowNote, label: "各表按所选规则计算得分与等级；←/→ 或空格键切换"},
	}, 14
}

// rulesChoice chooses the filing's rule set among the built-in ones; the
// first is the default, stored as none.
func rulesChoice() *ChoiceField {
	all := domain.RuleSets{}.All()
	values, names := make([]string, len(all)), make([]string, len(all))
	for i, r := range all {
		if i > 0 {
			values[i] = r.ID
		}
		names[i] = r.Name
	}
	return NewChoiceField("rules", "评分规则", values, names,
		func(f *domain.Filing) string { return f.Rules },
		func(f *domain.Filing, v string) { f.Rules = v })
}
