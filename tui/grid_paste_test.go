package tui

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"jixiao/domain"
)

// sixRows are six indicator rows as Excel copies them: tab-separated, one
// a line, in the official column order after a 一级/二级 pair that Excel
// leaves blank under a merged cell.
const sixRows = "产出指标\t数量指标\t培训场次\t≥4场\t5场\t20\t20\t\r\n" +
	"\t\t宣传资料发放份数\t≥1000份\t1200份\t15\t15\t\r\n" +
	"产出指标\t质量指标\t培训合格率\t≥95%\t97%\t15\t15\t\r\n" +
	"产出指标\t时效指标\t按期完成率\t100%\t100%\t10\t10\t\r\n" +
	"效益指标\t社会效益指标\t群众知晓率\t≥90%\t85%\t20\t18\t知晓率未达目标，宣传覆盖不足，下一步增加入户宣传。\r\n" +
	"满意度指标\t服务对象满意度指标\t参训人员满意度\t≥90%\t96%\t10\t10\t\r\n"

// TestGridPasteSixRowsTeatest pastes six rows copied from a spreadsheet
// into an empty 附件2 grid through the real program: the preview lists
// them, Enter adds them under their levels, and they are saved.
func TestGridPasteSixRowsTeatest(t *testing.T) {
	tm, store, meta := openEmptyFilingInProgram(t)
	for range 5 {
		tm.Send(kp("pgdown"))
	}
	waitOutput(t, tm, "尚未填写绩效指标")
	tm.Send(tea.PasteMsg{Content: sixRows})
	waitOutput(t, tm, "粘贴到附件2的预览：6行，新增6行，填入0行", "参训人员满意度")
	tm.Send(kp("enter"))
	waitOutput(t, tm, "已粘贴6行")
	tm.Send(kp("ctrl+c"))
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
	rows := fm.wiz.f.Overall.Indicators
	if len(rows) != 6 {
		t.Fatalf("%d rows: %+v", len(rows), rows)
	}
	names := []string{"培训场次", "宣传资料发放份数", "培训合格率", "按期完成率", "群众知晓率", "参训人员满意度"}
	for i, r := range rows {
		if r.Name != names[i] {
			t.Errorf("row %d is %q, want %q", i, r.Name, names[i])
		}
	}
	if r := rows[1]; r.Level1 != "产出指标" || r.Level2 != "数量指标" || r.Target != "≥1000份" || r.Weight.Text() != "15" {
		t.Errorf("row under a merged cell: %+v", r)
	}
	if r := rows[4]; r.Level2 != "社会效益指标" || r.Score.Text() != "18" || !strings.HasPrefix(r.Deviation, "知晓率未达目标") {
		t.Errorf("row 5: %+v", r)
	}
	sc := domain.Score(fm.wiz.f, domain.RulesFor(fm.wiz.f)).Overall
	if !sc.Valid || !sc.WeightTotal.Equal(domain.Int(100).Decimal()) {
		t.Errorf("weights total %s (valid %v)", sc.WeightTotal, sc.Valid)
	}
	saved, _, _ := store.Get(meta.ID)
	if len(saved.Overall.Indicators) != 6 {
		t.Fatalf("saved %d rows", len(saved.Overall.Indicators))
	}
}

