package report

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"jixiao/domain"
)

// Column layouts of the forms, in terminal columns. 附件1 has a label column
// and six value columns used in pairs for the 经费 rows and one by one for
// 楼堂馆所; 附件2 and 附件3 share the indicator grid's nine columns.
var (
	basicCols = []column{{30, 12}, {8, 4}, {8, 4}, {8, 4}, {8, 4}, {8, 4}, {8, 4}}
	tableCols = []column{
		{8, 4},  // 年度预算申请 / 年度总体目标 / 绩效指标
		{8, 4},  // 一级指标
		{10, 4}, // 二级指标
		{20, 6}, // 三级指标
		{12, 6}, // 年度指标值
		{12, 6}, // 实际完成值
		{6, 4},  // 分值
		{8, 6},  // 得分
		{14, 6}, // 偏差原因分析及改进措施
	}
	budgetTableCols = []column{{30, 12}, {20, 10}}
)

// signoffLine is the line under every form: 填表人, 联系电话, 单位负责人, 填报日期.
func signoffLine(f *domain.Filing) string {
	s := f.Signoff
	return Sanitize(fmt.Sprintf("填表人：%s　　联系电话：%s　　单位负责人：%s　　填报日期：%s", s.FilledBy, s.Phone, s.UnitHead, s.Date))
}

// tripleIDs names the three figure cells of a 附件1 row.
func tripleIDs(id string) [3]string {
	return [3]string{id + ".p", id + ".b", id + ".f"}
}

func tripleValues(t domain.Triple) [3]domain.Amount {
	return [3]domain.Amount{t.PriorFinal, t.Budget, t.Final}
}

// entered adds the three figures of an entered 附件1 row.
func entered(g *grid, row int, id string, t domain.Triple) {
	ids := tripleIDs(id)
	for k, a := range tripleValues(t) {
		c := amountCell(row, 1+2*k, 2, a)
		c.id = ids[k]
		g.add(c)
	}
}

// summed adds a 附件1 row computed as the sum of the rows named by parts.
// A column whose parts are all blank shows the filer's own total when
// there is one, else stays blank.
func summed(g *grid, row int, id string, sum domain.Triple, stated *domain.Triple, parts ...string) {
	ids := tripleIDs(id)
	var st [3]domain.Amount
	if stated != nil {
		st = tripleValues(*stated)
	}
	for k, a := range tripleValues(sum) {
		var c cell
		switch {
		case a.IsSet() || (!st[k].IsSet() && len(parts) > 0):
			// A formula even over blank parts, so that the workbook stays
			// live; it shows blank, not 0, while every part is blank.
			c = computedCell(row, 1+2*k, 2, a, fmtFixed2)
			if a.IsSet() {
				c.text = plain(a.Decimal())
			}
			refs := make([]string, len(parts))
			for i, p := range parts {
				refs[i] = "{" + tripleIDs(p)[k] + "}"
			}
			list := strings.Join(refs, ",")
			c.formula = `IF(COUNT(` + list + `)=0,"",SUM(` + list + `))`
		default:
			c = amountCell(row, 1+2*k, 2, st[k])
		}
		c.id = ids[k]
		g.add(c)
	}
}

