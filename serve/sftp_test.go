package serve

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pkg/sftp"
	"github.com/xuri/excelize/v2"

	"jixiao/internal/filingfile"
	"jixiao/internal/sample"
	"jixiao/persist"
	"jixiao/store"
	"jixiao/tui"
)

// sftpClient opens an SFTP session as k.
func (fx *fixture) sftpClient(t *testing.T, k testKey) *sftp.Client {
	t.Helper()
	c, err := fx.dial(k)
	if err != nil {
		t.Fatalf("dial as %s: %v", k.name, err)
	}
	sc, err := sftp.NewClient(c)
	if err != nil {
		c.Close()
		t.Fatalf("sftp as %s: %v", k.name, err)
	}
	t.Cleanup(func() { sc.Close(); c.Close() })
	return sc
}

func names(t *testing.T, sc *sftp.Client, dir string) []string {
	t.Helper()
	fis, err := sc.ReadDir(dir)
	if err != nil {
		t.Fatalf("ReadDir(%q): %v", dir, err)
	}
	var out []string
	for _, fi := range fis {
		out = append(out, fi.Name())
	}
	return out
}

// isDenied reports whether err is SFTP's "permission denied".
func isDenied(err error) bool {
	var se *sftp.StatusError
	return errors.Is(err, os.ErrPermission) || errors.As(err, &se) && se.FxCode() == sftp.ErrSSHFxPermissionDenied
}

func TestSFTPListsOnlyGrantedUnits(t *testing.T) {
	fx := newFixture(t, nil)
	for _, tc := range []struct {
		key  testKey
		want []string
	}{
		{fx.zhang, []string{unitFolder(unitMeixi), UploadFolder}},
		{fx.li, []string{"东城街道", UploadFolder}},
		{fx.admin, []string{"东城街道", unitFolder(unitMeixi), UploadFolder}},
	} {
		sc := fx.sftpClient(t, tc.key)
		if got := names(t, sc, "/"); !slices.Equal(got, tc.want) {
			t.Errorf("%s lists %q, want %q", tc.key.name, got, tc.want)
		}
	}
	sc := fx.sftpClient(t, fx.zhang)
	if got := names(t, sc, unitFolder(unitMeixi)); !slices.Equal(got, []string{"2024"}) {
		t.Errorf("unit folder lists %q", got)
	}
	files := names(t, sc, path.Join(unitFolder(unitMeixi), "2024"))
	if len(files) != len(ExportFormats()) {
		t.Fatalf("year folder lists %q, want one file per format %q", files, ExportFormats())
	}
	for _, ext := range []string{".xlsx", ".csv", ".md", ".json", ".txt"} {
		if !slices.ContainsFunc(files, func(n string) bool { return strings.HasSuffix(n, ext) }) {
			t.Errorf("no %s export in %q", ext, files)
		}
	}
}

func TestSFTPDownloadsValidXLSXAndAudits(t *testing.T) {
	fx := newFixture(t, nil)
	sc := fx.sftpClient(t, fx.zhang)
	p := ExportPath(unitMeixi, 2024, "xlsx")
	f, err := sc.Open(p)
	if err != nil {
		t.Fatalf("open %s: %v", p, err)
	}
	data, err := io.ReadAll(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	fi, err := sc.Stat(p)
	if err != nil || fi.Size() != int64(len(data)) {
		t.Fatalf("stat size %v (%v), read %d bytes", fi, err, len(data))
	}
	x, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("downloaded xlsx does not open: %v", err)
	}
	defer x.Close()
	if !slices.Contains(x.GetSheetList(), "附件1") {
		t.Fatalf("sheets %q", x.GetSheetList())
	}
	trail, err := fx.store(t).Audit(fx.meixi)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(trail, func(e store.AuditEntry) bool {
		return e.Action == "下载" && e.User == "张三" && strings.HasSuffix(e.Note, ".xlsx")
	}) {
		t.Fatalf("download not audited: %+v", trail)
	}
	// The export follows the newest revision.
	st := fx.store(t)
	g, m, err := st.Get(fx.meixi)
	if err != nil {
		t.Fatal(err)
	}
	g.Signoff.FilledBy = "新的填表人"
	if _, err := st.Save(fx.meixi, m.Revision, g); err != nil {
		t.Fatal(err)
	}
	r, err := sc.Open(ExportPath(unitMeixi, 2024, "json"))
	if err != nil {
		t.Fatal(err)
	}
	js, _ := io.ReadAll(r)
	r.Close()
	if !strings.Contains(string(js), "新的填表人") {
		t.Fatal("json export is not of the newest revision")
	}
}

