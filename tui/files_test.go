package tui

import (
	"context"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/shopspring/decimal"

	"jixiao/domain"
	"jixiao/internal/sample"
	"jixiao/store/storetest"
)

// readWithin runs OSFiles.Read and fails the test if it does not return
// within 5 s (a FIFO must not block it).
func readWithin(t *testing.T, ctx context.Context, path string) ([]byte, error) {
	t.Helper()
	type result struct {
		data []byte
		err  error
	}
	ch := make(chan result, 1)
	go func() {
		d, err := OSFiles{}.Read(ctx, path)
		ch <- result{d, err}
	}()
	select {
	case r := <-ch:
		return r.data, r.err
	case <-time.After(5 * time.Second):
		t.Fatalf("Read(%s) hangs", path)
		return nil, nil
	}
}

// TestOSFilesRefusesNonRegular: directories, devices, FIFOs and sockets are
// refused with a Chinese message naming the path, without blocking. The
// size limit and cancelling are internal/filingfile's, tested there.
func TestOSFilesRefusesNonRegular(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.json")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	sock := filepath.Join(dir, "s.sock")
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	for _, tc := range []struct{ path, want string }{
		{"/dev/zero", "是一个设备文件，不是普通文件，不能导入"},
		{fifo, "是一个管道（FIFO），不是普通文件，不能导入"},
		{sock, "是一个套接字，不是普通文件，不能导入"},
		{dir, "是一个目录，不是可导入的文件"},
		{filepath.Join(dir, "none.json"), "找不到文件 "},
	} {
		data, err := readWithin(t, context.Background(), tc.path)
		if err == nil || data != nil {
			t.Fatalf("%s: read %d bytes, err %v", tc.path, len(data), err)
		}
		if !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), tc.path) {
			t.Errorf("%s: message %q, want %q and the path", tc.path, err, tc.want)
		}
	}
}

// TestOSFilesHomeAndWrite: "~/" is the home directory; Write refuses to
// replace a file without overwrite (ErrExists) and refuses a directory.
func TestOSFilesHomeAndWrite(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	fs := OSFiles{}
	write := func(s string) func(io.Writer) error {
		return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
	}
	ctx := context.Background()
	if err := fs.Write(ctx, "~/out.txt", false, write("一")); err != nil {
		t.Fatal(err)
	}
	if data, err := fs.Read(ctx, "~/out.txt"); err != nil || string(data) != "一" {
		t.Fatalf("read back %q, %v", data, err)
	}
	err := fs.Write(ctx, "~/out.txt", false, write("二"))
	if !errors.Is(err, ErrExists) {
		t.Fatalf("second write: %v", err)
	}
	if err := fs.Write(ctx, "~/out.txt", true, write("三")); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(filepath.Join(home, "out.txt")); string(data) != "三" {
		t.Fatalf("overwrite gave %q", data)
	}
	if err := fs.Write(ctx, home, true, write("x")); err == nil || !strings.Contains(err.Error(), "是一个目录") {
		t.Fatalf("directory: %v", err)
	}
	if err := fs.Write(ctx, filepath.Join(home, "no", "dir.txt"), false, write("x")); err == nil || !strings.Contains(err.Error(), "所在的目录不存在") {
		t.Fatalf("missing directory: %v", err)
	}
}

// fakeFiles is a files port without typed paths, like serve's, or with
// typed paths (typed: local mode, read from data by the typed path).
type fakeFiles struct {
	typed   bool
	mu      sync.Mutex
	uploads []FileInfo
	data    map[string][]byte
	reads   []string
	writes  []string
	// block makes Read wait for its context (and report what ended it).
	block    bool
	deadline time.Duration
	ended    chan error
}

