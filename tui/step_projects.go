package tui

import (
	"charm.land/bubbles/v2/help"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"jixiao/domain"
	"jixiao/report"
)

// wrapText wraps s to width columns as the text export does.
func wrapText(s string, width int) []string { return report.Wrap(s, width) }

type projMode int

const (
	pmList    projMode = iota
	pmName             // typing a name (new table or rename)
	pmDelete           // asking before deleting a table
	pmFromRow          // choosing a 附件1 项目支出 row
	pmDetail           // a table's header, funds and goals (a form)
	pmGrid             // a table's indicator grid
)

// projectsStep is the 附件3 step: the list of project tables and, opened,
// one table's form (项目名称, 主管部门, 实施单位, funds, goals) and its
// indicator grid.
type projectsStep struct {
	mode   projMode
	sel    int
	rename bool // pmName renames instead of adding
	ed     editor
	err    string
	pick   picker
	rows   []domain.SpendingRow
	fm     *form
	g      *grid
	// scores of every table for the list, refreshed when the list is shown
	// (never per keystroke inside a table).
	scores  []domain.TableScore
	scoreAt int
	// change and changePath name the last change for undo.
	change, changePath string
}

func newProjectsStep(w stepCtx) component {
	s := &projectsStep{scoreAt: -1}
	w.ev.projIdx = -1
	return s
}

func (s *projectsStep) refresh(w stepCtx) {
	if s.scoreAt == w.changeSeq() && len(s.scores) == len(w.f.Projects) {
		return
	}
	s.scores = make([]domain.TableScore, len(w.f.Projects))
	for i := range w.f.Projects {
		s.scores[i] = projectScore(w.f, i)
	}
	s.scoreAt = w.changeSeq()
}

func (s *projectsStep) modal() bool {
	return s.mode == pmName || s.mode == pmDelete || s.mode == pmFromRow || (s.mode == pmGrid && s.g.mode != gmNav)
}

func (s *projectsStep) form() *form {
	if s.mode == pmDetail {
		return s.fm
	}
	return nil
}

func (s *projectsStep) setForm(fm *form) { s.fm = fm }

func (s *projectsStep) header() int { return 1 }

// open shows table i, its form focused on the first field.
func (s *projectsStep) open(w stepCtx, i int) {
	if i < 0 || i >= len(w.f.Projects) {
		return
	}
	s.sel = i
	s.mode = pmDetail
	w.ev.projIdx = i
	w.rescoreProject()
	s.fm = w.buildForm(projectForm(i), nil, "")
	s.g = nil
}

func (s *projectsStep) openGrid(w stepCtx) {
	i := w.ev.projIdx
	s.g = newGrid(w.f, fmt.Sprintf("projects.%d.indicators", i), "附件3", func(f *domain.Filing) *[]domain.Indicator {
		if i >= len(f.Projects) {
			var none []domain.Indicator
			return &none
		}
		return &f.Projects[i].Indicators
	})
	s.mode = pmGrid
}

func (s *projectsStep) back(w stepCtx) {
	s.mode = pmList
	w.ev.projIdx = -1
	s.fm, s.g = nil, nil
}

func (s *projectsStep) key(w stepCtx, k tea.KeyPressMsg) (tea.Cmd, bool) {
	s.err = ""
	s.change, s.changePath = "", "projects"
	switch s.mode {
	case pmGrid:
		return s.gridKey(w, k)
	case pmDetail:
		return s.detailKey(w, k)
	case pmName:
		return s.nameKey(w, k)
	case pmDelete:
		return s.deleteKey(w, k)
	case pmFromRow:
		return s.fromRowKey(w, k)
	}
	return s.listKey(w, k)
}