// Issue 11, finding 1 over SFTP: nothing outside the tree is reachable,
// whatever the path, and writes land only in the upload folder.
func TestSFTPRefusesEverythingOutsideTheTree(t *testing.T) {
	fx := newFixture(t, nil)
	before := map[string][]byte{}
	for _, p := range []string{fx.db, fx.keysPath, fx.srv.HostKeyPath()} {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		before[p] = b
	}
	sc := fx.sftpClient(t, fx.zhang)
	other := ExportPath("东城街道", 2024, "xlsx")
	for _, p := range []string{
		"东城街道", "/东城街道", other, "/" + other, "../东城街道",
		"/etc/passwd", "../../../../etc/passwd", "..", "../", fx.db, fx.keysPath, fx.srv.HostKeyPath(),
		path.Join(unitFolder(unitMeixi), "2024", "..", "..", "东城街道"), unitFolder(unitMeixi) + "/2023",
		unitFolder(unitMeixi) + "/2024/不存在.xlsx", UploadFolder + "/x.sh",
	} {
		if _, err := sc.Stat(p); !isDenied(err) && p != ".." && p != "../" {
			t.Errorf("stat %q: %v, want permission denied", p, err)
		}
		if f, err := sc.Open(p); err == nil {
			f.Close()
			t.Errorf("open %q succeeded", p)
		}
		if _, err := sc.ReadDir(p); err == nil && p != ".." && p != "../" {
			t.Errorf("readdir %q succeeded", p)
		}
	}
	// ".." from the root is the root itself: still only the user's tree.
	if got := names(t, sc, ".."); !slices.Equal(got, []string{unitFolder(unitMeixi), UploadFolder}) {
		t.Errorf(".. lists %q", got)
	}
	for _, p := range []string{fx.db, fx.keysPath, fx.srv.HostKeyPath(), "/x.json", "../x.json",
		ExportPath(unitMeixi, 2024, "json"), unitFolder(unitMeixi) + "/2024/new.json"} {
		if f, err := sc.Create(p); err == nil {
			_, werr := f.Write([]byte("ssh-ed25519 AAAA 管理员\n"))
			cerr := f.Close()
			if werr == nil && cerr == nil {
				t.Errorf("create %q succeeded", p)
			}
		}
	}
	if err := sc.Symlink(fx.db, UploadFolder+"/db.json"); !isDenied(err) {
		t.Errorf("symlink: %v", err)
	}
	if _, err := sc.ReadLink(ExportPath(unitMeixi, 2024, "xlsx")); !isDenied(err) {
		t.Errorf("readlink: %v", err)
	}
	if err := sc.Mkdir("/新文件夹"); !isDenied(err) {
		t.Errorf("mkdir: %v", err)
	}
	if err := sc.Remove(ExportPath(unitMeixi, 2024, "xlsx")); !isDenied(err) {
		t.Errorf("remove export: %v", err)
	}
	if err := sc.Rename(ExportPath(unitMeixi, 2024, "xlsx"), UploadFolder+"/a.json"); !isDenied(err) {
		t.Errorf("rename: %v", err)
	}
	for p, b := range before {
		now, err := os.ReadFile(p)
		if err != nil || !bytes.Equal(now, b) {
			t.Errorf("%s changed (%v)", p, err)
		}
	}
}

