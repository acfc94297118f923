package ptytest_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"jixiao/internal/ptytest"
	"jixiao/persist"
	"jixiao/tui"
)

var (
	benchDBMu sync.Mutex
	benchDBs  = map[int]string{}
)

// benchDB returns a database holding n copies of the bundled sample (units
// 测试单位0001 …), created once per test binary.
func benchDB(b *testing.B, n int) string {
	b.Helper()
	benchDBMu.Lock()
	defer benchDBMu.Unlock()
	if p, ok := benchDBs[n]; ok {
		return p
	}
	dir := filepath.Join(benchTmp, fmt.Sprintf("db%d", n))
	if err := os.MkdirAll(dir, 0o700); err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(dir, "jixiao.db")
	s, err := persist.Open(path, persist.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	for i := range n {
		f := tui.Sample()
		f.Unit = fmt.Sprintf("测试单位%04d", i+1)
		if _, err := s.Create(f); err != nil {
			b.Fatal(err)
		}
	}
	benchDBs[n] = path
	return path
}

// sampleDB creates a database in a new temporary directory holding the
// bundled sample once (unit 测试单位0001), for a run that must not see what
// another run typed and saved.
func sampleDB(b *testing.B) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), "jixiao.db")
	s, err := persist.Open(path, persist.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	f := tui.Sample()
	f.Unit = "测试单位0001"
	if _, err := s.Create(f); err != nil {
		b.Fatal(err)
	}
	return path
}

// focusLine is the line with the focus marker.
func focusedLine(scr string) string {
	for _, l := range strings.Split(scr, "\n") {
		if strings.Contains(l, "› ") {
			return l
		}
	}
	return ""
}

// BenchmarkStartup measures the real binary in a pty (120×40) from exec to
// the first frame showing the filing list with its filings, on a database
// of 1 and of 1,000 filings. ns/op is that time; title-ms is the time to
// the first frame with the title, first-byte-ms to the first output.
func BenchmarkStartup(b *testing.B) {
	bin := ptytest.Build(b)
	for _, n := range []int{1, 1000} {
		b.Run(fmt.Sprintf("filings=%d", n), func(b *testing.B) {
			db := benchDB(b, n)
			home := b.TempDir()
			var title, first time.Duration
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				term, err := ptytest.StartErr(ptytest.Options{Binary: bin, DB: db, Home: home})
				if err != nil {
					b.Fatal(err)
				}
				var tTitle time.Time
				_, err = term.Wait(func(scr string) bool {
					if tTitle.IsZero() && strings.Contains(scr, "预算单位整体支出绩效自评") {
						tTitle = time.Now()
					}
					return strings.Contains(focusedLine(scr), "测试单位")
				}, 20*time.Second)
				b.StopTimer()
				if err != nil {
					term.Kill()
					b.Fatal(err)
				}
				title += tTitle.Sub(term.Started())
				first += term.FirstOutput().Sub(term.Started())
				term.Kill()
				b.StartTimer()
			}
			b.ReportMetric(float64(title.Milliseconds())/float64(b.N), "title-ms")
			b.ReportMetric(float64(first.Microseconds())/1000/float64(b.N), "first-byte-ms")
		})
	}
}

// keyBytes types key and returns the bytes the program wrote in answer
// (until no output for 80 ms).
func keyBytes(t *ptytest.Term, key string) int {
	before := t.Bytes()
	t.Type(key)
	t.WaitQuiet(80*time.Millisecond, 2*time.Second)
	return t.Bytes() - before
}

