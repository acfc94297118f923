// Package domain holds the annual 预算单位整体支出绩效自评 filing of one budget
// unit: its four attachments, the jixiao/filing@1 interchange format, the
// scoring rules and the consistency findings. It does no I/O and knows nothing
// of screens or storage.
package domain

// FormatID is the value of the "format" key of every jixiao/filing@1 document.
const FormatID = "jixiao/filing@1"

// Filing is one unit's self-evaluation package for one year: 附件1 (BasicData),
// 附件2 (Overall), 附件3 (Projects) and 附件4 (Report).
type Filing struct {
	Format string `json:"format"`
	Year   int    `json:"year"`
	Unit   string `json:"unit"`
	// Scope is what the filing holds: ScopeUnit ("" reads as it) or
	// ScopeProjects; see Filing.ProjectsOnly.
	Scope     string    `json:"scope,omitempty"`
	Signoff   Signoff   `json:"signoff"`
	BasicData BasicData `json:"basic_data"`
	Overall   Overall   `json:"overall"`
	Projects  []Project `json:"projects"`
	Report    Report    `json:"report"`
	// Rules is the id of the rule set the filing is scored under (see
	// docs/rules.md); "" means DefaultRulesID.
	Rules string `json:"rules,omitempty"`
	// Unknown holds the keys of this object that jixiao does not know, as
	// read, so that they are written back; see UnknownKeys.
	Unknown UnknownKeys `json:"-"`
	// decodeFindings are what Decode removed or replaced; Check reports them.
	decodeFindings []Finding
}

// Signoff is the line under every attachment: 填表人, 联系电话, 单位负责人, 填报日期.
type Signoff struct {
	FilledBy string `json:"filled_by"`
	Phone    string `json:"phone"`
	UnitHead string `json:"unit_head"`
	// Date is 填报日期 as YYYY-MM-DD.
	Date string `json:"date"`
	// Unknown holds the keys of this object that jixiao does not know, as
	// read, so that they are written back; see UnknownKeys.
	Unknown UnknownKeys `json:"-"`
}

// BasicData is 附件1 基础数据表.
type BasicData struct {
	Staffing              Staffing        `json:"staffing"`
	Sangong               Sangong         `json:"sangong"`
	ProjectSpending       ProjectSpending `json:"project_spending"`
	PublicSpending        PublicSpending  `json:"public_spending"`
	Procurement           Triple          `json:"procurement"`
	BasicBudgetAdjustment Triple          `json:"basic_budget_adjustment"`
	Buildings             []Building      `json:"buildings"`
	ThriftMeasures        string          `json:"thrift_measures"`
	// Unknown holds the keys of this object that jixiao does not know, as
	// read, so that they are written back; see UnknownKeys.
	Unknown UnknownKeys `json:"-"`
}

// Staffing is 财政供养人员情况: 编制数 and 实际在职人数; 控制率 is computed.
type Staffing struct {
	Authorized *int `json:"authorized"`
	Actual     *int `json:"actual"`
	// Unknown holds the keys of this object that jixiao does not know, as
	// read, so that they are written back; see UnknownKeys.
	Unknown UnknownKeys `json:"-"`
}

// Triple is one 经费控制情况 row: 上年决算数, 本年预算数, 本年决算数.
type Triple struct {
	PriorFinal Amount `json:"prior_final"`
	Budget     Amount `json:"budget"`
	Final      Amount `json:"final"`
	// Unknown holds the keys of this object that jixiao does not know, as
	// read, so that they are written back; see UnknownKeys.
	Unknown UnknownKeys `json:"-"`
}

// Add sums two rows column by column.
func (t Triple) Add(o Triple) Triple {
	return Triple{PriorFinal: t.PriorFinal.Add(o.PriorFinal), Budget: t.Budget.Add(o.Budget), Final: t.Final.Add(o.Final)}
}

// IsBlank reports whether no column is filled.
func (t Triple) IsBlank() bool {
	return !t.PriorFinal.IsSet() && !t.Budget.IsSet() && !t.Final.IsSet()
}

// HasMoney reports whether the budget or the final column is non-zero.
func (t Triple) HasMoney() bool { return !t.Budget.IsZero() || !t.Final.IsZero() }

