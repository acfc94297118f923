package importer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jixiao/domain"
	"jixiao/internal/testfixture"
)

// money is a 附件1 经费 row: the label and three figures two columns wide.
func money(label, p, b, f string) []gcell {
	return row(c(label), cs(p, 2), cs(b, 2), cs(f, 2))
}

// meixiSignoff is the sample's line under every form, spaces as printed.
const meixiSignoff = "填表人：冯金彪     联系电话：0730-8212768   单位负责人：刘卫华   填报日期：2025.07.11"

// meixiLevelLabels are the 一级/二级 labels as the sample's narrow cells
// break them.
var meixiLevelLabels = map[string]string{
	"产出指标": "\n\n\n\n产出指标\n(50分)", "效益指标": "\n\n\n\n效益指标\n(30分)", "满意度指标": "满意度\n指标\n(10分)",
	"经济效益指标": "经济效\n益指标", "社会效益指标": "社会效\n益指标", "生态效益指标": "生态效\n益指标",
	"可持续影响指标": "可持续影\n响指标", "服务对象满意度指标": "服务对象\n满意度指\n标",
}

func quirk(label string) string {
	if q, ok := meixiLevelLabels[label]; ok {
		return q
	}
	return label
}

// meixiLayout is the published sample (梅溪街道 2024, ../shared/seed) as its
// Word document lays it out, with its quirks: the broken section numbers
// 1、 4、 5、 8、, blank placeholder rows, 其中： rows, the (一个专项一行)
// notes, line breaks inside cells, ≧ targets, figures written into the
// label cells of 按收入性质分, a picture for the 总分 label and an empty
// 附件3 template. Its texts are the sample filing's.
func meixiLayout(t *testing.T) []gblock {
	f := testfixture.Sample(t)
	var out []gblock
	// 附件1
	out = append(out, p("附件1"), p("2024年度预算单位整体支出绩效评价基础数据表"), p(""), tbl(
		row(c("预算单位名称"), cs("岳阳市岳阳楼区梅溪街道办事处", 6)),
		row(vr("财政供养人员情况(人)", 1), cs("编制数", 2), cs("2024年实际在职人数", 2), cs("控制率", 2)),
		row(vc(1), cs("106", 2), cs("106", 2), cs("100%", 2)),
		money("经费控制情况(万元)", "2023年决算数", "2024年预算数", "2024年决算数"),
		money("三公经费", "", "", ""),
		money("1、公务用车购置和维护经费", "", "", ""),
		money("其中：公车购置", "", "", ""),
		money("公车运行维护", "", "", ""),
		money("2、出国经费", "", "", ""),
		money("3、公务接待", "", "", ""),
		money("项目支出：", "170.56", "639", "28.79"),
		money("1、业务工作经费", "170.56", "639", "28.79"),
		money("2、运行维护经费", "", "", ""),
		money("", "", "", ""),
		money("3、区级专项资金(一个专项一行)", "", "", ""),
		money("", "", "", ""),
		money("4、上级转移支付(一个专项一行）", "", "", ""),
		money("公用经费", "3363.56", "192.6", "606.11"),
		money("其中：办公经费", "", "11.31", "50.77"),
		money("水费、电费、差旅费", "", "30", "44.27"),
		money("会议费、培训费", "", "2", ""),
		money("政府采购金额", "1014.27", "374.6", "23.38"),
		money("部门基本支出预算调整", "", "", ""),
		row(c("楼堂馆所控制情况\n(2024年完工项目)"), c("批复规模\n(m²)"), c("实际规\n模(m²)"), c("规模控制率"), c("预算投资\n(万元)"), c("实际\n投资\n(万元)"), c("投资概\n算控制\n率")),
		blanks(7),
		row(c("厉行节约保障措施"), cs(f.BasicData.ThriftMeasures, 6)),
	), p(""), p("说明：“项目支出”需要填报基本支出以外的所有项目支出情况，“公用经费”填报基本支出中的一般商品和服务支出。"), p(meixiSignoff))

	// 附件2
	rows := [][]gcell{
		row(cs("预算单位 名称", 2), cs("岳阳市岳阳楼区梅溪街道办事处", 7)),
		row(vr("\n年度预\n算申请\n(万元)", 1), cs("", 2), c("年初预算数"), c("全年预算数"), c("全年执行数"), c("分值"), c("执行率"), c("得分")),
		row(vc(1), cs("年度资金总额", 2), c("2402.15"), c("3911.21"), c("1902.68"), c("10"), c("48.65%"), c("4.87")),
		row(vc(1), cs("按收入性质分：", 4), cs("按支出性质分：", 4)),
		row(vc(1), cs("其中：  一般公共预算：1371.87", 4), cs("其中：基本支出：1873.89", 4)),
		row(vc(1), cs("政府性基金拨款：", 4), cs("项目支出：28.79", 4)),
		row(vc(1), cs("纳入专户管理的非税收入拨款：", 4), cs("", 4)),
		row(vc(1), cs("其他资金：530.81", 4), cs("", 4)),
		row(vr("年度总体 目 标", 1), cs("预期目标", 4), cs("实际完成情况", 4)),
		row(vc(1), cs(numberedSpaced(f.Overall.Goals.Expected, true), 4), cs(numberedSpaced(f.Overall.Goals.Actual, false), 4)),
		row(vr("\n绩效指标", 1), c("一级指标"), c("二级指标"), c("三级指标"), c("年度指标值"), c("实际完成值"), c("分值"), c("得分"), c("偏差原因分析\n及改进措施")),
	}
	ind := f.Overall.Indicators
	for i, r := range ind {
		l1, l2 := vc(1), vc(1)
		if i == 0 || ind[i-1].Level1 != r.Level1 {
			l1 = vr(quirk(r.Level1), 1)
		}
		if i == 0 || ind[i-1].Level2 != r.Level2 || ind[i-1].Level1 != r.Level1 {
			l2 = vr(quirk(r.Level2), 1)
		}
		rows = append(rows, row(vc(1), l1, l2, c(r.Name), c(r.Target), c(r.Actual), c(r.Weight.Text()), c(r.Score.Text()), c(r.Deviation)))
	}
	rows = append(rows, row(gcell{span: 6, img: true}, c("100"), c("94.87"), c("")))
	out = append(out, p(" 附件2"), p("  2024年度预算单位整体支出绩效自评表"), tbl(rows...), p(""), p(meixiSignoff+"  "), p("   "))

	// 附件3: the empty template of the sample.
	t3 := [][]gcell{
		row(cs("项目支出名称", 2), cs("/", 7)),
		row(cs("主管部门", 2), cs("", 2), c("实施单位"), cs("", 4)),
		row(vr("\n项目资金（万元）", 1), cs("", 2), c("年初预算数"), c("全年预算数"), c("全年执行数"), c("分值"), c("执行率"), c("自评得分")),
		row(vc(1), cs("年度资金总额", 2), c("/"), c("/"), c("/"), c("10"), c("/"), c("/")),
		row(append([]gcell{vc(1), cs("其中：当年财政拨款", 2)}, blanks(6)...)...),
		row(append([]gcell{vc(1), cs("上年结转资金", 2)}, blanks(6)...)...),
		row(append([]gcell{vc(1), cs("其他资金", 2)}, blanks(6)...)...),
		row(vr("年度\n总体\n目标", 1), cs("预期目标", 4), cs("实际完成情况", 4)),
		row(vc(1), cs("", 4), cs("", 4)),
		row(vr("\n绩 效 指 标", 1), c("一级指标"), c("二级指标"), c("三级指标"), c("年度\n指标值"), c("实际\n完成值"), c("分值"), c("自评得分"), c("偏差原因分析及改进措施")),
	}
	groups := []struct{ l1, l2 string }{
		{"\n\n\n\n产出指标\n(50分)", "数量指标\n"}, {"", "质量指标\n"}, {"", "时效指标\n"}, {"", "成本指标\n"},
		{"\n\n\n效益指标\n（30分）", "经济效\n益指标\n"}, {"", "社会效\n益指标\n"}, {"", "生态效\n益指标\n"}, {"", "可持续影响指标"},
		{"满意度\n指标\n（10分）", "服务对象\n满意度指\n标"},
	}
	for _, g := range groups {
		l1 := vc(1)
		if g.l1 != "" {
			l1 = vr(g.l1, 1)
		}
		t3 = append(t3,
			row(append([]gcell{vc(1), l1, vr(g.l2, 1)}, blanks(6)...)...),
			row(append([]gcell{vc(1), vc(1), vc(1)}, blanks(6)...)...),
			row(append([]gcell{vc(1), vc(1), vc(1), c("……")}, blanks(5)...)...),
		)
	}
	t3 = append(t3, row(cs("总分", 6), c("100"), c("/"), c("")))
	out = append(out, p("附件 3"), p("2024 年度项目支出绩效自评表"), tbl(t3...), p(""),
		p("备注： 每个一级项目支出一张表。 如， 业务工作经费，运行维护经费，其他事业发展类资金 …各一张表。"), p(""), p(meixiSignoff))

	// 附件4
	r := f.Report
	out = append(out, p(" 附件4"), p(""), p("2024年度岳阳市岳阳楼区梅溪街道办事处"), p("单位整体支出绩效自评报告"))
	for range 8 {
		out = append(out, p(""))
	}
	out = append(out, p("部门(单位)名称：   ( 盖 章 )"), p("年  月  日"), p(""), p(""),
		p("2024年度岳阳市岳阳楼区梅溪街道办事处"), p("单位整体支出绩效自评报告"), p(""),
		p("1、 单位基本情况"), p("（一）部门职责 "))
	lines := func(s string) {
		for _, l := range strings.Split(s, "\n") {
			out = append(out, p(l+" "))
		}
	}
	lines(r.Duties)
	out = append(out, p("（二）内设机构设置 "))
	lines(" " + r.Organization)
	out = append(out, p("二、一般公共预算支出情况"), p("(一)基本支出情况"),
		p("一般公共预算基本支出2024年度总支出1369.56万元，其中："),
		p("人员经费1267.78万元：包括基本工资、津贴补贴、绩效工资、机关事业单位基本养老保险缴费、职工基本医疗保险缴费、其他社会保障缴费、住房公积金。 "),
		p("公用经费101.78万元：包括办公费、印刷费、水费、电费、邮电费、维修（护）费、其他商品和服务支出。"),
		p("(二)项目支出情况"), p("一般公共预算项目支出2024年度总支出2.32万元。"),
		p("三、政府性基金预算支出情况"), p("本单位2024年度政府性基金预算支出0万元。"),
		p("4、 国有资本经营预算支出情况"), p("本单位2024年度国有资本经营预算支出0万元。"),
		p("5、 社会保险基金预算支出情况"), p("本单位2024年度社会保险基金预算支出0万元。"),
		p("六、部门整体支出绩效情况"))
	lines(r.Performance)
	out = append(out, p("七、存在的问题及原因分析"))
	lines(r.Problems)
	out = append(out, p("8、 下一步改进措施"))
	lines(r.Improvements)
	out = append(out, p("九、部门整体支出绩效自评结果拟应用和公开情况"))
	lines(r.ResultUse)
	out = append(out, p("十、其他需要说明的情况"), p(r.Other), p(""), p(""),
		p("附件："), p("1、单位整体支出绩效评价基础数据表"), p("2、单位整体支出绩效自评表"),
		p("3、项目支出绩效自评表（每个一级项目一张表）"), p("4、政府性基金预算支出情况表"),
		p("5、国有资本经营预算支出情况表"), p("6、社会保险基金预算支出情况表"), p(" "))
	return out
}

