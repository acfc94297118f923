package importer

import (
	"fmt"
	"regexp"
	"strings"

	"jixiao/domain"
)

// Report is what an import understood and what it did not.
type Report struct {
	// Source is "docx" or "xlsx".
	Source string
	// Tables are the forms found, in document order.
	Tables []TableReport
	// Unplaced are the cells that hold text or figures the import could
	// not put anywhere in the filing.
	Unplaced []Unplaced
	// Reinterpreted are the figures and texts read otherwise than written.
	Reinterpreted []Reinterpretation
	// Problems are figures that could not be read, and other doubts.
	Problems []Problem
	// Skipped are the parts of the document left out on purpose (blank
	// template rows, an empty 附件3 template, sheets that are not forms).
	Skipped []string
	// Exact are the exact figures a Word document jixiao exported keeps
	// for the amounts it prints rounded, each used or not (see exact.go).
	Exact []ExactFigure
}

// TableReport is one form found in the document.
type TableReport struct {
	// Name is the form, e.g. 附件2 整体支出绩效自评表 or 附件3“业务工作经费”.
	Name string
	// Title is the title as printed; Where where it was found.
	Title, Where string
	// Rows are the labels of the rows mapped, in order.
	Rows []string
}

// Unplaced is a cell with content the import could not place.
type Unplaced struct {
	Table, Row, Column, Text, Where string
}

// Reinterpretation is a figure or text read otherwise than written.
type Reinterpretation struct {
	Table, Row, Column, Note string
}

// Problem is a cell whose content could not be used, or a doubt about the
// document as a whole (Row and Column empty).
type Problem struct {
	Table, Row, Column, Message string
}

func (r *Report) unplaced(table, row, column, text, where string) {
	r.Unplaced = append(r.Unplaced, Unplaced{Table: table, Row: row, Column: column, Text: text, Where: where})
}

func (r *Report) reinterpret(table, row, column string, notes ...string) {
	for _, n := range notes {
		r.Reinterpreted = append(r.Reinterpreted, Reinterpretation{Table: table, Row: row, Column: column, Note: n})
	}
}

func (r *Report) problem(table, row, column, msg string) {
	r.Problems = append(r.Problems, Problem{Table: table, Row: row, Column: column, Message: msg})
}

// place names a cell: 附件2 “年度资金总额” 行 “执行率” 列.
func place(table, row, column string) string {
	var b strings.Builder
	b.WriteString(table)
	if row != "" && strings.HasPrefix(table, "附件4") {
		fmt.Fprintf(&b, "“%s”节", short(row))
	} else if row != "" {
		fmt.Fprintf(&b, "“%s”行", short(row))
	}
	if column != "" {
		fmt.Fprintf(&b, "“%s”列", short(column))
	}
	return b.String()
}

// short cuts a label to 30 characters for a message.
func short(s string) string {
	s = strings.ReplaceAll(strings.TrimSpace(s), "\n", "")
	r := []rune(s)
	if len(r) > 30 {
		return string(r[:30]) + "…"
	}
	return s
}

var attachmentRe = regexp.MustCompile(`^附件(\d)`)

// where is the location of a finding about table: its attachment (0 for
// the document as a whole), no field.
func where(table string) domain.Location {
	loc := domain.Location{Project: -1}
	if m := attachmentRe.FindStringSubmatch(table); m != nil {
		loc.Attachment = int(m[1][0] - '0')
	}
	return loc
}

// Findings are the report as findings: one Info per table mapped, per
// reinterpretation and per exact figure used (import.exact), one Warning
// per unplaced cell, per problem and per exact figure not used
// (import.exact-ignored), and an Info saying that the result is a draft.
// Codes start with "import.".
func (r *Report) Findings() []domain.Finding {
	var out []domain.Finding
	out = append(out, domain.Finding{Severity: domain.Info, Code: "import.draft",
		Message: "导入结果是草稿：请逐项核对后再报送；下列提示说明了读到和没有读到的内容", Where: where("")})
	for _, t := range r.Tables {
		out = append(out, domain.Finding{Severity: domain.Info, Code: "import.table",
			Message: fmt.Sprintf("已读取%s（%s，%d行）", t.Name, t.Where, len(t.Rows)), Where: where(t.Name)})
	}
	for _, s := range r.Skipped {
		out = append(out, domain.Finding{Severity: domain.Info, Code: "import.skipped", Message: s, Where: where(s)})
	}
	for _, x := range r.Reinterpreted {
		out = append(out, domain.Finding{Severity: domain.Info, Code: "import.reinterpreted",
			Message: place(x.Table, x.Row, x.Column) + "：" + x.Note, Where: where(x.Table)})
	}
	for _, x := range r.Exact {
		if x.Used {
			out = append(out, domain.Finding{Severity: domain.Info, Code: "import.exact",
				Message: fmt.Sprintf("%s：文档显示%s，按导出时保存的精确金额%s导入", x.Label, x.Printed, x.Kept), Where: where(x.Label)})
			continue
		}
		out = append(out, domain.Finding{Severity: domain.Warning, Code: "import.exact-ignored",
			Message: fmt.Sprintf("%s：导出时保存的精确金额%s未使用，%s，按文档中的内容导入，请核对", x.Label, x.Kept, x.Reason), Where: where(x.Label)})
	}
	for _, u := range r.Unplaced {
		msg := fmt.Sprintf("%s的内容“%s”无法对应到填报中的字段，未导入", place(u.Table, u.Row, u.Column), short(u.Text))
		if u.Where != "" {
			msg += "（" + u.Where + "）"
		}
		out = append(out, domain.Finding{Severity: domain.Warning, Code: "import.unplaced", Message: msg, Where: where(u.Table)})
	}
	for _, p := range r.Problems {
		out = append(out, domain.Finding{Severity: domain.Warning, Code: "import.problem",
			Message: place(p.Table, p.Row, p.Column) + "：" + p.Message, Where: where(p.Table)})
	}
	return out
}