// gridKey handles a key in a table's indicator grid.
func (s *projectsStep) gridKey(w stepCtx, k tea.KeyPressMsg) (tea.Cmd, bool) {
	km := w.keys
	if s.g.mode == gmNav && key.Matches(k, km.Projects.Close) {
		s.mode = pmDetail
		w.rebuild(fmt.Sprintf("projects.%d.indicators.open", w.ev.projIdx))
		return nil, true
	}
	handled, changed := sendGridKey(w, s.g, k)
	if changed {
		return w.changed(), true
	}
	return nil, handled
}

// detailKey handles a key in a table's form.
func (s *projectsStep) detailKey(w stepCtx, k tea.KeyPressMsg) (tea.Cmd, bool) {
	km := w.keys
	if key.Matches(k, km.Projects.Close) {
		if s.fm.ask != nil {
			// Esc answers the question with 修改.
			s.fm.ask = nil
			return nil, true
		}
		if s.fm.askLeave(func() { s.back(w) }) {
			return nil, true
		}
		s.back(w)
		return w.save(), true
	}
	if fd := s.fm.focused(); fd != nil && strings.HasSuffix(fd.Key(), ".indicators.open") && key.Matches(k, km.Form.Press) {
		s.openGrid(w)
		return nil, true
	}
	return nil, false
}

// nameKey handles a key while a table's name is typed.
func (s *projectsStep) nameKey(w stepCtx, k tea.KeyPressMsg) (tea.Cmd, bool) {
	km := w.keys
	switch {
	case key.Matches(k, km.Dialog.Cancel):
		s.mode = pmList
	case key.Matches(k, km.Dialog.Confirm):
		name := strings.TrimSpace(s.ed.Value())
		if name == "" {
			s.err = "请输入项目名称"
			return nil, true
		}
		s.mode = pmList
		if s.rename {
			s.change = "附件3 表“" + w.f.Projects[s.sel].Name + "”改名"
			w.f.Projects[s.sel].Name = name
		} else {
			s.change = "新建附件3 表“" + name + "”"
			w.f.Projects = append(w.f.Projects, domain.NewProject(name))
			w.f.Projects[len(w.f.Projects)-1].Implementer = w.f.Unit
			s.sel = len(w.f.Projects) - 1
			w.post("已新建附件3 表“" + name + "”")
		}
		return w.changed(), true
	default:
		s.ed.HandleKey(k, 0)
	}
	return nil, true
}

// deleteKey answers the question before deleting a table.
func (s *projectsStep) deleteKey(w stepCtx, k tea.KeyPressMsg) (tea.Cmd, bool) {
	km := w.keys
	s.mode = pmList
	if key.Matches(k, km.Dialog.Yes) && s.sel < len(w.f.Projects) {
		name := w.f.Projects[s.sel].Name
		w.f.Projects = slices.Delete(w.f.Projects, s.sel, s.sel+1)
		s.sel = max(min(s.sel, len(w.f.Projects)-1), 0)
		w.post("已删除附件3 表“" + name + "”")
		s.change = "删除附件3 表“" + name + "”"
		return w.changed(), true
	}
	return nil, true
}

// fromRowKey handles a key of the 从附件1生成 list.
func (s *projectsStep) fromRowKey(w stepCtx, k tea.KeyPressMsg) (tea.Cmd, bool) {
	switch s.pick.key(k) {
	case pickCancel:
		s.mode = pmList
	case pickChosen:
		s.mode = pmList
		r := s.rows[s.pick.sel]
		w.f.Projects = append(w.f.Projects, projectFromRow(w.f, r))
		s.change = "生成附件3 表“" + r.Name + "”"
		s.sel = len(w.f.Projects) - 1
		w.post("已根据附件1“" + r.Name + "”生成附件3 表：年初预算数、全年预算数取本年预算数，全年执行数取本年决算数，请核对")
		return w.changed(), true
	}
	return nil, true
}