func basicSheet(f *domain.Filing) *sheet {
	b := f.BasicData
	s := &sheet{name: "附件1", cols: basicCols, onePage: true}
	s.line("附件1", alignLeft, roleAttachment)
	s.line(fmt.Sprintf("%d年度预算单位整体支出绩效评价基础数据表", f.Year), alignCenter, roleTitle)
	g := &grid{}
	g.add(centered(0, 0, 1, 1, "预算单位名称"))
	g.add(centered(0, 1, 1, 6, f.Unit))

	g.add(centered(1, 0, 2, 1, "财政供养人员情况(人)"))
	g.add(header(1, 1, 1, 2, "编制数"))
	g.add(header(1, 3, 1, 2, fmt.Sprintf("%d年实际在职人数", f.Year)))
	g.add(header(1, 5, 1, 2, "控制率"))
	g.add(intCell(2, 1, 2, b.Staffing.Authorized, "staff.auth"))
	g.add(intCell(2, 3, 2, b.Staffing.Actual, "staff.actual"))
	rate := domain.StaffingRate(b.Staffing)
	rc := rateCell(2, 5, 2, rate)
	if rate.IsSet() {
		rc.formula = "ROUND({staff.actual}/{staff.auth},4)"
	} else {
		rc.text = ""
	}
	g.add(rc)

	// The 经费控制情况 header row repeats when a long 附件1 runs over a page.
	g.headStart, g.headRows = 3, 1
	g.add(centered(3, 0, 1, 1, "经费控制情况(万元)"))
	g.add(header(3, 1, 1, 2, f.PriorYearFinalLabel()))
	g.add(header(3, 3, 1, 2, f.BudgetLabel()))
	g.add(header(3, 5, 1, 2, f.FinalLabel()))

	row := 4
	sg := b.Sangong
	g.add(label(row, 0, 1, 1, "三公经费"))
	summed(g, row, "sg", sg.Sum(), sg.Total, "sg.veh", "sg.over", "sg.rec")
	row++
	g.add(label(row, 0, 1, 1, "1、公务用车购置和维护经费"))
	summed(g, row, "sg.veh", sg.Vehicles(), nil, "sg.vp", "sg.vo")
	row++
	for _, r := range []struct {
		id, name string
		t        domain.Triple
	}{
		{"sg.vp", "其中：公车购置", sg.VehiclePurchase},
		{"sg.vo", "公车运行维护", sg.VehicleOperation},
		{"sg.over", "2、出国经费", sg.Overseas},
		{"sg.rec", "3、公务接待", sg.Reception},
	} {
		g.add(label(row, 0, 1, 1, r.name))
		entered(g, row, r.id, r.t)
		row++
	}

	ps := b.ProjectSpending
	g.add(label(row, 0, 1, 1, "项目支出："))
	summed(g, row, "ps", ps.Sum(), ps.Total, "ps.bus", "ps.op", "ps.ds", "ps.ht")
	row++
	g.add(label(row, 0, 1, 1, "1、"+domain.BusinessRowName))
	entered(g, row, "ps.bus", ps.Business)
	row++
	g.add(label(row, 0, 1, 1, "2、"+domain.OperationRowName))
	entered(g, row, "ps.op", ps.Operation)
	row++
	for _, grp := range []struct {
		id, title string
		rows      []domain.NamedTriple
	}{
		{"ps.ds", "3、区级专项资金(一个专项一行)", ps.DistrictSpecial},
		{"ps.ht", "4、上级转移支付(一个专项一行)", ps.HigherTransfer},
	} {
		g.add(label(row, 0, 1, 1, grp.title))
		var sum domain.Triple
		parts := make([]string, len(grp.rows))
		for i, r := range grp.rows {
			sum = sum.Add(r.Triple())
			parts[i] = fmt.Sprintf("%s.%d", grp.id, i)
		}
		summed(g, row, grp.id, sum, nil, parts...)
		row++
		for i, r := range grp.rows {
			g.add(label(row, 0, 1, 1, fmt.Sprintf("（%d）%s", i+1, r.Name)))
			entered(g, row, parts[i], r.Triple())
			row++
		}
	}

	pub := b.PublicSpending
	for _, r := range []struct {
		id, name string
		t        domain.Triple
	}{
		{"pub", "公用经费", pub.Total},
		{"pub.office", "其中：办公经费", pub.Office},
		{"pub.ut", "水费、电费、差旅费", pub.UtilitiesTravel},
		{"pub.mt", "会议费、培训费", pub.MeetingsTraining},
		{"proc", "政府采购金额", b.Procurement},
		{"adj", "部门基本支出预算调整", b.BasicBudgetAdjustment},
	} {
		g.add(label(row, 0, 1, 1, r.name))
		entered(g, row, r.id, r.t)
		row++
	}

	g.add(centered(row, 0, 1, 1, fmt.Sprintf("楼堂馆所控制情况\n(%d年完工项目)", f.Year)))
	for k, h := range []string{"批复规模\n(m²)", "实际规模\n(m²)", "规模控制率", "预算投资\n(万元)", "实际投资\n(万元)", "投资概算\n控制率"} {
		g.add(header(row, 1+k, 1, 1, h))
	}
	row++
	buildings := b.Buildings
	if len(buildings) == 0 {
		buildings = []domain.Building{{}}
	}
	for i, bl := range buildings {
		id := fmt.Sprintf("bl.%d", i)
		g.add(label(row, 0, 1, 1, bl.Name))
		for k, a := range []domain.Amount{bl.ApprovedScale, bl.ActualScale} {
			c := amountCell(row, 1+k, 1, a)
			c.id = fmt.Sprintf("%s.%d", id, k)
			g.add(c)
		}
		g.add(ratioCell(row, 3, bl.ActualScale, bl.ApprovedScale, "{"+id+".1}", "{"+id+".0}"))
		for k, a := range []domain.Amount{bl.BudgetInvestment, bl.ActualInvestment} {
			c := amountCell(row, 4+k, 1, a)
			c.id = fmt.Sprintf("%s.%d", id, 4+k)
			g.add(c)
		}
		g.add(ratioCell(row, 6, bl.ActualInvestment, bl.BudgetInvestment, "{"+id+".5}", "{"+id+".4}"))
		row++
	}
	g.add(centered(row, 0, 1, 1, "厉行节约保障措施"))
	g.add(body(row, 1, 1, 6, b.ThriftMeasures))
	s.grid(g)
	s.line("说明：“项目支出”需要填报基本支出以外的所有项目支出情况，“公用经费”填报基本支出中的一般商品和服务支出。", alignLeft, roleNote)
	s.line(signoffLine(f), alignLeft, roleNote)
	return s
}

