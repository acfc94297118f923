package testfixture

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"jixiao/domain"
)

// SyntheticFiling returns a made-up but realistic filing with the given
// number of 附件3 tables and indicator rows per table (附件2 gets rowsPer
// rows too). It is deterministic, so tests, golden files and benchmarks
// can rely on it. Every 附件3 table has its 附件1
// 项目支出 row and the figures agree across the attachments, so with at
// least one project domain.Check finds nothing; amounts include
// four-decimal figures and blanks; indicators mix quantitative, reverse and
// qualitative targets, filed and blank scores and long texts.
func SyntheticFiling(projects, rowsPer int) *domain.Filing {
	f := domain.NewFiling("示范市示范区示范街道办事处", 2024)
	f.Signoff = domain.Signoff{FilledBy: "张三", Phone: "0730-8000000", UnitHead: "李四", Date: "2025-07-10"}
	authorized, actual := 120, 118
	b := &f.BasicData
	b.Staffing = domain.Staffing{Authorized: &authorized, Actual: &actual}
	b.Sangong = domain.Sangong{
		VehiclePurchase:  triple("", "", ""),
		VehicleOperation: triple("6.2", "8", "5.8731"),
		Overseas:         triple("", "", ""),
		Reception:        triple("1.35", "2", "0.98"),
	}
	b.PublicSpending = domain.PublicSpending{
		Total:            triple("310.5", "192.6", "206.11"),
		Office:           triple("", "11.31", "50.77"),
		UtilitiesTravel:  triple("", "30", "44.27"),
		MeetingsTraining: triple("", "2", ""),
	}
	b.Procurement = triple("101.27", "74.6", "23.38")
	b.Buildings = []domain.Building{{Name: "社区综合服务中心", ApprovedScale: amt("1200"), ActualScale: amt("1180"), BudgetInvestment: amt("356.8"), ActualInvestment: amt("349.2215")}}
	b.ThriftMeasures = "加强宣传教育，提高节约意识；制定相关制度，强化节约意识落实；建立精细化管理体系，加强资源的有效利用。"

	for i := 0; i < projects; i++ {
		p := domain.NewProject(projectName(i))
		p.Department = "示范区财政局"
		p.Implementer = f.Unit
		initial := decimal.NewFromInt(int64(50 + 7*i))
		current := domain.Funds{InitialBudget: domain.Dec(initial), FullYearBudget: domain.Dec(initial), Executed: amt(money(i, 45))}
		carry := domain.Funds{FullYearBudget: domain.Int(5), Executed: amt(money(i, 5))}
		p.Funds = domain.ProjectFunds{Total: current.Add(carry), CurrentYear: current, Carryover: carry}
		p.Funds.Total.InitialBudget = domain.Dec(initial)
		p.Goals = domain.Goals{
			Expected: []string{fmt.Sprintf("按计划完成%s各项任务，资金使用规范。", p.Name)},
			Actual:   []string{fmt.Sprintf("%s各项任务已按期完成，资金支付进度符合要求。", p.Name)},
		}
		p.Indicators = syntheticIndicators(rowsPer, i+1)
		f.Projects = append(f.Projects, p)
		// Each table has its 附件1 项目支出 row.
		row := domain.Triple{PriorFinal: amt(money(i, 40)), Budget: p.Funds.Total.FullYearBudget, Final: p.Funds.Total.Executed}
		ps := &b.ProjectSpending
		switch {
		case i == 0:
			ps.Business = row
		case i == 1:
			ps.Operation = row
		case i%2 == 0:
			ps.DistrictSpecial = append(ps.DistrictSpecial, domain.NamedTriple{Name: p.Name, PriorFinal: row.PriorFinal, Budget: row.Budget, Final: row.Final})
		default:
			ps.HigherTransfer = append(ps.HigherTransfer, domain.NamedTriple{Name: p.Name, PriorFinal: row.PriorFinal, Budget: row.Budget, Final: row.Final})
		}
	}
	if projects == 0 {
		// Like the sample: money under 业务工作经费 but no 附件3 table.
		b.ProjectSpending.Business = triple("170.56", "639", "28.79")
	}
	project := b.ProjectSpending.Sum().Final.Decimal()

	o := &f.Overall
	basic := decimal.RequireFromString("3673.89")
	executed := basic.Add(project)
	personnel, public := amt("1267.78"), amt("101.78")
	general := personnel.Decimal().Add(public.Decimal()).Add(project)
	o.Funds = domain.Funds{InitialBudget: amt("2402.15"), FullYearBudget: domain.Dec(executed.Add(decimal.RequireFromString("208.53"))), Executed: domain.Dec(executed)}
	o.Income = domain.Income{GeneralBudget: domain.Dec(general), Other: domain.Dec(executed.Sub(general))}
	o.Expenditure = domain.Expenditure{Basic: domain.Dec(basic), Project: domain.Dec(project)}
	o.Goals = domain.Goals{
		Expected: []string{"致力务实担当，自身建设全面加强。", "致力稳中求进，发展成果不断巩固。", "致力深耕细作，治理能力有效提升。"},
		Actual:   []string{"聚焦“党纪学习教育”主线，积极开展理论中心组学习。", "有力有序推进机构改革。", "坚持“项目为王”理念，有序推动项目执行。", "环卫整治成效显著，平安建设稳步前行。"},
	}
	o.Indicators = syntheticIndicators(rowsPer, 0)
	f.Report = domain.Report{
		Duties:       strings.Repeat("负责辖区内社区建设、社会治理和公共服务等工作，指导居民委员会开展自治活动。", 3),
		Organization: "内设党政办、党建办、经发办、平安法治和应急管理办公室等股室，下辖社区10个。",
		GeneralBudgetSpending: domain.GeneralBudgetSpending{
			Personnel: personnel, Public: public, Project: domain.Dec(project),
		},
		GovernmentFundSpending:  amt("12.5"),
		StateCapitalSpending:    amt("0"),
		SocialInsuranceSpending: amt("0"),
		Performance:             "（一）自身建设全面加强。\n（二）发展成果不断巩固。\n（三）治理能力有效提升。",
		Problems:                "一是部分项目执行进度偏慢；二是绩效目标设置不够细化。",
		Improvements:            "（一）加快项目执行进度。\n（二）细化绩效目标，加强过程监控。",
		ResultUse:               "将评价结果作为下年度预算安排的重要依据，并按规定公开。",
		Other:                   "无",
	}
	return f
}