// BenchmarkPTYBytes runs the real binary in a pty (120×40,
// TERM=xterm-256color, LANG=zh_CN.UTF-8, colours on) on the sample and
// counts the bytes it writes to the terminal: per keystroke typing 40
// Chinese characters into 填表人, per keystroke typing amounts into 附件2
// 全年执行数 (every digit changes 执行率, 执行率得分, 总分 in the score
// panel), and during 10 s of idle after the autosave (3 s with -short),
// which must be 0.
func BenchmarkPTYBytes(b *testing.B) {
	bin := ptytest.Build(b)
	idle := 10 * time.Second
	if testing.Short() {
		idle = 3 * time.Second
	}
	for i := 0; i < b.N; i++ {
		// A fresh sample each time: the run autosaves what it typed.
		term := ptytest.Start(b, ptytest.Options{Binary: bin, DB: sampleDB(b)})
		wait := func(what string, cond func(string) bool) {
			if _, err := term.Wait(cond, 20*time.Second); err != nil {
				b.Fatalf("waiting for %s: %v", what, err)
			}
			term.WaitQuiet(100*time.Millisecond, 2*time.Second)
		}
		wait("the list", func(s string) bool { return strings.Contains(focusedLine(s), "测试单位") })
		term.Type(ptytest.KeyEnter)
		wait("the wizard", func(s string) bool { return strings.Contains(focusedLine(s), "预算单位名称") })
		term.Type(ptytest.KeyTab + ptytest.KeyTab)
		wait("填表人", func(s string) bool { return strings.Contains(focusedLine(s), "填表人") })
		keyBytes(term, "冯") // the first change also changes the save state
		text := []rune("梅溪街道办事处财务室绩效自评填报人员测试中文输入法候选窗口位置正确无误的一段文字内容")
		const n = 40
		cjk := 0
		for k := range n {
			cjk += keyBytes(term, string(text[k%len(text)]))
		}
		if !strings.Contains(focusedLine(term.Screen()), string(text[n-4:n])) {
			b.Fatalf("typed text not shown:\n%s", term.Screen())
		}
		// 附件2 资金与收支, 全年执行数: clear it (Ctrl+U), type 4 digits, 10 times.
		term.Type(ptytest.KeyCtrlN + ptytest.KeyCtrlN + ptytest.KeyCtrlN)
		wait("资金与收支", func(s string) bool { return strings.Contains(focusedLine(s), "年度资金总额") })
		term.Type(ptytest.KeyTab + ptytest.KeyTab)
		term.WaitQuiet(100*time.Millisecond, 2*time.Second)
		amounts := 0
		rates := map[string]bool{}
		for k := range 10 {
			keyBytes(term, "\x15") // Ctrl+U
			for _, d := range []string{"1", "2", "3", fmt.Sprint(k)} {
				amounts += keyBytes(term, d)
				for _, l := range strings.Split(term.Screen(), "\n") {
					if i := strings.Index(l, "执行率得分"); i >= 0 {
						rates[strings.TrimSpace(l[i:])] = true
					}
				}
			}
		}
		if len(rates) < 5 {
			b.Fatalf("the score panel did not follow the amounts: %v\n%s", rates, term.Screen())
		}
		// Autosave 2 s after the last key, then idle.
		time.Sleep(2500 * time.Millisecond)
		term.WaitQuiet(200*time.Millisecond, 3*time.Second)
		if !strings.Contains(term.Line(39), "已保存") {
			b.Errorf("not saved after 2.5 s: %q", term.Line(39))
		}
		before := term.Bytes()
		time.Sleep(idle)
		idleBytes := term.Bytes() - before
		term.Kill()
		b.ReportMetric(float64(cjk)/n, "bytes/key-chinese")
		b.ReportMetric(float64(amounts)/40, "bytes/key-amount")
		b.ReportMetric(float64(idleBytes), fmt.Sprintf("idle-bytes/%ds", int(idle.Seconds())))
		if idleBytes != 0 {
			b.Errorf("%d bytes written while idle", idleBytes)
		}
	}
}

var (
	peerOnce sync.Once
	peerBin  string
	peerErr  error
)

// buildPeer builds the reference program internal/ptytest/peer (its own
// module, pinning Bubble Tea v2.0.10 and bubbles v2.2.1) once per test
// binary, next to the benchmark databases.
func buildPeer(b *testing.B) string {
	b.Helper()
	peerOnce.Do(func() {
		root, err := ptytest.ModuleRoot()
		if err != nil {
			peerErr = err
			return
		}
		bin := filepath.Join(benchTmp, "peer")
		cmd := exec.Command("go", "build", "-buildvcs=false", "-o", bin, ".")
		cmd.Dir = filepath.Join(root, "internal", "ptytest", "peer")
		if out, err := cmd.CombinedOutput(); err != nil {
			peerErr = fmt.Errorf("go build (internal/ptytest/peer): %v\n%s", err, out)
			return
		}
		peerBin = bin
	})
	if peerErr != nil {
		b.Fatal(peerErr)
	}
	return peerBin
}

// keystrokeBudget is the most jixiao may write per Chinese keystroke typed
// at the end of a form field: what a page of bubbles text inputs with the
// real cursor writes on Bubble Tea v2.0.x (20 B, see docs/benchmarks.md).
const keystrokeBudget = 20

// typeKeys types each rune of text as one keystroke, waits until the
// screen settles after each (no output for 80 ms), and returns the bytes
// written per keystroke and the output of the last one.
func typeKeys(b *testing.B, term *ptytest.Term, text []rune) (perKey float64, last []byte) {
	b.Helper()
	total := 0
	for _, r := range text {
		before := term.Bytes()
		if err := term.Type(string(r)); err != nil {
			b.Fatal(err)
		}
		term.WaitQuiet(80*time.Millisecond, 2*time.Second)
		log := term.Log()
		total += len(log) - before
		last = log[before:]
	}
	return float64(total) / float64(len(text)), last
}