// Sangong is 三公经费: 公务用车购置和维护经费 (公车购置 + 公车运行维护), 出国经费 and
// 公务接待. Its total is computed; Total is set only when a filer entered
// the form's total row, and is then checked against the sum.
type Sangong struct {
	Total            *Triple `json:"total,omitempty"`
	VehiclePurchase  Triple  `json:"vehicle_purchase"`
	VehicleOperation Triple  `json:"vehicle_operation"`
	Overseas         Triple  `json:"overseas"`
	Reception        Triple  `json:"reception"`
	// Unknown holds the keys of this object that jixiao does not know, as
	// read, so that they are written back; see UnknownKeys.
	Unknown UnknownKeys `json:"-"`
}

// Vehicles is 公务用车购置和维护经费.
func (s Sangong) Vehicles() Triple { return s.VehiclePurchase.Add(s.VehicleOperation) }

// Sum is 三公经费 as computed from its rows.
func (s Sangong) Sum() Triple { return s.Vehicles().Add(s.Overseas).Add(s.Reception) }

// NamedTriple is a row of its own under 项目支出: one 区级专项资金 or one 上级转移支付.
type NamedTriple struct {
	Name       string `json:"name"`
	PriorFinal Amount `json:"prior_final"`
	Budget     Amount `json:"budget"`
	Final      Amount `json:"final"`
	// Unknown holds the keys of this object that jixiao does not know, as
	// read, so that they are written back; see UnknownKeys.
	Unknown UnknownKeys `json:"-"`
}

// Triple returns the row's three figures.
func (n NamedTriple) Triple() Triple {
	return Triple{PriorFinal: n.PriorFinal, Budget: n.Budget, Final: n.Final}
}

// ProjectSpending is 附件1 项目支出: 业务工作经费, 运行维护经费, one row per
// 区级专项资金 and one per 上级转移支付. Total is set only when entered.
type ProjectSpending struct {
	Total           *Triple       `json:"total,omitempty"`
	Business        Triple        `json:"business"`
	Operation       Triple        `json:"operation"`
	DistrictSpecial []NamedTriple `json:"district_special"`
	HigherTransfer  []NamedTriple `json:"higher_transfer"`
	// Unknown holds the keys of this object that jixiao does not know, as
	// read, so that they are written back; see UnknownKeys.
	Unknown UnknownKeys `json:"-"`
}

// Sum is 项目支出 as computed from its rows.
func (p ProjectSpending) Sum() Triple {
	t := p.Business.Add(p.Operation)
	for _, r := range p.DistrictSpecial {
		t = t.Add(r.Triple())
	}
	for _, r := range p.HigherTransfer {
		t = t.Add(r.Triple())
	}
	return t
}

// Names of the fixed 项目支出 rows, which are also the names of their 附件3 tables.
const (
	BusinessRowName  = "业务工作经费"
	OperationRowName = "运行维护经费"
)

// SpendingRow is one 附件1 项目支出 row with its name and kind.
type SpendingRow struct {
	// Kind is "business", "operation", "district_special" or "higher_transfer".
	Kind  string
	Index int
	Name  string
	Triple
}

// Rows lists the 项目支出 rows in form order.
func (p ProjectSpending) Rows() []SpendingRow {
	rows := []SpendingRow{
		{Kind: "business", Name: BusinessRowName, Triple: p.Business},
		{Kind: "operation", Name: OperationRowName, Triple: p.Operation},
	}
	for i, r := range p.DistrictSpecial {
		rows = append(rows, SpendingRow{Kind: "district_special", Index: i, Name: r.Name, Triple: r.Triple()})
	}
	for i, r := range p.HigherTransfer {
		rows = append(rows, SpendingRow{Kind: "higher_transfer", Index: i, Name: r.Name, Triple: r.Triple()})
	}
	return rows
}

// PublicSpending is 公用经费 (entered) with its 其中 rows.
type PublicSpending struct {
	Total            Triple `json:"total"`
	Office           Triple `json:"office"`
	UtilitiesTravel  Triple `json:"utilities_travel"`
	MeetingsTraining Triple `json:"meetings_training"`
	// Unknown holds the keys of this object that jixiao does not know, as
	// read, so that they are written back; see UnknownKeys.
	Unknown UnknownKeys `json:"-"`
}