// numberedSpaced numbers goal lines as the sample does: "1、 " with a space
// for the expected goals, the first lines of the actual ones, "4、" without.
func numberedSpaced(lines []string, spaced bool) string {
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		sep := "、 "
		if !spaced && i >= 3 {
			sep = "、"
		}
		b.WriteString(itoa(i+1) + sep + l)
	}
	return b.String()
}

func itoa(n int) string { return string(rune('0' + n)) }

// realFiling decodes a filing of testdata/real.
func realFiling(t *testing.T, name string) *domain.Filing {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", "real", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := domain.Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// splitTarget cuts a target such as =100% or ﹦72890元 into 指标性质, 指标值 and
// 度量单位, as the split-column templates print it.
func splitTarget(s string) (cmp, val, unit string) {
	r := []rune(s)
	i := 0
	for i < len(r) && strings.ContainsRune("=﹦≥≤<>＝", r[i]) {
		i++
	}
	j := i
	for j < len(r) && (r[j] >= '0' && r[j] <= '9' || r[j] == '.') {
		j++
	}
	return string(r[:i]), string(r[i:j]), string(r[j:])
}

// qingshenLayout is the 四川 template (报表编号 510000_0013zp) of 青神县发展和改革局's
// 工资性支出 2023: title above the table with the year in brackets, 项目名称,
// four 其中 rows (财政资金, 财政专户管理资金, 单位资金, 其他资金), split
// 指标性质 / 指标值 / 度量单位 columns, no 满意度指标 and no 总分 row.
func qingshenLayout(t *testing.T) []gblock {
	f := realFiling(t, "sichuan-qingshen-fagaiju-gongzi-2023")
	pr := f.Projects[0]
	fu := pr.Funds
	fundsRow := func(label string, x domain.Funds, tail ...gcell) []gcell {
		r := row(vc(1), cs(label, 2), c(x.InitialBudget.Text()), c(x.FullYearBudget.Text()), c(x.Executed.Text()))
		if len(tail) == 0 {
			tail = []gcell{c(""), c(""), cs("", 3)}
		}
		return append(r, tail...)
	}
	zero := domain.Funds{InitialBudget: testfixture.Amount("0.00"), FullYearBudget: testfixture.Amount("0.00"), Executed: testfixture.Amount("0.00")}
	rows := [][]gcell{
		row(cs("项目名称", 2), cs(pr.Name, 9)),
		row(cs("主管部门", 2), cs(pr.Department, 4), c("实施单位"), cs(pr.Implementer, 4)),
		row(vr("项目资金\n（万元）", 1), cs("", 2), c("年初预算数"), c("全年预算数"), c("全年执行数"), c("分值"), c("执行率"), cs("得分", 3)),
		fundsRow("年度资金总额", fu.Total, c("10"), c("100.00%"), cs("", 3)),
		fundsRow("其中：财政资金", fu.Sources[0].Funds()),
		fundsRow("财政专户管理资金", zero),
		fundsRow("单位资金", zero),
		fundsRow("其他资金", fu.Sources[3].Funds()),
		row(vr("年度\n总体\n目标", 1), cs("预期目标", 5), cs("实际完成情况", 5)),
		row(vc(1), cs(pr.Goals.Expected[0], 5), cs(pr.Goals.Actual[0], 5)),
		row(vr("绩效\n指标", 1), c("一级指标"), c("二级指标"), c("三级指标"), c("指标性质"), c("指标值"), c("度量单位"), c("实际完成值"), c("分值"), c("得分"), c("偏差原因分析及改进措施")),
	}
	for _, r := range pr.Indicators {
		cmp, val, unit := splitTarget(r.Target)
		rows = append(rows, row(vc(1), c(r.Level1), c(r.Level2), c(r.Name), c(cmp), c(val), c(unit), c(r.Actual), c(r.Weight.Text()), c(r.Score.Text()), c(r.Deviation)))
	}
	return []gblock{p("部门预算项目支出绩效自评表"), p("（2023年度）"), p("金额单位：万元"), tbl(rows...)}
}

// lijiangLayout is the 云南 template of 丽江市古城区自然资源局's 卫片执法补助经费
// 2020: money in 元 (项目资金（元）), split 指标性质 / 指标值 / 度量单位 columns
// with ﹦ (U+FE66), and a 满意度 row whose 得分 is blank.
func lijiangLayout(t *testing.T) []gblock {
	f := realFiling(t, "yunnan-lijiang-gucheng-weipian-2020")
	pr := f.Projects[0]
	yuan := func(a domain.Amount) string {
		if !a.IsSet() {
			return ""
		}
		return a.Decimal().Shift(4).StringFixed(2)
	}
	fundsRow := func(label string, x domain.Funds, tail ...gcell) []gcell {
		r := row(vc(1), cs(label, 2), c(yuan(x.InitialBudget)), c(yuan(x.FullYearBudget)), c(yuan(x.Executed)))
		if len(tail) == 0 {
			tail = blanks(3)
		}
		return append(r, tail...)
	}
	rows := [][]gcell{
		row(cs("项目名称", 2), cs(pr.Name, 8)),
		row(cs("主管部门", 2), cs(pr.Department, 3), c("实施单位"), cs(pr.Implementer, 4)),
		row(vr("项目资金\n（元）", 1), cs("", 2), c("年初预算数"), c("全年预算数"), c("全年执行数"), c("分值"), c("执行率"), cs("得分", 2)),
		fundsRow("年度资金总额", pr.Funds.Total, c("10.00"), c("100%"), cs("10.00", 2)),
		fundsRow("其中：当年财政拨款", pr.Funds.CurrentYear, c(""), c(""), cs("", 2)),
		fundsRow("上年结转资金", pr.Funds.Carryover, c(""), c(""), cs("", 2)),
		fundsRow("其他资金", pr.Funds.Other, c(""), c(""), cs("", 2)),
		row(vr("年度总体目标", 1), cs("预期目标", 5), cs("实际完成情况", 4)),
		row(vc(1), cs(pr.Goals.Expected[0], 5), cs(pr.Goals.Actual[0], 4)),
		row(vr("绩效指标", 1), c("一级指标"), c("二级指标"), c("三级指标"), c("指标性质"), c("指标值"), c("度量单位"), c("实际完成值"), c("分值"), c("得分")),
	}
	for i, r := range pr.Indicators {
		cmp, val, unit := splitTarget(r.Target)
		l1 := vc(1)
		if i == 0 || pr.Indicators[i-1].Level1 != r.Level1 {
			l1 = vr(r.Level1, 1)
		}
		rows = append(rows, row(vc(1), l1, c(r.Level2), c(r.Name), c(cmp), c(val), c(unit), c(r.Actual), c(r.Weight.Text()), c(r.Score.Text())))
	}
	return []gblock{p("2020年度项目支出绩效自评表"), tbl(rows...)}
}
