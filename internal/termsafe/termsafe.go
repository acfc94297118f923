// Package termsafe makes filer-supplied text safe to write to a terminal.
//
// Decoding a filing already strips control characters (domain), so what
// reaches a writer should be clean; this package is the second line of
// defence for every CLI and TUI writer: whatever control character is
// left is shown as a visible escape instead of being sent to the terminal.
package termsafe

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// unsafe reports whether r must not reach a terminal as it is: C0 and C1
// controls (DEL included), and the bidirectional overrides and isolates
// that reorder what is displayed.
func unsafe(r rune, keepNewlines bool) bool {
	switch {
	case r == '\n' || r == '\t':
		return !keepNewlines
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// String returns s with every control character, bidi override and
// invalid UTF-8 byte replaced by a visible escape such as \x1b or \u202e,
// line breaks and tabs included (for one-line output: tables, lists).
func String(s string) string { return escape(s, false) }

// Text is String but keeps line breaks and tabs (for multi-line text).
func Text(s string) string { return escape(s, true) }

// Clean reports whether s needs no escaping as one line.
func Clean(s string) bool { return String(s) == s }

func escape(s string, keepNewlines bool) string {
	ok := true
	for i, r := range s {
		if (r == utf8.RuneError && isInvalid(s, i)) || unsafe(r, keepNewlines) {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case unsafe(r, keepNewlines) && r < 0x100:
			fmt.Fprintf(&b, `\x%02x`, r)
		case unsafe(r, keepNewlines):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

func isInvalid(s string, i int) bool {
	_, n := utf8.DecodeRuneInString(s[i:])
	return n <= 1
}