// listKey handles a key of the list of tables.
func (s *projectsStep) listKey(w stepCtx, k tea.KeyPressMsg) (tea.Cmd, bool) {
	km := w.keys
	n := len(w.f.Projects)
	switch {
	case key.Matches(k, km.Projects.Up):
		s.sel = max(s.sel-1, 0)
	case key.Matches(k, km.Projects.Down):
		s.sel = min(s.sel+1, max(n-1, 0))
	case key.Matches(k, km.Projects.Open):
		s.open(w, s.sel)
	case key.Matches(k, km.Projects.Add):
		s.mode, s.rename = pmName, false
		s.ed = editor{limit: 200}
	case key.Matches(k, km.Projects.Rename):
		if s.sel < n {
			s.mode, s.rename = pmName, true
			s.ed = editor{limit: 200}
			s.ed.SetValue(w.f.Projects[s.sel].Name)
		}
	case key.Matches(k, km.Projects.Delete):
		if s.sel < n {
			s.mode = pmDelete
		}
	case key.Matches(k, km.Projects.FromBasic):
		s.rows = w.f.BasicData.ProjectSpending.Rows()
		s.pick = picker{title: "从附件1 项目支出行生成附件3 表（名称和金额带入）"}
		found := false
		for _, r := range s.rows {
			mark := ""
			if w.f.ProjectFor(r.Name) >= 0 {
				mark = "（已有附件3 表）"
			} else if r.HasMoney() {
				mark = "（有资金，缺附件3 表）"
			}
			name := r.Name
			if name == "" {
				name = "（未命名）"
			}
			s.pick.items = append(s.pick.items, fmt.Sprintf("%s%s  本年预算数 %s  本年决算数 %s", name, mark, fmtAmount(r.Budget, w.st), fmtAmount(r.Final, w.st)))
			if !found && mark == "（有资金，缺附件3 表）" {
				// The first row that lacks its table.
				s.pick.sel, found = len(s.pick.items)-1, true
			}
		}
		s.mode = pmFromRow
	case key.Matches(k, km.Rows.Copy):
		return s.copyTable(w), true
	case key.Matches(k, km.Rows.CopyFromOverall):
		w.post("Ctrl+T（从附件2复制指标）在打开的附件3 表的指标表中使用：Enter 打开项目表，再打开其绩效指标")
	case key.Matches(k, km.Rows.MoveUp):
		if s.sel > 0 && s.sel < n {
			s.change = "移动附件3 表“" + w.f.Projects[s.sel].Name + "”"
			w.f.Projects[s.sel], w.f.Projects[s.sel-1] = w.f.Projects[s.sel-1], w.f.Projects[s.sel]
			s.sel--
			return w.changed(), true
		}
	case key.Matches(k, km.Rows.MoveDown):
		if s.sel+1 < n {
			s.change = "移动附件3 表“" + w.f.Projects[s.sel].Name + "”"
			w.f.Projects[s.sel], w.f.Projects[s.sel+1] = w.f.Projects[s.sel+1], w.f.Projects[s.sel]
			s.sel++
			return w.changed(), true
		}
	default:
		return nil, false
	}
	return nil, true
}

// undoLabel implements undoLabeler.
func (s *projectsStep) undoLabel() (string, string) {
	if s.mode == pmGrid && s.g != nil && s.g.change != "" {
		return s.g.change, s.g.changePath
	}
	return s.change, s.changePath
}

func (s *projectsStep) viewKey(w stepCtx, k tea.KeyPressMsg) bool {
	km := w.keys
	switch s.mode {
	case pmList:
		return key.Matches(k, km.Projects.Up, km.Projects.Down, km.Projects.Open)
	case pmDetail:
		if key.Matches(k, km.Projects.Close) {
			return true
		}
		if fd := s.fm.focused(); fd != nil && strings.HasSuffix(fd.Key(), ".indicators.open") && key.Matches(k, km.Form.Press) {
			return true
		}
		return formNavKey(s.fm, k)
	case pmGrid:
		return s.g.mode == gmNav && key.Matches(k, km.Projects.Close) || s.g.viewKey(k)
	}
	return false
}

