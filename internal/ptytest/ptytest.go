// Package ptytest runs the real jixiao binary in a pseudo-terminal for
// end-to-end tests and benchmarks: it builds the binary once per test run,
// starts it in a pty of a given size with a fixed environment, writes
// keystrokes, reads the output continuously into a byte log and a small
// terminal emulator (Screen), waits for text to appear on the screen,
// counts the bytes the program wrote, resizes, and kills it with SIGKILL.
//
// Typical use:
//
//	bin := ptytest.Build(t)
//	term := ptytest.Start(t, ptytest.Options{Binary: bin, DB: dbPath})
//	term.WaitFor(t, "新建填报", 5*time.Second)
//	term.Type("n")
//	...
//	term.Kill()
//
// Only Linux and other Unix systems with /dev/ptmx are supported.
package ptytest

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
)

var (
	buildOnce sync.Once
	buildDir  string
	buildBin  string
	buildErr  error
)

// goTool is the go command: from PATH, else from the GOROOT the test was
// built with.
func goTool() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return "go"
}

// ModuleRoot returns the directory of the module's go.mod (`go env GOMOD`).
func ModuleRoot() (string, error) {
	out, err := exec.Command(goTool(), "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", errors.New("not inside a Go module")
	}
	return filepath.Dir(mod), nil
}

// Build builds the jixiao binary (`go build -o DIR/jixiao .` in the module
// root) the first time it is called in a test process and returns its
// path; later calls return the same binary. Call Cleanup from TestMain to
// remove it.
func Build(tb testing.TB) string {
	tb.Helper()
	buildOnce.Do(func() {
		root, err := ModuleRoot()
		if err != nil {
			buildErr = err
			return
		}
		buildDir, err = os.MkdirTemp("", "jixiao-ptytest-")
		if err != nil {
			buildErr = err
			return
		}
		bin := filepath.Join(buildDir, "jixiao")
		cmd := exec.Command(goTool(), "build", "-buildvcs=false", "-o", bin, ".")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
			return
		}
		buildBin = bin
	})
	if buildErr != nil {
		tb.Fatal(buildErr)
	}
	return buildBin
}

// Cleanup removes the binary built by Build.
func Cleanup() {
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
}

// Options describe one run of the binary.
type Options struct {
	Binary string   // path from Build
	Args   []string // command-line arguments, e.g. "demo"
	// Cols and Rows are the terminal size; 0 means 120 × 40.
	Cols, Rows int
	// Home is used for HOME, XDG_DATA_HOME (HOME/.local/share) and as the
	// working directory; empty means a new temporary directory (removed at
	// the end of the test with Start, left behind with StartErr).
	Home string
	// DB is passed as JIXIAO_DB when not empty.
	DB string
	// Env adds or overrides variables (KEY=VALUE) of the fixed environment:
	// TERM=xterm-256color, LANG=zh_CN.UTF-8, LC_ALL unset, NO_COLOR unset,
	// PATH from the test process.
	Env []string
}

// Term is a running program in a pseudo-terminal.
type Term struct {
	cmd  *exec.Cmd
	ptmx *os.File

	mu      sync.Mutex
	log     []byte
	scr     *Screen
	changed chan struct{} // closed and replaced whenever output arrives
	readErr error
	start   time.Time
	first   time.Time // first output

	readDone  chan struct{}
	closeOnce sync.Once
	exited    chan struct{}
	exitErr   error
}

// Start runs the binary in a new pseudo-terminal. The program is killed
// when the test ends if it is still running.
func Start(tb testing.TB, o Options) *Term {
	tb.Helper()
	if o.Home == "" {
		o.Home = tb.TempDir()
	}
	t, err := StartErr(o)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { t.Kill() })
	return t
}

// StartErr is Start without a testing.TB; the caller must Kill the program.
func StartErr(o Options) (*Term, error) {
	if o.Cols == 0 {
		o.Cols = 120
	}
	if o.Rows == 0 {
		o.Rows = 40
	}
	if o.Home == "" {
		h, err := os.MkdirTemp("", "jixiao-ptyhome-")
		if err != nil {
			return nil, err
		}
		o.Home = h
	}
	env := map[string]string{
		"TERM":          "xterm-256color",
		"LANG":          "zh_CN.UTF-8",
		"HOME":          o.Home,
		"XDG_DATA_HOME": filepath.Join(o.Home, ".local", "share"),
		"PATH":          os.Getenv("PATH"),
	}
	if o.DB != "" {
		env["JIXIAO_DB"] = o.DB
	}
	for _, kv := range o.Env {
		k, v, _ := strings.Cut(kv, "=")
		env[k] = v
	}
	cmd := exec.Command(o.Binary, o.Args...)
	cmd.Dir = o.Home
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	t := &Term{cmd: cmd, scr: NewScreen(o.Cols, o.Rows), changed: make(chan struct{}),
		readDone: make(chan struct{}), exited: make(chan struct{})}
	t.start = time.Now()
	ptmx, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: uint16(o.Cols), Rows: uint16(o.Rows)})
	if err != nil {
		return nil, fmt.Errorf("start %s in a pty: %w", o.Binary, err)
	}
	t.ptmx = ptmx
	go t.read()
	go func() {
		t.exitErr = cmd.Wait()
		close(t.exited)
	}()
	return t, nil
}

func (t *Term) read() {
	defer close(t.readDone)
	buf := make([]byte, 64*1024)
	for {
		n, err := t.ptmx.Read(buf)
		if n > 0 {
			t.mu.Lock()
			if t.first.IsZero() {
				t.first = time.Now()
			}
			t.log = append(t.log, buf[:n]...)
			t.scr.Write(buf[:n])
			close(t.changed)
			t.changed = make(chan struct{})
			t.mu.Unlock()
		}
		if err != nil {
			t.mu.Lock()
			t.readErr = err
			close(t.changed)
			t.changed = make(chan struct{})
			t.mu.Unlock()
			return
		}
	}
}

