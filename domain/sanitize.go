package domain

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// Text fields that may hold several lines keep line breaks ("\n") and tabs
// when a filing is decoded; they are the fields the TUI edits as multi-line
// text areas: 附件4 sections 一 and 六 to 十, 偏差原因分析及改进措施 and 附件1
// 厉行节约保障措施. Every other text field is one line.
var multiLineKeys = map[string]bool{
	"duties": true, "organization": true, "performance": true, "problems": true,
	"improvements": true, "result_use": true, "deviation": true, "thrift_measures": true,
}

// multiLine reports whether the text field at path may hold line breaks.
func multiLine(path []string) bool {
	if len(path) == 0 {
		return false
	}
	last := path[len(path)-1]
	if last == "other" && len(path) == 2 && path[0] == "report" {
		return true
	}
	return multiLineKeys[last]
}

// c0Names and c1Names are the standard abbreviations of the C0 and C1
// control characters, for messages.
var (
	c0Names = []string{"NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "HT", "LF", "VT", "FF", "CR", "SO", "SI",
		"DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB", "ESC", "FS", "GS", "RS", "US"}
	c1Names = []string{"PAD", "HOP", "BPH", "NBH", "IND", "NEL", "SSA", "ESA", "HTS", "HTJ", "VTS", "PLD", "PLU", "RI", "SS2", "SS3",
		"DCS", "PU1", "PU2", "STS", "CCH", "MW", "SPA", "EPA", "SOS", "SGCI", "SCI", "CSI", "ST", "OSC", "PM", "APC"}
	bidiNames = map[rune]string{
		0x202A: "LRE", 0x202B: "RLE", 0x202C: "PDF", 0x202D: "LRO", 0x202E: "RLO",
		0x2066: "LRI", 0x2067: "RLI", 0x2068: "FSI", 0x2069: "PDI",
	}
)

// IsControl reports whether r is a C0 or C1 control character or DEL.
func IsControl(r rune) bool { return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) }

// IsBidiControl reports whether r is a bidirectional embedding, override or
// isolate (U+202A–U+202E, U+2066–U+2069), which reorder displayed text.
func IsBidiControl(r rune) bool { return (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) }

// controlName names a control character for a message.
func controlName(r rune) string {
	switch {
	case r < 0x20:
		return c0Names[r]
	case r == 0x7f:
		return "DEL"
	case r >= 0x80 && r < 0xa0:
		return c1Names[r-0x80]
	}
	if n, ok := bidiNames[r]; ok {
		return n
	}
	return fmt.Sprintf("U+%04X", r)
}

// removal tallies what cleanText took out of one field.
type removal struct {
	controls, bidi, breaks int
	// controlNames and bidiNames name each kind removed, once, in order.
	controlNames, bidiNames []string
}

func addName(names []string, c rune) []string {
	n := controlName(c)
	for _, x := range names {
		if x == n {
			return names
		}
	}
	return append(names, n)
}

func (r removal) empty() bool { return r.controls+r.bidi+r.breaks == 0 }

// describe says in Chinese what was removed.
func (r removal) describe() string {
	var parts []string
	if r.controls > 0 {
		parts = append(parts, fmt.Sprintf("已删除 %d 个控制字符（%s）", r.controls, strings.Join(r.controlNames, "、")))
	}
	if r.bidi > 0 {
		parts = append(parts, fmt.Sprintf("已删除 %d 个双向文字控制符（%s）", r.bidi, strings.Join(r.bidiNames, "、")))
	}
	if r.breaks > 0 {
		parts = append(parts, fmt.Sprintf("已将 %d 个换行符或制表符改为空格（此栏只能填一行）", r.breaks))
	}
	return strings.Join(parts, "；")
}

