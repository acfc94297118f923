package cli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mattn/go-runewidth"
	bolt "go.etcd.io/bbolt"

	"jixiao/domain"
	"jixiao/persist"
	"jixiao/store"
	"jixiao/tui"
)

// storeRun runs jixiao with args and returns the exit code and output.
func storeRun(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, &App{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut})
	return code, out.String(), errOut.String()
}

// storeDB returns a database path in a new private directory.
func storeDB(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "data")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, "jixiao.db")
}

func storeImport(t *testing.T, db string, args ...string) map[string]any {
	t.Helper()
	code, out, errOut := storeRun(t, append([]string{"--db", db, "import", "--json"}, args...)...)
	if code != exitOK {
		t.Fatalf("import %v: exit %d: %s", args, code, errOut)
	}
	var v map[string]any
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("import --json output %q: %v", out, err)
	}
	return v
}

func TestStoreCommandsRoundTrip(t *testing.T) {
	db := storeDB(t)
	t.Setenv("JIXIAO_DB", "") // --db is what counts here

	// An empty database lists nothing, without creating it.
	code, out, _ := storeRun(t, "list", "--db", db)
	if code != exitOK || !strings.Contains(out, "还没有填报") {
		t.Errorf("list of a missing database: %d %q", code, out)
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("list created the database")
	}

	// import prints the new id.
	code, out, errOut := storeRun(t, "--db", db, "import", sampleFile)
	if code != exitOK {
		t.Fatalf("import: %d %s", code, errOut)
	}
	id := strings.TrimSpace(out[strings.Index(out, "编号")+len("编号") : strings.Index(out, "\n")])
	if len(id) != 6 {
		t.Fatalf("import printed %q; no id found", out)
	}
	if !strings.Contains(out, "94.87（优）") {
		t.Errorf("import output %q lacks the score", out)
	}

	// list: the columns, aligned by display width.
	code, out, _ = storeRun(t, "--db", db, "list")
	if code != exitOK {
		t.Fatalf("list: %d", code)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("list output %q", out)
	}
	for _, col := range []string{"编号", "单位", "年度", "总分", "等级", "修改时间", "版本"} {
		if !strings.Contains(lines[0], col) {
			t.Errorf("list header %q lacks %s", lines[0], col)
		}
	}
	mustContainAll(t, lines[1], id, "岳阳市岳阳楼区梅溪街道办事处", "2024", "94.87", "优")
	w := &runewidth.Condition{}
	col := func(line, sub string) int { return w.StringWidth(line[:strings.Index(line, sub)]) }
	// The 版本 cell is the last " 1" of the row: the time before it may
	// hold " 1" too (10:01).
	lastCol := func(line, sub string) int { return w.StringWidth(line[:strings.LastIndex(line, sub)]) }
	if col(lines[0], "年度") != col(lines[1], "2024") || col(lines[0], "版本") != lastCol(lines[1], " 1")+1 {
		t.Errorf("list columns not aligned:\n%s\n%s", lines[0], lines[1])
	}
	code, out, _ = storeRun(t, "--db", db, "list", "--json")
	var listed []map[string]any
	if err := json.Unmarshal([]byte(out), &listed); code != exitOK || err != nil || len(listed) != 1 || listed[0]["id"] != id || listed[0]["total"] != "94.87" {
		t.Errorf("list --json: %d %v %q", code, err, out)
	}

	// score and check take the id.
	code, out, errOut = storeRun(t, "--db", db, "score", id, "--json")
	if code != exitOK || !strings.Contains(out, `"total": "94.87"`) {
		t.Errorf("score ID: %d %q %s", code, out, errOut)
	}
	if code, out, _ = storeRun(t, "--db", db, "check", id); code != exitFindings || !strings.Contains(out, "业务工作经费") {
		t.Errorf("check ID: %d %q", code, out)
	}

	// import --replace: a new revision; the same content again: none.
	changed := filepath.Join(t.TempDir(), "changed.json")
	data, _ := os.ReadFile(sampleFile)
	os.WriteFile(changed, bytes.Replace(data, []byte("冯金彪"), []byte("张三"), 1), 0o600)
	if v := storeImport(t, db, changed, "--replace", id); v["revision"] != 2.0 || v["changed"] != true || v["id"] != id {
		t.Errorf("import --replace: %v", v)
	}
	if v := storeImport(t, db, changed, "--replace", id); v["revision"] != 2.0 || v["changed"] != false {
		t.Errorf("import --replace of the same content: %v", v)
	}

	// history, newest first, with the notes.
	code, out, _ = storeRun(t, "--db", db, "history", id)
	if code != exitOK {
		t.Fatalf("history: %d", code)
	}
	mustContainAll(t, out, "版本", "用户", "总分", "导入 changed.json", "导入 meixi-2024.json")
	if strings.Index(out, "changed.json") > strings.Index(out, "meixi-2024.json") {
		t.Error("history is not newest first")
	}
	var hist struct {
		Revisions []struct {
			Revision int    `json:"revision"`
			User     string `json:"user"`
			Total    string `json:"total"`
		} `json:"revisions"`
	}
	_, out, _ = storeRun(t, "--db", db, "history", id, "--json")
	if err := json.Unmarshal([]byte(out), &hist); err != nil || len(hist.Revisions) != 2 || hist.Revisions[0].Revision != 2 || hist.Revisions[1].Total != "94.87" {
		t.Errorf("history --json: %v %q", err, out)
	}

	// restore --rev 1: saved as revision 3, with revision 1's content.
	if code, _, errOut = storeRun(t, "--db", db, "restore", id); code != exitUsage || !strings.Contains(errOut, "--rev") {
		t.Errorf("restore without --rev: %d %q", code, errOut)
	}
	code, out, errOut = storeRun(t, "--db", db, "restore", id, "--rev", "1")
	if code != exitOK || !strings.Contains(out, "新版本 3") {
		t.Fatalf("restore: %d %q %s", code, out, errOut)
	}
	s, err := persist.Open(db, persist.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	got, m, err := s.Get(id)
	want, _ := domain.Decode(data)
	gotText, _ := domain.Encode(got)
	wantText, _ := domain.Encode(want)
	if err != nil || m.Revision != 3 || string(gotText) != string(wantText) {
		t.Errorf("after restore: rev %d, equal %v, %v", m.Revision, string(gotText) == string(wantText), err)
	}

	// delete refuses without --yes and says why; with it, says how to undo.
	code, _, errOut = storeRun(t, "--db", db, "delete", id)
	if code != exitUsage {
		t.Errorf("delete without --yes: exit %d", code)
	}
	mustContainAll(t, errOut, "--yes", "没有删除", "jixiao undelete "+id, "90 天")
	code, out, _ = storeRun(t, "--db", db, "delete", id, "--yes")
	if code != exitOK {
		t.Fatalf("delete --yes: %d", code)
	}
	mustContainAll(t, out, "已删除", id, "jixiao undelete "+id, "90 天")
	if _, out, _ = storeRun(t, "--db", db, "list"); strings.Contains(out, id) {
		t.Error("a deleted filing is listed")
	}
	if _, out, _ = storeRun(t, "--db", db, "list", "--deleted"); !strings.Contains(out, id) {
		t.Errorf("list --deleted lacks it: %q", out)
	}
	if code, _, errOut = storeRun(t, "--db", db, "score", id); code == exitOK || !strings.Contains(errOut, "删除") {
		t.Errorf("score of a deleted filing: %d %q", code, errOut)
	}
	if code, out, _ = storeRun(t, "--db", db, "undelete", id); code != exitOK || !strings.Contains(out, "已恢复") {
		t.Errorf("undelete: %d %q", code, out)
	}
	if _, out, _ = storeRun(t, "--db", db, "list"); !strings.Contains(out, id) {
		t.Error("an undeleted filing is not listed")
	}

	// backup: a new file, never over an existing one; it is a database.
	backup := filepath.Join(filepath.Dir(db), "backup.db")
	if code, out, errOut = storeRun(t, "--db", db, "backup", backup); code != exitOK || !strings.Contains(out, backup) {
		t.Fatalf("backup: %d %q %s", code, out, errOut)
	}
	before, _ := os.ReadFile(backup)
	if code, _, errOut = storeRun(t, "--db", db, "backup", backup); code != exitUsage || !strings.Contains(errOut, "不会覆盖") {
		t.Errorf("backup over an existing file: %d %q", code, errOut)
	}
	if after, _ := os.ReadFile(backup); !bytes.Equal(before, after) {
		t.Error("backup overwrote an existing file")
	}
	if _, out, _ = storeRun(t, "--db", backup, "list"); !strings.Contains(out, id) {
		t.Errorf("the backup does not list the filing: %q", out)
	}

	// db check passes, and fails (exit 1) on a damaged file.
	if code, out, _ = storeRun(t, "--db", db, "db", "check"); code != exitOK || !strings.Contains(out, "检查通过") {
		t.Errorf("db check: %d %q", code, out)
	}
	var chk struct {
		OK        bool `json:"ok"`
		Filings   int  `json:"filings"`
		Revisions int  `json:"revisions"`
	}
	_, out, _ = storeRun(t, "--db", db, "db", "check", "--json")
	if err := json.Unmarshal([]byte(out), &chk); err != nil || !chk.OK || chk.Filings != 1 || chk.Revisions != 3 {
		t.Errorf("db check --json: %v %q", err, out)
	}
	bad := filepath.Join(filepath.Dir(db), "bad.db")
	os.WriteFile(bad, append(before[:8192:8192], make([]byte, 100)...), 0o600)
	if code, out, _ = storeRun(t, "--db", bad, "db", "check"); code != exitFindings || !strings.Contains(out, "没有被修改") {
		t.Errorf("db check of a damaged file: %d %q", code, out)
	}

	// The database path comes from JIXIAO_DB too, and db path shows it.
	t.Setenv("JIXIAO_DB", db)
	if _, out, _ = storeRun(t, "list"); !strings.Contains(out, id) {
		t.Errorf("JIXIAO_DB not honoured: %q", out)
	}
	if _, out, _ = storeRun(t, "db", "path"); strings.TrimSpace(out) != db {
		t.Errorf("db path = %q, want %s", out, db)
	}
}

func TestStoreCommandErrors(t *testing.T) {
	db := storeDB(t)
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"history", "nosuch"}, exitUsage, "还不存在"},
		{[]string{"import"}, exitUsage, "JSON 文件"},
		{[]string{"import", "no-such-file.json"}, exitUsage, "找不到文件"},
		{[]string{"import", "cmd_import.go"}, exitUsage, "cmd_import.go"},
		{[]string{"restore", "x", "--rev", "abc"}, exitUsage, "选项"},
		{[]string{"delete"}, exitUsage, "编号"},
		{[]string{"db"}, exitUsage, "db check"},
		{[]string{"db", "fix"}, exitUsage, "未知的子命令"},
		{[]string{"list", "extra"}, exitUsage, "不需要参数"},
	} {
		code, _, errOut := storeRun(t, append([]string{"--db", db}, tc.args...)...)
		if code != tc.code || !strings.Contains(errOut, tc.msg) {
			t.Errorf("%v: exit %d %q; want %d and %q", tc.args, code, errOut, tc.code, tc.msg)
		}
	}
	storeImport(t, db, sampleFile)
	for _, args := range [][]string{{"history", "nosuch"}, {"restore", "nosuch", "--rev", "1"}, {"undelete", "nosuch"}, {"delete", "nosuch", "--yes"}} {
		code, _, errOut := storeRun(t, append([]string{"--db", db}, args...)...)
		if code != exitUsage || !strings.Contains(errOut, "nosuch") {
			t.Errorf("%v: exit %d %q; want 2 naming the id", args, code, errOut)
		}
	}
	// --help of every store command, in Chinese, exit 0.
	for _, name := range []string{"list", "import", "history", "restore", "delete", "undelete", "backup", "db"} {
		code, out, _ := storeRun(t, name, "--help")
		if code != exitOK || !strings.Contains(out, "用法：jixiao "+name) || !strings.Contains(out, "JIXIAO_DB") {
			t.Errorf("%s --help: %d %q", name, code, out)
		}
	}
}