// Building is one 楼堂馆所 row (a project completed in the year).
type Building struct {
	Name             string `json:"name"`
	ApprovedScale    Amount `json:"approved_scale"`
	ActualScale      Amount `json:"actual_scale"`
	BudgetInvestment Amount `json:"budget_investment"`
	ActualInvestment Amount `json:"actual_investment"`
	// Unknown holds the keys of this object that jixiao does not know, as
	// read, so that they are written back; see UnknownKeys.
	Unknown UnknownKeys `json:"-"`
}

// Funds is a 年初预算数 / 全年预算数 / 全年执行数 row.
type Funds struct {
	InitialBudget  Amount `json:"initial_budget"`
	FullYearBudget Amount `json:"full_year_budget"`
	Executed       Amount `json:"executed"`
	// Unknown holds the keys of this object that jixiao does not know, as
	// read, so that they are written back; see UnknownKeys.
	Unknown UnknownKeys `json:"-"`
}

// Add sums two rows column by column.
func (f Funds) Add(o Funds) Funds {
	return Funds{
		InitialBudget:  f.InitialBudget.Add(o.InitialBudget),
		FullYearBudget: f.FullYearBudget.Add(o.FullYearBudget),
		Executed:       f.Executed.Add(o.Executed),
	}
}

// Overall is 附件2 整体支出绩效自评表.
type Overall struct {
	Funds           Funds       `json:"funds"`
	ExecutionWeight Amount      `json:"execution_weight"`
	Income          Income      `json:"income"`
	Expenditure     Expenditure `json:"expenditure"`
	Goals           Goals       `json:"goals"`
	Indicators      []Indicator `json:"indicators"`
	// Filed holds the figures the unit wrote on its 附件2, when recorded.
	Filed *Filed `json:"filed,omitempty"`
	// Unknown holds the keys of this object that jixiao does not know, as
	// read, so that they are written back; see UnknownKeys.
	Unknown UnknownKeys `json:"-"`
}

// Income is 按收入性质分.
type Income struct {
	GeneralBudget        Amount `json:"general_budget"`
	GovernmentFund       Amount `json:"government_fund"`
	SpecialAccountNontax Amount `json:"special_account_nontax"`
	Other                Amount `json:"other"`
	// Unknown holds the keys of this object that jixiao does not know, as
	// read, so that they are written back; see UnknownKeys.
	Unknown UnknownKeys `json:"-"`
}

// Sum adds the four sources.
func (i Income) Sum() Amount {
	return i.GeneralBudget.Add(i.GovernmentFund).Add(i.SpecialAccountNontax).Add(i.Other)
}

// Expenditure is 按支出性质分.
type Expenditure struct {
	Basic   Amount `json:"basic"`
	Project Amount `json:"project"`
	// Unknown holds the keys of this object that jixiao does not know, as
	// read, so that they are written back; see UnknownKeys.
	Unknown UnknownKeys `json:"-"`
}

// Sum is 基本支出 + 项目支出.
func (e Expenditure) Sum() Amount { return e.Basic.Add(e.Project) }

// Goals is 年度总体目标: numbered lists of 预期目标 and 实际完成情况.
type Goals struct {
	Expected []string `json:"expected"`
	Actual   []string `json:"actual"`
	// Unknown holds the keys of this object that jixiao does not know, as
	// read, so that they are written back; see UnknownKeys.
	Unknown UnknownKeys `json:"-"`
}

// Indicator is one 三级指标 row of a performance table.
type Indicator struct {
	Level1    string `json:"level1"`
	Level2    string `json:"level2"`
	Name      string `json:"name"`
	Target    string `json:"target"`
	Actual    string `json:"actual"`
	Weight    Amount `json:"weight"`
	Score     Amount `json:"score"`
	Deviation string `json:"deviation"`
	// Band is the filer's choice of qualitative band; see Band.
	Band Band `json:"band,omitempty"`
	// Direction, Comparator, Value and Unit are the target as the 预算管理一体化
	// system keeps it, in split columns: 指标方向 (正向/反向), 指标性质
	// (≥ ≤ = > <), 指标值 and 度量单位. Either they or Target may be read;
	// both are written (see docs/format.md).
	Direction  string `json:"direction,omitempty"`
	Comparator string `json:"comparator,omitempty"`
	Value      string `json:"value,omitempty"`
	Unit       string `json:"unit,omitempty"`
	// ReviewScore is the 复核分 a reviewer wrote beside 得分, when the template
	// has that column; nil when absent.
	ReviewScore *Amount `json:"review_score,omitempty"`
	// Unknown holds the keys of this object that jixiao does not know, as
	// read, so that they are written back; see UnknownKeys.
	Unknown UnknownKeys `json:"-"`
	// splitFrom is the Target the split columns were derived from (they
	// say nothing Target does not), "" when they were given or edited on
	// their own; see SyncTarget.
	splitFrom string
}

