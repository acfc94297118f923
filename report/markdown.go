package report

import (
	"fmt"
	"io"
	"strings"

	"jixiao/domain"
)

// Markdown writes 附件4 自评报告 as Markdown: the title, sections 一 to 十
// (with the generated sentences of sections 二 to 五) and the list of
// attachments. Filer text is escaped so that it never turns into Markdown
// markup.
func Markdown(w io.Writer, f *domain.Filing) error {
	var b strings.Builder
	if f.ProjectsOnly() {
		b.WriteString("附件4\n\n" + noReportText + "\n")
		_, err := io.WriteString(w, b.String())
		return err
	}
	b.WriteString("附件4\n\n")
	b.WriteString("# ")
	b.WriteString(mdEscape(Sanitize(f.ReportTitle())))
	b.WriteString("\n")
	for _, sec := range f.ReportSections() {
		fmt.Fprintf(&b, "\n## %s、%s\n", sec.Number, mdEscape(sec.Title))
		for _, sub := range sec.Subsections {
			fmt.Fprintf(&b, "\n### %s\n", mdEscape(sub.Title))
			mdParagraphs(&b, sub.Body)
		}
		mdParagraphs(&b, sec.Body)
	}
	b.WriteString("\n## 附件\n\n")
	for i, a := range domain.ReportAttachments {
		fmt.Fprintf(&b, "%d. %s\n", i+1, mdEscape(a))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// noReportText is what the 附件4 exports say for a projects-only filing.
const noReportText = "本填报为" + domain.ScopeProjectsName + "，不含自评报告（附件4）；请导出项目支出绩效自评表。"

// mdParagraphs writes each non-blank line of text as a paragraph.
func mdParagraphs(b *strings.Builder, text string) {
	for _, para := range strings.Split(Sanitize(text), "\n") {
		para = strings.TrimSpace(para)
		if para == "" {
			continue
		}
		b.WriteString("\n")
		b.WriteString(mdEscape(para))
		b.WriteString("\n")
	}
}

var mdInline = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`,
	`<`, `\<`, `>`, `\>`, `|`, `\|`, `~`, `\~`,
)

// mdEscape escapes the characters Markdown would read as markup, and a
// line start that would begin a heading, list, quote or rule.
func mdEscape(s string) string {
	s = mdInline.Replace(s)
	if s == "" {
		return s
	}
	switch s[0] {
	case '#', '-', '+', '=':
		return `\` + s
	}
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i > 0 && i < len(s) && (s[i] == '.' || s[i] == ')') {
		return s[:i] + `\` + s[i:]
	}
	return s
}
