package domain

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

type checkCase struct {
	name   string
	mutate func(f *Filing)
	code   string
	sev    Severity
	path   string
	// contains are fragments the message must hold (the row's name, …).
	contains []string
}

func ptr[T any](v T) *T { return &v }

func checkCases() []checkCase {
	ind := func(f *Filing, i int) *Indicator { return &f.Overall.Indicators[i] }
	pind := func(f *Filing, i int) *Indicator { return &f.Projects[0].Indicators[i] }
	return []checkCase{
		// Required fields.
		{"unit blank", func(f *Filing) { f.Unit = " " }, "required.blank", Error, "unit", []string{"预算单位名称未填写"}},
		{"filled_by blank", func(f *Filing) { f.Signoff.FilledBy = "" }, "required.blank", Error, "signoff.filled_by", []string{"填表人"}},
		{"unit head blank", func(f *Filing) { f.Signoff.UnitHead = "" }, "required.blank", Error, "signoff.unit_head", []string{"单位负责人"}},
		{"phone blank", func(f *Filing) { f.Signoff.Phone = "" }, "required.blank", Error, "signoff.phone", []string{"联系电话"}},
		{"date blank", func(f *Filing) { f.Signoff.Date = "" }, "required.blank", Error, "signoff.date", []string{"填报日期"}},
		{"编制数 blank", func(f *Filing) { f.BasicData.Staffing.Authorized = nil }, "required.blank", Error, "basic_data.staffing.authorized", []string{"编制数"}},
		{"在职人数 blank", func(f *Filing) { f.BasicData.Staffing.Actual = nil }, "required.blank", Error, "basic_data.staffing.actual", []string{"2024年实际在职人数"}},
		{"thrift measures blank", func(f *Filing) { f.BasicData.ThriftMeasures = "" }, "required.blank", Error, "basic_data.thrift_measures", []string{"厉行节约保障措施"}},
		{"district special row unnamed", func(f *Filing) {
			f.BasicData.ProjectSpending.DistrictSpecial = []NamedTriple{{Name: ""}}
		}, "required.blank", Error, "basic_data.project_spending.district_special.0.name", []string{"区级专项资金第1行"}},
		{"building figures blank", func(f *Filing) {
			f.BasicData.Buildings = []Building{{Name: "综合楼", ApprovedScale: amt("100"), ActualScale: amt("100"), BudgetInvestment: amt("50")}}
		}, "required.blank", Error, "basic_data.buildings.0.actual_investment", []string{"综合楼", "实际投资"}},
		{"全年执行数 blank", func(f *Filing) { f.Overall.Funds.Executed = Blank }, "required.blank", Error, "overall.funds.executed", []string{"附件2", "全年执行数"}},
		{"按支出性质分 blank", func(f *Filing) { f.Overall.Expenditure = Expenditure{} }, "required.blank", Error, "overall.expenditure.basic", []string{"按支出性质分"}},
		{"按收入性质分 blank", func(f *Filing) { f.Overall.Income = Income{} }, "required.blank", Error, "overall.income.general_budget", []string{"按收入性质分"}},
		{"expected goals blank", func(f *Filing) { f.Overall.Goals.Expected = []string{" "} }, "required.blank", Error, "overall.goals.expected", []string{"预期目标"}},
		{"indicator actual blank", func(f *Filing) { ind(f, 2).Actual = "" }, "required.blank", Error, "overall.indicators.2.actual", []string{"城乡居民医保征缴参保率", "实际完成值"}},
		{"indicator name blank", func(f *Filing) { ind(f, 2).Name = "" }, "required.blank", Error, "overall.indicators.2.name", []string{"第3行指标"}},
		{"indicator weight blank", func(f *Filing) { ind(f, 2).Weight = Blank }, "required.blank", Error, "overall.indicators.2.weight", []string{"分值未填写"}},
		{"project department blank", func(f *Filing) { f.Projects[0].Department = "" }, "required.blank", Error, "projects.0.department", []string{"附件3“业务工作经费”的主管部门"}},
		{"report section blank", func(f *Filing) { f.Report.Problems = "" }, "required.blank", Error, "report.problems", []string{"七、存在的问题及原因分析"}},
		{"report figure blank", func(f *Filing) { f.Report.StateCapitalSpending = Blank }, "required.blank", Error, "report.state_capital_spending", []string{"四、国有资本经营预算支出", "没有支出请填0"}},

		// Negative amounts.
		{"negative 公车购置", func(f *Filing) { f.BasicData.Sangong.VehiclePurchase.Final = amt("-1") }, "amount.negative", Error, "basic_data.sangong.vehicle_purchase.final", []string{"公车购置", "2024年决算数", "-1"}},
		{"negative named row", func(f *Filing) {
			f.BasicData.ProjectSpending.HigherTransfer = []NamedTriple{{Name: "中央转移支付", Budget: amt("-3")}}
		}, "amount.negative", Error, "basic_data.project_spending.higher_transfer.0.budget", []string{"中央转移支付", "2024年预算数"}},
		{"negative staffing", func(f *Filing) { f.BasicData.Staffing.Actual = ptr(-1) }, "amount.negative", Error, "basic_data.staffing.actual", []string{"实际在职人数"}},
		{"negative 附件2 funds", func(f *Filing) { f.Overall.Funds.InitialBudget = amt("-2402.15") }, "amount.negative", Error, "overall.funds.initial_budget", []string{"年初预算数"}},
		{"negative indicator weight", func(f *Filing) { ind(f, 0).Weight = amt("-4") }, "amount.negative", Error, "overall.indicators.0.weight", []string{"全年在区级及以上媒体上稿篇数", "-4"}},
		{"negative execution weight", func(f *Filing) { f.Overall.ExecutionWeight = amt("-10") }, "amount.negative", Error, "overall.execution_weight", []string{"执行率分值"}},
		{"negative report figure", func(f *Filing) { f.Report.SocialInsuranceSpending = amt("-1") }, "amount.negative", Error, "report.social_insurance_spending", []string{"社会保险基金"}},
		{"negative project part", func(f *Filing) { f.Projects[0].Funds.Other.Executed = amt("-1") }, "amount.negative", Error, "projects.0.funds.other.executed", []string{"业务工作经费", "其他资金"}},
		{"negative 附件3 total", func(f *Filing) { f.Projects[0].Funds.Total.FullYearBudget = amt("-639") }, "amount.negative", Error, "projects.0.funds.total.full_year_budget", []string{"附件3“业务工作经费”年度资金总额全年预算数", "-639"}},
		{"negative 附件2 income", func(f *Filing) { f.Overall.Income.Other = amt("-5") }, "amount.negative", Error, "overall.income.other", []string{"附件2 其他资金", "-5"}},
		{"negative building investment", func(f *Filing) {
			f.BasicData.Buildings = []Building{{Name: "综合楼", ApprovedScale: amt("100"), ActualScale: amt("100"), BudgetInvestment: amt("50"), ActualInvestment: amt("-50")}}
		}, "amount.negative", Error, "basic_data.buildings.0.actual_investment", []string{"综合楼", "实际投资", "-50"}},
		{"implausible 附件1 figure", func(f *Filing) { f.BasicData.Procurement.Final = amt("99999999999") }, "amount.implausible", Warning, "basic_data.procurement.final", []string{"政府采购金额", "99999999999", "100万万元"}},
		{"implausible 附件3 figure", func(f *Filing) { f.Projects[0].Funds.CurrentYear.Executed = amt("1000000.01") }, "amount.implausible", Warning, "projects.0.funds.current_year.executed", []string{"当年财政拨款全年执行数", "1000000.01"}},

		// Year, phone, date.
		{"implausible year", func(f *Filing) { f.Year = 24 }, "filing.year", Error, "year", []string{"24"}},
		{"unknown scope", func(f *Filing) { f.Scope = "all" }, "filing.scope", Error, "scope", []string{"“all”", "仅项目支出绩效自评表"}},
		{"projects scope without a table", func(f *Filing) { f.Scope = ScopeProjects; f.Projects = nil }, "filing.no_projects", Error, "projects", []string{"没有填写任何项目支出绩效自评表"}},
		{"filed 执行率得分 differs", func(f *Filing) { f.Overall.Filed = &Filed{ExecutionScore: amt("6")} }, "filed.differs", Error, "overall.filed.execution_score", []string{"附件2 执行率得分：填报6，计算得4.87（执行率48.65% × 10）"}},
		{"filed 总分 off by rounding", func(f *Filing) {
			total := Score(f, DefaultRules()).Projects[0].Total
			f.Projects[0].Filed = &Filed{Total: Dec(total.Add(dec("0.01")))}
		}, "filed.differs", Info, "projects.0.filed.total", []string{"附件3“业务工作经费”总分", "四舍五入"}},
		{"malformed phone", func(f *Filing) { f.Signoff.Phone = "8212" }, "signoff.phone", Error, "signoff.phone", []string{"8212"}},
		{"malformed date", func(f *Filing) { f.Signoff.Date = "2025.07.11" }, "signoff.date", Error, "signoff.date", []string{"2025.07.11", "YYYY-MM-DD"}},
		{"impossible date", func(f *Filing) { f.Signoff.Date = "2025-02-30" }, "signoff.date", Error, "signoff.date", []string{"2025-02-30"}},

		// 附件1 arithmetic.
		{"在职 above 编制", func(f *Filing) { f.BasicData.Staffing.Actual = ptr(110) }, "basic.staffing_over", Warning, "basic_data.staffing.actual", []string{"110", "106", "103.77%"}},
		{"编制数 0", func(f *Filing) { f.BasicData.Staffing.Authorized = ptr(0) }, "basic.staffing_over", Warning, "basic_data.staffing.authorized", []string{"编制数为0"}},
		{"三公经费 total off", func(f *Filing) {
			f.BasicData.Sangong.VehicleOperation.Final = amt("3")
			f.BasicData.Sangong.Reception.Final = amt("1.5")
			f.BasicData.Sangong.Total = &Triple{Final: amt("5")}
		}, "basic.sangong_sum", Error, "basic_data.sangong.total.final", []string{"三公经费合计", "填报5万元", "应为4.5万元", "相差0.5万元"}},
		{"三公经费 total off by rounding", func(f *Filing) {
			f.BasicData.Sangong.VehicleOperation.Final = amt("3.333")
			f.BasicData.Sangong.Total = &Triple{Final: amt("3.33")}
		}, "basic.sangong_sum", Info, "basic_data.sangong.total.final", []string{"四舍五入"}},
		{"项目支出 total off", func(f *Filing) {
			f.BasicData.ProjectSpending.Total = &Triple{PriorFinal: amt("170.56"), Budget: amt("639"), Final: amt("30")}
		}, "basic.project_sum", Error, "basic_data.project_spending.total.final", []string{"项目支出合计", "应为28.79万元"}},
		{"其中 row above 公用经费", func(f *Filing) { f.BasicData.PublicSpending.Office.Final = amt("700") }, "basic.part_exceeds_parent", Error, "basic_data.public_spending.office.final", []string{"办公经费", "2024年决算数", "700万元", "606.11万元"}},
		{"其中 row above by rounding", func(f *Filing) { f.BasicData.PublicSpending.Office.Final = amt("606.115") }, "basic.part_exceeds_parent", Info, "basic_data.public_spending.office.final", []string{"四舍五入"}},
		{"其中 rows together above 公用经费", func(f *Filing) {
			f.BasicData.PublicSpending.Office.Budget = amt("100")
			f.BasicData.PublicSpending.UtilitiesTravel.Budget = amt("100")
		}, "basic.part_exceeds_parent", Error, "basic_data.public_spending.total.budget", []string{"其中各项", "202万元", "192.6万元"}},
		{"其中 row under a blank 公用经费", func(f *Filing) {
			f.BasicData.PublicSpending.Total.PriorFinal = Blank
			f.BasicData.PublicSpending.Office.PriorFinal = amt("5")
		}, "basic.parent_blank", Error, "basic_data.public_spending.office.prior_final", []string{"2023年决算数未填写", "办公经费"}},
		{"building over scale", func(f *Filing) {
			f.BasicData.Buildings = []Building{{Name: "综合楼", ApprovedScale: amt("1000"), ActualScale: amt("1100"), BudgetInvestment: amt("500"), ActualInvestment: amt("500")}}
		}, "basic.building_scale_over", Warning, "basic_data.buildings.0.actual_scale", []string{"综合楼", "110.00%"}},
		{"building over investment", func(f *Filing) {
			f.BasicData.Buildings = []Building{{Name: "综合楼", ApprovedScale: amt("1000"), ActualScale: amt("900"), BudgetInvestment: amt("500"), ActualInvestment: amt("600")}}
		}, "basic.building_investment_over", Warning, "basic_data.buildings.0.actual_investment", []string{"综合楼", "120.00%"}},

		// 附件2 funds.
		{"基本支出 + 项目支出 ≠ 全年执行数", func(f *Filing) { f.Overall.Expenditure.Basic = amt("1800") }, "overall.expenditure_sum", Error, "overall.expenditure.basic", []string{"基本支出+项目支出", "1828.79万元", "1902.68万元"}},
		{"按收入性质分 ≠ 全年执行数 by rounding", func(f *Filing) { f.Overall.Income.Other = amt("530.82") }, "overall.income_sum", Info, "overall.income.general_budget", []string{"0.01万元", "四舍五入"}},
		{"附件1 项目支出 ≠ 附件2 项目支出", func(f *Filing) {
			f.Overall.Expenditure.Project = amt("30")
			f.Overall.Expenditure.Basic = amt("1872.68")
		}, "cross.project_spending", Error, "overall.expenditure.project", []string{"附件2 项目支出（30万元）", "附件1 项目支出2024年决算数（28.79万元）"}},
		{"全年预算数 blank", func(f *Filing) { f.Overall.Funds.FullYearBudget = Blank }, "funds.no_budget", Error, "overall.funds.full_year_budget", []string{"未填写", "执行率得分为0"}},
		{"全年预算数 zero", func(f *Filing) { f.Overall.Funds.FullYearBudget = amt("0") }, "funds.no_budget", Error, "overall.funds.full_year_budget", []string{"为0"}},
		{"execution over 100%", func(f *Filing) {
			f.Projects[0].Funds.Total.FullYearBudget = amt("20")
			f.Projects[0].Funds.CurrentYear.FullYearBudget = amt("20")
		}, "funds.rate_over_100", Warning, "projects.0.funds.total.executed", []string{"业务工作经费", "143.95%"}},

		// Weights.
		{"no indicators", func(f *Filing) { f.Projects[0].Indicators = nil }, "indicators.empty", Error, "projects.0.indicators", []string{"业务工作经费"}},
		{"weights total 99", func(f *Filing) { ind(f, 0).Weight = amt("3"); ind(f, 0).Score = amt("3") }, "weights.total", Error, "overall.indicators", []string{"分值合计为99", "应为100", "总分不能评定等级", "无效（权重合计99）"}},
		{"产出指标 not 50", func(f *Filing) {
			ind(f, 0).Weight, ind(f, 0).Score = amt("2"), amt("2")
			ind(f, 12).Weight, ind(f, 12).Score = amt("12"), amt("12")
		}, "weights.level1", Warning, "overall.indicators", []string{"产出指标", "48", "50"}},
		{"执行率分值 not 10", func(f *Filing) {
			f.Overall.ExecutionWeight = amt("15")
			ind(f, 15).Weight, ind(f, 15).Score = amt("5"), amt("5")
		}, "weights.execution", Warning, "overall.execution_weight", []string{"执行率分值为15"}},

		// Indicator rows.
		{"unknown 一级指标", func(f *Filing) { ind(f, 0).Level1 = "产出" }, "indicator.level1", Error, "overall.indicators.0.level1", []string{"全年在区级及以上媒体上稿篇数", "“产出”"}},
		{"二级指标 of another 一级", func(f *Filing) { ind(f, 0).Level2 = "社会效益指标" }, "indicator.level2", Error, "overall.indicators.0.level2", []string{"社会效益指标", "数量指标、质量指标"}},
		{"target with a comparator and no number", func(f *Filing) { ind(f, 0).Target = "≥篇" }, "indicator.target_unparsable", Error, "overall.indicators.0.target", []string{"全年在区级及以上媒体上稿篇数", "比较符号后没有数字"}},
		{"actual not a number", func(f *Filing) { ind(f, 0).Actual = "很多篇" }, "indicator.actual_unparsable", Error, "overall.indicators.0.actual", []string{"很多篇", "160篇"}},
		{"unmatched units", func(f *Filing) { ind(f, 0).Actual = "160个" }, "indicator.unit_mismatch", Error, "overall.indicators.0.actual", []string{"“个”", "“篇”"}},
		{"zero target without a score", func(f *Filing) {
			*pind(f, 0) = row("数量指标", "安全生产事故", "≤0次", "0次", "20", "")
		}, "indicator.target_zero", Error, "projects.0.indicators.0.target", []string{"安全生产事故", "年度指标值为0"}},
		{"zero target with a filed score", func(f *Filing) {
			*pind(f, 0) = row("数量指标", "安全生产事故", "≤0次", "0次", "20", "20")
		}, "indicator.target_zero", Warning, "projects.0.indicators.0.target", []string{"无法按公式核对"}},
		{"actual at 120% of a positive target", func(f *Filing) { pind(f, 0).Actual = "12项" }, "indicator.over_target", Warning, "projects.0.indicators.0.target", []string{"重点工作任务完成数", "120.00%"}},
		{"score below 0", func(f *Filing) { ind(f, 0).Score = amt("-1"); ind(f, 0).Deviation = "说明" }, "indicator.score_negative", Error, "overall.indicators.0.score", []string{"小于0"}},
		{"score above 分值", func(f *Filing) { ind(f, 0).Score = amt("5") }, "indicator.score_over_weight", Error, "overall.indicators.0.score", []string{"得分5超过分值4"}},
		{"score off the formula", func(f *Filing) { ind(f, 0).Actual = "87篇"; ind(f, 0).Deviation = "稿件质量待提高" }, "indicator.score_formula", Warning, "overall.indicators.0.score", []string{"填报得分4", "应为3.48"}},
		{"score outside the chosen band", func(f *Filing) {
			ind(f, 8).Actual, ind(f, 8).Band, ind(f, 8).Score, ind(f, 8).Deviation = "基本及时", BandPartial, amt("9"), "个别工作滞后"
		}, "indicator.score_band", Error, "overall.indicators.8.score", []string{"部分达成年度指标并具有一定效果", "6.00至8.00", "9"}},
		{"score below the 达成 band of a matching actual", func(f *Filing) { ind(f, 8).Score = amt("5"); ind(f, 8).Deviation = "说明" }, "indicator.score_band", Error, "overall.indicators.8.score", []string{"达成年度指标", "8.00至10.00"}},
		{"different qualitative actual needs a band", func(f *Filing) { ind(f, 8).Actual = "基本及时" }, "indicator.band_needed", Error, "overall.indicators.8.band", []string{"全年各项计划工作的开展与落实", "基本及时"}},
		{"unknown band", func(f *Filing) { ind(f, 8).Band = "全部达成" }, "indicator.band_unknown", Error, "overall.indicators.8.band", []string{"全部达成"}},
		{"deviation missing below 分值", func(f *Filing) { ind(f, 0).Score = amt("3.5") }, "indicator.deviation_missing", Error, "overall.indicators.0.deviation", []string{"得分3.50低于分值4"}},
		{"deviation missing with a blank score below the suggestion", func(f *Filing) { pind(f, 1).Actual = "90%" }, "indicator.deviation_missing", Error, "projects.0.indicators.1.deviation", []string{"信访事项办结率", "14.21"}},

		// 附件3 and cross-attachment.
		{"年度资金总额 ≠ 其中 rows", func(f *Filing) { f.Projects[0].Funds.CurrentYear.Executed = amt("20") }, "project.funds_sum", Error, "projects.0.funds.total.executed", []string{"业务工作经费", "全年执行数", "应为20万元"}},
		{"missing 附件3 table", func(f *Filing) { f.Projects = nil }, "cross.missing_project_table", Error, "basic_data.project_spending.business.final", []string{"业务工作经费"}},
		{"missing 附件3 table for a named row", func(f *Filing) {
			f.BasicData.ProjectSpending.DistrictSpecial = []NamedTriple{{Name: "老旧小区改造", Budget: amt("50")}}
		}, "cross.missing_project_table", Error, "basic_data.project_spending.district_special.0.final", []string{"老旧小区改造", "决算数未填写"}},
		{"report 其他 blank", func(f *Filing) { f.Report.Other = "" }, "report.other_blank", Warning, "report.other", []string{"无"}},
		{"report 基本支出 above 附件2", func(f *Filing) { f.Report.GeneralBudgetSpending.Personnel = amt("1800") }, "cross.report_basic", Error, "report.general_budget_spending.personnel", []string{"1901.78万元", "1873.89万元"}},
		{"report 基本支出 above 附件2 by rounding", func(f *Filing) { f.Report.GeneralBudgetSpending.Personnel = amt("1772.115") }, "cross.report_basic", Info, "report.general_budget_spending.personnel", []string{"0.005万元", "四舍五入"}},
		{"report total against 一般公共预算", func(f *Filing) { f.Report.GeneralBudgetSpending.Project = amt("5") }, "cross.report_general_budget", Error, "report.general_budget_spending.personnel", []string{"1374.56万元", "1371.87万元"}},

		// The document as read.
		// Split target columns, 复核分 and funding sources.
		{"split value against the target", func(f *Filing) { ind(f, 0).Value = "120" }, "indicator.split_mismatch", Error, "overall.indicators.0.target", []string{"全年在区级及以上媒体上稿篇数", "≧100篇", "≥120篇", "按年度指标值“≧100篇”评分"}},
		{"reverse direction with ≥", func(f *Filing) { ind(f, 0).Direction = DirectionReverse }, "indicator.direction_mismatch", Error, "overall.indicators.0.direction", []string{"指标方向为“反向”", "“≥”", "≤ 或 <"}},
		{"unknown direction", func(f *Filing) { ind(f, 0).Direction = "正" }, "indicator.direction_invalid", Error, "overall.indicators.0.direction", []string{"“正”", "正向", "反向"}},
		{"unknown comparator", func(f *Filing) { ind(f, 0).Comparator = "约" }, "indicator.comparator_invalid", Error, "overall.indicators.0.comparator", []string{"指标性质“约”无效"}},
		{"复核分 below 0", func(f *Filing) { ind(f, 0).ReviewScore = ptr(amt("-1")) }, "indicator.review_score_negative", Error, "overall.indicators.0.review_score", []string{"全年在区级及以上媒体上稿篇数", "复核分-1小于0"}},
		{"复核分 above 分值", func(f *Filing) { pind(f, 0).ReviewScore = ptr(amt("21")) }, "indicator.review_score_over_weight", Error, "projects.0.indicators.0.review_score", []string{"重点工作任务完成数", "复核分21超过分值20"}},
		{"funding sources not adding up", func(f *Filing) {
			f.Projects[0].Funds.Sources = []FundSource{{Name: "区级财政资金", FullYearBudget: amt("600"), Executed: amt("28.79")}, {Name: "上级补助", FullYearBudget: amt("30")}}
		}, "project.sources_sum", Error, "projects.0.funds.total.full_year_budget", []string{"业务工作经费", "各资金来源之和", "应为630万元"}},
		{"funding source unnamed", func(f *Filing) {
			f.Projects[0].Funds.Sources = []FundSource{{Name: " ", InitialBudget: amt("639"), FullYearBudget: amt("639"), Executed: amt("28.79")}}
		}, "required.blank", Error, "projects.0.funds.sources.0.name", []string{"资金来源第1行的名称未填写"}},
		{"funding source negative", func(f *Filing) {
			f.Projects[0].Funds.Sources = []FundSource{{Name: "区级财政资金", InitialBudget: amt("639"), FullYearBudget: amt("639"), Executed: amt("-1")}}
		}, "amount.negative", Error, "projects.0.funds.sources.0.executed", []string{"资金来源“区级财政资金”全年执行数", "-1"}},

		{"unknown key with a suggestion", func(f *Filing) {
			redecode(f, `"current_year": {`, `"current_appropriation": {"initial_budget": "90", "full_year_budget": "89.974", "executed": "89.974"}, "current_year": {`)
		}, "input.unknown_key", Warning, "projects.0.funds.current_appropriation", []string{"未知字段 projects[0].funds.current_appropriation，是否应为 current_year？", "当年财政拨款", "原样保留"}},
		{"unknown key without a suggestion", func(f *Filing) {
			redecode(f, `"unit_head": "`, `"colour": "red", "unit_head": "`)
		}, "input.unknown_key", Warning, "signoff.colour", []string{"未知字段 signoff.colour："}},
		{"escape sequence in the unit name", func(f *Filing) {
			redecode(f, `"unit": "`, `"unit": "\u001b]0;x\u0007\u001b[2J`)
		}, "input.control_removed", Warning, "unit", []string{"unit（预算单位名称）", "已删除 3 个控制字符（ESC、BEL）"}},
		{"8-bit CSI and a bidi override in an indicator name", func(f *Filing) {
			redecode(f, `"name": "全年在区级`, `"name": "\u009b31m\u202e全年在区级`)
		}, "input.control_removed", Warning, "overall.indicators.0.name", []string{"overall.indicators.0.name（三级指标）", "已删除 1 个控制字符（CSI）", "已删除 1 个双向文字控制符（RLO）"}},
		{"bytes that are not UTF-8", func(f *Filing) {
			redecode(f, `"unit_head": "`, "\"unit_head\": \"\xff")
		}, "input.invalid_utf8", Warning, "signoff.unit_head", []string{"signoff.unit_head（单位负责人）", "UTF-8"}},
	}
}