func intCell(row, col, colSpan int, n *int, id string) cell {
	c := cell{row: row, col: col, colSpan: colSpan, align: alignCenter, role: roleBody, format: fmtInt, id: id}
	if n != nil {
		c.text = strconv.Itoa(*n)
		c.num, c.hasNum = decimal.NewFromInt(int64(*n)), true
	}
	return c
}

// ratioCell is a 附件1 控制率 computed as num ÷ den; blank without both.
func ratioCell(row, col int, num, den domain.Amount, numRef, denRef string) cell {
	r := domain.Ratio(num, den)
	c := rateCell(row, col, 1, r)
	if r.IsSet() {
		c.formula = fmt.Sprintf("ROUND(%s/%s,4)", numRef, denRef)
	} else {
		c.text = ""
	}
	return c
}

// fundsRow adds a 年初预算数 / 全年预算数 / 全年执行数 row at columns 3 to 5.
func fundsRow(g *grid, row int, fu domain.Funds, prefix string) {
	for k, a := range []domain.Amount{fu.InitialBudget, fu.FullYearBudget, fu.Executed} {
		c := amountCell(row, 3+k, 1, a)
		if prefix != "" {
			c.id = prefix + [3]string{".initial", ".budget", ".exec"}[k]
		}
		g.add(c)
	}
}

// executionCells adds 分值, 执行率 and 得分 of a funds total row; the XLSX
// gets formulas that give the engine's figures. Under a rule set that puts
// 执行率 in the indicator grid (Rules.ExecutionInGrid) the row carries the
// table's 分值合计 and 总分 instead, and 执行率's own 分值 and 得分 are the
// grid's first row (executionGridRow).
func executionCells(g *grid, row int, ts domain.TableScore, rules domain.Rules) {
	rc := rateCell(row, 7, 1, ts.Rate)
	rc.id = "rate"
	rc.formula = rateFormula("funds", rules)
	if rules.ExecutionInGrid {
		wt := weightCell(row, 6, ts.WeightTotal)
		wt.formula = "{wt}"
		g.add(wt)
		g.add(rc)
		tot := scoreCell(row, 8, ts.Total)
		tot.formula = "{total}"
		g.add(tot)
		return
	}
	g.add(withID(weightCell(row, 6, ts.ExecutionWeight), "xw"))
	g.add(rc)
	g.add(executionScoreCell(row, 8, ts))
}

// rateFormula is 执行率 as an XLSX formula over the funds cells with the
// id prefix: 执行数 ÷ the budget column of the rules' basis.
func rateFormula(prefix string, rules domain.Rules) string {
	budget := "{" + prefix + ".budget}"
	if rules.ExecutionBasis == domain.BasisInitial {
		budget = "{" + prefix + ".initial}"
	}
	exec := "{" + prefix + ".exec}"
	return fmt.Sprintf(`IF(OR(N(%s)=0,ISBLANK(%s)),"—",ROUND(%s/%s,4))`, budget, exec, exec, budget)
}

// executionScoreCell is 执行率得分 (id xs), from the rate cell and the
// 执行率 分值 cell (id xw).
func executionScoreCell(row, col int, ts domain.TableScore) cell {
	sc := scoreCell(row, col, ts.ExecutionScore)
	sc.id = "xs"
	sc.formula = "IF(ISNUMBER({rate}),ROUND(MAX(0,MIN({rate},1))*{xw},2),0)"
	return sc
}

// executionGridRow adds 执行率 as a row of the indicator grid, for rule
// sets with Rules.ExecutionInGrid: 一级指标 “执行率”, the target 100%, the
// rate as its 实际完成值, its 分值 (id xw) and 得分 (id xs).
func executionGridRow(g *grid, row int, ts domain.TableScore) {
	g.add(centered(row, 1, 1, 1, "执行率"))
	g.add(centered(row, 2, 1, 2, "预算执行率"))
	g.add(centered(row, 4, 1, 1, "100%"))
	ac := rateCell(row, 5, 1, ts.Rate)
	ac.formula = "{rate}"
	g.add(ac)
	g.add(withID(weightCell(row, 6, ts.ExecutionWeight), "xw"))
	g.add(executionScoreCell(row, 7, ts))
	g.add(body(row, 8, 1, 1, ""))
}

func withID(c cell, id string) cell {
	c.id = id
	return c
}

// goalsRows adds 年度总体目标 at row and row+1.
func goalsRows(g *grid, row int, goals domain.Goals) {
	g.add(centered(row, 0, 2, 1, "年度\n总体\n目标"))
	g.add(header(row, 1, 1, 4, "预期目标"))
	g.add(header(row, 5, 1, 4, "实际完成情况"))
	exp := body(row+1, 1, 1, 4, numbered(goals.Expected))
	exp.top = true
	act := body(row+1, 5, 1, 4, numbered(goals.Actual))
	act.top = true
	g.add(exp)
	g.add(act)
}

