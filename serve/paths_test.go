package serve

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"jixiao/internal/sample"
)

const keyCtrlN = "\x0e"

// serverFiles snapshots the files a session must never write.
func (fx *fixture) serverFiles(t *testing.T) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, p := range []string{fx.db, fx.keysPath, fx.srv.HostKeyPath()} {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out[p] = b
	}
	return out
}

// Issue 11, finding 1: 张三 exported over the authorized_keys file (and
// the database and the host key) from 复核与导出. In serve mode the export
// keys only say how to fetch the file; no path is asked for.
func TestSessionExportOffersNoServerPath(t *testing.T) {
	fx := newFixture(t, nil)
	tm := fx.open(t, fx.zhang, 120, 40)
	openMeixi(t, tm)
	before := fx.serverFiles(t)
	mk := tm.mark()
	for i := 0; i < 12 && !tm.seenSince(mk, "导出Excel"); i++ {
		tm.send(keyCtrlN)
		time.Sleep(100 * time.Millisecond)
	}
	tm.waitSince(mk, "导出Excel", 5*time.Second)
	_, port, _ := strings.Cut(fx.addr, ":")
	for _, k := range []string{"m", "x", "j"} {
		mk = tm.mark()
		tm.send(k)
		tm.waitSince(mk, "用 scp -P "+port+" 127.0.0.1:", 5*time.Second)
		tm.send(keyEsc)
		time.Sleep(100 * time.Millisecond)
	}
	// What the attacker typed next: a server path and "yes".
	tm.send("m")
	for _, p := range []string{fx.keysPath, fx.db, fx.srv.HostKeyPath()} {
		tm.send(p + keyEnter + "y" + keyEnter)
	}
	time.Sleep(300 * time.Millisecond)
	if strings.Contains(tm.text(), "已导出到") {
		t.Fatalf("exported to a server path:\n%s", tail(tm.text(), 800))
	}
	for p, b := range before {
		if now, err := os.ReadFile(p); p != fx.db && (err != nil || !bytes.Equal(now, b)) {
			t.Errorf("%s changed (%v)", p, err)
		}
	}
	// The database itself changes only through saves; it must still open
	// with both filings.
	ms, err := fx.store(t).List()
	if err != nil || len(ms) != 2 {
		t.Fatalf("database after the attempt: %d filings, %v", len(ms), err)
	}
	if _, err := fx.dial(fx.zhang); err != nil {
		t.Fatalf("authorized_keys no longer works: %v", err)
	}
}

// Issue 11, finding 2: import read any server path (/dev/zero, a FIFO).
// In serve mode the import dialog lists the upload folder only.
func TestSessionImportReadsOnlyUploads(t *testing.T) {
	fx := newFixture(t, nil)
	tm := fx.open(t, fx.zhang, 120, 40)
	tm.waitFor("梅溪", 5*time.Second)
	tm.send("i")
	tm.waitFor("上传/ 文件夹中还没有文件", 5*time.Second)
	mk := tm.mark()
	tm.send("/dev/zero" + keyEnter)
	time.Sleep(300 * time.Millisecond)
	// The r of "/dev/zero" refreshes the upload list ("正在读取上传文件夹…"),
	// which is not reading a file: only the bare "正在读取…" of an import is.
	if tm.seenSince(mk, "/dev/zero") || tm.seenSince(mk, "正在读取…") || tm.seenSince(mk, "正在读取...") {
		t.Fatalf("a typed path was taken:\n%s", tail(tm.text(), 800))
	}
	sc := fx.sftpClient(t, fx.zhang)
	data := sample.JSON()
	f, err := sc.Create(UploadFolder + "/新的.json")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	mk = tm.mark()
	tm.send(keyEsc)
	time.Sleep(100 * time.Millisecond)
	tm.send("i")
	tm.waitSince(mk, "新的.json", 5*time.Second)
	tm.send(keyEnter)
	deadline := time.Now().Add(5 * time.Second)
	for {
		ms, err := fx.store(t).List()
		if err == nil && len(ms) == 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("upload not imported (%d filings, %v):\n%s", len(ms), err, tail(tm.text(), 800))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// seenSince reports whether the stripped output after mark contains s.
func (tm *term) seenSince(mark int, s string) bool {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return strings.Contains(ansi.Strip(tm.out.String()[mark:]), s)
}