// TestGridPasteHeaderFillsAndReports: a header row names the columns in
// its own order; a row whose 三级指标 is in the table fills it; a figure
// that is not valid is listed by row and column and not stored; Esc
// gives the whole paste up; Ctrl+Z takes a confirmed one back.
func TestGridPasteHeaderFillsAndReports(t *testing.T) {
	f := loadSample(t)
	m := opened(t, f, 80, 24)
	m.wiz.enter(stepIndicators)
	g := m.wiz.comp().(*gridStep).g
	n := len(f.Overall.Indicators)
	paste := "得分\t三级指标\t分值\t二级指标\t序号\n" +
		"3\t环境整治次数\t\t\t1\n" +
		"5\t新增指标甲\tabc\t时效指标\t2\n" +
		"12\t新增指标乙\t10\t不存在的指标\t3\n"
	m.Update(tea.PasteMsg{Content: paste})
	if g.mode != gmPaste {
		t.Fatalf("no preview, mode %d", g.mode)
	}
	s := screenText(m)
	for _, want := range []string{"新增2行，填入1行", "填入第5行“环境整治次数”", "“序号”不是指标表的列", "分值“abc”不是有效数字", "不是本表的二级指标"} {
		if !strings.Contains(strings.ReplaceAll(s, "\n", ""), want) && !gridWrapped(s, want) {
			t.Errorf("preview lacks %q:\n%s", want, s)
		}
	}
	plan := g.pasted
	if !slices.ContainsFunc(plan.problems, func(p string) bool { return strings.Contains(p, "第4行（新增指标乙）得分12超过分值10") }) {
		t.Errorf("score over weight not reported: %q", plan.problems)
	}
	press(m, "esc")
	if g.mode != gmNav || len(f.Overall.Indicators) != n || f.Overall.Indicators[4].Score.Text() != "4" {
		t.Fatalf("Esc kept something: mode %d, %d rows", g.mode, len(f.Overall.Indicators))
	}
	m.Update(tea.PasteMsg{Content: paste})
	press(m, "enter")
	rows := m.wiz.f.Overall.Indicators
	byName := map[string]domain.Indicator{}
	for _, r := range rows {
		byName[r.Name] = r
	}
	a, b, filled := byName["新增指标甲"], byName["新增指标乙"], byName["环境整治次数"]
	if len(rows) != n+2 || filled.Score.Text() != "3" {
		t.Fatalf("%d rows, 环境整治次数 score %s", len(rows), filled.Score.Text())
	}
	if a.Weight.IsSet() || a.Score.Text() != "5" || a.Level2 != "时效指标" {
		t.Errorf("甲 %+v", a)
	}
	if b.Score.IsSet() || b.Weight.Text() != "10" {
		t.Errorf("乙 (invalid score must not be stored) %+v", b)
	}
	if !strings.Contains(m.wiz.message(), "已粘贴3行") {
		t.Errorf("note %q", m.wiz.message())
	}
	press(m, "ctrl+z")
	if len(m.wiz.f.Overall.Indicators) != n || m.wiz.f.Overall.Indicators[4].Score.Text() != "4" || !strings.Contains(m.wiz.message(), "粘贴3行指标") {
		t.Fatalf("undo: %d rows, %q", len(m.wiz.f.Overall.Indicators), m.wiz.message())
	}
}

// gridWrapped reports whether want appears in s once the frame's
// borders and line breaks are taken out (a preview line may wrap).
func gridWrapped(s, want string) bool {
	var b strings.Builder
	for _, l := range strings.Split(s, "\n") {
		parts := strings.Split(l, "│")
		if len(parts) >= 3 {
			b.WriteString(strings.TrimSpace(parts[1]))
		}
	}
	return strings.Contains(b.String(), want)
}

// TestGridPasteOneCell: text without tabs keeps today's behaviour — it is
// typed into the selected cell (without the line break a spreadsheet puts
// after one cell).
func TestGridPasteOneCell(t *testing.T) {
	f := loadSample(t)
	m := opened(t, f, 120, 40)
	m.wiz.enter(stepIndicators)
	g := m.wiz.comp().(*gridStep).g
	g.jump("overall.indicators.4.actual")
	m.Update(tea.PasteMsg{Content: "30次\r\n"})
	if g.mode != gmEdit || g.ed.Value() != "30次" {
		t.Fatalf("mode %d value %q", g.mode, g.ed.Value())
	}
	press(m, "enter")
	if got := f.Overall.Indicators[4].Actual; got != "30次" {
		t.Fatalf("actual %q", got)
	}
}

// TestGridPasteSplitColumns: a header with the split target columns
// spells 年度指标值 from them; quoted cells keep their line breaks.
func TestGridPasteSplitColumns(t *testing.T) {
	g, f := sampleGrid(t, false)
	plan := g.planPaste(f, "三级指标\t指标方向\t指标性质\t指标值\t度量单位\t偏差原因分析及改进措施\n"+
		"投诉办结率\t正向\t≥\t98\t%\t\"第一行\n第二行\"\n"+
		"处理时限\t向上\t<=\t5\t天\t\n")
	if len(plan.rows) != 2 || len(plan.problems) != 1 || !strings.Contains(plan.problems[0], "第3行（处理时限）指标方向“向上”无效") {
		t.Fatalf("plan %+v", plan)
	}
	if r := plan.rows[1].row; r.Direction != "" || r.Comparator != "≤" || r.Target != "≤5天" {
		t.Fatalf("row with an invalid direction %+v", r)
	}
	r := plan.rows[0].row
	if r.Target != "≥98%" || r.Direction != "正向" || r.Value != "98" || r.Unit != "%" || r.Deviation != "第一行\n第二行" {
		t.Fatalf("row %+v", r)
	}
}