func (f *fakeFiles) TypedPaths() bool { return f.typed }
func (f *fakeFiles) Uploads(context.Context) ([]FileInfo, error) {
	return f.uploads, nil
}
func (f *fakeFiles) Read(ctx context.Context, name string) ([]byte, error) {
	f.mu.Lock()
	f.reads = append(f.reads, name)
	if d, ok := ctx.Deadline(); ok {
		f.deadline = time.Until(d)
	}
	f.mu.Unlock()
	if f.block {
		<-ctx.Done()
		f.ended <- ctx.Err()
		return nil, ctx.Err()
	}
	d, ok := f.data[name]
	if !ok {
		return nil, errors.New("上传/ 中没有 " + name)
	}
	return d, nil
}
func (f *fakeFiles) Write(_ context.Context, path string, _ bool, _ func(io.Writer) error) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.writes = append(f.writes, path)
	return errors.New("不应写入")
}
func (f *fakeFiles) Fetch(unit string, year int, format string) string {
	return "scp -P 2222 jixiao.example:" + unit + "/" + itoa(year) + "/导出." + format + " ."
}

func (f *fakeFiles) readNames() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.reads...)
}

// serveModel is a root model on an empty store with files as its port.
func serveModel(t *testing.T, files Files) (*Model, *storetest.Store) {
	t.Helper()
	store := storetest.New()
	store.Now = fixedClock
	m := New(Options{Store: store, Files: files, Profile: colorprofile.Ascii, Width: 120, Height: 40, Now: fixedClock, User: "张三"})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	exec(m, m.Init())
	m.Update(m.list.load()()) // loaded even on a slow machine
	return m, store
}

