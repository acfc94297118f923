package cli

import (
	"fmt"

	"jixiao/domain"
	"jixiao/internal/termsafe"
	"jixiao/persist"
	"jixiao/store"
)

var cmdRestore = &command{name: "restore", summary: "把一份填报恢复为某个旧版本的内容（保存为新版本）", run: runRestore}

const restoreUsage = `用法：jixiao restore 编号 --rev 版本号 [--json]

把填报恢复为某个旧版本的内容。恢复保存为一个新版本，当前内容仍保留在历史中，
不会丢失。版本号见 jixiao history 编号。

选项：
  --rev 版本号   要恢复的版本（必填）
  --json         以 JSON 输出
` + dbHelp

func runRestore(app *App, args []string) int {
	fs := newFlagSet(app, "restore", restoreUsage)
	rev := fs.Int("rev", 0, "")
	asJSON := fs.Bool("json", false, "")
	pos, code, done := fs.parse(args)
	if done {
		return code
	}
	if len(pos) != 1 {
		return app.fail("restore", exitUsage, "需要且只需要一个编号。运行 jixiao restore --help 查看用法。")
	}
	if *rev <= 0 {
		return app.fail("restore", exitUsage, "需要用 --rev 指定要恢复的版本号（见 jixiao history %s）。", pos[0])
	}
	s, code, ok := openOrFail(app, "restore", true)
	if !ok {
		return code
	}
	before, err := s.Meta(pos[0])
	if err == nil {
		// The audit entry lists the fields the restore changes, when both
		// versions can be read (a damaged current revision must not stop
		// the restore that repairs it).
		var changes []store.AuditChange
		cur, _, cerr := s.GetRevision(before.ID, before.Revision)
		back, _, berr := s.GetRevision(before.ID, *rev)
		if cerr == nil && berr == nil {
			changes = auditChanges(cur, back)
		}
		var m store.Meta
		m, err = s.RestoreWith(before.ID, *rev, persist.AuditChanges(changes))
		if err == nil {
			changed := m.Revision != before.Revision
			if *asJSON {
				return writeJSON(app, "restore", savedOut(m, changed))
			}
			if !changed {
				fmt.Fprintf(app.stdout, "填报 %s 的当前内容已与版本 %d 相同，没有保存新版本。\n", m.ID, *rev)
			} else {
				fmt.Fprintf(app.stdout, "已把填报 %s 恢复为版本 %d 的内容，保存为新版本 %d（原来的版本 %d 仍在历史中）。\n", m.ID, *rev, m.Revision, before.Revision)
			}
			fmt.Fprintf(app.stdout, "%s %d年度：总分 %s（%s）\n", termsafe.String(m.Unit), m.Year, m.Total, m.Grade)
			return exitOK
		}
	}
	return app.fail("restore", storeExitCode(err), "%v", err)
}

// auditChanges lists the fields that differ between a and b for the audit
// trail.
func auditChanges(a, b *domain.Filing) []store.AuditChange {
	var out []store.AuditChange
	for _, c := range domain.Diff(a, b) {
		out = append(out, store.AuditChange{Path: c.Path, Label: c.Label, Old: c.Old, New: c.New})
	}
	return out
}