// indicatorRange is the positions of one 一级指标's first and last rows
// in the sorted indicator list.
type indicatorRange struct {
	name        string
	first, last int
}

// indicatorRows adds the 绩效指标 block from row: the header, the rows
// grouped under their 一级 and 二级 indicators in the official order, and the
// 总分 row. It returns the row after the block and the rows of each 一级指标.
//
// Under Rules.ExecutionInGrid the first row after the header is 执行率
// (executionGridRow). When any row has a 复核分 (TableScore.HasReview) a
// 复核分 column is inserted after 得分 across the whole grid (see
// reviewColumn); the sheet's columns are then reviewTableCols.
func indicatorRows(g *grid, row int, rows []domain.Indicator, ts domain.TableScore, rules domain.Rules, scoreTitle string) (int, []indicatorRange) {
	order := sortedIndicators(rows, rules)
	head := row
	extra := 0
	if rules.ExecutionInGrid {
		extra = 1
	}
	g.headStart, g.headRows, g.headKeep = row, 1, extra
	g.add(centered(row, 0, 1+extra+len(order), 1, "绩效\n指标"))
	for k, h := range []string{"一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", scoreTitle, "偏差原因分析\n及改进措施"} {
		g.add(header(row, 1+k, 1, 1, h))
	}
	row++
	if rules.ExecutionInGrid {
		executionGridRow(g, row, ts)
		row++
	}
	first := row
	var ranges []indicatorRange
	for i := 0; i < len(order); {
		l1 := rows[order[i]].Level1
		j := i
		for j < len(order) && rows[order[j]].Level1 == l1 {
			j++
		}
		lvl := ts.Level(l1)
		name := l1
		if l1 != "" {
			name = fmt.Sprintf("%s\n(%s分)", l1, plain(lvl.Weight))
		}
		g.add(centered(first+i, 1, j-i, 1, name))
		ranges = append(ranges, indicatorRange{name: l1, first: i, last: j - 1})
		for k := i; k < j; {
			l2 := rows[order[k]].Level2
			m := k
			for m < j && rows[order[m]].Level2 == l2 {
				m++
			}
			g.add(centered(first+k, 2, m-k, 1, l2))
			k = m
		}
		i = j
	}
	for i, idx := range order {
		r := rows[idx]
		rs := ts.Rows[idx]
		at := first + i
		g.add(body(at, 3, 1, 1, r.Name))
		g.add(centered(at, 4, 1, 1, r.Target))
		g.add(centered(at, 5, 1, 1, r.Actual))
		w := amountCell(at, 6, 1, r.Weight)
		w.id = fmt.Sprintf("w.%d", i)
		g.add(w)
		sc := cell{row: at, col: 7, align: alignRight, role: roleBody, format: fmtFixed2, id: fmt.Sprintf("s.%d", i)}
		switch {
		case r.Score.IsSet():
			sc.text, sc.num, sc.hasNum = r.Score.Text(), r.Score.Decimal(), true
		case rs.Suggested.IsSet():
			sc.text, sc.num, sc.hasNum = plain(rs.Suggested.Decimal()), rs.Suggested.Decimal(), true
		}
		g.add(sc)
		dev := body(at, 8, 1, 1, r.Deviation)
		g.add(dev)
	}
	row = first + len(order)
	g.add(header(row, 0, 1, 6, "总分"))
	wt := weightCell(row, 6, ts.WeightTotal)
	wt.id = "wt"
	tot := scoreCell(row, 7, ts.Total)
	tot.id = "total"
	if xw, xs := executionTerms(ts); len(order) > 0 {
		wt.formula = xw + fmt.Sprintf("SUM({w.0}:{w.%d})", len(order)-1)
		tot.formula = fmt.Sprintf("ROUND(%sSUM({s.0}:{s.%d}),2)", xs, len(order)-1)
	} else {
		wt.formula, tot.formula = "0", "0"
		if ts.ExecutionCounts {
			wt.formula, tot.formula = "{xw}", "ROUND({xs},2)"
		}
	}
	g.add(wt)
	g.add(tot)
	g.add(body(row, 8, 1, 1, ""))
	if ts.HasReview {
		reviewColumn(g, head, row, first, order, rows, ts)
	}
	return row + 1, ranges
}

// executionTerms are the 执行率 分值 and 得分 terms of the XLSX total
// formulas: "{xw}+" and "{xs}+", or nothing when the rules leave 执行率 out
// of the total.
func executionTerms(ts domain.TableScore) (weight, score string) {
	if !ts.ExecutionCounts {
		return "", ""
	}
	return "{xw}+", "{xs}+"
}

// reviewCol is the grid column the 复核分 column is inserted at, after 得分.
const reviewCol = 8