// cleanText removes control characters and bidi controls from s. A
// multi-line field keeps "\n" and "\t" ("\r\n" and a lone "\r" become
// "\n" without remark); in a one-line field each line break or tab becomes
// a space.
func cleanText(s string, multi bool) (string, removal) {
	var rm removal
	clean := true
	for _, c := range s {
		if IsControl(c) || IsBidiControl(c) {
			clean = false
			break
		}
	}
	if clean {
		return s, rm
	}
	var b strings.Builder
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		c := rs[i]
		switch {
		case c == '\r' || c == '\n' || c == '\t':
			if c == '\r' && i+1 < len(rs) && rs[i+1] == '\n' {
				i++
				c = '\n'
			}
			switch {
			case multi && c == '\t':
				b.WriteRune(c)
			case multi:
				b.WriteByte('\n')
			default:
				rm.breaks++
				b.WriteByte(' ')
			}
		case IsControl(c):
			rm.controls++
			rm.controlNames = addName(rm.controlNames, c)
		case IsBidiControl(c):
			rm.bidi++
			rm.bidiNames = addName(rm.bidiNames, c)
		default:
			b.WriteRune(c)
		}
	}
	return b.String(), rm
}

// sanitizeFiling cleans every text field of f in place (see cleanText) and
// returns one input.control_removed finding per field it changed.
func sanitizeFiling(f *Filing) []Finding {
	var out []Finding
	walkJSON(f, func(v reflect.Value, path []string) {
		if v.Kind() != reflect.String {
			return
		}
		s, rm := cleanText(v.String(), multiLine(path))
		if s != v.String() {
			v.SetString(s) // a bare "\r" becomes "\n" without remark
		}
		if !rm.empty() {
			out = append(out, inputFinding(Warning, "input.control_removed", path, rm.describe()))
		}
	})
	return out
}

// walkJSON calls visit for every value of f that has a JSON path — each
// struct (after its fields) and each string — with that path (keys and
// slice indices). Amounts are leaves and are not visited.
func walkJSON(f *Filing, visit func(v reflect.Value, path []string)) {
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
			t := v.Type()
			if t == reflect.TypeFor[Amount]() {
				return
			}
			for i := range t.NumField() {
				name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
				if name != "" && name != "-" {
					walk(v.Field(i), append(path, name))
				}
			}
			visit(v, path)
		case reflect.String:
			visit(v, path)
		}
	}
	walk(reflect.ValueOf(f).Elem(), nil)
}

// invalidUTF8Findings reports the strings encoding/json read with bytes
// that are not UTF-8 (and replaced with U+FFFD).
func invalidUTF8Findings(scan inputScan) []Finding {
	var out []Finding
	for _, p := range scan.invalidUTF8 {
		out = append(out, inputFinding(Warning, "input.invalid_utf8", strings.Split(p, "."),
			"含有不是 UTF-8 编码的字节，已替换为“\uFFFD”；请核对此栏内容，文件须以 UTF-8 保存"))
	}
	return out
}

// inputFinding is a finding about the document as read, at path.
func inputFinding(sev Severity, code string, path []string, msg string) Finding {
	return Finding{Severity: sev, Code: code, Message: safeDescribePath(path) + "：" + msg, Where: locationOf(path)}
}

// safeDescribePath is describePath with any control character in a key
// shown as an escape, so that a message never carries one.
func safeDescribePath(path []string) string { return escapeControls(describePath(path)) }

// escapeControls shows control characters, bidi controls and U+FFFD from
// invalid input as \x1b-style escapes.
func escapeControls(s string) string {
	var b strings.Builder
	for _, c := range s {
		switch {
		case c < 0x100 && IsControl(c):
			fmt.Fprintf(&b, `\x%02x`, c)
		case IsBidiControl(c):
			fmt.Fprintf(&b, `\u%04x`, c)
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}

// locationOf is the Location of a dotted JSON path.
func locationOf(path []string) Location {
	l := Location{Project: -1, Path: strings.Join(path, ".")}
	if len(path) == 0 {
		return l
	}
	switch path[0] {
	case "basic_data":
		l.Attachment = 1
	case "overall":
		l.Attachment = 2
	case "projects":
		l.Attachment = 3
		if len(path) > 1 {
			if n, err := strconv.Atoi(path[1]); err == nil {
				l.Project = n
			}
		}
	case "report":
		l.Attachment = 4
	}
	return l
}