func TestCheckFindings(t *testing.T) {
	covered := map[string]bool{}
	for _, c := range checkCases() {
		t.Run(c.name, func(t *testing.T) {
			f := cleanFiling(t)
			c.mutate(f)
			fs := Check(f, DefaultRules())
			var match *Finding
			for i, x := range withCode(fs, c.code) {
				if x.Where.Path == c.path && x.Severity == c.sev {
					match = &withCode(fs, c.code)[i]
					break
				}
			}
			if match == nil {
				t.Fatalf("no %s %s at %s; findings:\n%s", c.sev, c.code, c.path, findingList(fs))
			}
			covered[c.code] = true
			for _, want := range c.contains {
				if !strings.Contains(match.Message, want) {
					t.Errorf("message %q lacks %q", match.Message, want)
				}
			}
			assertChinese(t, match.Message)
			if match.Where.Attachment != attachmentOf(c.path) {
				t.Errorf("attachment %d for %s", match.Where.Attachment, c.path)
			}
			if strings.HasPrefix(c.path, "projects.") && match.Where.Project != 0 {
				t.Errorf("project index %d", match.Where.Project)
			}
		})
	}
	// Every code check.go can emit is exercised above.
	for _, code := range emittedCodes(t) {
		if !covered[code] {
			t.Errorf("no test case produces finding code %s", code)
		}
	}
}

