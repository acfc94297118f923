package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/mattn/go-runewidth"

	"jixiao/domain"
	"jixiao/internal/termsafe"
	"jixiao/persist"
)

// The filing store commands: import, list, history, restore, delete,
// undelete, backup and db. They also let score, check, show and export
// take an id (openFilingByID) and summary work over the database
// (storedFilings).

func init() {
	register(command{name: "list", order: 10, summary: "列出数据库中的填报（编号、单位、年度、总分、等级、修改时间、版本）", run: runList})
	register(command{name: "import", order: 11, summary: "导入 JSON 填报文件，打印新编号；--replace 编号 保存为已有填报的新版本", run: runImport})
	register(command{name: "history", order: 12, summary: "列出一份填报保存过的版本（时间、用户、总分）", run: runHistory})
	register(command{name: "restore", order: 13, summary: "把一份填报恢复为某个旧版本的内容（保存为新版本）", run: runRestore})
	register(command{name: "delete", order: 14, summary: "删除一份填报（需加 --yes；90 天内可以恢复）", run: runDelete})
	register(command{name: "undelete", order: 15, summary: "恢复已删除的填报", run: runUndelete})
	register(command{name: "backup", order: 16, summary: "把数据库备份到一个新文件（运行中也可以备份）", run: runBackup})
	register(command{name: "db", order: 17, summary: "数据库维护：db check 检查完整性，db path 显示数据库位置", run: runDB})

	openFilingByID = filingByID
	storedFilings = allStoredFilings
}

// dbHelp is appended to every store command's usage.
const dbHelp = `
数据库：--db 路径，或环境变量 JIXIAO_DB；默认 $XDG_DATA_HOME/jixiao/jixiao.db
（即 ~/.local/share/jixiao/jixiao.db）。
退出码：0 成功；1 操作失败；2 参数有误或编号不存在；3 数据库被其他进程占用。
`

// storeExitCode is the exit code for an error from the store: 3 for a
// locked database, 2 for an unknown id (or no database yet), else 1. Other commands that open
// the store (score, check, export, the TUI) should use it too.
func storeExitCode(err error) int {
	var nodb *errNoDatabase
	switch {
	case errors.Is(err, persist.ErrLocked):
		return exitLocked
	case errors.Is(err, persist.ErrNotFound) && !errors.Is(err, persist.ErrDeleted), errors.As(err, &nodb):
		return exitUsage
	}
	return exitFindings
}

// storePath is the database path from --db, JIXIAO_DB or the default.
func storePath(e *env) (string, error) {
	if e.dbPath != "" {
		return e.dbPath, nil
	}
	return persist.DefaultPath()
}

// errNoDatabase is returned by openStore for reading when the database
// does not exist yet.
type errNoDatabase struct{ path string }

func (e *errNoDatabase) Error() string {
	return fmt.Sprintf("数据库 %s 还不存在：还没有保存过任何填报", e.path)
}

func (e *errNoDatabase) Unwrap() error { return fs.ErrNotExist }

// openStore opens the database. For writing it is created when missing;
// for reading it is not (an *errNoDatabase), and a database written by a
// newer jixiao is opened read-only. Warnings go to stderr.
func openStore(e *env, write bool) (*persist.Store, error) {
	path, err := storePath(e)
	if err != nil {
		return nil, err
	}
	s, err := persist.Open(path, persist.Options{NoCreate: !write})
	if !write && errors.Is(err, persist.ErrNewerSchema) {
		s, err = persist.Open(path, persist.Options{ReadOnly: true})
	}
	if err != nil {
		if !write && errors.Is(err, fs.ErrNotExist) {
			if _, serr := os.Stat(path); errors.Is(serr, fs.ErrNotExist) {
				return nil, &errNoDatabase{path: path}
			}
		}
		return nil, err
	}
	for _, w := range s.Warnings() {
		fmt.Fprintf(e.stderr, "jixiao：警告：%s\n", w)
	}
	return s, nil
}

// openOrFail is openStore for a command: on failure it prints the error
// and returns the exit code.
func openOrFail(e *env, name string, write bool) (*persist.Store, int, bool) {
	s, err := openStore(e, write)
	if err != nil {
		return nil, e.fail(name, storeExitCode(err), "%v", err), false
	}
	return s, 0, true
}

