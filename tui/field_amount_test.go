package tui

import (
	"strings"
	"testing"

	"jixiao/domain"
)

// TestMoneyFieldTakesYuan: a 万元 field takes a sum in 元 (converted
// exactly, with a note while typed and after leaving), a 万元 or 万
// suffix, and six places; unfocused it shows the figure rounded to two,
// focused every place.
func TestMoneyFieldTakesYuan(t *testing.T) {
	m := opened(t, loadSample(t), 120, 40)
	focusOn(t, m, stepFunds, "overall.funds.executed")
	typeKeys(m, "387664.62元")
	if got := executed(m); got != "38.766462" {
		t.Fatalf("387664.62元 stored %q, want 38.766462", got)
	}
	const note = "387664.62元 已换算为 38.766462 万元"
	if s := screenText(m); !strings.Contains(s, note) {
		t.Fatalf("no conversion note while typed:\n%s", s)
	}
	typeKeys(m, "tab")
	s := screenText(m)
	if !strings.Contains(s, note) || !strings.Contains(s, "38.77 ") {
		t.Fatalf("after Tab: no note or the figure not rounded:\n%s", s)
	}
	if got := m.wiz.f.Overall.Funds.Executed.Text(); got != "38.766462" {
		t.Fatalf("leaving changed the stored figure to %q", got)
	}
	typeKeys(m, "shift+tab")
	fd := m.wiz.form().focused()
	if lines, _, _ := fd.View(amountW, true, &m.st); !strings.Contains(lines[0], "38.766462") {
		t.Fatalf("focused, the field shows %q, want every place", lines[0])
	}
	if lines, _, _ := fd.View(amountW, false, &m.st); !strings.Contains(lines[0], "38.77") || strings.Contains(lines[0], "38.766") {
		t.Fatalf("unfocused, the field shows %q, want 38.77", lines[0])
	}
	for _, tc := range []struct{ typed, stored string }{
		{"1902.68万元", "1902.68"},
		{"1902.68万", "1902.68"},
		{"12.345678", "12.345678"},
		{"100元", "0.01"},
		{"1,000.5", "1000.5"},
	} {
		typeKeys(m, "backspace")
		typeKeys(m, "ctrl+u", tc.typed)
		if got := executed(m); got != tc.stored || fd.Err() != "" {
			t.Errorf("%s stored %q (error %q), want %s", tc.typed, got, fd.Err(), tc.stored)
		}
		want := strings.HasSuffix(tc.typed, "元") && !strings.HasSuffix(tc.typed, "万元")
		if got := strings.Contains(screenText(m), "已换算为"); got != want {
			t.Errorf("%s: conversion note shown %v, want %v", tc.typed, got, want)
		}
	}
	// Invalid: the value from before the edit is kept, and the message
	// says 元 may be typed.
	typeKeys(m, "ctrl+u", "1.234元")
	if got := executed(m); got != "38.766462" {
		t.Fatalf("1.234元 stored %q", got)
	}
	if e := fd.Err(); !strings.Contains(e, "以元为单位时小数位数为3位，最多2位") || !strings.Contains(e, "也可输入元") {
		t.Fatalf("1.234元: %q", e)
	}
	if strings.Contains(screenText(m), "已换算为") {
		t.Fatal("a conversion note for an invalid sum")
	}
}

// TestWeightFieldRefusesYuan: a figure that is not money (执行率分值)
// refuses 10元 and keeps its value, and shows four places unrounded.
func TestWeightFieldRefusesYuan(t *testing.T) {
	m := opened(t, loadSample(t), 120, 40)
	focusOn(t, m, stepFunds, "overall.execution_weight")
	w := func() string { return m.wiz.f.Overall.ExecutionWeight.Text() }
	before := w()
	typeKeys(m, "10元")
	fd := m.wiz.form().focused()
	if w() != before || fd.Err() == "" || strings.Contains(fd.Err(), "也可输入元") {
		t.Fatalf("10元 in 执行率分值: stored %q, error %q", w(), fd.Err())
	}
	if strings.Contains(screenText(m), "已换算为") {
		t.Fatal("a conversion note in a weight field")
	}
	typeKeys(m, "ctrl+u", "10.125")
	if w() != "10.125" {
		t.Fatalf("10.125 stored %q", w())
	}
	if lines, _, _ := fd.View(amountW, false, &m.st); !strings.Contains(lines[0], "10.125") {
		t.Fatalf("unfocused weight shows %q, want 10.125", lines[0])
	}
}

// TestAmountFieldsMoneyByPath: the forms' amount fields take 元 exactly
// where domain.IsMoneyPath says the figure is a sum of money.
func TestAmountFieldsMoneyByPath(t *testing.T) {
	m := opened(t, loadSample(t), 120, 40)
	money, other := 0, 0
	for s := range stepCount {
		m.wiz.enter(s)
		fm := m.wiz.form()
		if fm == nil {
			continue
		}
		for i := range fm.refs {
			a, ok := fm.field(i).(*AmountField)
			if !ok {
				continue
			}
			if a.money != domain.IsMoneyPath(a.Key()) {
				t.Errorf("%s: money %v", a.Key(), a.money)
			}
			if a.money {
				money++
			} else {
				other++
			}
		}
	}
	if money < 20 || other < 1 {
		t.Fatalf("%d money fields, %d others: the walk saw too few", money, other)
	}
}