func attachmentOf(path string) int {
	switch strings.SplitN(path, ".", 2)[0] {
	case "basic_data":
		return 1
	case "overall":
		return 2
	case "projects":
		return 3
	case "report":
		return 4
	}
	return 0
}

func findingList(fs []Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(f.String() + " @ " + f.Where.Path + "\n")
	}
	return b.String()
}

// emittedCodes lists the finding codes written in check.go, sanitize.go
// and split.go.
func emittedCodes(t *testing.T) []string {
	t.Helper()
	var src []byte
	for _, name := range []string{"check.go", "sanitize.go", "split.go"} {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		src = append(src, b...)
	}
	re := regexp.MustCompile(`(?:c\.add\((?:Error|Warning|Info|sev), |c\.compare(?:Triple)?\(|inputFinding\((?:Error|Warning|Info), )"([a-z_0-9]+\.[a-z_0-9]+)"`)
	var codes []string
	for _, m := range re.FindAllStringSubmatch(string(src), -1) {
		if !slices.Contains(codes, m[1]) {
			codes = append(codes, m[1])
		}
	}
	if len(codes) < 30 {
		t.Fatalf("found only %d codes in check.go", len(codes))
	}
	return codes
}

func TestFindingCodesDocumented(t *testing.T) {
	doc, err := os.ReadFile("../docs/format.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range emittedCodes(t) {
		if !strings.Contains(string(doc), "`"+code+"`") {
			t.Errorf("docs/format.md does not document finding code %s", code)
		}
	}
}

func TestCheckNeverPanics(t *testing.T) {
	// Empty and odd filings: no panic, findings instead.
	for _, f := range []*Filing{
		{},
		NewFiling("", 0),
		{Projects: []Project{{}}, Overall: Overall{Indicators: []Indicator{{}}}},
		{BasicData: BasicData{Buildings: []Building{{}}, Sangong: Sangong{Total: &Triple{}}}},
	} {
		fs := Check(f, DefaultRules())
		if e, _, _ := Counts(fs); e == 0 {
			t.Errorf("an empty filing passed without errors")
		}
		Score(f, DefaultRules())
	}
}

func TestLocation(t *testing.T) {
	cases := []struct {
		path  string
		field string
		row   int
	}{
		{"overall.indicators.3.actual", "actual", 3},
		{"projects.2.indicators.5.score", "score", 5},
		{"projects.2.name", "name", -1},
		{"basic_data.project_spending.district_special.1.final", "final", 1},
		{"unit", "unit", -1},
	}
	for _, c := range cases {
		l := Location{Path: c.path}
		if l.Field() != c.field || l.Row() != c.row {
			t.Errorf("%s: field %q row %d", c.path, l.Field(), l.Row())
		}
	}
}