// TestStoreHelperHoldDB is not a test: run by TestStoreLockedExitCode as a
// child process, it holds the database's lock the way bbolt does.
func TestStoreHelperHoldDB(t *testing.T) {
	path := os.Getenv("JIXIAO_TEST_HOLD_DB")
	if path == "" {
		t.Skip("helper process for TestStoreLockedExitCode")
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 5 * time.Second})
	if err != nil {
		os.Stdout.WriteString("error " + err.Error() + "\n")
		os.Exit(1)
	}
	os.Stdout.WriteString("holding\n")
	time.Sleep(30 * time.Second)
	db.Close()
	os.Exit(0)
}

// TestStoreLockedExitCode: a database another process holds makes the
// commands give up after 2 s with exit code 3 and a message naming the
// path and the holder.
func TestStoreLockedExitCode(t *testing.T) {
	db := storeDB(t)
	id, _ := storeImport(t, db, sampleFile)["id"].(string)
	cmd := exec.Command(os.Args[0], "-test.run=^TestStoreHelperHoldDB$")
	cmd.Env = append(os.Environ(), "JIXIAO_TEST_HOLD_DB="+db)
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	if sc := bufio.NewScanner(stdout); !sc.Scan() || sc.Text() != "holding" {
		t.Fatalf("helper: %q", sc.Text())
	}
	for _, args := range [][]string{{"list"}, {"import", sampleFile}, {"score", id}, {"export", id, "--format", "json"}} {
		start := time.Now()
		code, _, errOut := storeRun(t, append([]string{"--db", db}, args...)...)
		elapsed := time.Since(start)
		if code != exitLocked {
			t.Errorf("%v on a held database: exit %d %q, want 3", args, code, errOut)
		}
		if elapsed < 1900*time.Millisecond || elapsed > 6*time.Second {
			t.Errorf("%v gave up after %v, want about 2 s", args, elapsed)
		}
		mustContainAll(t, errOut, db, "占用", "2 秒")
		if _, err := os.Stat("/proc/locks"); err == nil {
			mustContainAll(t, errOut, "进程 "+strconv.Itoa(cmd.Process.Pid))
		}
	}
}