func TestSFTPUploadAppearsInSessionFiles(t *testing.T) {
	fx := newFixture(t, nil)
	sc := fx.sftpClient(t, fx.zhang)
	content := sample.JSON()
	f, err := sc.Create(UploadFolder + "/梅溪 2025.json")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write(content); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if got := names(t, sc, UploadFolder); !slices.Equal(got, []string{"梅溪 2025.json"}) {
		t.Fatalf("upload folder lists %q", got)
	}
	// Write-only: an upload cannot be read back over SFTP.
	if r, err := sc.Open(UploadFolder + "/梅溪 2025.json"); err == nil {
		r.Close()
		t.Fatal("upload readable over sftp")
	}
	files := newSessionFiles(newUploadArea(uploadsRoot(fx.db), "张三"), nil)
	ups, err := files.Uploads(context.Background())
	if err != nil || len(ups) != 1 || ups[0].Name != "梅溪 2025.json" || ups[0].Size != int64(len(content)) {
		t.Fatalf("Uploads = %+v, %v", ups, err)
	}
	got, err := files.Read(context.Background(), "梅溪 2025.json")
	if err != nil || !bytes.Equal(got, content) {
		t.Fatalf("Read: %d bytes, %v", len(got), err)
	}
	// Another user does not see it.
	if ups, _ := newSessionFiles(newUploadArea(uploadsRoot(fx.db), "李四"), nil).Uploads(context.Background()); len(ups) != 0 {
		t.Fatalf("李四 sees %+v", ups)
	}
	if !strings.Contains(fx.log.String(), `"张三" 上传了 "梅溪 2025.json"`) {
		t.Fatalf("upload not logged:\n%s", fx.log.String())
	}
	events, err := fx.store(t).Events()
	if err != nil || !slices.ContainsFunc(events, func(e store.AuditEntry) bool {
		return e.Action == persist.ActionUpload && e.User == "张三" && strings.Contains(e.Note, "梅溪 2025.json")
	}) {
		t.Fatalf("upload not audited: %+v, %v", events, err)
	}
	if err := sc.Remove(UploadFolder + "/梅溪 2025.json"); err != nil {
		t.Fatalf("remove own upload: %v", err)
	}
	if ups, _ := files.Uploads(context.Background()); len(ups) != 0 {
		t.Fatalf("removed upload still listed: %+v", ups)
	}
}

func TestSFTPUploadLimits(t *testing.T) {
	fx := newFixture(t, nil)
	sc := fx.sftpClient(t, fx.zhang)
	f, err := sc.Create(UploadFolder + "/big.json")
	if err != nil {
		t.Fatal(err)
	}
	chunk := bytes.Repeat([]byte(" "), 1<<20)
	var werr error
	for i := 0; i <= tui.MaxImportSize>>20 && werr == nil; i++ {
		_, werr = f.Write(chunk)
	}
	cerr := f.Close()
	if werr == nil && cerr == nil {
		t.Fatal("upload over MaxImportSize accepted")
	}
	if got := names(t, sc, UploadFolder); len(got) != 0 {
		t.Fatalf("oversized upload kept: %q", got)
	}
	for _, name := range []string{"run.sh", ".hidden.json", "a\x1b[2J.json", "a\u202e.json"} {
		if f, err := sc.Create(UploadFolder + "/" + name); err == nil {
			f.Close()
			t.Errorf("upload %q accepted", name)
		}
	}
}

func TestSessionFilesNeverTouchServerPaths(t *testing.T) {
	fx := newFixture(t, nil)
	files := newSessionFiles(newUploadArea(uploadsRoot(fx.db), "张三"), nil)
	if files.TypedPaths() {
		t.Fatal("serve files take typed paths")
	}
	before, _ := os.ReadFile(fx.keysPath)
	err := files.Write(context.Background(), fx.keysPath, true, func(w io.Writer) error {
		_, err := io.WriteString(w, "ssh-ed25519 AAAA 管理员\n")
		return err
	})
	if !errors.Is(err, ErrNoServerPaths) {
		t.Fatalf("Write: %v", err)
	}
	if now, _ := os.ReadFile(fx.keysPath); !bytes.Equal(now, before) {
		t.Fatal("authorized_keys changed")
	}
	for _, name := range []string{fx.db, fx.keysPath, fx.srv.HostKeyPath(), "../jixiao.db", "/dev/zero", "/etc/passwd"} {
		data, err := files.Read(context.Background(), name)
		if err == nil || len(data) > 0 {
			t.Errorf("Read(%q) = %d bytes, %v", name, len(data), err)
		}
	}
}

