package cli

import (
	"fmt"
	"path/filepath"

	"jixiao/domain"
	"jixiao/internal/termsafe"
	"jixiao/persist"
	"jixiao/store"
)

var cmdImport = &command{name: "import", summary: "导入 JSON 填报文件，打印新编号；--replace 编号 保存为已有填报的新版本", run: runImport}

const importUsage = `用法：jixiao import 文件.json [--replace 编号] [--json]

导入一份 jixiao/filing@1 格式的填报文件，保存为新的填报，并打印它的编号。

选项：
  --replace 编号   不新建填报，而是把文件内容保存为该填报的新版本
                   （旧版本都保留，可用 jixiao history / restore 找回）
  --json           以 JSON 输出编号和版本
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
	pos, code, done := fs.parse(args)
	if done {
		return code
	}
	if len(pos) != 1 {
		return app.fail("import", exitUsage, "需要且只需要一个 JSON 文件。运行 jixiao import --help 查看用法。")
	}
	f, findings, err := readFilingFile(pos[0])
	if err != nil {
		return app.fail("import", exitUsage, "%s", termsafe.Text(err.Error()))
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
	if len(findings) > 0 {
		fmt.Fprintf(app.stdout, "\n读取 %s 时发现 %d 处需要核对（未知字段原样保存在填报中；控制字符已删除）：\n", termsafe.String(pos[0]), len(findings))
		writeFindings(app.stdout, findings)
	}
	return exitOK
}