func mustContainAll(t *testing.T, s string, subs ...string) {
	t.Helper()
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			t.Errorf("%q does not contain %q", s, sub)
		}
	}
}

// osUser is the author the CLI records: the OS user.
func osUser(t *testing.T) string {
	t.Helper()
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return os.Getenv("USER")
}

// writeVariant writes the sample with its 联系电话 set to phone and
// returns the file's path.
func writeVariant(t *testing.T, dir, phone string) string {
	t.Helper()
	data, err := os.ReadFile(sampleFile)
	if err != nil {
		t.Fatal(err)
	}
	f, err := domain.Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	f.Signoff.Phone = phone
	out, err := domain.Encode(f)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "梅溪-"+phone+".json")
	if err := os.WriteFile(path, out, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// poisonAudit makes the audit writes to key (a filing id, or "*" for the
// event log) fail, as a damaged trail would.
func poisonAudit(t *testing.T, db, key string) {
	t.Helper()
	bdb, err := bolt.Open(db, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	if err := bdb.Update(func(tx *bolt.Tx) error {
		root, err := tx.CreateBucketIfNotExists([]byte("audit"))
		if err != nil {
			return err
		}
		if root.Bucket([]byte(key)) != nil {
			if err := root.DeleteBucket([]byte(key)); err != nil {
				return err
			}
		}
		return root.Put([]byte(key), []byte("x"))
	}); err != nil {
		t.Fatal(err)
	}
}

// Issue 11, reproduced finding 9: the CLI's writes recorded nothing in
// the audit trail.
func TestCLIWritesAreAuditedWithTheOSUser(t *testing.T) {
	db := storeDB(t)
	dir := t.TempDir()
	id := storeImport(t, db, sampleFile)["id"].(string)
	steps := [][]string{
		{"import", writeVariant(t, dir, "111"), "--replace", id},
		{"restore", id, "--rev", "1"},
		{"delete", id, "--yes"},
		{"undelete", id},
		{"users", "grant", "张三", "岳阳市岳阳楼区梅溪街道办事处"},
		{"users", "revoke", "张三", "岳阳市岳阳楼区梅溪街道办事处"},
	}
	for _, args := range steps {
		if code, _, errOut := storeRun(t, append([]string{"--db", db}, args...)...); code != exitOK {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
	}
	s, err := persist.Open(db, persist.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	trail, err := s.Audit(id)
	if err != nil {
		t.Fatal(err)
	}
	events, err := s.Events()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range append(trail, events...) {
		if e.User != osUser(t) {
			t.Errorf("%s recorded as %q, want the OS user %q", e.Action, e.User, osUser(t))
		}
		got = append(got, e.Action)
	}
	want := []string{"导入", "导入", "恢复旧版本", "删除", "恢复删除", "授权", "撤销授权"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("audit %v, want %v", got, want)
	}
	if c := trail[1].Changes; len(c) != 1 || c[0].Path != "signoff.phone" || c[0].New != "111" {
		t.Errorf("import --replace changes %+v", c)
	}
	if c := trail[2].Changes; len(c) != 1 || c[0].New == "111" {
		t.Errorf("restore changes %+v", c)
	}
}

func TestCLIWriteFailsWhenItsAuditFails(t *testing.T) {
	db := storeDB(t)
	id := storeImport(t, db, sampleFile)["id"].(string)
	poisonAudit(t, db, id)
	poisonAudit(t, db, "*")
	for _, args := range [][]string{
		{"import", writeVariant(t, t.TempDir(), "222"), "--replace", id},
		{"delete", id, "--yes"},
		{"users", "grant", "张三", "岳阳市岳阳楼区梅溪街道办事处"},
	} {
		code, _, errOut := storeRun(t, append([]string{"--db", db}, args...)...)
		if code == exitOK || !strings.Contains(errOut, "审计记录") || !strings.Contains(errOut, "没有执行") {
			t.Errorf("%v with a broken audit trail: exit %d, %q", args, code, errOut)
		}
	}
	s, err := persist.Open(db, persist.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	m, err := s.Meta(id)
	if err != nil || m.Revision != 1 || m.Deleted {
		t.Fatalf("filing changed without audit: %+v, %v", m, err)
	}
	if g, _ := s.AllGrants(); len(g) != 0 {
		t.Fatalf("grant written without audit: %v", g)
	}
}

// Hostile text: a title change and a screen clear (ESC), an OSC 52
// clipboard write, an 8-bit CSI (U+009B) and a bidi override.
const (
	evilESC  = "\x1b]0;pwned\x07\x1b[2J"
	evilOSC  = "\x1b]52;c;ZWNobyBwd25lZA==\x07"
	evilCSI  = "\u009b31m"
	evilBidi = "\u202e"
)

// termUnsafe lists what must never reach the terminal.
var termUnsafe = []string{"\x1b", "\x07", "\u009b", "\u202e"}

// Issue 11, reproduced finding 4: escape sequences from imported text
// reached the terminal through list, check, history, score, users, audit,
// show and import.
func TestCLIOutputEscapesFilerText(t *testing.T) {
	db := storeDB(t)
	data, err := os.ReadFile(sampleFile)
	if err != nil {
		t.Fatal(err)
	}
	f, err := domain.Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	f.Unit = "梅溪" + evilESC + "街道" + evilCSI
	f.Projects = append(f.Projects, domain.Project{Name: "项目" + evilOSC + evilBidi})
	f.Overall.Indicators[0].Name = "指标" + evilCSI + evilESC
	f.Overall.Indicators[0].Deviation = "偏差" + evilOSC
	user := "张" + evilESC + "三"
	s, err := persist.Open(db, persist.Options{User: user})
	if err != nil {
		t.Fatal(err)
	}
	m, err := s.CreateWith(f, persist.Note("说明"+evilOSC+evilCSI))
	if err != nil {
		t.Fatal(err)
	}
	g := f.Clone()
	g.Signoff.Phone = "电话" + evilESC
	if _, err := s.SaveAudited(m.ID, 1, g, []store.AuditChange{{Path: "signoff.phone", Label: "联系电话" + evilCSI, Old: f.Signoff.Phone, New: g.Signoff.Phone}}, persist.Note(evilOSC)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.NameRevision(m.ID, 1, "初稿"); err != nil {
		t.Fatal(err)
	}
	if err := s.Grant(user, f.Unit); err != nil {
		t.Fatal(err)
	}
	enc, err := domain.Encode(f)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "evil.json")
	if err := os.WriteFile(file, enc, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"list"}, {"list", "--json"},
		{"history", m.ID}, {"history", m.ID, "--json"},
		{"score", m.ID}, {"score", m.ID, "--json"},
		{"check", m.ID}, {"check", m.ID, "--json"},
		{"show", m.ID},
		{"users", "list"}, {"users", "list", "--json"},
		{"users", "grant", user, f.Unit},
		{"audit", m.ID}, {"audit", m.ID, "--json"},
		{"import", file}, {"import", file, "--json"},
		{"import", file, "--replace", m.ID},
	} {
		_, out, errOut := storeRun(t, append([]string{"--db", db}, args...)...)
		for _, bad := range termUnsafe {
			if strings.Contains(out, bad) || strings.Contains(errOut, bad) {
				t.Errorf("jixiao %q writes %q to the terminal", args, bad)
			}
		}
		// The hostile text was written (escaped or stripped), so the
		// command did reach it.
		if all := out + errOut; !strings.Contains(all, "pwned") && !strings.Contains(all, "ZWNob") && !strings.Contains(all, "31m") {
			t.Errorf("jixiao %q: the hostile text is not in the output at all:\n%q", args, out)
		}
	}
}

func TestHistoryNamesVersions(t *testing.T) {
	db := storeDB(t)
	id := storeImport(t, db, sampleFile)["id"].(string)
	storeImport(t, db, writeVariant(t, t.TempDir(), "333"), "--replace", id)
	code, out, errOut := storeRun(t, "--db", db, "history", id, "--name", "1", "提交财政局")
	if code != exitOK || !strings.Contains(out, "版本 1 命名为“提交财政局”") {
		t.Fatalf("--name: %d %q %q", code, out, errOut)
	}
	_, out, _ = storeRun(t, "--db", db, "history", id)
	mustContainAll(t, out, "版本名称", "提交财政局", "导入 meixi-2024.json", "导入 梅溪-333.json")
	_, out, _ = storeRun(t, "--db", db, "list")
	mustContainAll(t, out, "版本名称", "提交财政局（版本 1）")
	_, out, _ = storeRun(t, "--db", db, "list", "--json")
	mustContainAll(t, out, `"named_version"`, `"name": "提交财政局"`)
	_, out, _ = storeRun(t, "--db", db, "history", id, "--json")
	mustContainAll(t, out, `"name": "提交财政局"`, `"kind": "import"`)

	for _, bad := range [][]string{
		{"history", id, "--name", "1"},
		{"history", id, "--name", "1", " "},
		{"history", id, "--name", "0", "x"},
		{"history", id, "--name", "1", "x", "--unname", "1"},
		{"history", id, "--name", "1", strings.Repeat("名", 41)},
		{"history", id, "--name", "1", "a\x1bb"},
		{"history", id, "--name", "9", "x"},
	} {
		code, out, errOut := storeRun(t, append([]string{"--db", db}, bad...)...)
		if code != exitUsage || errOut == "" || strings.Contains(errOut, "\x1b") {
			t.Errorf("%q: exit %d, %q %q", bad, code, out, errOut)
		}
	}
	code, out, errOut = storeRun(t, "--db", db, "history", id, "--unname", "1")
	if code != exitOK || !strings.Contains(out, "已取消") {
		t.Fatalf("--unname: %d %q %q", code, out, errOut)
	}
	if _, out, _ = storeRun(t, "--db", db, "list"); strings.Contains(out, "提交财政局") {
		t.Errorf("list still shows the removed name:\n%s", out)
	}
}

// The "Done when", through the CLI: after 60 autosaves in one
// session and 60 import --replace, the first revision, a named version
// and a revision from before the session are all still in history. (The
// old rule kept only the newest 50.)
func TestHistoryAfterASessionAndSixtyImports(t *testing.T) {
	db := storeDB(t)
	dir := t.TempDir()
	id := storeImport(t, db, sampleFile)["id"].(string)
	storeImport(t, db, writeVariant(t, dir, "before"), "--replace", id)
	if code, _, errOut := storeRun(t, "--db", db, "history", id, "--name", "2", "报送前"); code != exitOK {
		t.Fatal(errOut)
	}
	storeImport(t, db, writeVariant(t, dir, "before the session"), "--replace", id)
	s, err := persist.Open(db, persist.Options{User: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	f, m, err := s.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 60 {
		f.Signoff.Phone = "typing " + strconv.Itoa(i)
		if m, err = s.Autosave(id, m.Revision, f); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 60 {
		storeImport(t, db, writeVariant(t, dir, strconv.Itoa(i)), "--replace", id)
	}
	code, out, _ := storeRun(t, "--db", db, "history", id, "--json")
	var h historyJSON
	if err := json.Unmarshal([]byte(out), &h); code != exitOK || err != nil {
		t.Fatalf("history --json: %d %v", code, err)
	}
	kept := map[int]revisionOut{}
	for _, r := range h.Revisions {
		kept[r.Revision] = r
	}
	if _, ok := kept[1]; !ok {
		t.Error("the first revision is gone")
	}
	if kept[2].Name != "报送前" {
		t.Error("the named version is gone")
	}
	if kept[3].Note != "导入 梅溪-before the session.json" {
		t.Errorf("the revision from before the session is gone: %+v", kept[3])
	}
	autosaves := 0
	for _, r := range h.Revisions {
		if r.Kind == store.KindAutosave {
			autosaves++
		}
	}
	if autosaves != 1 || len(h.Revisions) != 3+1+60 {
		t.Errorf("%d revisions, %d autosaves; want 64 and 1", len(h.Revisions), autosaves)
	}
}

// writeSampleJSON writes the sample as a generic JSON object after edit
// changes it, and returns the file's path.
func writeSampleJSON(t *testing.T, name string, edit func(doc map[string]any)) string {
	t.Helper()
	data, err := os.ReadFile(sampleFile)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	edit(doc)
	out, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, out, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// Issue 12, item 9: a filing whose weights add up to 110 was graded.
func TestScoreAndListShowInvalidWeights(t *testing.T) {
	file := writeSampleJSON(t, "权重110.json", func(doc map[string]any) {
		row := doc["overall"].(map[string]any)["indicators"].([]any)[0].(map[string]any)
		row["weight"] = "14" // 4 → 14: the weights add up to 110
	})
	code, out, _ := storeRun(t, "score", file, "--json")
	var sc struct {
		Overall map[string]any `json:"overall"`
	}
	if err := json.Unmarshal([]byte(out), &sc); code != exitOK || err != nil {
		t.Fatalf("score --json: %d %v", code, err)
	}
	if sc.Overall["valid"] != false || !strings.Contains(sc.Overall["invalid_reason"].(string), "110") || sc.Overall["grade"] != "无效（权重合计110）" {
		t.Fatalf("score --json overall: %v", sc.Overall)
	}
	_, out, _ = storeRun(t, "score", file)
	mustContainAll(t, out, "  等级        无效（权重合计110）", "  说明        分值合计为110")

	// The sample itself is valid.
	_, out, _ = storeRun(t, "score", sampleFile, "--json")
	if !strings.Contains(out, `"valid": true`) || strings.Contains(out, "invalid_reason") {
		t.Fatalf("valid sample: %s", out)
	}

	db := storeDB(t)
	storeImport(t, db, file)
	_, out, _ = storeRun(t, "--db", db, "list")
	mustContainAll(t, out, "无效（权重合计110）")
	if strings.Contains(out, "  优  ") {
		t.Errorf("list grades an invalid filing:\n%s", out)
	}
}

// Issue 12, item 7: import said nothing of unknown keys (or of removed
// control characters).
func TestImportReportsUnknownKeysAndRemovedControls(t *testing.T) {
	file := writeSampleJSON(t, "misspelt.json", func(doc map[string]any) {
		funds := doc["overall"].(map[string]any)["funds"].(map[string]any)
		funds["current_appropriation"] = "90"
		doc["unit"] = doc["unit"].(string) + "\x1b[31m"
	})
	db := storeDB(t)
	code, out, errOut := storeRun(t, "--db", db, "import", file)
	if code != exitOK {
		t.Fatalf("import: %d %s", code, errOut)
	}
	mustContainAll(t, out, "已导入", "input.unknown_key", "current_appropriation", "input.control_removed")
	if strings.Contains(out, "\x1b") {
		t.Errorf("import output carries ESC: %q", out)
	}
	code, out, _ = storeRun(t, "--db", db, "import", file, "--json")
	var saved savedJSON
	if err := json.Unmarshal([]byte(out), &saved); code != exitOK || err != nil {
		t.Fatalf("import --json: %d %v", code, err)
	}
	codes := map[string]bool{}
	for _, fd := range saved.Findings {
		codes[fd.Code] = true
	}
	if !codes["input.unknown_key"] || !codes["input.control_removed"] {
		t.Fatalf("import --json findings: %+v", saved.Findings)
	}
	// The unknown key is kept in the stored document.
	_, out, _ = storeRun(t, "--db", db, "export", saved.ID, "--format", "json")
	mustContainAll(t, out, "current_appropriation")
}

// The local TUI gets *persist.Store itself (no adapter), which offers the
// Autosaver and Namer ports.
func TestPersistStoreIsTheTUIStore(t *testing.T) {
	db := storeDB(t)
	s, err := persist.Open(db, persist.Options{User: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var store tui.Store = s
	auto, ok := store.(tui.Autosaver)
	namer, ok2 := store.(tui.Namer)
	if !ok || !ok2 {
		t.Fatal("*persist.Store is not a tui.Autosaver and tui.Namer")
	}
	f, err := domain.Decode(mustRead(t, sampleFile))
	if err != nil {
		t.Fatal(err)
	}
	m, err := store.Create(f)
	if err != nil {
		t.Fatal(err)
	}
	for _, phone := range []string{"1", "2"} {
		f.Signoff.Phone = phone
		if m, err = auto.Autosave(m.ID, m.Revision, f); err != nil {
			t.Fatal(err)
		}
	}
	if m.Revision != 3 || m.Note != "自动保存" {
		t.Fatalf("autosave: %+v", m)
	}
	if n, err := namer.NameRevision(m.ID, 1, "初稿"); err != nil || n.Name != "初稿" {
		t.Fatalf("name: %+v, %v", n, err)
	}
	h, _ := store.History(m.ID)
	if len(h) != 2 || h[1].Name != "初稿" {
		t.Fatalf("history %+v", h)
	}
	if err := store.Delete(m.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := namer.NameRevision(m.ID, 1, "x"); !errors.Is(err, tui.ErrNotFound) {
		t.Fatalf("naming in a deleted filing: %v", err)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
