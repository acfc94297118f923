package domain

import (
	"fmt"
	"strconv"
	"strings"
)

// Severity ranks a finding.
type Severity int

// Severities, most serious first.
const (
	Error Severity = iota + 1
	Warning
	Info
)

// String is the Chinese name of the severity.
func (s Severity) String() string {
	switch s {
	case Error:
		return "错误"
	case Warning:
		return "警告"
	case Info:
		return "提示"
	}
	return "未知"
}

// Key is the severity's stable English key, used in JSON output.
func (s Severity) Key() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	case Info:
		return "info"
	}
	return "unknown"
}

// Location is where a finding points: an attachment, and a path inside the
// filing a screen can jump to.
type Location struct {
	// Attachment is 1 to 4 (附件1 … 附件4), 0 for the filing as a whole.
	Attachment int
	// Project is the index into Filing.Projects for 附件3, else -1.
	Project int
	// Path is the JSON path of the field, e.g. "overall.indicators.3.actual".
	Path string
}

// Field returns the last element of Path (the JSON key of the field).
func (l Location) Field() string {
	i := strings.LastIndexByte(l.Path, '.')
	return l.Path[i+1:]
}

// Row returns the list index in Path (e.g. 3 in "overall.indicators.3.actual"),
// or -1 when the path has none after the project index.
func (l Location) Row() int {
	parts := strings.Split(l.Path, ".")
	start := 0
	if len(parts) > 1 && parts[0] == "projects" {
		start = 2
	}
	for _, p := range parts[start:] {
		if n, err := strconv.Atoi(p); err == nil {
			return n
		}
	}
	return -1
}

// Finding is one result of Check.
type Finding struct {
	Severity Severity
	// Code is stable across versions, e.g. "cross.missing_project_table";
	// docs/format.md lists every code.
	Code    string
	Message string
	Where   Location
}

// String formats the finding for a terminal: "错误 [code] 附件2 …：message".
func (f Finding) String() string {
	return fmt.Sprintf("%s [%s] %s", f.Severity, f.Code, f.Message)
}

// Counts returns how many findings of each severity there are.
func Counts(fs []Finding) (errors, warnings, infos int) {
	for _, f := range fs {
		switch f.Severity {
		case Error:
			errors++
		case Warning:
			warnings++
		case Info:
			infos++
		}
	}
	return
}