// projectFromRow starts a 附件3 table from a 附件1 项目支出 row.
func projectFromRow(f *domain.Filing, r domain.SpendingRow) domain.Project {
	p := domain.NewProject(r.Name)
	p.Implementer = f.Unit
	funds := domain.Funds{InitialBudget: r.Budget, FullYearBudget: r.Budget, Executed: r.Final}
	p.Funds.Total = funds
	p.Funds.CurrentYear = funds
	return p
}

func (s *projectsStep) paste(w stepCtx, p tea.PasteMsg) (tea.Cmd, bool) {
	switch s.mode {
	case pmName:
		s.ed.Insert(p.Content)
		return nil, true
	case pmGrid:
		s.g.paste(w.f, p.Content)
		return nil, true
	case pmDetail:
		return nil, false
	}
	return nil, true
}

func (s *projectsStep) keyHelp(k KeyMap) help.KeyMap {
	p := k.Projects
	switch s.mode {
	case pmGrid:
		g := gridKeys(k, s.g)
		if s.g.mode != gmNav {
			return g
		}
		closeGrid := p.Close
		closeGrid.SetHelp(closeGrid.Help().Key, "返回项目表")
		return bindings(append(slices.Clone(g.ShortHelp()), closeGrid))
	case pmDetail:
		closeTable := p.Close
		closeTable.SetHelp(closeTable.Help().Key, "返回项目列表")
		return bindings{k.Form.Next, k.Rows.Add, k.Rows.Delete, k.Rows.Copy, closeTable}
	case pmName:
		return bindings{k.Dialog.Confirm, k.Dialog.Cancel}
	case pmDelete:
		return bindings{k.Dialog.Yes, k.Dialog.No}
	case pmFromRow:
		return bindings{k.Picker.Up, k.Picker.Down, k.Picker.Choose, k.Picker.Cancel}
	}
	return bindings{p.Open, p.Add, p.FromBasic, p.Rename, p.Delete, k.Rows.Copy, k.Rows.MoveUp, k.Rows.MoveDown}
}

// copyTable adds a copy of the selected 附件3 table after it (Ctrl+D).
func (s *projectsStep) copyTable(w stepCtx) tea.Cmd {
	if s.sel >= len(w.f.Projects) {
		w.post("没有可复制的附件3 表")
		return nil
	}
	c := w.f.Clone().Projects[s.sel]
	c.Name += "（副本）"
	w.f.Projects = slices.Insert(w.f.Projects, s.sel+1, c)
	s.sel++
	s.change = "复制附件3 表“" + w.f.Projects[s.sel-1].Name + "”"
	w.post("已复制为“" + c.Name + "”，请改名（r）")
	return w.changed()
}

func (s *projectsStep) message(w stepCtx) string {
	st := w.st
	switch {
	case s.err != "":
		return st.Error.Render(st.G.Cross + " " + s.err)
	case s.mode == pmDelete && s.sel < len(w.f.Projects):
		return st.Warning.Render("删除附件3 表“" + w.f.Projects[s.sel].Name + "”及其全部指标？y 删除  n 取消")
	case s.mode == pmGrid:
		return s.g.message(w.f, st)
	}
	return ""
}

func (s *projectsStep) jump(w stepCtx, path string) bool {
	rest, ok := strings.CutPrefix(path, "projects.")
	if !ok {
		// A 附件1 row without its table: show the list.
		s.back(w)
		return false
	}
	parts := strings.SplitN(rest, ".", 2)
	i, err := strconv.Atoi(parts[0])
	if err != nil || i >= len(w.f.Projects) {
		return false
	}
	s.open(w, i)
	if len(parts) == 2 && strings.HasPrefix(parts[1], "indicators") {
		s.openGrid(w)
		return s.g.jump(path)
	}
	if len(parts) == 2 {
		return s.fm.focusKey(path)
	}
	return true
}

