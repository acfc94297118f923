package tui

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"jixiao/domain"
)

// entryIndicator is one 附件2 row typed in the whole-entry run: its
// 一级指标 and 二级指标 by index in the default rules, and the cells.
type entryIndicator struct {
	l1, l2                         int
	name, target, actual, w, score string
}

// TestWholeEntryFromScratch types a whole filing into a new database as a
// finance-office user would, moving with Alt+digit and the row keys: a
// new filing, the 附件2 funds, a 年度目标, six indicators across 产出, 效益
// and 满意度 (one added, moved and deleted on the way), a 附件3 table and
// report text; then it quits and checks what was saved.
func TestWholeEntryFromScratch(t *testing.T) {
	tm, store := newFilingInProgram(t)
	waitOutput(t, tm, "2024年度")

	// 附件2 资金 (step 4) by Alt+4.
	tm.Send(kp("alt+4"))
	waitOutput(t, tm, "按收入性质分")
	for i, v := range []string{"1000", "2000", "1500"} {
		if i > 0 {
			tm.Send(kp("tab"))
		}
		tm.Type(v)
	}
	waitOutput(t, tm, "75.00%")

	// 年度目标 (step 5).
	tm.Send(kp("alt+5"))
	waitOutput(t, tm, "年度目标")
	tm.Send(kp("enter"))
	tm.Type("完成街道年度重点工作")

	// 绩效指标 (step 6): six rows with the row key Ctrl+O.
	tm.Send(kp("alt+6"))
	waitOutput(t, tm, "尚未填写绩效指标")
	rows := []entryIndicator{
		{0, 0, "新建社区服务站", "≥2个", "2个", "25", "25"},
		{0, 1, "工程验收合格率", "100%", "100%", "25", "25"},
		{1, 1, "受益居民人数", "≥5000人", "6200人", "15", "15"},
		{1, 3, "设施持续使用年限", "≥10年", "10年", "15", "15"},
		{2, 0, "居民满意度", "≥90%", "95%", "5", "5"},
		{2, 0, "驻区单位满意度", "≥90%", "92%", "5", "5"},
	}
	l1, l2 := 0, 0
	for _, r := range rows {
		tm.Send(kp("ctrl+o"))
		tm.Type(r.name)
		tm.Send(kp("enter"))
		if r.l1 != l1 || r.l2 != l2 {
			tm.Send(kp("g"))
			for range (r.l1 - l1 + 3) % 3 {
				tm.Send(tea.KeyPressMsg{Code: tea.KeyRight})
			}
			for range 5 {
				tm.Send(kp("up"))
			}
			for range r.l2 {
				tm.Send(kp("down"))
			}
			tm.Send(kp("enter"))
			l1, l2 = r.l1, r.l2
		}
		for _, v := range []string{r.target, r.actual, r.w, r.score} {
			tm.Send(tea.KeyPressMsg{Code: tea.KeyRight})
			tm.Type(v)
			tm.Send(kp("enter"))
		}
	}
	// One row more, moved up with Alt+↑, back with Alt+↓, then deleted
	// with Ctrl+X.
	tm.Send(kp("ctrl+o"))
	tm.Type("临时指标")
	tm.Send(kp("enter"))
	tm.Send(kp("alt+up"))
	tm.Send(kp("alt+down"))
	tm.Send(kp("ctrl+x"))
	tm.Send(kp("y"))
	waitOutput(t, tm, "已删除指标“临时指标”", "97.50")

	// 附件3 (step 7): a new table.
	tm.Send(kp("alt+7"))
	waitOutput(t, tm, "附件3 项目")
	tm.Send(kp("ctrl+o"))
	tm.Type("社区服务站建设项目")
	tm.Send(kp("enter"))
	waitOutput(t, tm, "社区服务站建设项目")

	// 附件4 (step 8): the first section's text.
	tm.Send(kp("alt+8"))
	waitOutput(t, tm, "附件4")
	tm.Type("本街道为区政府派出机构，主要职能是统筹辖区社会事务。")
	tm.Send(kp("ctrl+c"))
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))

	metas, _ := store.List()
	if len(metas) != 1 {
		t.Fatalf("%d filings", len(metas))
	}
	f, _, err := store.Get(metas[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	rules := domain.DefaultRules()
	if len(f.Overall.Indicators) != len(rows) {
		t.Fatalf("%d indicator rows saved, want %d: %+v", len(f.Overall.Indicators), len(rows), f.Overall.Indicators)
	}
	for i, r := range rows {
		got := f.Overall.Indicators[i]
		l := rules.Levels[r.l1]
		if got.Name != r.name || got.Level1 != l.Name || got.Level2 != l.Level2[r.l2] || got.Target != r.target || got.Actual != r.actual || got.Weight.Text() != r.w || got.Score.Text() != r.score {
			t.Errorf("row %d: %+v, want %+v", i, got, r)
		}
	}
	if sc := domain.Score(f, rules).Overall; sc.Total.StringFixed(2) != "97.50" || sc.Grade != "优" {
		t.Errorf("total %s %s, want 97.50 优", sc.Total.StringFixed(2), sc.Grade)
	}
	if len(f.Projects) != 1 || f.Projects[0].Name != "社区服务站建设项目" {
		t.Errorf("附件3 tables: %+v", f.Projects)
	}
	b, _ := json.Marshal(f)
	for _, want := range []string{"完成街道年度重点工作", "本街道为区政府派出机构"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("the saved filing lacks %q", want)
		}
	}
}