// Started is when the program was started.
func (t *Term) Started() time.Time { return t.start }

// Pid is the program's process id.
func (t *Term) Pid() int { return t.cmd.Process.Pid }

// Write sends raw bytes (keys, escape sequences, pastes) to the program.
func (t *Term) Write(b []byte) error {
	_, err := t.ptmx.Write(b)
	return err
}

// Type sends s as typed text: each rune arrives as the terminal would send
// it (UTF-8); use the Key constants for special keys.
func (t *Term) Type(s string) error { return t.Write([]byte(s)) }

// Keys as an xterm sends them.
const (
	KeyEnter     = "\r"
	KeyTab       = "\t"
	KeyShiftTab  = "\x1b[Z"
	KeyBackspace = "\x7f"
	KeyEsc       = "\x1b"
	KeyUp        = "\x1b[A"
	KeyDown      = "\x1b[B"
	KeyRight     = "\x1b[C"
	KeyLeft      = "\x1b[D"
	KeyPgDn      = "\x1b[6~"
	KeyPgUp      = "\x1b[5~"
	KeyCtrlC     = "\x03"
	KeyCtrlN     = "\x0e"
	KeyCtrlP     = "\x10"
	KeyCtrlS     = "\x13"
	KeyEnd       = "\x1b[F"
)

// Bytes is the number of bytes the program has written to the terminal.
func (t *Term) Bytes() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.log)
}

// Log returns a copy of everything the program has written.
func (t *Term) Log() []byte {
	t.mu.Lock()
	defer t.mu.Unlock()
	return bytes.Clone(t.log)
}

// Screen returns the emulated screen's text.
func (t *Term) Screen() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.scr.String()
}

// Line returns one row of the emulated screen.
func (t *Term) Line(y int) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.scr.Line(y)
}

// Cursor returns the emulated cursor position (column, row; 0-based):
// where the program last left the terminal's cursor.
func (t *Term) Cursor() (x, y int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.scr.Cursor()
}

// Wait waits until cond holds for the screen's text, the program's output
// ends, or the timeout passes. It returns the screen it last saw.
func (t *Term) Wait(cond func(screen string) bool, timeout time.Duration) (string, error) {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		t.mu.Lock()
		scr, ch, rerr := t.scr.String(), t.changed, t.readErr
		t.mu.Unlock()
		if cond(scr) {
			return scr, nil
		}
		if rerr != nil {
			return scr, fmt.Errorf("program output ended (%v); screen:\n%s", rerr, scr)
		}
		select {
		case <-ch:
		case <-deadline.C:
			return scr, fmt.Errorf("timed out after %v; screen:\n%s", timeout, scr)
		}
	}
}

// WaitFor waits until text is on the screen and fails the test otherwise.
func (t *Term) WaitFor(tb testing.TB, text string, timeout time.Duration) string {
	tb.Helper()
	scr, err := t.Wait(func(s string) bool { return strings.Contains(s, text) }, timeout)
	if err != nil {
		tb.Fatalf("waiting for %q: %v", text, err)
	}
	return scr
}

// WaitQuiet waits until no output has arrived for quiet (or timeout
// passes) and reports whether it became quiet.
func (t *Term) WaitQuiet(quiet, timeout time.Duration) bool {
	end := time.Now().Add(timeout)
	for time.Now().Before(end) {
		t.mu.Lock()
		ch := t.changed
		t.mu.Unlock()
		select {
		case <-ch:
		case <-time.After(quiet):
			return true
		}
	}
	return false
}

// FirstOutput is when the program first wrote to the terminal (zero if
// it has not).
func (t *Term) FirstOutput() time.Time {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.first
}

// Resize changes the terminal size (the program gets SIGWINCH).
func (t *Term) Resize(cols, rows int) error {
	t.mu.Lock()
	t.scr.Resize(cols, rows)
	t.mu.Unlock()
	return pty.Setsize(t.ptmx, &pty.Winsize{Cols: uint16(cols), Rows: uint16(rows)})
}

// Kill sends SIGKILL (if the program still runs), waits for it and closes
// the pty. It is safe to call more than once.
func (t *Term) Kill() {
	select {
	case <-t.exited:
	default:
		t.cmd.Process.Signal(syscall.SIGKILL)
		<-t.exited
	}
	t.closePty()
}

// Signal sends sig (SIGHUP, SIGTERM, SIGINT …) to the program.
func (t *Term) Signal(sig os.Signal) error { return t.cmd.Process.Signal(sig) }

// CloseMaster closes the pty's master side, as a closed terminal window
// or a dropped SSH connection does, leaving the program running (the
// kernel sends it SIGHUP); WaitExit then waits for it to end.
func (t *Term) CloseMaster() { t.closePty() }

// WaitExit waits for the program to exit by itself and returns its exit
// error (nil for status 0).
func (t *Term) WaitExit(timeout time.Duration) error {
	select {
	case <-t.exited:
		t.closePty()
		return t.exitErr
	case <-time.After(timeout):
		return fmt.Errorf("program still running after %v", timeout)
	}
}

func (t *Term) closePty() {
	t.closeOnce.Do(func() { t.ptmx.Close() })
	<-t.readDone
}

// Exited reports whether the program has exited.
func (t *Term) Exited() bool {
	select {
	case <-t.exited:
		return true
	default:
		return false
	}
}
