package report

import (
	"strings"
	"unicode"

	"jixiao/internal/textwidth"
)

// DisplayWidth returns the number of terminal columns the plain text s
// occupies (textwidth.Plain, the TUI's model for text without styles): CJK and other wide characters count 2, East Asian
// ambiguous characters 1, combining marks and control characters 0, and a
// grapheme cluster such as an emoji sequence 2. The text export and the
// TUI both measure with it, as Lip Gloss does.
func DisplayWidth(s string) int { return textwidth.Plain(s) }

// Sanitize makes user text safe to print in a terminal or store in XML:
// CRLF and CR become LF, a tab becomes a space, and other control
// characters, bidirectional overrides and the byte order mark are removed.
func Sanitize(s string) string {
	clean := true
	for _, r := range s {
		if dropRune(r) || r == '\t' || r == '\r' {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\r':
			b.WriteByte('\n')
		case r == '\t':
			b.WriteByte(' ')
		case dropRune(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func dropRune(r rune) bool {
	switch {
	case r == '\n':
		return false
	case r == utf8RuneError:
		return false
	case unicode.IsControl(r):
		return true
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069, r == 0x200E, r == 0x200F, r == 0xFEFF:
		return true
	}
	return false
}

const utf8RuneError = '\uFFFD'

// noLineStart holds the punctuation that Chinese typesetting keeps off the
// start of a line; noLineEnd the opening brackets kept off its end.
const (
	noLineStart = "，。、；：？！）》」』】〕”’…%,.;:?!)]}·—"
	noLineEnd   = "（《「『【〔“‘([{"
)

type cluster struct {
	text  string
	width int
}

// clusters splits s into grapheme clusters with their widths, dropping
// those of width 0 (stray combining marks, zero-width spaces) so that every
// kept cluster occupies at least one column.
func clusters(s string, buf []cluster) []cluster {
	buf = buf[:0]
	for c := range textwidth.Clusters(s) {
		if c.Width == 0 {
			continue
		}
		buf = append(buf, cluster{text: c.Text, width: c.Width})
	}
	return buf
}

// Wrap breaks s into lines of at most width columns. Existing line breaks
// are kept; Chinese text breaks between any two characters, except that
// closing punctuation is not put at the start of a line nor an opening
// bracket at its end; runs of Latin letters and digits break at a space
// when they can. A cluster wider than width gets a line of its own.
func Wrap(s string, width int) []string {
	if width < 1 {
		width = 1
	}
	s = Sanitize(s)
	var out []string
	var buf []cluster
	for _, para := range strings.Split(s, "\n") {
		if DisplayWidth(para) <= width {
			out = append(out, strings.TrimRight(para, " "))
			continue
		}
		buf = clusters(para, buf)
		out = appendWrapped(out, buf, width)
	}
	return out
}

func appendWrapped(out []string, cs []cluster, width int) []string {
	start := 0
	for start < len(cs) {
		// Skip spaces at the start of a continuation line.
		for start < len(cs) && cs[start].text == " " && len(out) > 0 {
			start++
		}
		if start >= len(cs) {
			break
		}
		end, w := start, 0
		for end < len(cs) && w+cs[end].width <= width {
			w += cs[end].width
			end++
		}
		if end == start {
			end = start + 1
		}
		if end < len(cs) {
			end = adjustBreak(cs, start, end)
		}
		out = append(out, joinClusters(cs[start:end]))
		start = end
	}
	return out
}

// adjustBreak moves a break at end (the first cluster of the next line)
// back so that it does not split a Latin word or put punctuation in the
// wrong place, as long as the line keeps at least one cluster.
func adjustBreak(cs []cluster, start, end int) int {
	if isWordRune(cs[end].text) && isWordRune(cs[end-1].text) {
		for i := end - 1; i > start; i-- {
			if cs[i].text == " " {
				return i + 1
			}
			if !isWordRune(cs[i].text) {
				return i + 1
			}
		}
		return end
	}
	if strings.Contains(noLineStart, cs[end].text) && end-1 > start {
		end--
	}
	if strings.Contains(noLineEnd, cs[end-1].text) && end-1 > start {
		end--
	}
	return end
}

func isWordRune(s string) bool {
	if len(s) != 1 {
		return false
	}
	c := s[0]
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '.' || c == '%' || c == '-' || c == '_'
}

func joinClusters(cs []cluster) string {
	var b strings.Builder
	for _, c := range cs {
		b.WriteString(c.text)
	}
	return strings.TrimRight(b.String(), " ")
}
