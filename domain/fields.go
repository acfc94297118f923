package domain

import (
	"strconv"
	"strings"
)

// This file is the field catalogue: the Chinese name of every field of a
// jixiao/filing@1 document, by JSON path. Decode errors, unknown-key
// suggestions, Check's messages, Diff's labels and the report's section
// titles all take a field's name from here, so a field is called the same
// everywhere.

// fieldKeys name the JSON keys whose name does not depend on the object
// they are in; fieldInContext names the others as "parent.key".
var fieldKeys = map[string]string{
	"format": "格式标识", "year": "年度", "unit": "预算单位名称", "rules": "评分规则", "signoff": "签署信息",
	"filled_by": "填表人", "phone": "联系电话", "unit_head": "单位负责人", "date": "填报日期",
	"basic_data": "附件1 基础数据表", "staffing": "财政供养人员情况", "authorized": "编制数",
	"sangong": "三公经费", "vehicle_purchase": "公车购置", "vehicle_operation": "公车运行维护",
	"overseas": "出国经费", "reception": "公务接待", "project_spending": "项目支出",
	"business": "业务工作经费", "operation": "运行维护经费", "district_special": "区级专项资金",
	"higher_transfer": "上级转移支付", "public_spending": "公用经费", "office": "办公经费",
	"utilities_travel": "水费、电费、差旅费", "meetings_training": "会议费、培训费",
	"procurement": "政府采购金额", "basic_budget_adjustment": "部门基本支出预算调整",
	"buildings": "楼堂馆所", "thrift_measures": "厉行节约保障措施", "name": "名称",
	"prior_final": "上年决算数", "budget": "本年预算数", "final": "本年决算数",
	"approved_scale": "批复规模", "actual_scale": "实际规模", "budget_investment": "预算投资",
	"actual_investment": "实际投资", "overall": "附件2 整体支出绩效自评表", "funds": "资金",
	"initial_budget": "年初预算数", "full_year_budget": "全年预算数", "executed": "全年执行数",
	"execution_weight": "执行率分值", "income": "按收入性质分", "general_budget": "一般公共预算",
	"government_fund": "政府性基金拨款", "special_account_nontax": "纳入专户管理的非税收入拨款",
	"expenditure": "按支出性质分", "basic": "基本支出", "goals": "年度总体目标", "expected": "预期目标",
	"indicators": "绩效指标", "level1": "一级指标", "level2": "二级指标", "target": "年度指标值",
	"weight": "分值", "score": "得分", "deviation": "偏差原因分析及改进措施", "band": "达成档次",
	"projects": "附件3 项目支出绩效自评表", "department": "主管部门", "implementer": "实施单位",
	"current_year": "当年财政拨款", "carryover": "上年结转资金", "report": "附件4 自评报告",
	"duties": "部门职责", "organization": "内设机构设置", "general_budget_spending": "一般公共预算支出",
	"personnel": "人员经费", "public": "公用经费", "government_fund_spending": "政府性基金预算支出",
	"state_capital_spending": "国有资本经营预算支出", "social_insurance_spending": "社会保险基金预算支出",
	"performance": "部门整体支出绩效情况", "problems": "存在的问题及原因分析",
	"improvements": "下一步改进措施", "result_use": "部门整体支出绩效自评结果拟应用和公开情况",
	"scope": "填报范围", "filed": "填报的评分结果", "execution_rate": "执行率",
	"execution_score": "执行率得分", "grade": "等级",
	"direction": "指标方向", "comparator": "指标性质", "value": "指标值", "review_score": "复核分",
	"sources": "资金来源",
}

var fieldInContext = map[string]string{
	"staffing.actual":                 "实际在职人数",
	"goals.actual":                    "实际完成情况",
	"indicators.actual":               "实际完成值",
	"indicators.name":                 "三级指标",
	"projects.name":                   "项目名称",
	"buildings.name":                  "项目名称",
	"district_special.name":           "项目名称",
	"higher_transfer.name":            "项目名称",
	"report.other":                    "其他需要说明的情况",
	"income.other":                    "其他资金",
	"funds.other":                     "其他资金",
	"funds.total":                     "年度资金总额",
	"sangong.total":                   "三公经费",
	"project_spending.total":          "项目支出",
	"public_spending.total":           "公用经费",
	"expenditure.project":             "项目支出",
	"general_budget_spending.project": "项目支出",
	"filed.level1":                    "一级指标得分小计",
	"filed.total":                     "总分",
	"level1.name":                     "一级指标",
	"indicators.unit":                 "度量单位",
	"sources.name":                    "资金来源",
}

// FieldLabel returns the Chinese name of the field at path, a JSON path
// with dots and array indices ("overall.indicators.3.weight" is 分值,
// "projects.0.funds.total" 年度资金总额), or "" for a path the format does
// not know. It names the field itself; Form names the attachment it
// belongs to.
func FieldLabel(path string) string { return labelOf(strings.Split(path, ".")) }

