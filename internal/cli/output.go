package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"jixiao/domain"
	"jixiao/internal/termsafe"
)

// writeJSON writes v as indented JSON. encoding/json escapes C0 controls
// but leaves DEL, the C1 controls (8-bit CSI) and the bidi overrides as
// they are; they are written as \u escapes too, so no filer text can
// drive the terminal (the JSON means the same).
func writeJSON(app *App, name string, v any) int {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return app.fail(name, exitFindings, "输出失败：%v", err)
	}
	var b strings.Builder
	for _, r := range buf.String() {
		if r == 0x7f || r >= 0x80 && r <= 0x9f || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 {
			fmt.Fprintf(&b, "\\u%04x", r)
			continue
		}
		b.WriteRune(r)
	}
	if _, err := io.WriteString(app.stdout, b.String()); err != nil {
		return app.fail(name, exitFindings, "输出失败：%v", err)
	}
	return exitOK
}

// findingJSON is the --json form of a finding.
type findingJSON struct {
	Severity   string `json:"severity"`
	Code       string `json:"code"`
	Message    string `json:"message"`
	Attachment int    `json:"attachment"`
	Project    *int   `json:"project"`
	Path       string `json:"path"`
}

func findingOut(fd domain.Finding) findingJSON {
	j := findingJSON{Severity: fd.Severity.Key(), Code: fd.Code, Message: fd.Message, Attachment: fd.Where.Attachment, Path: fd.Where.Path}
	if fd.Where.Project >= 0 {
		p := fd.Where.Project
		j.Project = &p
	}
	return j
}

// writeFindings lists findings as check does, filer text escaped.
func writeFindings(w io.Writer, findings []domain.Finding) {
	for _, fd := range findings {
		where := "整体"
		if fd.Where.Attachment > 0 {
			where = fmt.Sprintf("附件%d", fd.Where.Attachment)
		}
		fmt.Fprintf(w, "%s  %-4s %s  %s\n    位置：%s\n", fd.Severity, where, fd.Code, termsafe.String(fd.Message), termsafe.String(strings.TrimSpace(fd.Where.Path)))
	}
}
