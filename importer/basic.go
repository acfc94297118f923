package importer

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"jixiao/domain"
)

// column is a header cell: the field key it stands for and the grid columns
// it covers.
type column struct {
	key, label string
	start, end int
	// yuan is set when the header gives the column in 元: "(元)".
	yuan bool
}

type columns []column

// of returns the column a cell starts in, or false.
func (cs columns) of(c cell) (column, bool) {
	for _, k := range cs {
		if c.col >= k.start && c.col < k.end {
			return k, true
		}
	}
	return column{}, false
}

func (cs columns) has(key string) bool {
	for _, k := range cs {
		if k.key == key {
			return true
		}
	}
	return false
}

// headerColumns maps the cells of a header row with match, which gives
// the key of a label or "".
func headerColumns(it item, match func(label string) string) columns {
	var cs columns
	for _, c := range it.cells {
		if c.cont {
			continue
		}
		if k := match(norm(c.text)); k != "" {
			cs = append(cs, column{key: k, label: joinLines(c.text), start: c.col, end: c.col + c.span, yuan: strings.Contains(norm(c.text), "(元)")})
		}
	}
	return cs
}

// firstLabel is the text of a row's first cell that is not a merge
// continuation, or "".
func firstLabel(it item) (cell, bool) {
	for _, c := range it.cells {
		if !c.cont && strings.TrimSpace(c.text) != "" {
			return c, true
		}
	}
	return cell{}, false
}

const basicTable = "附件1"