// Form returns the attachment of the form a path belongs to, e.g. "附件1"
// for basic_data.…, "附件2" for overall.…, "附件3" for projects.…, "附件4"
// for report.…, and "" for the fields outside the attachments (unit, year,
// signoff).
func Form(path string) string {
	first, _, _ := strings.Cut(path, ".")
	switch first {
	case "basic_data":
		return "附件1"
	case "overall":
		return "附件2"
	case "projects":
		return "附件3"
	case "report":
		return "附件4"
	}
	return ""
}

// formLabel is the field's label after its attachment, e.g. "附件1 公车购置".
func formLabel(path string) string {
	if f := Form(path); f != "" {
		return f + " " + FieldLabel(path)
	}
	return FieldLabel(path)
}

// labelOf is FieldLabel of a path given as keys.
func labelOf(path []string) string {
	var keys []string
	for _, p := range path {
		if _, err := strconv.Atoi(p); err != nil {
			keys = append(keys, p)
		}
	}
	if len(keys) == 0 {
		return ""
	}
	key := keys[len(keys)-1]
	if len(keys) > 1 {
		if l, ok := fieldInContext[keys[len(keys)-2]+"."+key]; ok {
			return l
		}
	}
	switch key {
	case "actual", "other", "total", "project":
		// Only the contexts above know these keys.
		return ""
	}
	return fieldKeys[key]
}

// reportSection is the 附件4 section (1 to 10, 一 to 十) each report field
// is written in.
var reportSection = map[string]int{
	"report.duties": 1, "report.organization": 1,
	"report.general_budget_spending.personnel": 2, "report.general_budget_spending.public": 2,
	"report.general_budget_spending.project": 2,
	"report.government_fund_spending":        3, "report.state_capital_spending": 4,
	"report.social_insurance_spending": 5, "report.performance": 6, "report.problems": 7,
	"report.improvements": 8, "report.result_use": 9, "report.other": 10,
}

// reportSectionTitle is the title of 附件4 section n (1 to 10). Sections 六
// to 十 are titled by the field they hold.
func reportSectionTitle(n int) string {
	switch n {
	case 1:
		return "单位基本情况"
	case 2:
		return "一般公共预算支出情况"
	case 3:
		return "政府性基金预算支出情况"
	case 4:
		return "国有资本经营预算支出情况"
	case 5:
		return "社会保险基金预算支出情况"
	case 6:
		return FieldLabel("report.performance")
	case 7:
		return FieldLabel("report.problems")
	case 8:
		return FieldLabel("report.improvements")
	case 9:
		return FieldLabel("report.result_use")
	case 10:
		return FieldLabel("report.other")
	}
	return ""
}

// reportFieldName names a 附件4 field with its section for Check, e.g.
// "附件4 一、单位基本情况（部门职责）" or "附件4 三、政府性基金预算支出".
func reportFieldName(path string) string {
	n := reportSection[path]
	if n == 1 {
		return "附件4 一、" + reportSectionTitle(1) + "（" + FieldLabel(path) + "）"
	}
	return "附件4 " + ChineseNumeral(n) + "、" + FieldLabel(path)
}

// moneyKeys are the amount fields that hold a sum of money in 万元, by key;
// moneyInContext those whose key alone does not say so ("parent.key").
var moneyKeys = map[string]bool{
	"prior_final": true, "budget": true, "final": true,
	"budget_investment": true, "actual_investment": true,
	"initial_budget": true, "full_year_budget": true, "executed": true,
	"general_budget": true, "government_fund": true, "special_account_nontax": true,
	"basic": true, "personnel": true, "public": true,
	"government_fund_spending": true, "state_capital_spending": true, "social_insurance_spending": true,
}

var moneyInContext = map[string]bool{
	"income.other": true, "expenditure.project": true, "general_budget_spending.project": true,
}

// IsMoneyPath reports whether the amount field at path (a JSON path as
// FieldLabel takes it, e.g. "projects.0.funds.total.executed") is a sum of
// money in 万元, which a field may take in 元 (see ParseMoney) and shows
// with two decimals. It is false for every other amount: 分值, 得分, 复核分,
// 执行率分值, the filed 执行率 and scores, and the 楼堂馆所 规模 (m²).
func IsMoneyPath(path string) bool {
	var keys []string
	for _, p := range strings.Split(path, ".") {
		if _, err := strconv.Atoi(p); err != nil {
			keys = append(keys, p)
		}
	}
	if len(keys) == 0 {
		return false
	}
	last := keys[len(keys)-1]
	if len(keys) > 1 && moneyInContext[keys[len(keys)-2]+"."+last] {
		return true
	}
	return moneyKeys[last]
}