// reviewTableCols are tableCols with the 复核分 column.
var reviewTableCols = slices.Insert(slices.Clone(tableCols), reviewCol, column{8, 6})

// tableColumns are the columns of a 附件2 or 附件3 sheet scored as ts.
func tableColumns(ts domain.TableScore) []column {
	if ts.HasReview {
		return reviewTableCols
	}
	return tableCols
}

// reviewColumn inserts the 复核分 column into g after 得分: the indicator
// block (rows head to total) gets the header, each row's 复核分 (ids r.0 …,
// in the order of the s.* cells) and the 复核总分; every other row widens the
// cell that reaches the new column.
func reviewColumn(g *grid, head, total, first int, order []int, rows []domain.Indicator, ts domain.TableScore) {
	insertColumn(g, reviewCol, func(r int) bool { return r >= head && r <= total })
	g.add(header(head, reviewCol, 1, 1, "复核分"))
	for r := head + 1; r < first; r++ {
		g.add(body(r, reviewCol, 1, 1, ""))
	}
	for i, idx := range order {
		c := cell{row: first + i, col: reviewCol, align: alignRight, role: roleBody, format: fmtFixed2, id: fmt.Sprintf("r.%d", i)}
		if rv := rows[idx].ReviewScore; rv != nil && rv.IsSet() {
			c.text, c.num, c.hasNum = rv.Text(), rv.Decimal(), true
		}
		g.add(c)
	}
	rt := scoreCell(total, reviewCol, ts.ReviewTotal)
	rt.id = "rtotal"
	_, xs := executionTerms(ts)
	if n := len(order); n > 0 {
		s, r := fmt.Sprintf("{s.0}:{s.%d}", n-1), fmt.Sprintf("{r.0}:{r.%d}", n-1)
		rt.formula = reviewSumFormula(xs, s, r)
	}
	g.add(rt)
}

// reviewSumFormula is prefix plus Σ (复核分 where given, else 得分) over
// the score range s and the 复核分 range r, rounded: SUM(s) with each
// given 复核分 replacing its row's 得分.
func reviewSumFormula(prefix, s, r string) string {
	return fmt.Sprintf(`ROUND(%sSUM(%s)+SUM(%s)-SUMIF(%s,"<>",%s),2)`, prefix, s, r, r, s)
}

// insertColumn makes room for a new column at index at: cells at or right
// of it move one column right, cells spanning across it widen, and so do
// cells ending just before it in rows where keep is false (in the rows
// where it is true the caller fills the new column).
func insertColumn(g *grid, at int, keep func(row int) bool) {
	for i := range g.cells {
		c := &g.cells[i]
		switch end := c.col + c.colSpan; {
		case c.col >= at:
			c.col++
		case end > at, end == at && !keep(c.row):
			c.colSpan++
		}
	}
}

// sortedIndicators returns the indices of rows in the official order of
// their 一级 and 二级 indicators. Rows keep their order within a group; names
// the rules do not know come after the known ones, grouped in order of first
// appearance.
func sortedIndicators(rows []domain.Indicator, rules domain.Rules) []int {
	type key [4]int
	keys := make([]key, len(rows))
	first1 := map[string]int{}
	first2 := map[[2]string]int{}
	for i, r := range rows {
		if _, ok := first1[r.Level1]; !ok {
			first1[r.Level1] = i
		}
		if _, ok := first2[[2]string{r.Level1, r.Level2}]; !ok {
			first2[[2]string{r.Level1, r.Level2}] = i
		}
	}
	for i, r := range rows {
		k := key{len(rules.Levels), first1[r.Level1], 0, first2[[2]string{r.Level1, r.Level2}]}
		if l := slices.IndexFunc(rules.Levels, func(l domain.Level1) bool { return l.Name == r.Level1 }); l >= 0 {
			k[0], k[1] = l, 0
			k[2] = len(rules.Levels[l].Level2)
			if j := slices.Index(rules.Levels[l].Level2, r.Level2); j >= 0 {
				k[2], k[3] = j, 0
			}
		}
		keys[i] = k
	}
	order := make([]int, len(rows))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		for n := range keys[a] {
			if d := keys[a][n] - keys[b][n]; d != 0 {
				return d
			}
		}
		return 0
	})
	return order
}

