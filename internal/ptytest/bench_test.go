package ptytest_test

import (
	"fmt"
	"os"
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
	db := benchDB(b, 1)
	idle := 10 * time.Second
	if testing.Short() {
		idle = 3 * time.Second
	}
	for i := 0; i < b.N; i++ {
		term := ptytest.Start(b, ptytest.Options{Binary: bin, DB: db})
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
