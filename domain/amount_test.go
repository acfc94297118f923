package domain

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestParseAmount(t *testing.T) {
	cases := []struct {
		in, value, text string // value "" means blank
		reason          string // non-empty: must fail with this in the message
	}{
		{"28.79", "28.79", "28.79", ""},
		{"639", "639", "639", ""},
		{"639.00", "639", "639.00", ""},
		{"89.974", "89.974", "89.974", ""},
		{"0.0001", "0.0001", "0.0001", ""},
		{"1902.6801", "1902.6801", "1902.6801", ""},
		{"0", "0", "0", ""},
		{"-5.5", "-5.5", "-5.5", ""},
		{"", "", "", ""},
		{"   ", "", "", ""},
		{" 28.79 ", "28.79", "28.79", ""},
		{"１２３．４５", "123.45", "123.45", ""},
		{"1,234.5", "1234.5", "1234.5", ""},
		{"+5", "5", "5", ""},
		{".5", "0.5", "0.5", ""},
		{"5.", "5", "5", ""},
		{"000000000000000012", "12", "000000000000000012", ""},
		{"38.766462", "38.766462", "38.766462", ""},
		{"0.0000001", "", "", "小数位数为7位，最多6位（万元金额精确到分）"},
		{"1902.6800001", "", "", "小数位数为7位"},
		{"abc", "", "", "包含非数字字符“a”"},
		{"1e5", "", "", "包含非数字字符“e”"},
		{"12万", "", "", "包含非数字字符“万”"},
		{"1.2.3", "", "", "包含多个小数点"},
		{"-", "", "", "缺少数字"},
		{".", "", "", "缺少数字"},
		{"1234567890123456", "", "", "数值过大"},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			a, err := ParseAmount(c.in)
			if c.reason != "" {
				if err == nil {
					t.Fatalf("accepted as %s", a)
				}
				if !strings.Contains(err.Error(), c.reason) || !errors.Is(err, ErrAmountSyntax) {
					t.Errorf("error %q, want it to contain %q", err, c.reason)
				}
				assertChinese(t, err.Error())
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.value == "" {
				if a.IsSet() {
					t.Errorf("got %s, want blank", a)
				}
				return
			}
			if !a.IsSet() || !a.Decimal().Equal(dec(c.value)) || a.Text() != c.text {
				t.Errorf("got %s (text %q), want %s (text %q)", a.Decimal(), a.Text(), c.value, c.text)
			}
		})
	}
}

func TestAmountBlankZeroEmpty(t *testing.T) {
	// null, "" and "0" are three different things and each survives.
	var v struct {
		A, B, C, D Amount
	}
	in := `{"A":null,"B":"","C":"0","D":12.5}`
	if err := json.Unmarshal([]byte(in), &v); err != nil {
		t.Fatal(err)
	}
	if v.A.IsSet() || v.B.IsSet() || !v.C.IsSet() || !v.D.IsSet() {
		t.Fatalf("set: %v %v %v %v", v.A.IsSet(), v.B.IsSet(), v.C.IsSet(), v.D.IsSet())
	}
	if !v.A.IsZero() || !v.C.IsZero() || v.A.Equal(v.C) || !v.A.Equal(v.B) {
		t.Error("blank and zero must be told apart by Equal and both be IsZero")
	}
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != `{"A":null,"B":"","C":"0","D":"12.5"}` {
		t.Errorf("round trip = %s", out)
	}
	if v.A.String() != "—" || v.C.String() != "0" || v.A.Fixed2() != "" || v.D.Fixed2() != "12.50" {
		t.Errorf("display: %q %q %q %q", v.A.String(), v.C.String(), v.A.Fixed2(), v.D.Fixed2())
	}
}

func TestAmountJSONRejects(t *testing.T) {
	for _, in := range []string{`true`, `{}`, `[]`, `"1.2345678"`, `1.2345678`, `"x"`, `1e3`} {
		var a Amount
		err := json.Unmarshal([]byte(in), &a)
		if err == nil {
			t.Errorf("%s accepted as %s", in, a)
			continue
		}
		assertChinese(t, err.Error())
	}
}

func TestAmountArithmetic(t *testing.T) {
	if got := Blank.Add(Blank); got.IsSet() {
		t.Error("blank + blank must stay blank")
	}
	if got := Blank.Add(amt("2")); !got.Decimal().Equal(dec("2")) {
		t.Errorf("blank + 2 = %s", got)
	}
	if !amt("-0.01").IsNegative() || amt("0").IsNegative() || Blank.IsNegative() {
		t.Error("IsNegative")
	}
	if got := Int(10).Text(); got != "10" {
		t.Errorf("Int(10).Text() = %q", got)
	}
	tr := Triple{Budget: amt("1")}.Add(Triple{Final: amt("2")})
	if tr.PriorFinal.IsSet() || !tr.Budget.IsSet() || !tr.Final.IsSet() {
		t.Errorf("Triple.Add = %+v", tr)
	}
	if !(Triple{}).IsBlank() || (Triple{PriorFinal: amt("5")}).HasMoney() || !(Triple{Final: amt("5")}).HasMoney() {
		t.Error("Triple predicates")
	}
}