// scoreSummary adds the 评分汇总 block under a 附件2 or 附件3 form: 执行率,
// 执行率得分, each 一级指标 subtotal, 总分 and 等级, with formulas over the form.
func scoreSummary(s *sheet, ts domain.TableScore, ranges []indicatorRange, rules domain.Rules) {
	first := len(s.blocks)
	defer func() {
		for i := first; i < len(s.blocks); i++ {
			s.blocks[i].extra = true
		}
	}()
	s.gap()
	s.line("评分汇总（按评分规则计算，供复核参考）", alignLeft, roleHeading)
	g := &grid{}
	g.add(header(0, 0, 1, 1, "项目"))
	g.add(header(0, 1, 1, 1, "执行率"))
	g.add(withID(header(0, 2, 1, 1, "执行率得分"), "sum.head.0"))
	g.add(withID(header(1, 0, 1, 1, "分值"), "sum.weights"))
	g.add(withID(header(2, 0, 1, 1, "得分"), "sum.scores"))
	rc := rateCell(1, 1, 1, ts.Rate)
	rc.rowSpan = 2
	rc.formula = "{rate}"
	g.add(rc)
	xw := weightCell(1, 2, ts.ExecutionWeight)
	xw.formula = "{xw}"
	xw.id = "sum.w.0"
	g.add(xw)
	xs := scoreCell(2, 2, ts.ExecutionScore)
	xs.formula = "{xs}"
	xs.id = "sum.s.0"
	g.add(xs)
	cols := []int{3, 4, 5}
	for i, l := range rules.Levels {
		if i >= len(cols) {
			break
		}
		col := cols[i]
		n := strconv.Itoa(i + 1)
		g.add(withID(header(0, col, 1, 1, l.Name), "sum.head."+n))
		lvl := ts.Level(l.Name)
		w := withID(weightCell(1, col, lvl.Weight), "sum.w."+n)
		sc := withID(scoreCell(2, col, lvl.Score), "sum.s."+n)
		if k := slices.IndexFunc(ranges, func(r indicatorRange) bool { return r.name == l.Name }); k >= 0 {
			r := ranges[k]
			w.formula = fmt.Sprintf("SUM(%s:%s)", "{w."+strconv.Itoa(r.first)+"}", "{w."+strconv.Itoa(r.last)+"}")
			sc.formula = fmt.Sprintf("ROUND(SUM(%s:%s),2)", "{s."+strconv.Itoa(r.first)+"}", "{s."+strconv.Itoa(r.last)+"}")
		}
		g.add(w)
		g.add(sc)
	}
	g.add(header(0, 6, 1, 2, "总分"))
	wt := weightCell(1, 6, ts.WeightTotal)
	wt.colSpan = 2
	wt.formula = "{wt}"
	g.add(wt)
	tot := scoreCell(2, 6, ts.Total)
	tot.colSpan = 2
	tot.formula = "{total}"
	g.add(tot)
	g.add(header(0, 8, 1, 1, "等级"))
	gr := centered(1, 8, 2, 1, ts.Grade)
	gr.formula = gradeFormula(rules, "{total}", ts)
	g.add(gr)
	if ts.HasReview {
		reviewSummaryRow(g, ts, ranges, rules)
		// The 执行率 cell spans the 复核 row too.
		for i := range g.cells {
			if g.cells[i].row == 1 && g.cells[i].col == 1 {
				g.cells[i].rowSpan = 3
			}
		}
		// The sheet has the 复核分 column: 总分 widens over it.
		insertColumn(g, reviewCol, func(int) bool { return false })
	}
	s.grid(g)
}

// reviewSummaryRow adds the 复核 row under the 评分汇总's 得分 row: 执行率得分
// again, each 一级指标's 复核 subtotal, the 复核总分 and its 等级.
func reviewSummaryRow(g *grid, ts domain.TableScore, ranges []indicatorRange, rules domain.Rules) {
	g.add(header(3, 0, 1, 1, "复核分"))
	xs := scoreCell(3, 2, ts.ExecutionScore)
	xs.formula = "{xs}"
	g.add(xs)
	for i, l := range rules.Levels {
		if i >= 3 {
			break
		}
		c := scoreCell(3, 3+i, ts.Level(l.Name).Reviewed)
		if k := slices.IndexFunc(ranges, func(r indicatorRange) bool { return r.name == l.Name }); k >= 0 {
			r := ranges[k]
			sr := fmt.Sprintf("{s.%d}:{s.%d}", r.first, r.last)
			rr := fmt.Sprintf("{r.%d}:{r.%d}", r.first, r.last)
			c.formula = reviewSumFormula("", sr, rr)
		}
		g.add(c)
	}
	tot := scoreCell(3, 6, ts.ReviewTotal)
	tot.colSpan = 2
	tot.formula = "{rtotal}"
	g.add(tot)
	gr := centered(3, 8, 1, 1, ts.ReviewGrade)
	gr.formula = gradeFormula(rules, "{rtotal}", ts)
	g.add(gr)
}

// gradeFormula is 等级 as an XLSX formula over the total cell ref ({total}
// or {rtotal}); a table that is not Valid keeps its 无效 grade.
func gradeFormula(rules domain.Rules, ref string, ts domain.TableScore) string {
	if len(rules.Grades) == 0 || !ts.Valid {
		return ""
	}
	expr := strconv.Quote(rules.Grades[len(rules.Grades)-1].Name)
	for i := len(rules.Grades) - 2; i >= 0; i-- {
		gr := rules.Grades[i]
		expr = fmt.Sprintf("IF(%s>=%s,%s,%s)", ref, gr.Min.String(), strconv.Quote(gr.Name), expr)
	}
	return expr
}