// Project is one 附件3 项目支出绩效自评表 (one per 一级项目).
type Project struct {
	Name            string       `json:"name"`
	Department      string       `json:"department"`
	Implementer     string       `json:"implementer"`
	Funds           ProjectFunds `json:"funds"`
	ExecutionWeight Amount       `json:"execution_weight"`
	Goals           Goals        `json:"goals"`
	Indicators      []Indicator  `json:"indicators"`
	// Filed holds the figures the unit wrote on this table, when recorded.
	Filed *Filed `json:"filed,omitempty"`
	// Unknown holds the keys of this object that jixiao does not know, as
	// read, so that they are written back; see UnknownKeys.
	Unknown UnknownKeys `json:"-"`
}

// ProjectFunds is 项目资金: 年度资金总额 and its 其中 rows.
type ProjectFunds struct {
	Total       Funds `json:"total"`
	CurrentYear Funds `json:"current_year"`
	Carryover   Funds `json:"carryover"`
	Other       Funds `json:"other"`
	// Sources are further funding-source rows under 年度资金总额 (some
	// provinces list each source with its own 执行率); absent in the
	// official template.
	Sources []FundSource `json:"sources,omitempty"`
	// Unknown holds the keys of this object that jixiao does not know, as
	// read, so that they are written back; see UnknownKeys.
	Unknown UnknownKeys `json:"-"`
}

// FundSource is one named funding-source row of a 附件3 资金 block.
type FundSource struct {
	Name           string `json:"name"`
	InitialBudget  Amount `json:"initial_budget"`
	FullYearBudget Amount `json:"full_year_budget"`
	Executed       Amount `json:"executed"`
	// Unknown holds the keys of this object that jixiao does not know, as
	// read, so that they are written back; see UnknownKeys.
	Unknown UnknownKeys `json:"-"`
}

// Funds returns the row's three figures.
func (s FundSource) Funds() Funds {
	return Funds{InitialBudget: s.InitialBudget, FullYearBudget: s.FullYearBudget, Executed: s.Executed}
}

// PartsSum adds the 其中 rows.
func (p ProjectFunds) PartsSum() Funds { return p.CurrentYear.Add(p.Carryover).Add(p.Other) }

// Report is 附件4 自评报告. Sections 二 to 五 are generated from the figures
// held here; see ReportSections.
type Report struct {
	// 一、单位基本情况
	Duties       string `json:"duties"`
	Organization string `json:"organization"`
	// 二、一般公共预算支出情况
	GeneralBudgetSpending GeneralBudgetSpending `json:"general_budget_spending"`
	// 三、四、五
	GovernmentFundSpending  Amount `json:"government_fund_spending"`
	StateCapitalSpending    Amount `json:"state_capital_spending"`
	SocialInsuranceSpending Amount `json:"social_insurance_spending"`
	// 六 to 十
	Performance  string `json:"performance"`
	Problems     string `json:"problems"`
	Improvements string `json:"improvements"`
	ResultUse    string `json:"result_use"`
	Other        string `json:"other"`
	// Unknown holds the keys of this object that jixiao does not know, as
	// read, so that they are written back; see UnknownKeys.
	Unknown UnknownKeys `json:"-"`
}

// GeneralBudgetSpending is section 二: 人员经费 and 公用经费 (基本支出) and 项目支出
// paid from the 一般公共预算.
type GeneralBudgetSpending struct {
	Personnel Amount `json:"personnel"`
	Public    Amount `json:"public"`
	Project   Amount `json:"project"`
	// Unknown holds the keys of this object that jixiao does not know, as
	// read, so that they are written back; see UnknownKeys.
	Unknown UnknownKeys `json:"-"`
}

// Basic is 基本支出 = 人员经费 + 公用经费.
func (g GeneralBudgetSpending) Basic() Amount { return g.Personnel.Add(g.Public) }

// Total is 基本支出 + 项目支出.
func (g GeneralBudgetSpending) Total() Amount { return g.Basic().Add(g.Project) }