// filingByID is the openFilingByID hook: a stored filing by id.
func filingByID(e *env, id string) (*domain.Filing, error) {
	s, err := openStore(e, false)
	var nodb *errNoDatabase
	if errors.As(err, &nodb) {
		return nil, fmt.Errorf("找不到文件 %s；它也不是填报编号（%v）", id, err)
	}
	if err != nil {
		return nil, err
	}
	f, _, err := s.Get(id)
	if errors.Is(err, persist.ErrNotFound) && !errors.Is(err, persist.ErrDeleted) {
		return nil, fmt.Errorf("“%s”既不是文件，也不是数据库 %s 中的填报编号（运行 jixiao list 查看编号）：%w", id, s.Path(), err)
	}
	return f, err
}

// allStoredFilings is the storedFilings hook: every filing not deleted.
func allStoredFilings(e *env) ([]storedFiling, error) {
	s, err := openStore(e, false)
	var nodb *errNoDatabase
	if errors.As(err, &nodb) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	metas, filings, err := s.GetAll()
	if err != nil {
		return nil, err
	}
	out := make([]storedFiling, len(metas))
	for i := range metas {
		out[i] = storedFiling{ID: metas[i].ID, Filing: filings[i]}
	}
	return out, nil
}

// widths counts East Asian ambiguous characters as one column, as Lip
// Gloss does, whatever the locale.
var widths = &runewidth.Condition{EastAsianWidth: false}