func overallSheet(f *domain.Filing, ts domain.TableScore, rules domain.Rules) *sheet {
	o := f.Overall
	s := &sheet{name: "附件2", cols: tableColumns(ts)}
	s.line("附件2", alignLeft, roleAttachment)
	s.line(fmt.Sprintf("%d年度预算单位整体支出绩效自评表", f.Year), alignCenter, roleTitle)
	g := &grid{}
	g.add(centered(0, 0, 1, 2, "预算单位名称"))
	g.add(centered(0, 2, 1, 7, f.Unit))

	g.add(centered(1, 0, 7, 1, "年度预算\n申请\n(万元)"))
	g.add(header(1, 1, 1, 2, ""))
	for k, h := range []string{"年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"} {
		g.add(header(1, 3+k, 1, 1, h))
	}
	g.add(label(2, 1, 1, 2, "年度资金总额"))
	fundsRow(g, 2, o.Funds, "funds")
	executionCells(g, 2, ts, rules)

	g.add(label(3, 1, 1, 4, "按收入性质分："))
	g.add(label(3, 5, 1, 4, "按支出性质分："))
	income := []struct {
		name string
		a    domain.Amount
	}{
		{"其中：一般公共预算", o.Income.GeneralBudget},
		{"政府性基金拨款", o.Income.GovernmentFund},
		{"纳入专户管理的非税收入拨款", o.Income.SpecialAccountNontax},
		{"其他资金", o.Income.Other},
	}
	spend := []struct {
		name string
		a    domain.Amount
	}{
		{"其中：基本支出", o.Expenditure.Basic},
		{"项目支出", o.Expenditure.Project},
		{"", domain.Blank},
		{"", domain.Blank},
	}
	for i := range income {
		r := 4 + i
		g.add(label(r, 1, 1, 3, income[i].name))
		g.add(amountCell(r, 4, 1, income[i].a))
		g.add(label(r, 5, 1, 3, spend[i].name))
		g.add(amountCell(r, 8, 1, spend[i].a))
	}
	goalsRows(g, 8, o.Goals)
	_, ranges := indicatorRows(g, 10, o.Indicators, ts, rules, "得分")
	s.grid(g)
	s.line(signoffLine(f), alignLeft, roleNote)
	filedNotes(s, o.Filed, o.Funds, ts, rules)
	scoreSummary(s, ts, ranges, rules)
	return s
}

// filedNotes adds a note under a form for each figure the unit published
// (fd) that differs from the computed one the form shows.
func filedNotes(s *sheet, fd *domain.Filed, funds domain.Funds, ts domain.TableScore, rules domain.Rules) {
	for _, d := range domain.CompareFiled(fd, funds, ts, rules.RoundingTolerance) {
		s.line(Sanitize(d.Note()), alignLeft, roleNote)
	}
}

// noProjectsSheet stands for 附件3 in a projects-only filing without a table.
func noProjectsSheet(f *domain.Filing) *sheet {
	s := &sheet{name: "附件3", cols: tableCols}
	s.line("附件3", alignLeft, roleAttachment)
	s.line(fmt.Sprintf("%d年度项目支出绩效自评表", f.Year), alignCenter, roleTitle)
	s.line("本填报（"+domain.ScopeProjectsName+"）尚未填写任何项目支出绩效自评表。", alignLeft, roleNote)
	return s
}

func projectSheet(f *domain.Filing, i int, ts domain.TableScore, rules domain.Rules) *sheet {
	p := f.Projects[i]
	s := &sheet{name: fmt.Sprintf("附件3-%d %s", i+1, p.Name), cols: tableColumns(ts)}
	s.line(fmt.Sprintf("附件3-%d", i+1), alignLeft, roleAttachment)
	s.line(fmt.Sprintf("%d年度项目支出绩效自评表", f.Year), alignCenter, roleTitle)
	g := &grid{}
	g.add(centered(0, 0, 1, 2, "项目支出名称"))
	g.add(centered(0, 2, 1, 7, p.Name))
	g.add(centered(1, 0, 1, 2, "主管部门"))
	g.add(centered(1, 2, 1, 2, p.Department))
	g.add(centered(1, 4, 1, 1, "实施单位"))
	g.add(centered(1, 5, 1, 4, p.Implementer))

	sources := p.Funds.Sources
	// The official 其中 rows are left out when the table breaks its funds
	// down by its own sources instead and leaves them blank.
	official := []struct {
		name string
		fu   domain.Funds
	}{
		{"其中：当年财政拨款", p.Funds.CurrentYear},
		{"上年结转资金", p.Funds.Carryover},
		{"其他资金", p.Funds.Other},
	}
	if len(sources) > 0 && blankFunds(p.Funds.CurrentYear) && blankFunds(p.Funds.Carryover) && blankFunds(p.Funds.Other) {
		official = nil
	}
	rows := len(official) + len(sources)
	g.add(centered(2, 0, 2+rows, 1, "项目\n资金\n(万元)"))
	g.add(header(2, 1, 1, 2, ""))
	for k, h := range []string{"年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "自评得分"} {
		g.add(header(2, 3+k, 1, 1, h))
	}
	g.add(label(3, 1, 1, 2, "年度资金总额"))
	fundsRow(g, 3, p.Funds.Total, "funds")
	executionCells(g, 3, ts, rules)
	for k, r := range official {
		row := 4 + k
		g.add(label(row, 1, 1, 2, r.name))
		fundsRow(g, row, r.fu, "")
		for c := 6; c <= 8; c++ {
			g.add(body(row, c, 1, 1, ""))
		}
	}
	sourceRows(g, 4+len(official), sources, ts, rules)
	goalsRows(g, 4+rows, p.Goals)
	_, ranges := indicatorRows(g, 6+rows, p.Indicators, ts, rules, "自评得分")
	s.grid(g)
	s.line("备注：每个一级项目支出一张表。如，业务工作经费，运行维护经费，其他事业发展类资金…各一张表。", alignLeft, roleNote)
	s.line(signoffLine(f), alignLeft, roleNote)
	filedNotes(s, p.Filed, p.Funds.Total, ts, rules)
	scoreSummary(s, ts, ranges, rules)
	return s
}

