package cli

import (
	"fmt"
	"path/filepath"

	"jixiao/domain"
	"jixiao/importer"
	"jixiao/internal/termsafe"
	"jixiao/persist"
	"jixiao/store"
)

var cmdImport = &command{name: "import", summary: "导入 JSON 填报文件或 Word/Excel 填报文档，打印新编号；--replace 编号 保存为已有填报的新版本", run: runImport}

const importUsage = `用法：jixiao import 文件.json|文件.docx|文件.xlsx [--replace 编号] [--carry-forward] [--json]

导入一份 jixiao/filing@1 格式的填报文件，或单位报送的 Word（.docx）、
Excel（.xlsx）填报文档（附件1至附件4），保存为新的填报，并打印它的编号。
从 Word/Excel 导入的是草稿：按表格标题和行、列名称读取，并列出读到的表格、
换算或改读的数字（元换算为万元、全角数字、≧ 等）和无法放入填报的单元格，
请逐项核对。

选项：
  --replace 编号     不新建填报，而是把文件内容保存为该填报的新版本
                     （旧版本都保留，可用 jixiao history / restore 找回）
  --carry-forward    结转下年：以导入的上年填报为基础，直接建立下一年度的草稿
                     （上年决算数取上年的本年决算数，保留绩效指标和年度目标，
                     清空实际完成值、得分和偏差原因）
  --json             以 JSON 输出编号和版本
` + dbHelp

// savedJSON is the --json output of import and restore.
type savedJSON struct {
	ID       string `json:"id"`
	Revision int    `json:"revision"`
	Unit     string `json:"unit"`
	Year     int    `json:"year"`
	Total    string `json:"total"`
	Grade    string `json:"grade"`
	Errors   int    `json:"errors"`
	Warnings int    `json:"warnings"`
	// Changed is false when the content equalled the newest revision and
	// nothing was saved.
	Changed bool `json:"changed"`
	// Findings (import) are what reading the file noticed: unknown keys,
	// removed control characters.
	Findings []findingJSON `json:"findings,omitempty"`
}

func savedOut(m store.Meta, changed bool) savedJSON {
	return savedJSON{ID: m.ID, Revision: m.Revision, Unit: m.Unit, Year: m.Year, Total: m.Total, Grade: m.Grade,
		Errors: m.Errors, Warnings: m.Warnings, Changed: changed}
}

func runImport(app *App, args []string) int {
	fs := newFlagSet(app, "import", importUsage)
	replace := fs.String("replace", "", "")
	asJSON := fs.Bool("json", false, "")
	carry := fs.Bool("carry-forward", false, "")
	pos, code, done := fs.parse(args)
	if done {
		return code
	}
	if len(pos) != 1 {
		return app.fail("import", exitUsage, "需要且只需要一个 JSON 文件或 Word/Excel 填报文档（.docx、.xlsx）。运行 jixiao import --help 查看用法。")
	}
	var f *domain.Filing
	var findings []domain.Finding
	var rep *importer.Report
	var err error
	if importer.Handles(pos[0]) {
		f, rep, err = importOffice(pos[0])
		if rep != nil {
			findings = rep.Findings()
		}
	} else {
		f, findings, err = readFilingFile(pos[0])
	}
	if err != nil {
		return app.fail("import", exitUsage, "%s", termsafe.Text(err.Error()))
	}
	var carried *domain.Filing
	if *carry {
		carried = domain.CarryForward(f)
		f = carried
	}
	s, code, ok := openOrFail(app, "import", true)
	if !ok {
		return code
	}
	note := persist.Imported(filepath.Base(pos[0]))
	var m store.Meta
	changed := true
	if *replace == "" {
		m, err = s.CreateWith(f, note)
	} else {
		var old *domain.Filing
		var cur store.Meta
		if old, cur, err = s.Get(*replace); err == nil {
			// The audit entry lists the fields the import changes.
			m, err = s.SaveWith(cur.ID, cur.Revision, f, note, persist.AuditChanges(auditChanges(old, f)))
			changed = err == nil && m.Revision != cur.Revision
		}
	}
	if err != nil {
		return app.fail("import", storeExitCode(err), "%v", err)
	}
	if *asJSON {
		out := savedOut(m, changed)
		for _, fd := range findings {
			out.Findings = append(out.Findings, findingOut(fd))
		}
		return writeJSON(app, "import", out)
	}
	switch {
	case !changed:
		fmt.Fprintf(app.stdout, "%s 的内容与填报 %s 的当前版本 %d 相同，没有保存新版本。\n", termsafe.String(pos[0]), m.ID, m.Revision)
	case *replace != "":
		fmt.Fprintf(app.stdout, "已导入 %s：保存为填报 %s 的版本 %d（旧版本仍可用 jixiao history %s 查看）\n", termsafe.String(pos[0]), m.ID, m.Revision, m.ID)
	default:
		fmt.Fprintf(app.stdout, "已导入 %s：编号 %s\n", termsafe.String(pos[0]), m.ID)
	}
	fmt.Fprintf(app.stdout, "%s %d年度：总分 %s（%s），错误 %d 条，警告 %d 条\n", termsafe.String(m.Unit), m.Year, m.Total, termsafe.String(m.Grade), m.Errors, m.Warnings)
	if carried != nil {
		fmt.Fprintf(app.stdout, "已结转为 %d 年度的草稿：上年决算数取自 %d 年的本年决算数，绩效指标和年度目标已保留，实际完成值、得分和偏差原因已清空。\n", carried.Year, carried.Year-1)
	}
	if rep != nil {
		writeImportReport(app.stdout, pos[0], rep)
		return exitOK
	}
	if len(findings) > 0 {
		fmt.Fprintf(app.stdout, "\n读取 %s 时发现 %d 处需要核对（未知字段原样保存在填报中；控制字符已删除）：\n", termsafe.String(pos[0]), len(findings))
		writeFindings(app.stdout, findings)
	}
	return exitOK
}
