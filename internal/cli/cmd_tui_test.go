package cli

import (
	"bytes"
	"io"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/charmbracelet/colorprofile"

	"jixiao/domain"
	"jixiao/persist"
	"jixiao/tui"
)

func TestTUIWithoutTerminalExits2(t *testing.T) {
	for _, args := range [][]string{nil, {"demo"}} {
		var out, errb bytes.Buffer
		code := run(args, &App{stdin: strings.NewReader(""), stdout: &out, stderr: &errb})
		if code != exitUsage {
			t.Fatalf("%v: exit %d, want %d", args, code, exitUsage)
		}
		if lines := strings.Count(strings.TrimSpace(errb.String()), "\n"); lines != 0 || !strings.Contains(errb.String(), "终端") {
			t.Fatalf("%v: want one Chinese line, got %q", args, errb.String())
		}
	}
}

// TestTUIHelp: jixiao and jixiao demo each describe themselves.
func TestTUIHelp(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{{[]string{"--ascii", "--help"}, "用法：jixiao [--db 路径]"}, {[]string{"demo", "--help"}, "用法：jixiao demo"}} {
		code, out, _ := storeRun(t, tc.args...)
		if code != exitOK || !strings.HasPrefix(out, tc.want) {
			t.Errorf("%v: exit %d, %q", tc.args, code, out)
		}
	}
}

// syncBuffer is a bytes.Buffer safe for the program's writer and the
// test's reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestRunProgramSavesOnSIGTERM: runProgram catches SIGTERM, has the model
// save what was typed (well before the autosave) and ends with exit 0,
// saying so on stderr.
func TestRunProgramSavesOnSIGTERM(t *testing.T) {
	db := storeDB(t)
	s, err := persist.Open(db, persist.Options{})
	if err != nil {
		t.Fatal(err)
	}
	meta, err := s.Create(domain.NewFiling("信号测试单位", 2024))
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	e := &App{stdout: &syncBuffer{}, stderr: &syncBuffer{}}
	store, err := openTUIStore(e, db, "测试")
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	in, typing := io.Pipe()
	defer typing.Close()
	e.stdin = in
	opts := tui.Options{Store: store, User: "测试", Profile: colorprofile.Ascii, Width: 120, Height: 40, OpenID: meta.ID}
	done := make(chan int, 1)
	go func() { done <- runProgram(e, opts) }()
	out := e.stdout.(*syncBuffer)
	for end := time.Now().Add(10 * time.Second); !strings.Contains(out.String(), "预算单位名称"); {
		if time.Now().After(end) {
			t.Fatalf("the wizard did not open:\n%s", out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	typing.Write([]byte("甲乙"))
	// The renderer sends only the changed cells: 乙 on the screen means
	// both keys were handled.
	for end := time.Now().Add(10 * time.Second); !strings.Contains(out.String(), "乙"); {
		if time.Now().After(end) {
			t.Fatalf("the typing was not shown:\n%s", out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	var code int
	select {
	case code = <-done:
	case <-time.After(15 * time.Second):
		t.Fatal("runProgram did not end after SIGTERM")
	}
	if msg := e.stderr.(*syncBuffer).String(); code != exitOK || !strings.Contains(msg, "您的修改已保存") {
		t.Fatalf("exit %d, stderr %q", code, msg)
	}
	s, err = persist.Open(db, persist.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if f, _, _ := s.Get(meta.ID); f.Unit != "信号测试单位甲乙" {
		t.Fatalf("stored unit %q", f.Unit)
	}
}