// blankFunds reports whether no figure of a funds row is filled in.
func blankFunds(f domain.Funds) bool {
	return !f.InitialBudget.IsSet() && !f.FullYearBudget.IsSet() && !f.Executed.IsSet()
}

// sourceRows adds a 附件3 table's funding-source rows from row: each
// source's name, its three figures and its own 执行率 (on the rules'
// basis), which is reported, not scored.
func sourceRows(g *grid, row int, sources []domain.FundSource, ts domain.TableScore, rules domain.Rules) {
	for k, src := range sources {
		r := row + k
		id := fmt.Sprintf("src.%d", k)
		g.add(label(r, 1, 1, 2, "资金来源："+src.Name))
		fundsRow(g, r, src.Funds(), id)
		g.add(body(r, 6, 1, 1, ""))
		rate := domain.Blank
		if k < len(ts.Sources) {
			rate = ts.Sources[k].Rate
		}
		rc := rateCell(r, 7, 1, rate)
		rc.formula = rateFormula(id, rules)
		g.add(rc)
		g.add(body(r, 8, 1, 1, ""))
	}
}

// budgetTables are the report's attachments 4 to 6; each is exported only
// when its figure is filled in and not zero.
type budgetTable struct {
	number int
	kind   string
	amount domain.Amount
}

func budgetTables(f *domain.Filing) []budgetTable {
	r := f.Report
	all := []budgetTable{
		{4, "政府性基金预算", r.GovernmentFundSpending},
		{5, "国有资本经营预算", r.StateCapitalSpending},
		{6, "社会保险基金预算", r.SocialInsuranceSpending},
	}
	var out []budgetTable
	for _, t := range all {
		if !t.amount.IsZero() {
			out = append(out, t)
		}
	}
	return out
}

func budgetSheet(f *domain.Filing, t budgetTable) *sheet {
	title := t.kind + "支出情况表"
	s := &sheet{name: title, cols: budgetTableCols}
	s.line(fmt.Sprintf("附件4 附表%d", t.number), alignLeft, roleAttachment)
	s.line(fmt.Sprintf("%d年度%s", f.Year, title), alignCenter, roleTitle)
	s.line("单位："+Sanitize(f.Unit)+"　　金额单位：万元", alignLeft, roleNote)
	g := &grid{}
	g.add(header(0, 0, 1, 1, "项目"))
	g.add(header(0, 1, 1, 1, fmt.Sprintf("%d年度支出", f.Year)))
	g.add(label(1, 0, 1, 1, t.kind+"支出"))
	g.add(amountCell(1, 1, 1, t.amount))
	s.grid(g)
	s.line(signoffLine(f), alignLeft, roleNote)
	return s
}

// sheets returns every form of f in order: 附件1, 附件2, each 附件3 and the
// report's expenditure tables that have figures; for a projects-only filing
// the 附件3 tables alone.
func sheets(f *domain.Filing, rules domain.Rules) []*sheet {
	sc := domain.Score(f, rules)
	out := []*sheet{basicSheet(f), overallSheet(f, sc.Overall, rules)}
	if f.ProjectsOnly() {
		out = out[:0]
	}
	for i := range f.Projects {
		out = append(out, projectSheet(f, i, sc.Projects[i], rules))
	}
	if f.ProjectsOnly() {
		if len(out) == 0 {
			out = append(out, noProjectsSheet(f))
		}
		return out
	}
	for _, t := range budgetTables(f) {
		out = append(out, budgetSheet(f, t))
	}
	return out
}