// TestImportListsUploadsWithoutPath: without typed paths the import
// dialog lists the uploads, accepts no path, and imports the chosen one.
func TestImportListsUploadsWithoutPath(t *testing.T) {
	data := sample.JSON()
	files := &fakeFiles{
		uploads: []FileInfo{
			{Name: "新的.json", Size: 2 << 20, Modified: base},
			{Name: "梅溪.json", Size: int64(len(data)), Modified: base.Add(-time.Hour)},
		},
		data: map[string][]byte{"梅溪.json": data},
	}
	m, store := serveModel(t, files)
	_, cmd := m.Update(kp("i"))
	execWait(m, cmd)
	s := screenText(m)
	for _, want := range []string{"新的.json", "2.0 MB", "2025-07-11 09:30", "梅溪.json", "用 sftp/scp 把 JSON、Word（.docx）或 Excel（.xlsx）文件放到 上传/ 文件夹"} {
		if !strings.Contains(s, want) {
			t.Fatalf("import dialog lacks %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, "路径") || m.View().Cursor != nil {
		t.Fatalf("the dialog offers a path input:\n%s", s)
	}
	// Typed and pasted paths go nowhere.
	press(m, "/", "e", "t", "c")
	m.Update(tea.PasteMsg{Content: "/etc/passwd"})
	if s := screenText(m); strings.Contains(s, "/etc") || strings.Contains(s, "etc/passwd") {
		t.Fatalf("a typed path is shown:\n%s", s)
	}
	press(m, "down")
	_, cmd = m.Update(kp("enter"))
	execWait(m, cmd)
	if got := files.readNames(); len(got) != 1 || got[0] != "梅溪.json" {
		t.Fatalf("read %q, want only the chosen upload", got)
	}
	metas, _ := store.List()
	if len(metas) != 1 || metas[0].Year != 2024 || !strings.Contains(metas[0].Unit, "梅溪街道") {
		t.Fatalf("store after import: %+v\n%s", metas, screenText(m))
	}
	if !strings.Contains(screenText(m), "已导入“") {
		t.Fatalf("no confirmation:\n%s", screenText(m))
	}
	// An upload that is not a filing gives a message quoting none of it.
	files.data["新的.json"] = []byte("SECRET-CONTENT-4711 \x00\x01 garbage")
	press(m, "i", "enter")
	execWait(m, m.list.readImport("新的.json"))
	if e := m.list.err; e == "" || strings.Contains(e, "SECRET") || !strings.Contains(e, "新的.json 不是有效的填报文件") {
		t.Fatalf("bad upload: %q", e)
	}
}

// TestImportRunsOffLoopAndCancels: the read happens in a command with a
// deadline; while it runs the dialog says so, and Esc cancels it.
func TestImportRunsOffLoopAndCancels(t *testing.T) {
	files := &fakeFiles{uploads: []FileInfo{{Name: "慢.json", Size: 10}}, block: true, ended: make(chan error, 1)}
	m, _ := serveModel(t, files)
	_, cmd := m.Update(kp("i"))
	execWait(m, cmd)
	_, cmd = m.Update(kp("enter"))
	if cmd == nil {
		t.Fatal("no read command")
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	if s := screenText(m); !strings.Contains(s, "正在读取…") {
		t.Fatalf("no reading note:\n%s", s)
	}
	press(m, "esc")
	select {
	case err := <-files.ended:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("read ended by %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Esc did not cancel the read")
	}
	m.Update(<-done) // the late answer changes nothing
	if m.list.mode != modeNormal || m.list.err != "" || !strings.Contains(screenText(m), "已取消导入") {
		t.Fatalf("after cancel: mode %d err %q\n%s", m.list.mode, m.list.err, screenText(m))
	}
	if files.deadline <= 0 || files.deadline > importTimeout {
		t.Fatalf("read deadline %v, want at most %v", files.deadline, importTimeout)
	}
}

// TestImportTypedPathLocal: local mode types a path, read through the port.
func TestImportTypedPathLocal(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("HOME", dir)
	data := sample.JSON()
	if err := os.WriteFile(filepath.Join(dir, "s.json"), data, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "bad.json"), []byte("SECRET-CONTENT-4711"), 0o600); err != nil {
		t.Fatal(err)
	}
	m, store := serveModel(t, nil)
	press(m, "i")
	if !strings.Contains(screenText(m), "路径：") {
		t.Fatalf("no path input:\n%s", screenText(m))
	}
	m.Update(tea.PasteMsg{Content: "~/bad.json"})
	_, cmd := m.Update(kp("enter"))
	execWait(m, cmd)
	if e := m.list.err; !strings.Contains(e, "不是有效的填报文件") || strings.Contains(e, "SECRET") || m.list.mode != modeImport {
		t.Fatalf("bad file: %q mode %d", e, m.list.mode)
	}
	m.list.path.SetValue("/dev/zero")
	_, cmd = m.Update(kp("enter"))
	execWait(m, cmd)
	if e := m.list.err; !strings.Contains(e, "/dev/zero 是一个设备文件") {
		t.Fatalf("/dev/zero: %q", e)
	}
	m.list.path.SetValue("~/s.json")
	_, cmd = m.Update(kp("enter"))
	execWait(m, cmd)
	if metas, _ := store.List(); len(metas) != 1 {
		t.Fatalf("not imported: %+v %q", metas, m.list.err)
	}
}

// TestExportShowsFetchWithoutPath: without typed paths every export key of
// 复核与导出 shows the Fetch text and accepts no path, read-only too.
func TestExportShowsFetchWithoutPath(t *testing.T) {
	files := &fakeFiles{}
	f := loadSample(t)
	m, store := serveModel(t, files)
	meta, err := store.Create(f)
	if err != nil {
		t.Fatal(err)
	}
	m.Update(openedMsg{f: f, meta: meta})
	m.wiz.enter(stepReview)
	for _, tc := range []struct{ key, format string }{{"t", "text"}, {"c", "csv"}, {"x", "xlsx"}, {"m", "md"}, {"j", "json"}} {
		press(m, tc.key)
		s := screenText(m)
		rs := m.wiz.comp().(*reviewStep)
		if rs.fetch != files.Fetch(f.Unit, 2024, tc.format) || !strings.Contains(s, "scp -P 2222 jixiao.example:") || !strings.Contains(s, "导出."+tc.format+" .") {
			t.Fatalf("%s: no fetch text:\n%s", tc.format, s)
		}
		if strings.Contains(s, "导出"+exportNames[tc.format]+"到") || m.View().Cursor != nil || m.wiz.comp().modal() {
			t.Fatalf("%s: a path prompt:\n%s", tc.format, s)
		}
		if strings.Contains(s, "请先保存（Ctrl+S）") {
			t.Fatalf("%s: unsaved warning without changes", tc.format)
		}
		m.Update(tea.PasteMsg{Content: "/srv/jixiao/jixiao.db"})
		if strings.Contains(screenText(m), "jixiao.db") {
			t.Fatalf("%s: a pasted path is shown", tc.format)
		}
	}
	if len(files.writes) != 0 {
		t.Fatalf("written: %q", files.writes)
	}
	// Unsaved changes: the download lacks them.
	m.wiz.changeSeq++
	press(m, "x")
	if s := screenText(m); !strings.Contains(s, "请先保存（Ctrl+S），下载的是最新保存的版本") {
		t.Fatalf("no unsaved warning:\n%s", s)
	}
	press(m, "esc")
	if strings.Contains(screenText(m), "jixiao.example") {
		t.Fatal("Esc did not close the fetch text")
	}
	// A read-only session sees the fetch text too.
	m.wiz.savedSeq = m.wiz.changeSeq
	m.wiz.readOnly, m.wiz.holder = true, "李四"
	press(m, "m")
	if s := screenText(m); !strings.Contains(s, "导出.md") {
		t.Fatalf("read-only: no fetch text:\n%s", s)
	}
}

// hostileFiling is the sample with terminal escapes in filer text (as a
// decoder without sanitising would let through).
func hostileFiling(t *testing.T) *domain.Filing {
	f := loadSample(t)
	const clear, osc52, osc8, csi8 = "\x1b[2J", "\x1b]52;c;SGVsbG8=\x07", "\x1b]8;;http://evil.example/\x1b\\点我\x1b]8;;\x1b\\", "\u009b31m"
	f.Unit = "梅溪" + clear + "街道" + osc52
	ind := &f.Overall.Indicators[0]
	ind.Name = "环境" + osc8 + "整治"
	ind.Level2 = ind.Level2 + csi8
	ind.Target = "≥" + clear + "10次"
	ind.Deviation = "偏差" + csi8 + "原因\n" + osc52
	// A row without a name gives a finding quoting its neighbour's... and
	// an empty weight one quoting its own name.
	f.Overall.Indicators[1].Name = "群众" + csi8 + "满意度" + osc52
	f.Overall.Indicators[1].Weight = domain.Amount{}
	f.Overall.Indicators[1].Score = domain.Amount{}
	if len(f.Projects) > 0 {
		f.Projects[0].Name = "项目" + osc8
	}
	return f
}

// plainStyles makes m emit no escape sequence of its own, so that any in
// a frame came from filer text.
func plainStyles(m *Model) {
	p := NewStyles(colorprofile.Ascii, false)
	n := lipgloss.NewStyle()
	for _, s := range []*lipgloss.Style{&p.Title, &p.Subtle, &p.Label, &p.Value, &p.Computed, &p.Focused, &p.Error, &p.Warning, &p.OK,
		&p.Selected, &p.StepActive, &p.Step, &p.PanelTitle, &p.Key, &p.Help, &p.Dialog} {
		*s = n
	}
	m.st = p
	m.help.Styles = help.Styles{}
}

// TestFilerEscapesNeverReachTerminal: ESC, OSC 52, OSC 8 and 8-bit CSI in
// the unit name, indicator names, 偏差 and findings are shown escaped on
// the list, the grid, F2, 复核与导出, the review view and the history.
func TestFilerEscapesNeverReachTerminal(t *testing.T) {
	f := hostileFiling(t)
	quoted := false
	for _, fd := range domain.Check(f, domain.DefaultRules()) {
		if strings.ContainsAny(fd.Message, "\x1b\u009b") {
			quoted = true
		}
	}
	if !quoted {
		t.Fatal("no finding quotes the hostile text: the test would prove nothing")
	}
	store := storetest.New()
	store.Now = fixedClock
	meta, err := store.Create(f)
	if err != nil {
		t.Fatal(err)
	}
	gr := &fakeGranter{admin: true, all: map[string][]string{"张\x1b[2J三": {f.Unit}}}
	m := New(Options{Store: store, Grants: gr, Profile: colorprofile.Ascii, Width: 120, Height: 40, Now: fixedClock, User: "测试"})
	plainStyles(m)
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	exec(m, m.Init())
	m.Update(m.list.load()())
	check := func(what string) {
		t.Helper()
		s := m.View().Content
		if strings.ContainsAny(s, "\x1b\u009b\x07") {
			t.Errorf("%s: a control character reaches the terminal:\n%q", what, s)
		}
		if !strings.Contains(s, `\x1b`) && !strings.Contains(s, `\x9b`) {
			t.Errorf("%s: the hostile text is not shown escaped:\n%s", what, s)
		}
	}
	check("list")
	press(m, "d")
	check("delete question")
	press(m, "n")
	m.Update(openedMsg{f: f, meta: meta})
	m.wiz.enter(stepIndicators)
	check("grid")
	press(m, "down")
	check("grid detail of row 2")
	m.Update(kp("f2"))
	check("F2 findings")
	for range len(m.wiz.findings) {
		press(m, "down")
		check("F2 findings, selection moved")
	}
	press(m, "esc")
	if len(f.Projects) > 0 {
		m.wiz.enter(stepProjects)
		check("附件3 list")
	}
	for st := range stepCount {
		m.wiz.enter(st)
		if s := m.View().Content; strings.ContainsAny(s, "\x1b\u009b\x07") {
			t.Errorf("step %d: a control character reaches the terminal:\n%q", st+1, s)
		}
	}
	m.wiz.enter(stepReport)
	m.wiz.comp().(*reportStep).show(m.wiz.ctx(), reportPreview)
	check("附件4 preview")
	m.wiz.enter(stepReview)
	check("复核与导出")
	press(m, "v")
	check("review view")
	for range 20 {
		press(m, "pgdown")
		check("review view, scrolled")
	}
	press(m, "esc")
	m.hist = newHistory(store, nil, meta.ID, f.Unit)
	m.screen, m.back = scrHistory, scrWizard
	exec(m, m.hist.load())
	check("history")
	m.closeWizard()
	m.screen = scrList
	_, cmd := m.Update(kp("g"))
	execWait(m, cmd)
	check("grants")
	press(m, "a")
	check("grants, add dialog")
	press(m, "esc", "d")
	check("grants, revoke question")
}

// TestRevokedSavesAndClosesFiling: RevokedMsg saves the typing of the open
// filing, closes it and shows the reason on the list.
func TestRevokedSavesAndClosesFiling(t *testing.T) {
	lk := newFakeLocker()
	m, store, id := lockedModel(t, lk)
	press(m, "enter", "tab", "tab", "甲")
	unit := m.wiz.f.Unit
	// Another unit's revocation leaves the filing open.
	_, cmd := m.Update(RevokedMsg{Reason: "您对“其他单位”的授权已被撤销", Unit: "其他单位"})
	execWait(m, cmd)
	if m.wiz == nil || m.screen != scrWizard || !strings.Contains(screenText(m), "其他单位") {
		t.Fatalf("another unit's revocation closed the filing:\n%s", screenText(m))
	}
	_, cmd = m.Update(RevokedMsg{Reason: "您对“" + unit + "”的授权已被撤销", Unit: unit})
	execWait(m, cmd)
	if got, _, _ := store.Get(id); !strings.HasSuffix(got.Signoff.FilledBy, "甲") {
		t.Fatalf("typing not saved: %q", got.Signoff.FilledBy)
	}
	s := screenText(m)
	if m.wiz != nil || m.screen != scrList || m.quit || !strings.Contains(s, "的授权已被撤销 您的修改已保存。") {
		t.Fatalf("not back on the list with the reason (quit %v):\n%s", m.quit, s)
	}
	if lk.holds(id) {
		t.Fatal("the lock is kept")
	}
	// The review of the unit's filing, opened from the list, is closed.
	press(m, "v")
	if m.screen != scrReview {
		t.Fatalf("no review screen:\n%s", screenText(m))
	}
	_, cmd = m.Update(RevokedMsg{Reason: "授权已撤销", Unit: unit})
	execWait(m, cmd)
	if m.screen != scrList || !strings.Contains(screenText(m), "授权已撤销") {
		t.Fatalf("the review stays open:\n%s", screenText(m))
	}
	// The list works again.
	press(m, "enter")
	if m.wiz == nil {
		t.Fatal("the list no longer opens filings")
	}
}

// TestRevokedWaitsForRunningSave: a revocation during an autosave saves
// what is left once it is done.
func TestRevokedWaitsForRunningSave(t *testing.T) {
	m, store, id := lockedModel(t, nil)
	press(m, "enter", "tab", "tab", "甲")
	save := m.wiz.save()
	_, cmd := m.Update(RevokedMsg{Reason: "授权已撤销"})
	if cmd != nil || m.wiz == nil {
		t.Fatal("did not wait for the running save")
	}
	execWait(m, save)
	if m.wiz != nil || m.screen != scrList || m.quit {
		t.Fatalf("not closed after the save:\n%s", screenText(m))
	}
	if got, _, _ := store.Get(id); !strings.HasSuffix(got.Signoff.FilledBy, "甲") {
		t.Fatalf("typing not saved: %q", got.Signoff.FilledBy)
	}
}

// TestRevokedQuit: with Quit the draft is saved and the program ends.
func TestRevokedQuit(t *testing.T) {
	m, store, id := lockedModel(t, nil)
	press(m, "enter", "tab", "tab", "甲")
	_, cmd := m.Update(RevokedMsg{Reason: "您的密钥已被移除", Quit: true})
	if cmd == nil {
		t.Fatal("no save")
	}
	ch := make(chan tea.Msg, 1)
	go func() { ch <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-ch:
	case <-time.After(10 * time.Second):
		t.Fatal("the save did not finish")
	}
	_, cmd = m.Update(msg)
	if cmd == nil {
		t.Fatal("the program does not end")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok || !m.quit {
		t.Fatal("the program does not end")
	}
	if got, _, _ := store.Get(id); !strings.HasSuffix(got.Signoff.FilledBy, "甲") {
		t.Fatalf("typing not saved: %q", got.Signoff.FilledBy)
	}
	if r, ok := m.QuitResult(); !ok || r.Kind != QuitSaved {
		t.Fatalf("result %+v", r)
	}
	if m.View().Content != "" {
		t.Fatal("something is shown after quitting")
	}
}

// TestExportHomePathAsksBeforeOverwrite: "~/" paths get the overwrite
// question too (they used to skip it).
func TestExportHomePathAsksBeforeOverwrite(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	path := filepath.Join(home, "旧.txt")
	if err := os.WriteFile(path, []byte("旧"), 0o600); err != nil {
		t.Fatal(err)
	}
	m := opened(t, loadSample(t), 120, 40)
	m.wiz.enter(stepReview)
	press(m, "t")
	m.wiz.comp().(*reviewStep).ed.SetValue("~/旧.txt")
	pressExport(t, m, "enter")
	if s := screenText(m); !strings.Contains(s, "文件“~/旧.txt”已存在，覆盖？y 覆盖  n 取消") {
		t.Fatalf("no overwrite question:\n%s", s)
	}
	pressExport(t, m, "n")
	if got, _ := os.ReadFile(path); string(got) != "旧" {
		t.Fatal("overwritten without a yes")
	}
	press(m, "t")
	m.wiz.comp().(*reviewStep).ed.SetValue("~/旧.txt")
	pressExport(t, m, "enter")
	pressExport(t, m, "y")
	if got, _ := os.ReadFile(path); string(got) == "旧" {
		t.Fatalf("not overwritten after y:\n%s", screenText(m))
	}
	if s := screenText(m); !strings.Contains(s, "已导出到 "+path) {
		t.Fatalf("no confirmation:\n%s", s)
	}
}

// TestListShowsWhyAGradeCannotStand (issue 12, finding 9): the filing list
// shows 等级 of a filing whose weights do not add up as 无效 with the
// weight total, whole, at 80 columns.
func TestListShowsWhyAGradeCannotStand(t *testing.T) {
	store := storetest.New()
	f := loadSample(t)
	f.Overall.Indicators[0].Weight = domain.Dec(f.Overall.Indicators[0].Weight.Decimal().Add(decimal.NewFromInt(10)))
	if _, err := store.Create(f); err != nil {
		t.Fatal(err)
	}
	m := New(Options{Store: store, Profile: colorprofile.Ascii, Width: 80, Height: 24})
	exec(m, m.Init())
	if s := screenText(m); !strings.Contains(s, "无效（权重合计110）") || !strings.Contains(s, "梅溪") {
		t.Fatalf("the list does not say why the grade cannot stand:\n%s", s)
	}
}