// basic reads 附件1 基础数据表.
func (b *builder) basic(s segment) {
	bd := &b.f.BasicData
	tr := TableReport{Name: "附件1 基础数据表", Title: s.title, Where: s.where}
	var money, staff, build columns
	yuan, buildYuan := false, false
	section := ""
	// group is the 项目支出 group named rows belong to: "ds" or "ht".
	group := ""
	var stated struct{ sangong, vehicles, ps, ds, ht *domain.Triple }
	for _, it := range s.items {
		if t, ok := it.single(); ok && b.line(t, basicTable, &yuan) {
			continue
		}
		if txt := it.text(); strings.Contains(txt, "填表人") && strings.Contains(txt, "联系电话") {
			// The sign-off written into a table row.
			b.signoff(txt, basicTable)
			continue
		}
		lc, ok := firstLabel(it)
		if !ok {
			continue
		}
		if cs := map[string]columns{"money": money, "buildings": build}[section]; len(cs) > 0 && lc.col >= cs.min() {
			// A row of figures with a blank label cell.
			lc = cell{col: -1}
		}
		lab := key(lc.text)
		rowLabel := joinLines(lc.text)
		// The label cell is the row's first; the others hold the figures.
		rest := func() []cell {
			var out []cell
			for _, c := range it.cells {
				if c.col > lc.col && !c.cont {
					out = append(out, c)
				}
			}
			return out
		}
		switch {
		case lab == "预算单位名称":
			b.setUnit(cellsText(rest()), basicTable)
			tr.Rows = append(tr.Rows, rowLabel)
			continue
		case strings.HasPrefix(lab, "财政供养人员情况"):
			staff = headerColumns(it, func(l string) string {
				switch {
				case strings.Contains(l, "编制数"):
					return "auth"
				case strings.Contains(l, "实际在职人数"):
					return "actual"
				case strings.Contains(l, "控制率"):
					return "rate"
				}
				return ""
			})
			section = "staff"
			tr.Rows = append(tr.Rows, rowLabel)
			continue
		case strings.HasPrefix(lab, "经费控制情况"):
			yuan = yuan || strings.Contains(lab, "(元)")
			if strings.Contains(lab, "(元)") {
				b.rep.reinterpret(basicTable, rowLabel, "", "表头注明“(元)”：金额除以10000换算为万元")
			}
			money = b.moneyColumns(it)
			section, group = "money", ""
			tr.Rows = append(tr.Rows, rowLabel)
			continue
		case strings.HasPrefix(lab, "楼堂馆所控制情况"):
			build = headerColumns(it, func(l string) string {
				switch {
				case strings.Contains(l, "批复规模"):
					return "approved"
				case strings.Contains(l, "实际规模"):
					return "actual"
				case strings.Contains(l, "规模控制率"):
					return "rate"
				case strings.Contains(l, "预算投资"):
					buildYuan = yuan || strings.Contains(l, "(元)")
					return "budget"
				case strings.Contains(l, "实际投资"):
					return "invest"
				case strings.Contains(l, "投资概算控制率"), strings.Contains(l, "控制率"):
					return "rate"
				}
				return ""
			})
			section = "buildings"
			tr.Rows = append(tr.Rows, rowLabel)
			continue
		case strings.HasPrefix(lab, "厉行节约"):
			bd.ThriftMeasures = cellText(cellsText(rest()))
			tr.Rows = append(tr.Rows, rowLabel)
			section = ""
			continue
		}
		switch section {
		case "staff":
			// The row under the header: 编制数, 实际在职人数, 控制率.
			for _, c := range it.cells {
				k, ok := staff.of(c)
				if c.cont || strings.TrimSpace(c.text) == "" {
					continue
				}
				if !ok {
					b.rep.unplaced(basicTable, "财政供养人员情况", "", c.text, it.where)
					continue
				}
				switch k.key {
				case "auth", "actual":
					n, ok := b.count(c.text, k.label)
					if ok && k.key == "auth" {
						bd.Staffing.Authorized = n
					} else if ok {
						bd.Staffing.Actual = n
					}
				}
			}
			tr.Rows = append(tr.Rows, "财政供养人员情况（数值）")
			section = ""
		case "money":
			dst, named := b.moneyRow(lab, &group)
			if dst == "" && (!named || group == "") {
				b.unplacedRow(basicTable, rowLabel, it, money)
				continue
			}
			t := b.triple(it, lc, money, yuan, rowLabel)
			switch {
			case dst == "sangong":
				stated.sangong = &t
			case dst == "vehicles":
				stated.vehicles = &t
			case dst == "ps":
				stated.ps = &t
			case dst == "ds":
				stated.ds = &t
			case dst == "ht":
				stated.ht = &t
			case dst != "":
				*b.basicTriple(dst) = t
			case named && group != "":
				name := stripOrdinal(joinLines(lc.text))
				if name == "" && t.IsBlank() {
					continue
				}
				if name == "" {
					b.rep.problem(basicTable, "（无名称）", "", "项目支出的一行有金额但没有名称，已导入，请补填名称")
				}
				row := domain.NamedTriple{Name: name, PriorFinal: t.PriorFinal, Budget: t.Budget, Final: t.Final}
				if group == "ds" {
					bd.ProjectSpending.DistrictSpecial = append(bd.ProjectSpending.DistrictSpecial, row)
				} else {
					bd.ProjectSpending.HigherTransfer = append(bd.ProjectSpending.HigherTransfer, row)
				}
			default:
				b.unplacedRow(basicTable, rowLabel, it, money)
				continue
			}
			tr.Rows = append(tr.Rows, rowLabel)
		case "buildings":
			bl := domain.Building{Name: joinLines(lc.text)}
			for _, c := range it.cells {
				if c.col == lc.col || c.cont || strings.TrimSpace(c.text) == "" {
					continue
				}
				k, ok := build.of(c)
				if !ok {
					b.rep.unplaced(basicTable, bl.Name, "", c.text, it.where)
					continue
				}
				switch k.key {
				case "approved":
					bl.ApprovedScale = b.amount(c.text, false, basicTable, bl.Name, k.label)
				case "actual":
					bl.ActualScale = b.amount(c.text, false, basicTable, bl.Name, k.label)
				case "budget":
					bl.BudgetInvestment = b.amount(c.text, buildYuan, basicTable, bl.Name, k.label)
				case "invest":
					bl.ActualInvestment = b.amount(c.text, buildYuan, basicTable, bl.Name, k.label)
				}
			}
			if bl == (domain.Building{Name: bl.Name}) && isNumberish(bl.Name) {
				// A row of figures whose first cell is a figure too: the
				// label column is blank and the name is missing.
				b.rep.unplaced(basicTable, "楼堂馆所", "", it.text(), it.where)
				continue
			}
			bd.Buildings = append(bd.Buildings, bl)
			tr.Rows = append(tr.Rows, "楼堂馆所“"+bl.Name+"”")
		default:
			b.unplacedRow(basicTable, rowLabel, it, nil)
		}
	}
	// The totals are compared with their rows once the exact figures a
	// Word export keeps are in (see exact.go); until then the stated
	// totals stand in the filing.
	bd.Sangong.Total, bd.ProjectSpending.Total = stated.sangong, stated.ps
	b.pendingTotals = func() {
		b.totals(bd.Sangong.Total, stated.vehicles, bd.ProjectSpending.Total, stated.ds, stated.ht)
	}
	b.rep.Tables = append(b.rep.Tables, tr)
}

// min is the first grid column of the mapped columns.
func (cs columns) min() int {
	m := 1 << 30
	for _, k := range cs {
		m = min(m, k.start)
	}
	return m
}

var ordinalRe = regexp.MustCompile(`^\s*[（(]\s*\d+\s*[)）]\s*`)

