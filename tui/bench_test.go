package tui

import (
	"fmt"
	"testing"

	tea "charm.land/bubbletea/v2"
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

// BenchmarkKeystrokeServeSession is what one typing session of the serve
// load test (serve/loadtest) costs the server's model: a Chinese character
// and Backspace typed into 填表人 at 120×40 with the 256-colour styles of
// an xterm-256color pty, Update plus View.
func BenchmarkKeystrokeServeSession(b *testing.B) {
	store := storetest.New()
	store.Now = fixedClock
	f := loadSample(b)
	meta, err := store.Create(f)
	if err != nil {
		b.Fatal(err)
	}
	m := New(Options{Store: store, Profile: colorprofile.ANSI256, Width: 120, Height: 40, Now: fixedClock, User: "测试"})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	m.Update(openedMsg{f: f, meta: meta})
	if !m.wiz.form().focusKey("signoff.filled_by") {
		b.Fatal("填表人 not found")
	}
	keys := []tea.KeyPressMsg{kp("甲"), kp("backspace")}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.Update(keys[i%2])
		_ = m.View()
	}
}