func (s *projectsStep) view(w stepCtx, width, height int) ([]string, int, int, bool) {
	st := w.st
	f := w.f
	switch s.mode {
	case pmDetail, pmGrid:
		i := w.ev.projIdx
		if i < 0 || i >= len(f.Projects) {
			s.back(w)
			break
		}
		part := "项目信息、资金与年度目标"
		if s.mode == pmGrid {
			part = "绩效指标"
		}
		head := st.Title.Render(truncate(fmt.Sprintf("附件3“%s” · %s", f.Projects[i].Name, part), width, st.G.Ellipsis))
		var lines []string
		var cx, cy int
		var ok bool
		if s.mode == pmGrid {
			lines, cx, cy, ok = gridView(w, s.g, width, height-1)
		} else {
			lines, cx, cy, ok = s.fm.view(f, width, height-1, st)
		}
		return append([]string{head}, lines...), cx, cy + 1, ok
	case pmFromRow:
		return s.pick.view(st, width, height)
	}
	s.refresh(w)
	out := []string{st.Title.Render(truncate(fmt.Sprintf("附件3 项目支出绩效自评表（%d张）", len(f.Projects)), width, st.G.Ellipsis))}
	nw := max(width-2-12-9-7-4-4, 8)
	out = append(out, st.Subtle.Render("  "+pad("项目名称", nw)+" "+padLeft("全年执行数", 12)+" "+padLeft("执行率", 9)+" "+padLeft("总分", 7)+" "+pad("等级", 4)))
	cx, cy, ok := 0, 0, false
	if len(f.Projects) == 0 {
		out = append(out, "  尚无项目支出绩效自评表。按 a 新建，按 f 从附件1 项目支出行生成。")
	}
	listH := max(height-len(out)-5, 3)
	start := 0
	if s.sel >= listH {
		start = s.sel - listH + 1
	}
	for i := start; i < len(f.Projects) && i < start+listH; i++ {
		p := f.Projects[i]
		sc := s.scores[i]
		rate := st.G.Dash
		if sc.Rate.IsSet() {
			rate = sc.Rate.Fixed2() + "%"
		}
		line := pad(truncate(fmt.Sprintf("%d. %s", i+1, p.Name), nw, st.G.Ellipsis), nw) + " " + padLeft(fmtAmount(p.Funds.Total.Executed, st), 12) + " " + padLeft(rate, 9) + " " + padLeft(sc.Total.StringFixed(2), 7) + " " + pad(sc.Grade, 4)
		if i == s.sel && s.mode != pmName {
			out = append(out, st.G.Pointer+" "+st.Selected.Render(line))
		} else {
			out = append(out, "  "+line)
		}
	}
	if s.mode == pmName {
		label := "  新项目名称："
		if s.rename {
			label = "  项目名称改为："
		}
		v, x := s.ed.viewLine(max(width-displayWidth(label)-1, 4))
		out = append(out, "", label+st.Focused.Render(pad(v, max(width-displayWidth(label)-1, 4))), st.Subtle.Render("  Enter 确定  Esc 取消"))
		cx, cy, ok = displayWidth(label)+x, len(out)-2, true
	}
	var missing []string
	for _, r := range f.BasicData.ProjectSpending.Rows() {
		if r.HasMoney() && f.ProjectFor(r.Name) < 0 {
			missing = append(missing, r.Name)
		}
	}
	if len(missing) > 0 {
		out = append(out, "", st.Warning.Render(truncate("附件1 项目支出中有资金但缺附件3 表："+strings.Join(missing, "、")+"（按 f 生成）", width, st.G.Ellipsis)))
	}
	if len(out) > height {
		out = out[:height]
	}
	return out, cx, cy, ok
}