// stripOrdinal removes a leading （1）.
func stripOrdinal(s string) string { return strings.TrimSpace(ordinalRe.ReplaceAllString(s, "")) }

func isNumberish(s string) bool {
	return s != "" && readFigure(s, false).problem == ""
}

// cellsText joins the texts of cells, skipping repeats of a merge.
func cellsText(cs []cell) string {
	var parts []string
	for _, c := range cs {
		if !c.cont && strings.TrimSpace(c.text) != "" {
			parts = append(parts, c.text)
		}
	}
	return strings.Join(parts, "\n")
}

// moneyColumns maps the 经费控制情况 header: 上年决算数, 本年预算数, 本年决算数.
func (b *builder) moneyColumns(it item) columns {
	year := b.f.Year
	finals := 0
	return headerColumns(it, func(l string) string {
		y := yearOf(l)
		switch {
		case strings.Contains(l, "预算数"):
			return "b"
		case strings.Contains(l, "决算数") && (strings.Contains(l, "上年") || (y != 0 && y == year-1)):
			return "p"
		case strings.Contains(l, "决算数") && (strings.Contains(l, "本年") || (y != 0 && y == year)):
			return "f"
		case strings.Contains(l, "决算数"):
			finals++
			if finals == 1 {
				return "p"
			}
			return "f"
		}
		return ""
	})
}

// triple reads the three figures of a 经费 row.
func (b *builder) triple(it item, lc cell, cs columns, yuan bool, row string) domain.Triple {
	var t domain.Triple
	for _, c := range it.cells {
		if c.col == lc.col || c.cont || strings.TrimSpace(c.text) == "" {
			continue
		}
		k, ok := cs.of(c)
		if !ok {
			b.rep.unplaced(basicTable, row, "", c.text, it.where)
			continue
		}
		a := b.amount(c.text, yuan || k.yuan, basicTable, row, k.label)
		switch k.key {
		case "p":
			t.PriorFinal = a
		case "b":
			t.Budget = a
		case "f":
			t.Final = a
		}
	}
	return t
}

// moneyRow names the field of a 经费 row label: a key of basicTriple, a
// total ("sangong", "vehicles", "ps", "ds", "ht"), or named (a row of the
// current 项目支出 group). It opens and closes the groups.
func (b *builder) moneyRow(lab string, group *string) (dst string, named bool) {
	set := func(k string) (string, bool) {
		*group = ""
		return k, false
	}
	switch {
	case lab == "三公经费":
		return set("sangong")
	case lab == "公务用车购置和维护经费":
		return set("vehicles")
	case lab == "公车购置":
		return set("vp")
	case lab == "公车运行维护":
		return set("vo")
	case strings.Contains(lab, "出国") && strings.Contains(lab, "经费"):
		return set("over")
	case strings.HasPrefix(lab, "公务接待"):
		return set("rec")
	case lab == "项目支出":
		return set("ps")
	case lab == domain.BusinessRowName:
		return set("bus")
	case lab == domain.OperationRowName:
		return set("op")
	case strings.HasPrefix(lab, "区级专项资金"):
		*group = "ds"
		return "ds", false
	case strings.HasPrefix(lab, "上级转移支付"):
		*group = "ht"
		return "ht", false
	case lab == "公用经费":
		return set("pub")
	case lab == "办公经费":
		return set("office")
	case lab == "水费、电费、差旅费":
		return set("ut")
	case lab == "会议费、培训费":
		return set("mt")
	case lab == "政府采购金额":
		return set("proc")
	case lab == "部门基本支出预算调整":
		return set("adj")
	}
	return "", true
}

func (b *builder) basicTriple(k string) *domain.Triple {
	bd := &b.f.BasicData
	return map[string]*domain.Triple{
		"vp": &bd.Sangong.VehiclePurchase, "vo": &bd.Sangong.VehicleOperation, "over": &bd.Sangong.Overseas,
		"rec": &bd.Sangong.Reception, "bus": &bd.ProjectSpending.Business, "op": &bd.ProjectSpending.Operation,
		"pub": &bd.PublicSpending.Total, "office": &bd.PublicSpending.Office, "ut": &bd.PublicSpending.UtilitiesTravel,
		"mt": &bd.PublicSpending.MeetingsTraining, "proc": &bd.Procurement, "adj": &bd.BasicBudgetAdjustment,
	}[k]
}

