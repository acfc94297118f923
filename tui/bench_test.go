package tui

import (
	"fmt"
	"io"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/charmbracelet/colorprofile"

	"jixiao/domain"
	"jixiao/store/storetest"
)

// bigFiling is the sample with 30 附件3 tables, each with the sample's
// indicator rows.
func bigFiling(t testing.TB) *domain.Filing {
	f := loadSample(t)
	for i := range 30 {
		p := domain.NewProject(fmt.Sprintf("项目%02d", i+1))
		p.Funds.Total = f.Overall.Funds
		p.Funds.CurrentYear = f.Overall.Funds
		p.Goals = f.Overall.Goals
		p.Indicators = append([]domain.Indicator(nil), f.Overall.Indicators...)
		f.Projects = append(f.Projects, p)
	}
	return f
}

// benchKeystroke measures Update+View for one keystroke typed into
// 全年执行数 on the 附件2 资金与收支 step.
func benchKeystroke(b *testing.B, f *domain.Filing) {
	m := opened(b, f, 120, 40)
	m.wiz.enter(stepFunds)
	m.wiz.form().focusKey("overall.funds.executed")
	keys := []tea.KeyPressMsg{kp("1"), kp("backspace")}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.Update(keys[i%2])
		_ = m.View()
	}
}

func BenchmarkKeystrokeFundsSample(b *testing.B)     { benchKeystroke(b, loadSample(b)) }
func BenchmarkKeystrokeFunds30Projects(b *testing.B) { benchKeystroke(b, bigFiling(b)) }

// countingWriter counts the bytes written to the "terminal".
type countingWriter struct{ n atomic.Int64 }

func (c *countingWriter) Write(p []byte) (int, error) {
	c.n.Add(int64(len(p)))
	return len(p), nil
}

// BenchmarkTerminalBytes runs the real program with its output going to a
// counting writer and its input from a pipe, types Chinese into the 填表人
// field and reports the bytes written per keystroke, then the bytes
// written while idle for 3 s (must be 0).
func BenchmarkTerminalBytes(b *testing.B) {
	store := storetest.New()
	meta, _ := store.Create(loadSample(b))
	out := &countingWriter{}
	pr, pw := io.Pipe()
	m := New(Options{Store: store, Profile: colorprofile.ANSI256, Width: 120, Height: 40, OpenID: meta.ID})
	p := tea.NewProgram(m, tea.WithInput(pr), tea.WithOutput(out), tea.WithWindowSize(120, 40),
		tea.WithColorProfile(colorprofile.ANSI256), tea.WithoutSignals(), tea.WithEnvironment([]string{"TERM=xterm-256color", "LANG=zh_CN.UTF-8"}))
	done := make(chan struct{})
	go func() { p.Run(); close(done) }()
	settle := func() { time.Sleep(60 * time.Millisecond) }
	time.Sleep(300 * time.Millisecond)
	pw.Write([]byte("\t\t")) // 单位名称 → 年度 → 填表人
	settle()
	// Warm up: the first change also updates the save state.
	pw.Write([]byte("冯"))
	settle()
	const n = 40
	text := []rune("梅溪街道办事处财务室绩效自评填报人员测试中文输入法候选窗口位置正确无误的一段文字内容")
	before := out.n.Load()
	for i := range n {
		pw.Write([]byte(string(text[i%len(text)])))
		settle()
	}
	perKey := float64(out.n.Load()-before) / n
	// Let the autosave (2 s after the last key) happen, then measure idle.
	time.Sleep(2500 * time.Millisecond)
	idleStart := out.n.Load()
	time.Sleep(3 * time.Second)
	idle := out.n.Load() - idleStart
	p.Quit()
	pw.Close()
	<-done
	b.ReportMetric(perKey, "bytes/key")
	b.ReportMetric(float64(idle), "idle-bytes/3s")
	for i := 0; i < b.N; i++ {
	}
}

// huhModel wraps a huh v2 form for the byte comparison.
type huhModel struct{ f *huh.Form }

func (h huhModel) Init() tea.Cmd { return h.f.Init() }
func (h huhModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m, c := h.f.Update(msg)
	h.f = m.(*huh.Form)
	return h, c
}
func (h huhModel) View() tea.View {
	v := tea.NewView(h.f.View())
	v.AltScreen = true
	return v
}

// BenchmarkHuhTerminalBytes is the reference: a huh v2 form of twelve
// inputs with Chinese titles and values, typed into with Chinese, in the
// same harness as BenchmarkTerminalBytes.
func BenchmarkHuhTerminalBytes(b *testing.B) {
	var fields []huh.Field
	for i := range 12 {
		s := ""
		if i > 0 {
			s = "岳阳市岳阳楼区梅溪街道办事处"
		}
		fields = append(fields, huh.NewInput().Title("填表人联系电话单位负责人").Value(&s))
	}
	out := &countingWriter{}
	pr, pw := io.Pipe()
	p := tea.NewProgram(huhModel{f: huh.NewForm(huh.NewGroup(fields...)).WithHeight(40)}, tea.WithInput(pr), tea.WithOutput(out),
		tea.WithWindowSize(120, 40), tea.WithColorProfile(colorprofile.ANSI256), tea.WithoutSignals(),
		tea.WithEnvironment([]string{"TERM=xterm-256color", "LANG=zh_CN.UTF-8"}))
	done := make(chan struct{})
	go func() { p.Run(); close(done) }()
	time.Sleep(300 * time.Millisecond)
	const n = 20
	before := out.n.Load()
	for range n {
		pw.Write([]byte("梅"))
		time.Sleep(60 * time.Millisecond)
	}
	b.ReportMetric(float64(out.n.Load()-before)/n, "bytes/key")
	p.Quit()
	pw.Close()
	<-done
	for i := 0; i < b.N; i++ {
	}
}

// benchGrid measures Update+View for one keystroke typed into the
// 实际完成值 cell being edited in the 附件2 indicator grid.
func benchGrid(b *testing.B, f *domain.Filing) {
	m := opened(b, f, 120, 40)
	m.wiz.enter(stepIndicators)
	g := m.wiz.comp().(*gridStep).g
	g.jump("overall.indicators.4.actual")
	m.Update(kp("enter"))
	keys := []tea.KeyPressMsg{kp("1"), kp("backspace")}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.Update(keys[i%2])
		_ = m.View()
	}
}

func BenchmarkKeystrokeGrid16Rows(b *testing.B)     { benchGrid(b, loadSample(b)) }
func BenchmarkKeystrokeGrid80Rows(b *testing.B)     { benchGrid(b, manyRows(b, 80)) }
func BenchmarkKeystrokeGrid30Projects(b *testing.B) { benchGrid(b, bigFiling(b)) }

// BenchmarkKeystrokeProjectGrid30 types into the grid of the 30th 附件3
// table of a 30-table filing.
func BenchmarkKeystrokeProjectGrid30(b *testing.B) {
	m := opened(b, bigFiling(b), 120, 40)
	m.wiz.jump(domain.Location{Attachment: 3, Project: 29, Path: "projects.29.indicators.4.actual"})
	m.Update(kp("enter"))
	keys := []tea.KeyPressMsg{kp("1"), kp("backspace")}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.Update(keys[i%2])
		_ = m.View()
	}
}

// BenchmarkKeystrokeGrid160Rows shows that beyond a full screen the cost
// no longer depends on the number of rows.
func BenchmarkKeystrokeGrid160Rows(b *testing.B) { benchGrid(b, manyRows(b, 160)) }