var syntheticProjects = []string{
	"业务工作经费", "运行维护经费", "老旧小区改造补助资金", "社区网格化管理经费", "环境卫生整治专项经费",
	"城乡居民医疗保险征缴工作经费", "退役军人服务保障经费", "安全生产与应急管理经费", "基层党建工作经费",
}

func projectName(i int) string {
	n := syntheticProjects[i%len(syntheticProjects)]
	if i >= len(syntheticProjects) {
		n = fmt.Sprintf("%s（%d）", n, i/len(syntheticProjects)+1)
	}
	return n
}

// syntheticIndicators returns n rows whose weights add up to 90 (产出 50,
// 效益 30, 满意度 10), varied by seed.
func syntheticIndicators(n, seed int) []domain.Indicator {
	if n <= 0 {
		return nil
	}
	// The weights above are those of the default rule set.
	rules, _ := domain.RuleSets{}.Lookup(domain.DefaultRulesID)
	// Share the rows between the 一级指标 roughly as their weights.
	counts := []int{max(1, n*5/9), max(1, n*3/9), 0}
	counts[2] = max(1, n-counts[0]-counts[1])
	for counts[0]+counts[1]+counts[2] > n && counts[0] > 1 {
		counts[0]--
	}
	var rows []domain.Indicator
	k := seed
	for li, l := range rules.Levels {
		weights := split(l.Weight, counts[li])
		for j := 0; j < counts[li]; j++ {
			row := domain.Indicator{Level1: l.Name, Level2: l.Level2[j%len(l.Level2)], Weight: domain.Dec(weights[j])}
			fillIndicator(&row, k)
			rows = append(rows, row)
			k++
		}
	}
	return rows
}

// split divides total into n parts of whole cents that add up exactly.
func split(total decimal.Decimal, n int) []decimal.Decimal {
	cents := total.Shift(2).IntPart()
	out := make([]decimal.Decimal, n)
	for i := range out {
		c := cents / int64(n)
		if int64(i) < cents%int64(n) {
			c++
		}
		out[i] = decimal.New(c, -2)
	}
	return out
}

func fillIndicator(r *domain.Indicator, k int) {
	w := r.Weight.Decimal()
	switch k % 6 {
	case 0:
		r.Name = fmt.Sprintf("全年在区级及以上媒体上稿篇数（第%d项）", k+1)
		r.Target, r.Actual = "≥100篇", fmt.Sprintf("%d篇", 100+k%15)
		r.Score = domain.Dec(w)
	case 1:
		r.Name = "城乡居民医保征缴参保率"
		r.Target, r.Actual = "≥90%", "102.07%"
	case 2:
		r.Name = "全年经费开支"
		r.Target, r.Actual = "预算金额≤1902.68万元", "1902.68万"
		r.Score = domain.Dec(w)
	case 3:
		r.Name = "环卫整治成效显著，生态治理持续优化，市容市貌焕新提质，提升辖区居民人居环境质量"
		r.Target, r.Actual = "有效提升", "明显提升"
	case 4:
		r.Name = "服务辖区旧改、配套项目完成数"
		r.Target, r.Actual = "≥12个", "9个"
		r.Score = domain.Dec(domain.Round2(w.Mul(decimal.NewFromInt(9)).Div(decimal.NewFromInt(12))))
		r.Deviation = "受征拆进度影响，3个项目延期至次年开工；下一步将加强统筹调度，倒排工期，确保按期完成。"
	default:
		r.Name = "辖区群众满意度"
		r.Target, r.Actual = "≥95%", "98%"
	}
}

func money(i, base int) string {
	d := decimal.NewFromInt(int64(base*100 + i*37)).Shift(-2)
	if i%4 == 3 {
		d = d.Add(decimal.New(int64(i%9+1), -4))
	}
	return d.String()
}

func amt(s string) domain.Amount {
	if s == "" {
		return domain.Blank
	}
	return Amount(s)
}

func triple(p, b, f string) domain.Triple {
	return domain.Triple{PriorFinal: amt(p), Budget: amt(b), Final: amt(f)}
}