// projectForm builds the form of 附件3 table i: its names, the funds block
// with the live 执行率 and 得分, the goals and the button to the grid.
func projectForm(i int) formBuilder {
	return func(f *domain.Filing, st *Styles) ([]row, int) {
		if i >= len(f.Projects) {
			return nil, 10
		}
		base := fmt.Sprintf("projects.%d", i)
		p := func(f *domain.Filing) *domain.Project { return &f.Projects[i] }
		txt := func(key, title string, get func(*domain.Project) *string) row {
			return row{label: title, cells: []cell{{field: NewTextField(base+"."+key, title,
				func(f *domain.Filing) string { return *get(p(f)) }, func(f *domain.Filing, s string) { *get(p(f)) = s })}}}
		}
		funds := func(label, key string, get func(*domain.Project) *domain.Funds) row {
			return row{label: label, cells: []cell{
				amountField(base+".funds."+key+".initial_budget", label+" 年初预算数", func(f *domain.Filing) *domain.Amount { return &get(p(f)).InitialBudget }),
				amountField(base+".funds."+key+".full_year_budget", label+" 全年预算数", func(f *domain.Filing) *domain.Amount { return &get(p(f)).FullYearBudget }),
				amountField(base+".funds."+key+".executed", label+" 全年执行数", func(f *domain.Filing) *domain.Amount { return &get(p(f)).Executed }),
			}}
		}
		rate := func(f *domain.Filing) domain.Amount { return domain.ExecutionRate(p(f).Funds.Total) }
		rows := []row{
			txt("name", "项目名称", func(p *domain.Project) *string { return &p.Name }),
			txt("department", "主管部门", func(p *domain.Project) *string { return &p.Department }),
			txt("implementer", "实施单位", func(p *domain.Project) *string { return &p.Implementer }),
			{kind: rowHeading, label: "项目资金（万元；输入元时加“元”）"},
			{cells: heads(text("年初预算数"), text("全年预算数"), text("全年执行数"))},
			funds("年度资金总额", "total", func(p *domain.Project) *domain.Funds { return &p.Funds.Total }),
			funds("其中：当年财政拨款", "current_year", func(p *domain.Project) *domain.Funds { return &p.Funds.CurrentYear }),
			funds("上年结转资金", "carryover", func(p *domain.Project) *domain.Funds { return &p.Funds.Carryover }),
			funds("其他资金", "other", func(p *domain.Project) *domain.Funds { return &p.Funds.Other }),
			sumRowFunds("其中各项合计", st, func(f *domain.Filing) domain.Funds { return p(f).Funds.PartsSum() }),
			{cells: heads(text("分值"), text("执行率"), text("得分"))},
			{label: "执行率", cells: []cell{
				quantity(amountField(base+".execution_weight", "执行率分值", func(f *domain.Filing) *domain.Amount { return &p(f).ExecutionWeight })),
				{width: amountW, calc: func(f *domain.Filing) string { return fmtRate(rate(f), st) }},
				{width: amountW, calc: func(f *domain.Filing) string {
					wt := p(f).ExecutionWeight
					if !wt.IsSet() {
						wt = domain.Int(10)
					}
					return domain.Dec(domain.ExecutionScore(rate(f), wt.Decimal())).Fixed2()
				}},
			}},
		}
		rows = append(rows, goalRows(f, base+".goals", func(f *domain.Filing) *domain.Goals { return &p(f).Goals })...)
		rows = append(rows, row{kind: rowHeading, label: "绩效指标"}, row{cells: []cell{{field: NewButton(base+".indicators.open",
			fmt.Sprintf("编辑绩效指标（%d项）→", len(f.Projects[i].Indicators)), func(*domain.Filing) {})}}})
		return rows, 18
	}
}

// sumRowFunds is a computed 年初预算数 / 全年预算数 / 全年执行数 row.
func sumRowFunds(label string, st *Styles, sum func(*domain.Filing) domain.Funds) row {
	c := func(pick func(domain.Funds) domain.Amount) cell {
		return cell{width: amountW, calc: func(f *domain.Filing) string { return fmtAmount(pick(sum(f)), st) }}
	}
	return row{label: label, cells: []cell{
		c(func(t domain.Funds) domain.Amount { return t.InitialBudget }),
		c(func(t domain.Funds) domain.Amount { return t.FullYearBudget }),
		c(func(t domain.Funds) domain.Amount { return t.Executed }),
	}}
}
