package termsafe

import "testing"

func TestString(t *testing.T) {
	for _, tc := range []struct{ in, want, text string }{
		{"梅溪街道", "梅溪街道", "梅溪街道"},
		{"a\x1b]0;pwned\x07b", `a\x1b]0;pwned\x07b`, `a\x1b]0;pwned\x07b`},
		{"x\u009b31m", `x\x9b31m`, `x\x9b31m`},
		{"\u202e反转", `\u202e反转`, `\u202e反转`},
		{"一\n二\t三", `一\x0a二\x09三`, "一\n二\t三"},
		{"bad\xffbyte", `bad\xffbyte`, `bad\xffbyte`},
		{"\x7f", `\x7f`, `\x7f`},
	} {
		if got := String(tc.in); got != tc.want {
			t.Errorf("String(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got := Text(tc.in); got != tc.text {
			t.Errorf("Text(%q) = %q, want %q", tc.in, got, tc.text)
		}
	}
	if !Clean("2024年度") || Clean("\x1b[2J") {
		t.Error("Clean misjudges")
	}
}

func FuzzString(f *testing.F) {
	for _, s := range []string{"梅溪", "\x1b[31m", "\u202e", "\xff", "\x9b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := String(s)
		for _, r := range out {
			if unsafe(r, false) {
				t.Fatalf("String(%q) = %q still holds %U", s, out, r)
			}
		}
		if String(out) != out {
			t.Fatalf("String is not idempotent on %q", s)
		}
	})
}