// writeTable writes rows as columns separated by two spaces, aligned by
// display width (a Chinese character is two columns). The last column is
// not padded. Every cell is passed through termsafe.String: a control
// character in filer text (a unit name, a note) is shown escaped, never
// sent to the terminal.
func writeTable(w io.Writer, rows [][]string) {
	safe := make([][]string, len(rows))
	for i, r := range rows {
		safe[i] = make([]string, len(r))
		for j, c := range r {
			safe[i][j] = termsafe.String(c)
		}
	}
	rows = safe
	var colw []int
	for _, r := range rows {
		for i, c := range r {
			if i >= len(colw) {
				colw = append(colw, 0)
			}
			colw[i] = max(colw[i], widths.StringWidth(c))
		}
	}
	for _, r := range rows {
		var b strings.Builder
		for i, c := range r {
			b.WriteString(c)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", colw[i]-widths.StringWidth(c)+2))
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

const timeLayout = "2006-01-02 15:04"

func retentionDays() int { return int(persist.DeletedRetention / (24 * time.Hour)) }

const listUsage = `用法：jixiao list [--json] [--deleted]

列出数据库中的填报，最近修改的在前：编号、单位、年度、总分、等级、修改时间、版本，
以及最新的命名版本（jixiao history 编号 --name 版本号 名称 命名）。
编号用于 show、export、score、check、history 等命令。

选项：
  --json       以 JSON 输出
  --deleted    列出已删除、仍可恢复的填报
` + dbHelp

// listJSON is one filing in list --json.
type listJSON struct {
	ID        string     `json:"id"`
	Unit      string     `json:"unit"`
	Year      int        `json:"year"`
	Total     string     `json:"total"`
	Grade     string     `json:"grade"`
	Updated   time.Time  `json:"updated"`
	Revision  int        `json:"revision"`
	User      string     `json:"user"`
	Errors    int        `json:"errors"`
	Warnings  int        `json:"warnings"`
	DeletedAt *time.Time `json:"deleted_at,omitempty"`
	PurgeAt   *time.Time `json:"purge_after,omitempty"`
	// NamedVersion is the newest named version, when there is one.
	NamedVersion *namedJSON `json:"named_version,omitempty"`
}

// namedJSON is a named version in list --json.
type namedJSON struct {
	Revision int    `json:"revision"`
	Name     string `json:"name"`
}

// namedVersion is the 版本名称 column of list: the newest named version.
func namedVersion(m persist.Meta) string {
	if m.LatestName == "" {
		return ""
	}
	if m.LatestNamedRev == m.Revision {
		return m.LatestName
	}
	return fmt.Sprintf("%s（版本 %d）", m.LatestName, m.LatestNamedRev)
}

func runList(e *env, args []string) int {
	fs := newFlagSet(e, "list", listUsage)
	asJSON := fs.Bool("json", false, "")
	deleted := fs.Bool("deleted", false, "")
	pos, code, done := fs.parse(args)
	if done {
		return code
	}
	if len(pos) > 0 {
		return e.fail("list", exitUsage, "list 不需要参数（多余的：%s）。运行 jixiao list --help 查看用法。", strings.Join(pos, " "))
	}
	var metas []persist.Meta
	path := ""
	s, err := openStore(e, false)
	var nodb *errNoDatabase
	switch {
	case errors.As(err, &nodb):
		path = nodb.path
	case err != nil:
		return e.fail("list", storeExitCode(err), "%v", err)
	default:
		path = s.Path()
		if *deleted {
			metas, err = s.ListDeleted()
		} else {
			metas, err = s.List()
		}
		if err != nil {
			return e.fail("list", storeExitCode(err), "%v", err)
		}
	}
	if *asJSON {
		out := make([]listJSON, 0, len(metas))
		for _, m := range metas {
			j := listJSON{ID: m.ID, Unit: m.Unit, Year: m.Year, Total: m.Total, Grade: m.Grade, Updated: m.Updated,
				Revision: m.Revision, User: m.User, Errors: m.Errors, Warnings: m.Warnings}
			if m.Deleted {
				at, purge := m.DeletedAt, m.DeletedAt.Add(persist.DeletedRetention)
				j.DeletedAt, j.PurgeAt = &at, &purge
			}
			if m.LatestName != "" {
				j.NamedVersion = &namedJSON{Revision: m.LatestNamedRev, Name: m.LatestName}
			}
			out = append(out, j)
		}
		return writeJSON(e, "list", out)
	}
	if len(metas) == 0 {
		switch {
		case *deleted:
			fmt.Fprintf(e.stdout, "数据库 %s 中没有已删除的填报。\n", path)
		default:
			fmt.Fprintf(e.stdout, "数据库 %s 中还没有填报。用 jixiao import 文件.json 导入，或运行 jixiao 新建。\n", path)
		}
		return exitOK
	}
	if *deleted {
		rows := [][]string{{"编号", "单位", "年度", "总分", "等级", "删除时间", "可恢复至"}}
		for _, m := range metas {
			rows = append(rows, []string{m.ID, m.Unit, strconv.Itoa(m.Year), m.Total, m.Grade,
				m.DeletedAt.Format(timeLayout), m.DeletedAt.Add(persist.DeletedRetention).Format("2006-01-02")})
		}
		writeTable(e.stdout, rows)
		fmt.Fprintln(e.stdout, "\n恢复：jixiao undelete 编号")
		return exitOK
	}
	rows := [][]string{{"编号", "单位", "年度", "总分", "等级", "修改时间", "版本", "版本名称"}}
	for _, m := range metas {
		rows = append(rows, []string{m.ID, m.Unit, strconv.Itoa(m.Year), m.Total, m.Grade, m.Updated.Format(timeLayout), strconv.Itoa(m.Revision), namedVersion(m)})
	}
	writeTable(e.stdout, rows)
	return exitOK
}

const importUsage = `用法：jixiao import 文件.json [--replace 编号] [--json]

导入一份 jixiao/filing@1 格式的填报文件，保存为新的填报，并打印它的编号。

选项：
  --replace 编号   不新建填报，而是把文件内容保存为该填报的新版本
                   （旧版本都保留，可用 jixiao history / restore 找回）
  --json           以 JSON 输出编号和版本
` + dbHelp

// readFilingFile reads FILE.json for import, with the same messages as
// score and check. The findings are what decoding noticed: unknown keys
// (kept in the stored document) and removed control characters.
func readFilingFile(path string) (*domain.Filing, []domain.Finding, error) {
	st, err := os.Stat(path)
	if err == nil && st.IsDir() {
		return nil, nil, fmt.Errorf("%s 是一个目录，不是 JSON 文件", path)
	}
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil, fmt.Errorf("找不到文件 %s", path)
	case errors.Is(err, fs.ErrPermission):
		return nil, nil, fmt.Errorf("没有权限读取 %s", path)
	case err != nil:
		return nil, nil, fmt.Errorf("无法读取 %s：%v", path, err)
	}
	f, findings, err := domain.DecodeReport(data)
	if err != nil {
		return nil, nil, fmt.Errorf("%s：%w", path, err)
	}
	return f, findings, nil
}

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

func savedOut(m persist.Meta, changed bool) savedJSON {
	return savedJSON{ID: m.ID, Revision: m.Revision, Unit: m.Unit, Year: m.Year, Total: m.Total, Grade: m.Grade,
		Errors: m.Errors, Warnings: m.Warnings, Changed: changed}
}

func runImport(e *env, args []string) int {
	fs := newFlagSet(e, "import", importUsage)
	replace := fs.String("replace", "", "")
	asJSON := fs.Bool("json", false, "")
	pos, code, done := fs.parse(args)
	if done {
		return code
	}
	if len(pos) != 1 {
		return e.fail("import", exitUsage, "需要且只需要一个 JSON 文件。运行 jixiao import --help 查看用法。")
	}
	f, findings, err := readFilingFile(pos[0])
	if err != nil {
		return e.fail("import", exitUsage, "%s", termsafe.Text(err.Error()))
	}
	s, code, ok := openOrFail(e, "import", true)
	if !ok {
		return code
	}
	note := persist.Imported(filepath.Base(pos[0]))
	var m persist.Meta
	changed := true
	if *replace == "" {
		m, err = s.Create(f, note)
	} else {
		var old *domain.Filing
		var cur persist.Meta
		if old, cur, err = s.Get(*replace); err == nil {
			// The audit entry lists the fields the import changes.
			m, err = s.Save(cur.ID, cur.Revision, f, note, persist.AuditChanges(auditChanges(old, f)))
			changed = err == nil && m.Revision != cur.Revision
		}
	}
	if err != nil {
		return e.fail("import", storeExitCode(err), "%v", err)
	}
	if *asJSON {
		out := savedOut(m, changed)
		for _, fd := range findings {
			out.Findings = append(out.Findings, findingOut(fd))
		}
		return writeJSON(e, "import", out)
	}
	switch {
	case !changed:
		fmt.Fprintf(e.stdout, "%s 的内容与填报 %s 的当前版本 %d 相同，没有保存新版本。\n", termsafe.String(pos[0]), m.ID, m.Revision)
	case *replace != "":
		fmt.Fprintf(e.stdout, "已导入 %s：保存为填报 %s 的版本 %d（旧版本仍可用 jixiao history %s 查看）\n", termsafe.String(pos[0]), m.ID, m.Revision, m.ID)
	default:
		fmt.Fprintf(e.stdout, "已导入 %s：编号 %s\n", termsafe.String(pos[0]), m.ID)
	}
	fmt.Fprintf(e.stdout, "%s %d年度：总分 %s（%s），错误 %d 条，警告 %d 条\n", termsafe.String(m.Unit), m.Year, m.Total, termsafe.String(m.Grade), m.Errors, m.Warnings)
	if len(findings) > 0 {
		fmt.Fprintf(e.stdout, "\n读取 %s 时发现 %d 处需要核对（未知字段原样保存在填报中；控制字符已删除）：\n", termsafe.String(pos[0]), len(findings))
		writeFindings(e.stdout, findings)
	}
	return exitOK
}

const historyUsage = `用法：jixiao history 编号 [--json]
      jixiao history 编号 --name 版本号 名称
      jixiao history 编号 --unname 版本号

列出一份填报保存过的版本，最新的在前：版本号、保存时间、保存的用户、总分、等级、
说明（新建、保存、自动保存、导入、恢复自版本N）和版本名称。
用 jixiao restore 编号 --rev 版本号 恢复旧版本。

命名版本：--name 版本号 名称 给一个版本起名（如“提交财政局”，最多 40 个字），
命名的版本永远保留，并在 history 和 list 中显示；--unname 版本号 取消名称。

保留规则（按时间，不按个数）：最近 1 小时内的版本全部保留；24 小时内每 10 分钟
保留最后一个；90 天内每天保留最后一个；更早的每月保留最后一个。第一个版本、
导入的版本、恢复点和命名的版本永远保留。一次编辑中的自动保存合并为一个版本
（10 分钟后、离开或保存填报时另起一个）。

选项：
  --name 版本号     给该版本命名（名称是第二个参数）
  --unname 版本号   取消该版本的名称
  --json            以 JSON 输出
` + dbHelp

// historyJSON is history --json.
type historyJSON struct {
	ID        string        `json:"id"`
	Unit      string        `json:"unit"`
	Year      int           `json:"year"`
	Deleted   bool          `json:"deleted"`
	Revisions []revisionOut `json:"revisions"`
}

type revisionOut struct {
	Revision int          `json:"revision"`
	Updated  time.Time    `json:"updated"`
	User     string       `json:"user"`
	Total    string       `json:"total"`
	Grade    string       `json:"grade"`
	Errors   int          `json:"errors"`
	Warnings int          `json:"warnings"`
	Note     string       `json:"note"`
	Kind     persist.Kind `json:"kind"`
	Name     string       `json:"name,omitempty"`
}

func revisionJSON(r persist.Meta) revisionOut {
	return revisionOut{r.Revision, r.Updated, r.User, r.Total, r.Grade, r.Errors, r.Warnings, r.Note, r.Kind, r.Name}
}

func runHistory(e *env, args []string) int {
	fs := newFlagSet(e, "history", historyUsage)
	asJSON := fs.Bool("json", false, "")
	nameRev := fs.Int("name", 0, "")
	unnameRev := fs.Int("unname", 0, "")
	pos, code, done := fs.parse(args)
	if done {
		return code
	}
	naming := false
	fs.Visit(func(f *flag.Flag) { naming = naming || f.Name == "name" || f.Name == "unname" })
	if naming {
		return runNameVersion(e, pos, *nameRev, *unnameRev, *asJSON)
	}
	if len(pos) != 1 {
		return e.fail("history", exitUsage, "需要且只需要一个编号。运行 jixiao history --help 查看用法。")
	}
	s, code, ok := openOrFail(e, "history", false)
	if !ok {
		return code
	}
	revs, err := s.History(pos[0])
	if err != nil {
		return e.fail("history", storeExitCode(err), "%v", err)
	}
	head := revs[0]
	if *asJSON {
		out := historyJSON{ID: head.ID, Unit: head.Unit, Year: head.Year, Deleted: head.Deleted, Revisions: []revisionOut{}}
		for _, r := range revs {
			out.Revisions = append(out.Revisions, revisionJSON(r))
		}
		return writeJSON(e, "history", out)
	}
	fmt.Fprintf(e.stdout, "填报 %s：%s %d年度，保留了 %d 个版本，当前为版本 %d\n", head.ID, termsafe.String(head.Unit), head.Year, len(revs), head.Revision)
	if head.Deleted {
		fmt.Fprintf(e.stdout, "（已于 %s 删除；%s 之前可用 jixiao undelete %s 恢复）\n",
			head.DeletedAt.Format(timeLayout), head.DeletedAt.Add(persist.DeletedRetention).Format("2006-01-02"), head.ID)
	}
	fmt.Fprintln(e.stdout)
	rows := [][]string{{"版本", "保存时间", "用户", "总分", "等级", "错误", "警告", "说明", "版本名称"}}
	for _, r := range revs {
		rows = append(rows, []string{strconv.Itoa(r.Revision), r.Updated.Format("2006-01-02 15:04:05"), r.User, r.Total, r.Grade,
			strconv.Itoa(r.Errors), strconv.Itoa(r.Warnings), r.Note, r.Name})
	}
	writeTable(e.stdout, rows)
	return exitOK
}

// runNameVersion is history --name N 名称 and history --unname N.
func runNameVersion(e *env, pos []string, nameRev, unnameRev int, asJSON bool) int {
	rev, name := nameRev, ""
	switch {
	case nameRev != 0 && unnameRev != 0:
		return e.fail("history", exitUsage, "--name 和 --unname 不能同时使用。")
	case unnameRev != 0:
		rev = unnameRev
		if len(pos) != 1 {
			return e.fail("history", exitUsage, "用法：jixiao history 编号 --unname 版本号")
		}
	default:
		if len(pos) != 2 {
			return e.fail("history", exitUsage, "用法：jixiao history 编号 --name 版本号 名称（名称中有空格时请加引号）")
		}
		if name = strings.TrimSpace(pos[1]); name == "" {
			return e.fail("history", exitUsage, "版本名称不能为空；取消名称请用 --unname 版本号。")
		}
	}
	if rev <= 0 {
		return e.fail("history", exitUsage, "版本号应为正整数（见 jixiao history %s）。", termsafe.String(pos[0]))
	}
	s, code, ok := openOrFail(e, "history", true)
	if !ok {
		return code
	}
	m, err := s.NameRevision(pos[0], rev, name)
	if err != nil {
		code := storeExitCode(err)
		if errors.Is(err, persist.ErrBadName) {
			code = exitUsage
		}
		return e.fail("history", code, "%v", err)
	}
	if asJSON {
		return writeJSON(e, "history", revisionJSON(m))
	}
	if name == "" {
		fmt.Fprintf(e.stdout, "已取消填报 %s 版本 %d 的名称；它今后按保留规则清理。\n", m.ID, rev)
	} else {
		fmt.Fprintf(e.stdout, "已把填报 %s 的版本 %d 命名为“%s”；命名的版本永远保留。\n", m.ID, rev, termsafe.String(m.Name))
	}
	return exitOK
}

const restoreUsage = `用法：jixiao restore 编号 --rev 版本号 [--json]

把填报恢复为某个旧版本的内容。恢复保存为一个新版本，当前内容仍保留在历史中，
不会丢失。版本号见 jixiao history 编号。

选项：
  --rev 版本号   要恢复的版本（必填）
  --json         以 JSON 输出
` + dbHelp

func runRestore(e *env, args []string) int {
	fs := newFlagSet(e, "restore", restoreUsage)
	rev := fs.Int("rev", 0, "")
	asJSON := fs.Bool("json", false, "")
	pos, code, done := fs.parse(args)
	if done {
		return code
	}
	if len(pos) != 1 {
		return e.fail("restore", exitUsage, "需要且只需要一个编号。运行 jixiao restore --help 查看用法。")
	}
	if *rev <= 0 {
		return e.fail("restore", exitUsage, "需要用 --rev 指定要恢复的版本号（见 jixiao history %s）。", pos[0])
	}
	s, code, ok := openOrFail(e, "restore", true)
	if !ok {
		return code
	}
	before, err := s.Meta(pos[0])
	if err == nil {
		// The audit entry lists the fields the restore changes, when both
		// versions can be read (a damaged current revision must not stop
		// the restore that repairs it).
		var changes []persist.Change
		cur, _, cerr := s.GetRevision(before.ID, before.Revision)
		back, _, berr := s.GetRevision(before.ID, *rev)
		if cerr == nil && berr == nil {
			changes = auditChanges(cur, back)
		}
		var m persist.Meta
		m, err = s.Restore(before.ID, *rev, persist.AuditChanges(changes))
		if err == nil {
			changed := m.Revision != before.Revision
			if *asJSON {
				return writeJSON(e, "restore", savedOut(m, changed))
			}
			if !changed {
				fmt.Fprintf(e.stdout, "填报 %s 的当前内容已与版本 %d 相同，没有保存新版本。\n", m.ID, *rev)
			} else {
				fmt.Fprintf(e.stdout, "已把填报 %s 恢复为版本 %d 的内容，保存为新版本 %d（原来的版本 %d 仍在历史中）。\n", m.ID, *rev, m.Revision, before.Revision)
			}
			fmt.Fprintf(e.stdout, "%s %d年度：总分 %s（%s）\n", termsafe.String(m.Unit), m.Year, m.Total, m.Grade)
			return exitOK
		}
	}
	return e.fail("restore", storeExitCode(err), "%v", err)
}

// auditChanges lists the fields that differ between a and b for the audit
// trail.
func auditChanges(a, b *domain.Filing) []persist.Change {
	var out []persist.Change
	for _, c := range domain.Diff(a, b) {
		out = append(out, persist.Change{Path: c.Path, Label: c.Label, Old: c.Old, New: c.New})
	}
	return out
}

func deleteUsage() string {
	return fmt.Sprintf(`用法：jixiao delete 编号 --yes

删除一份填报。为防误删，必须加 --yes。
删除后它不再出现在列表中，但所有版本都保留 %d 天：这期间可以用
jixiao undelete 编号 恢复，用 jixiao list --deleted 查看。%d 天后的下一次新建或删除
会把它永久清除。

选项：
  --yes    确认删除
`, retentionDays(), retentionDays()) + dbHelp
}

func runDelete(e *env, args []string) int {
	fs := newFlagSet(e, "delete", deleteUsage())
	yes := fs.Bool("yes", false, "")
	pos, code, done := fs.parse(args)
	if done {
		return code
	}
	if len(pos) != 1 {
		return e.fail("delete", exitUsage, "需要且只需要一个编号。运行 jixiao delete --help 查看用法。")
	}
	if !*yes {
		what := ""
		if s, err := openStore(e, false); err == nil {
			if m, err := s.Meta(pos[0]); err == nil && !m.Deleted {
				what = fmt.Sprintf("（%s：%s %d年度，版本 %d）", m.ID, termsafe.String(m.Unit), m.Year, m.Revision)
			}
		}
		return e.fail("delete", exitUsage, "删除需要确认，没有删除任何内容%s。确认要删除请加 --yes 再运行一次：\n  jixiao delete %s --yes\n删除后 %d 天内可以用 jixiao undelete %s 恢复。",
			what, pos[0], retentionDays(), pos[0])
	}
	s, code, ok := openOrFail(e, "delete", true)
	if !ok {
		return code
	}
	m, err := s.Meta(pos[0])
	if err == nil && m.Deleted {
		err = &persist.DeletedError{ID: m.ID, DeletedAt: m.DeletedAt}
	}
	if err == nil {
		err = s.Delete(m.ID)
	}
	if err != nil {
		return e.fail("delete", storeExitCode(err), "%v", err)
	}
	until := time.Now().Add(persist.DeletedRetention).Format("2006-01-02")
	fmt.Fprintf(e.stdout, "已删除填报 %s（%s %d年度）。\n在 %s 之前（%d 天内）可以恢复：jixiao undelete %s\n", m.ID, termsafe.String(m.Unit), m.Year, until, retentionDays(), m.ID)
	return exitOK
}

const undeleteUsage = `用法：jixiao undelete 编号

恢复一份已删除的填报（连同它的全部版本）。已删除的填报用 jixiao list --deleted 查看。
` + dbHelp

func runUndelete(e *env, args []string) int {
	fs := newFlagSet(e, "undelete", undeleteUsage)
	pos, code, done := fs.parse(args)
	if done {
		return code
	}
	if len(pos) != 1 {
		return e.fail("undelete", exitUsage, "需要且只需要一个编号。运行 jixiao undelete --help 查看用法。")
	}
	s, code, ok := openOrFail(e, "undelete", true)
	if !ok {
		return code
	}
	err := s.Undelete(pos[0])
	if errors.Is(err, persist.ErrNotDeleted) {
		fmt.Fprintf(e.stdout, "填报 %s 没有被删除，不需要恢复。\n", termsafe.String(pos[0]))
		return exitOK
	}
	if err != nil {
		return e.fail("undelete", storeExitCode(err), "%v", err)
	}
	m, _ := s.Meta(pos[0])
	fmt.Fprintf(e.stdout, "已恢复填报 %s（%s %d年度，版本 %d）。\n", m.ID, termsafe.String(m.Unit), m.Year, m.Revision)
	return exitOK
}

const backupUsage = `用法：jixiao backup 备份文件

把整个数据库（全部填报、全部版本、已删除但可恢复的填报）复制到一个新文件。
其他人正在使用时也可以备份：复制的是某一时刻的完整快照。不会覆盖已有文件。
备份文件本身就是数据库：jixiao --db 备份文件 list 可以查看其中的内容。
` + dbHelp

func runBackup(e *env, args []string) int {
	fs := newFlagSet(e, "backup", backupUsage)
	pos, code, done := fs.parse(args)
	if done {
		return code
	}
	if len(pos) != 1 {
		return e.fail("backup", exitUsage, "需要且只需要一个备份文件路径。运行 jixiao backup --help 查看用法。")
	}
	if _, err := os.Lstat(pos[0]); err == nil {
		return e.fail("backup", exitUsage, "%s 已存在，不会覆盖它；请换一个文件名。", pos[0])
	}
	s, code, ok := openOrFail(e, "backup", false)
	if !ok {
		return code
	}
	if err := s.Backup(pos[0]); err != nil {
		code := storeExitCode(err)
		if errors.Is(err, persist.ErrExists) {
			code = exitUsage
		}
		return e.fail("backup", code, "%v", err)
	}
	size := ""
	if fi, err := os.Stat(pos[0]); err == nil {
		size = fmt.Sprintf("（%.1f MB）", float64(fi.Size())/(1<<20))
	}
	fmt.Fprintf(e.stdout, "已把数据库 %s 备份到 %s%s，并检查了备份的完整性。\n", s.Path(), pos[0], size)
	return exitOK
}

const dbUsage = `用法：jixiao db check [--json]
      jixiao db path

  check   检查数据库的完整性：bbolt 的页面结构，每份填报的每个版本都能读出、
          与保存时的校验值一致。有问题时退出码为 1。其他人正在使用时也可以检查。
  path    显示数据库文件的位置
` + dbHelp

// checkJSON is db check --json.
type checkJSON struct {
	Path      string   `json:"path"`
	OK        bool     `json:"ok"`
	Filings   int      `json:"filings"`
	Deleted   int      `json:"deleted"`
	Revisions int      `json:"revisions"`
	Problems  []string `json:"problems"`
}

func runDB(e *env, args []string) int {
	if len(args) == 0 {
		fmt.Fprint(e.stderr, dbUsage)
		return exitUsage
	}
	switch args[0] {
	case "-h", "--help", "-help", "help":
		fmt.Fprint(e.stdout, dbUsage)
		return exitOK
	case "path":
		path, err := storePath(e)
		if err != nil {
			return e.fail("db path", exitFindings, "%v", err)
		}
		if abs, err := filepath.Abs(path); err == nil {
			path = abs
		}
		fmt.Fprintln(e.stdout, path)
		return exitOK
	case "check":
		return runDBCheck(e, args[1:])
	}
	return e.fail("db", exitUsage, "未知的子命令“%s”。运行 jixiao db --help 查看用法。", args[0])
}

func runDBCheck(e *env, args []string) int {
	flags := newFlagSet(e, "db check", dbUsage)
	asJSON := flags.Bool("json", false, "")
	pos, code, done := flags.parse(args)
	if done {
		return code
	}
	if len(pos) > 0 {
		return e.fail("db check", exitUsage, "db check 不需要参数。运行 jixiao db --help 查看用法。")
	}
	path, _ := storePath(e)
	report := func(out checkJSON) int {
		code := exitOK
		if !out.OK {
			code = exitFindings
		}
		if *asJSON {
			if c := writeJSON(e, "db check", out); c != exitOK {
				return c
			}
			return code
		}
		if out.OK {
			fmt.Fprintf(e.stdout, "数据库 %s 检查通过：%d 份填报（另有 %d 份已删除、可恢复），共 %d 个版本。\n", out.Path, out.Filings, out.Deleted, out.Revisions)
			return code
		}
		fmt.Fprintf(e.stdout, "数据库 %s 有 %d 个问题：\n", out.Path, len(out.Problems))
		for _, p := range out.Problems {
			fmt.Fprintln(e.stdout, "  -", p)
		}
		fmt.Fprintln(e.stdout, "数据库文件没有被修改。可以从备份恢复（见 docs/storage.md），或用 jixiao export 导出仍能读出的填报。")
		return code
	}
	s, err := openStore(e, false)
	if err != nil {
		if errors.Is(err, persist.ErrLocked) || errors.Is(err, fs.ErrNotExist) && !errors.Is(err, persist.ErrNotDatabase) {
			return e.fail("db check", storeExitCode(err), "%v", err)
		}
		return report(checkJSON{Path: path, Problems: []string{err.Error()}})
	}
	problems, sum, err := s.CheckDetail()
	if err != nil {
		if errors.Is(err, persist.ErrLocked) {
			return e.fail("db check", exitLocked, "%v", err)
		}
		problems = append(problems, err.Error())
	}
	return report(checkJSON{Path: s.Path(), OK: len(problems) == 0, Filings: sum.Filings, Deleted: sum.Deleted, Revisions: sum.Revisions, Problems: append([]string{}, problems...)})
}