// BenchmarkKeystrokeBytes types the same Chinese characters, one keystroke
// each, at the end of a form field in two programs run side by side in a
// 120×40 pseudo-terminal (TERM=xterm-256color, LANG=zh_CN.UTF-8):
//
//   - jixiao: the real binary on the sample, wizard step 1, field 填表人
//     (value 冯金彪冯 after one warm-up keystroke, which also changes the
//     save state; row 6, value from column 49);
//   - peer: internal/ptytest/peer, a page of twelve bubbles text inputs
//     with the real cursor on Bubble Tea v2.0.10 (before the drift
//     repaint), the focused one at the same row and column with the same
//     value.
//
// Start-up and the warm-up are excluded; after each keystroke the screen
// settles before the next. It reports jixiao-B/key and peer-B/key, logs
// the last keystroke's bytes of each (%q, with -v), and fails when jixiao
// writes more than keystrokeBudget bytes per keystroke or either program
// does not show the typed text with the cursor after it.
func BenchmarkKeystrokeBytes(b *testing.B) {
	bin := ptytest.Build(b)
	peer := buildPeer(b)
	// 12 characters fit in 填表人 without scrolling it.
	text := []rune("梅溪街道办事处财务室绩效")
	var jixiao, ref float64
	for i := 0; i < b.N; i++ {
		// jixiao, on a fresh copy of the sample (its 填表人 is 冯金彪)
		term := ptytest.Start(b, ptytest.Options{Binary: bin, DB: sampleDB(b)})
		wait := func(what string, cond func(string) bool) {
			if _, err := term.Wait(cond, 20*time.Second); err != nil {
				b.Fatalf("waiting for %s: %v", what, err)
			}
			term.WaitQuiet(100*time.Millisecond, 2*time.Second)
		}
		wait("the list", func(s string) bool { return strings.Contains(focusedLine(s), "测试单位") })
		term.Type(ptytest.KeyEnter)
		wait("the wizard", func(s string) bool { return strings.Contains(focusedLine(s), "预算单位名称") })
		term.Type(ptytest.KeyTab + ptytest.KeyTab)
		wait("填表人", func(s string) bool { return strings.Contains(focusedLine(s), "填表人") })
		term.Type("冯")
		wait("the warm-up keystroke", func(s string) bool { return strings.Contains(focusedLine(s), "冯金彪冯") })
		x0, y0 := term.Cursor()
		perKey, last := typeKeys(b, term, text)
		checkTyped(b, "jixiao", term, x0, y0, text)
		term.Kill()
		jixiao += perKey
		b.Logf("jixiao, one keystroke: %q", last)

		// peer, its field where jixiao's is
		p := ptytest.Start(b, ptytest.Options{Binary: peer,
			Args: []string{"-row", fmt.Sprint(y0), "-col", fmt.Sprint(x0 - 8), "-value", "冯金彪冯"}})
		if _, err := p.Wait(func(s string) bool { return strings.Contains(s, "冯金彪冯") }, 20*time.Second); err != nil {
			b.Fatalf("waiting for the peer: %v", err)
		}
		p.WaitQuiet(100*time.Millisecond, 2*time.Second)
		if x, y := p.Cursor(); x != x0 || y != y0 {
			b.Fatalf("peer cursor at %d,%d, jixiao's at %d,%d:\n%s", x, y, x0, y0, p.Screen())
		}
		perKey, last = typeKeys(b, p, text)
		checkTyped(b, "peer", p, x0, y0, text)
		p.Kill()
		ref += perKey
		b.Logf("peer, one keystroke: %q", last)
	}
	jixiao /= float64(b.N)
	ref /= float64(b.N)
	b.ReportMetric(jixiao, "jixiao-B/key")
	b.ReportMetric(ref, "peer-B/key")
	if jixiao > keystrokeBudget {
		b.Errorf("jixiao writes %.1f bytes per Chinese keystroke, budget %d (peer: %.1f)", jixiao, keystrokeBudget, ref)
	}
}

// checkTyped fails unless row y0 shows text from column x0 and the
// terminal's cursor stands right after it.
func checkTyped(b *testing.B, name string, term *ptytest.Term, x0, y0 int, text []rune) {
	b.Helper()
	if line := term.Line(y0); !strings.Contains(line, string(text)) {
		b.Fatalf("%s: typed text not shown in row %d: %q", name, y0, line)
	}
	if x, y := term.Cursor(); x != x0+2*len(text) || y != y0 {
		b.Fatalf("%s: cursor at %d,%d after typing, want %d,%d:\n%s", name, x, y, x0+2*len(text), y0, term.Screen())
	}
}