// totals compares the total rows read with the sums of their rows. The
// filing keeps a stated total (三公经费, 项目支出) only where its rows leave a
// column blank or add up to another figure; the subtotals it computes
// (公务用车购置和维护经费, each 项目支出 group) must agree with their rows.
// A total printed to the 分 agrees with rows that add up to it rounded
// (agrees).
func (b *builder) totals(sangong, vehicles, ps, ds, ht *domain.Triple) {
	bd := &b.f.BasicData
	var dsSum, htSum domain.Triple
	for _, r := range bd.ProjectSpending.DistrictSpecial {
		dsSum = dsSum.Add(r.Triple())
	}
	for _, r := range bd.ProjectSpending.HigherTransfer {
		htSum = htSum.Add(r.Triple())
	}
	keep := func(stated *domain.Triple, sum domain.Triple, row string) *domain.Triple {
		if stated == nil || stated.IsBlank() {
			return nil
		}
		s, c := tripleAmounts(*stated), tripleAmounts(sum)
		keepIt := false
		for k := range s {
			switch {
			case !s[k].IsSet():
			case !c[k].IsSet():
				keepIt = true
			case !agrees(s[k], c[k]):
				keepIt = true
				b.rep.problem(basicTable, row, tripleNames[k], fmt.Sprintf("合计%s与其下各行之和%s不符，合计按填报保存", s[k].Text(), c[k].Text()))
			}
		}
		if keepIt {
			t := *stated
			return &t
		}
		return nil
	}
	bd.Sangong.Total = keep(sangong, bd.Sangong.Sum(), "三公经费")
	bd.ProjectSpending.Total = keep(ps, bd.ProjectSpending.Sum(), "项目支出")
	check := func(stated *domain.Triple, sum domain.Triple, row string) {
		if stated == nil {
			return
		}
		s, c := tripleAmounts(*stated), tripleAmounts(sum)
		for k := range s {
			if s[k].IsSet() && !agrees(s[k], c[k]) {
				b.rep.problem(basicTable, row, tripleNames[k], fmt.Sprintf("小计%s与其下各行之和%s不符；小计由各行计算，未保存，请核对各行", s[k].Text(), orBlank(c[k])))
			}
		}
	}
	check(vehicles, bd.Sangong.Vehicles(), "公务用车购置和维护经费")
	check(ds, dsSum, "区级专项资金")
	check(ht, htSum, "上级转移支付")
}

// agrees reports whether the printed figure stated stands for sum: equal,
// or stated has at most two decimals and is sum rounded half-up to two, as
// the forms print money.
func agrees(stated, sum domain.Amount) bool {
	if stated.Equal(sum) {
		return true
	}
	s := stated.Decimal()
	return stated.IsSet() && sum.IsSet() && s.Equal(domain.Round2(s)) && s.Equal(domain.Round2(sum.Decimal()))
}

var tripleNames = [3]string{"上年决算数", "本年预算数", "本年决算数"}

func tripleAmounts(t domain.Triple) [3]domain.Amount {
	return [3]domain.Amount{t.PriorFinal, t.Budget, t.Final}
}

func orBlank(a domain.Amount) string {
	if !a.IsSet() {
		return "空白"
	}
	return a.Text()
}

// amount reads a figure cell, reporting what it reinterprets and what it
// cannot read (then blank).
func (b *builder) amount(text string, yuan bool, table, row, col string) domain.Amount {
	fg := readFigure(text, yuan)
	b.rep.reinterpret(table, row, col, fg.notes...)
	if fg.problem != "" {
		b.rep.problem(table, row, col, fg.problem+"，未导入")
		return domain.Blank
	}
	return fg.amount
}

// count reads a head count.
func (b *builder) count(text, col string) (*int, bool) {
	t := strings.TrimSuffix(foldDigits(strings.TrimSpace(text)), "人")
	if placeholders[t] {
		return nil, false
	}
	n, err := strconv.Atoi(t)
	if err != nil || n < 0 {
		b.rep.problem(basicTable, "财政供养人员情况", col, fmt.Sprintf("“%s”不是人数，未导入", text))
		return nil, false
	}
	return &n, true
}

// unplacedRow reports a row no field takes: each filled cell with its row
// label and, where cs knows it, its column's; a row of a label alone as
// that label.
func (b *builder) unplacedRow(table, rowLabel string, it item, cs columns) {
	var cells []cell
	for _, c := range it.filled() {
		if joinLines(c.text) != rowLabel || rowLabel == "" {
			cells = append(cells, c)
		}
	}
	if len(cells) == 0 {
		b.rep.unplaced(table, rowLabel, "", rowLabel, it.where)
		return
	}
	for _, c := range cells {
		col := ""
		if k, ok := cs.of(c); ok {
			col = k.label
		}
		b.rep.unplaced(table, rowLabel, col, c.text, it.where)
	}
}