// TestGridPasteSkipsTotalsAndHeadings: a 合计 row and the 执行率 row of a
// copied table are not indicators (listed, not added); a row with only a
// 一级/二级 sets the levels of the rows under it.
func TestGridPasteSkipsTotalsAndHeadings(t *testing.T) {
	g, f := sampleGrid(t, true)
	plan := g.planPaste(f, "执行率\t\t\t\t\t10\t4.87\t\n"+
		"效益指标\t社会效益指标\t\t\t\t\t\t\n"+
		"\t\t困难群众救助覆盖率\t≥95%\t98%\t30\t30\t\n"+
		"合计\t\t\t\t\t100\t94.87\t\n")
	if len(plan.rows) != 1 || len(plan.problems) != 2 {
		t.Fatalf("rows %+v problems %q", plan.rows, plan.problems)
	}
	if r := plan.rows[0].row; r.Level1 != "效益指标" || r.Level2 != "社会效益指标" || r.Name != "困难群众救助覆盖率" {
		t.Fatalf("row %+v", r)
	}
	if !strings.Contains(plan.problems[0], "第1行是执行率行") || !strings.Contains(plan.problems[1], "第4行“合计”是合计行") {
		t.Fatalf("problems %q", plan.problems)
	}
}

// TestGridPasteScoreAndWeightTogether: a 分值 below the row's old 得分 is
// accepted when the paste lowers the 得分 too; cells are cleaned and cut
// as typed ones.
func TestGridPasteScoreAndWeightTogether(t *testing.T) {
	g, f := sampleGrid(t, false)
	long := strings.Repeat("很长的指标值", 100)
	plan := g.planPaste(f, "三级指标\t分值\t得分\t年度指标值\n全年经费开支\t5\t5\t"+long+"\n")
	if len(plan.rows) != 1 || plan.rows[0].fill != 9 {
		t.Fatalf("plan %+v", plan)
	}
	r := plan.rows[0].row
	if r.Weight.Text() != "5" || r.Score.Text() != "5" {
		t.Fatalf("分值 %s 得分 %s, want 5 and 5 (problems %q)", r.Weight.Text(), r.Score.Text(), plan.problems)
	}
	if len([]rune(r.Target)) != lineLimit || len(plan.problems) != 1 || !strings.Contains(plan.problems[0], "第2行年度指标值超过500字，已截断") {
		t.Fatalf("target of %d runes, problems %q", len([]rune(r.Target)), plan.problems)
	}
}

// TestGridPastePreviewWrappedOnce: a large paste's preview is wrapped once
// per width, not on every frame (a storm seed spent over a second per
// frame re-wrapping it), and a resize wraps it again.
func TestGridPastePreviewWrappedOnce(t *testing.T) {
	f := loadSample(t)
	m := opened(t, f, 80, 24)
	m.wiz.enter(stepIndicators)
	g := m.wiz.comp().(*gridStep).g
	var b strings.Builder
	for i := range 400 {
		fmt.Fprintf(&b, "新增指标%d\t≥%d个\t%d个\tabc\t1\t无\n", i, i, i)
	}
	m.Update(tea.PasteMsg{Content: b.String()})
	if g.mode != gmPaste {
		t.Fatalf("no preview, mode %d", g.mode)
	}
	screenText(m)
	first := g.pasted.body
	screenText(m)
	if len(first) == 0 || &g.pasted.body[0] != &first[0] {
		t.Fatal("the preview was wrapped again for the same width")
	}
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	screenText(m)
	if g.pasted.bodyWidth == 0 || &g.pasted.body[0] == &first[0] {
		t.Fatal("the preview was not wrapped again after a resize")
	}
	if !slices.ContainsFunc(g.pasted.body, func(l string) bool { return strings.Contains(l, "无法使用的单元格（400处）") }) {
		t.Fatal("the preview's lines lack the 400 problems")
	}
}
