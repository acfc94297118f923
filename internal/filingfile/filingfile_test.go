package filingfile

import (
	"context"
	"errors"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"jixiao/domain"
	"jixiao/internal/sample"
)

// readWithin runs Read and fails the test if it does not return within 5 s
// (a FIFO must not block it).
func readWithin(t *testing.T, ctx context.Context, path string) ([]byte, error) {
	t.Helper()
	type result struct {
		data []byte
		err  error
	}
	ch := make(chan result, 1)
	go func() {
		d, err := Read(ctx, path)
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

// TestRefusesNonRegular: directories, devices, FIFOs and sockets are
// refused (ErrNotRegular) with a Chinese message naming the path, without
// blocking; a missing file is fs.ErrNotExist.
func TestRefusesNonRegular(t *testing.T) {
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
	for _, tc := range []struct {
		path, want string
		kind       error
	}{
		{"/dev/zero", "是一个设备文件，不是普通文件，不能导入", ErrNotRegular},
		{fifo, "是一个管道（FIFO），不是普通文件，不能导入", ErrNotRegular},
		{sock, "是一个套接字，不是普通文件，不能导入", ErrNotRegular},
		{dir, "是一个目录，不是可导入的文件", ErrNotRegular},
		{filepath.Join(dir, "none.json"), "找不到文件 ", fs.ErrNotExist},
	} {
		data, err := readWithin(t, context.Background(), tc.path)
		if err == nil || data != nil {
			t.Fatalf("%s: read %d bytes, err %v", tc.path, len(data), err)
		}
		if !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), tc.path) || !errors.Is(err, tc.kind) {
			t.Errorf("%s: message %q, want %q, the path and %v", tc.path, err, tc.want, tc.kind)
		}
	}
}

// TestSizeLimit: a file over MaxSize is refused (ErrTooLarge) and the
// message quotes none of its bytes; exactly MaxSize is read.
func TestSizeLimit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.json")
	if err := os.WriteFile(path, []byte(`{"format":"SECRET-CONTENT-4711"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(path, MaxSize+1); err != nil {
		t.Fatal(err)
	}
	_, err := readWithin(t, context.Background(), path)
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "太大（超过 50MB），不是填报文件") || strings.Contains(err.Error(), "SECRET") {
		t.Fatalf("MaxSize+1 bytes: %v", err)
	}
	if err := os.Truncate(path, MaxSize); err != nil {
		t.Fatal(err)
	}
	if data, err := readWithin(t, context.Background(), path); err != nil || len(data) != MaxSize {
		t.Fatalf("MaxSize bytes: %d, %v", len(data), err)
	}
}

// TestCancelled: a done context stops the read, in Chinese, and the error
// matches both ErrCancelled and the context's error.
func TestCancelled(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.json")
	if err := os.WriteFile(path, []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := readWithin(t, ctx, path)
	if !errors.Is(err, ErrCancelled) || !errors.Is(err, context.Canceled) || err.Error() != "已取消读取 "+path {
		t.Fatalf("cancelled: %v", err)
	}
	ctx, cancel = context.WithTimeout(context.Background(), time.Nanosecond)
	defer cancel()
	<-ctx.Done()
	if _, err := readWithin(t, ctx, path); !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "超时") {
		t.Fatalf("deadline: %v", err)
	}
}

// TestReadFiling: "~/" is the home directory; a valid filing decodes; an
// invalid one names the (escaped) path and domain's reason, never the
// file's other content, and unwraps to the *domain.DecodeError.
func TestReadFiling(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	if err := os.WriteFile(filepath.Join(home, "f.json"), sample.JSON(), 0o600); err != nil {
		t.Fatal(err)
	}
	f, _, err := ReadFiling(context.Background(), " ~/f.json ")
	if err != nil || f.Year != 2024 {
		t.Fatalf("sample: %v", err)
	}
	bad := filepath.Join(home, "bad\x1b[31m.json")
	if err := os.WriteFile(bad, []byte(`{"format":"other","secret":"SECRET-4711"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	_, _, err = ReadFiling(context.Background(), bad)
	var de *domain.DecodeError
	if err == nil || !errors.As(err, &de) {
		t.Fatalf("bad filing: %v", err)
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, filepath.Join(home, `bad\x1b[31m.json`)+"：") || strings.Contains(msg, "\x1b") || strings.Contains(msg, "SECRET") {
		t.Errorf("message %q", msg)
	}
	if _, err := Read(context.Background(), "  "); err == nil || err.Error() != "请输入要导入的文件（JSON、Word 或 Excel）的路径" {
		t.Errorf("empty path: %v", err)
	}
}

// TestDecodeOffice: a .docx or .xlsx path is read by the importer, its
// report returned as import.* findings; a broken one names the path.
func TestDecodeOffice(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "office", "yunnan-lijiang-weipian-2020.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	f, findings, err := Decode("卫片.XLSX", data)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Projects) != 1 || f.Projects[0].Funds.Total.Executed.Text() != "7.29" {
		t.Errorf("imported %d tables, 全年执行数 %v", len(f.Projects), f.Projects)
	}
	if len(findings) == 0 || !strings.HasPrefix(findings[0].Code, "import.") {
		t.Errorf("findings %v, want the import report", findings)
	}
	_, _, err = Decode("/tmp/坏.docx", []byte("not a zip"))
	var e *Error
	if !errors.As(err, &e) || !strings.Contains(e.Msg, "/tmp/坏.docx") || !strings.Contains(e.Msg, "不是有效的 Word 文档") {
		t.Errorf("broken docx: %v", err)
	}
}