func TestUnitFolderNames(t *testing.T) {
	for _, tc := range []struct{ unit, want string }{
		{"岳阳市岳阳楼区梅溪街道办事处", "岳阳市岳阳楼区梅溪街道办事处"},
		{"东城街道", "东城街道"},
	} {
		if got := unitFolder(tc.unit); got != tc.want {
			t.Errorf("unitFolder(%q) = %q", tc.unit, got)
		}
	}
	seen := map[string]string{}
	for _, unit := range []string{"a/b", "a_b", "a\\b", "..", ".", UploadFolder, "", "x\x1b[31m", "y\u202ez", strings.Repeat("长", 200)} {
		got := unitFolder(unit)
		if strings.ContainsAny(got, "/\\\x1b\u202e") || got == ".." || got == "." || got == UploadFolder || got == "" {
			t.Errorf("unitFolder(%q) = %q is unsafe", unit, got)
		}
		if prev, dup := seen[got]; dup {
			t.Errorf("units %q and %q share folder %q", prev, unit, got)
		}
		seen[got] = unit
	}
}

func TestFetchNamesTheRealPort(t *testing.T) {
	fx := newFixture(t, nil)
	c, err := fx.dial(fx.zhang)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	files := newSessionFiles(nil, c.RemoteAddr())
	_, port, _ := strings.Cut(fx.addr, ":")
	got := files.Fetch(unitMeixi, 2024, "xlsx")
	want := "用 scp -P " + port + " 127.0.0.1:" + ExportPath(unitMeixi, 2024, "xlsx") + " . 下载（或用 sftp、WinSCP、Xftp）"
	if got != want {
		t.Fatalf("Fetch = %q\nwant   %q", got, want)
	}
	// A unit name a shell would split is quoted.
	got = files.Fetch("某某 街道（试点）", 2024, "xlsx")
	want = "用 scp -P " + port + " '127.0.0.1:" + ExportPath("某某 街道（试点）", 2024, "xlsx") + "' . 下载（或用 sftp、WinSCP、Xftp）"
	if got != want {
		t.Fatalf("Fetch = %q\nwant   %q", got, want)
	}
	if got := shellQuote("it's"); got != `'it'\''s'` {
		t.Fatalf("shellQuote = %s", got)
	}
}

func TestShutdownClosesSFTPSessions(t *testing.T) {
	fx := newFixture(t, nil)
	sc := fx.sftpClient(t, fx.zhang)
	if _, err := sc.ReadDir("/"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := fx.srv.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := sc.ReadDir("/"); err == nil {
		t.Fatal("sftp session still serves after shutdown")
	}
}

// An SFTP session counts towards the per-user cap.
func TestSFTPCountsTowardsPerUserCap(t *testing.T) {
	fx := newFixture(t, func(c *Config) { c.MaxSessionsPerUser = 1 })
	fx.sftpClient(t, fx.zhang)
	tm := fx.open(t, fx.zhang, 120, 40)
	tm.waitFor("每人上限", 5*time.Second)
}

// TestSFTPUploadWordAndExcel: last year's Word or Excel filing uploaded
// over SFTP reaches the session's import list and reads as a filing.
func TestSFTPUploadWordAndExcel(t *testing.T) {
	fx := newFixture(t, nil)
	sc := fx.sftpClient(t, fx.zhang)
	for _, name := range []string{"meixi-2024-sample-layout.docx", "meixi-2024-sample-layout.xlsx"} {
		content, err := os.ReadFile("../testdata/office/" + name)
		if err != nil {
			t.Fatal(err)
		}
		w, err := sc.Create(UploadFolder + "/" + name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if _, err := w.Write(content); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		files := newSessionFiles(newUploadArea(uploadsRoot(fx.db), "张三"), nil)
		got, err := files.Read(context.Background(), name)
		if err != nil || !bytes.Equal(got, content) {
			t.Fatalf("%s: read back %d bytes, %v", name, len(got), err)
		}
		f, _, err := filingfile.Decode(name, got)
		if err != nil || f.Unit != "岳阳市岳阳楼区梅溪街道办事处" || len(f.Overall.Indicators) != 16 {
			t.Fatalf("%s: imported %q with %d indicators, %v", name, f.Unit, len(f.Overall.Indicators), err)
		}
	}
}
