package domain

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// LibraryEntry is a typical 三级指标 a filer can insert into a performance
// table and then complete.
type LibraryEntry struct {
	Level1 string
	Level2 string
	Name   string
	// TargetTemplate is a 年度指标值 to start from, such as "≥95%" or "及时";
	// the filer adjusts the figure.
	TargetTemplate string
	// Qualitative is true when the target is a wording (及时, 有效提升) rather
	// than a figure; it agrees with ParseTarget.
	Qualitative bool
}

// lib builds one entry; q marks a qualitative target.
func lib(level2, name, target string, q bool) LibraryEntry {
	l1, _ := DefaultRules().LevelOf(level2)
	return LibraryEntry{Level1: l1.Name, Level2: level2, Name: name, TargetTemplate: target, Qualitative: q}
}

// indicatorLibrary is built once: the 16 indicators of the 梅溪街道 2024
// sample first, then common indicators of 街道办事处 and 部门整体支出 filings.
// No quantitative template has a target of 0 (which cannot be scored by
// proportion): "no accidents" is written as the qualitative 未发生.
var indicatorLibrary = []LibraryEntry{
	// The 2024 sample.
	lib("数量指标", "全年在区级及以上媒体上稿篇数", "≥100篇", false),
	lib("数量指标", "服务辖区旧改、配套项目完成数", "≥6个", false),
	lib("数量指标", "城乡居民医保征缴参保率", "≥90%", false),
	lib("数量指标", "辖区重点税源企业纳税金额", "≥2000万元", false),
	lib("数量指标", "环境整治次数", "≥20次", false),
	lib("质量指标", "党建学习组织成员覆盖率", "≥98%", false),
	lib("质量指标", "安全生产覆盖率", "≥100%", false),
	lib("质量指标", "民生工程项目完成率", "≥100%", false),
	lib("时效指标", "全年各项计划工作的开展与落实", "及时", true),
	lib("成本指标", "全年经费开支", "预算金额≤1902.68万元", false),
	lib("经济效益指标", "大力推进湘商回归，全力以赴抓经济、稳增长", "持续推进", true),
	lib("经济效益指标", "组织“就业政策宣传进社区”活动，增加就业机会。", "有效提升", true),
	lib("社会效益指标", "社会保障逐步完善，提升群众的安全感、幸福感", "有效提升", true),
	lib("生态效益指标", "环卫整治成效显著，生态治理持续优化，市容市貌焕新提质，提升辖区居民人居环境质量", "有效提升", true),
	lib("可持续影响指标", "社会大局稳定、居民安居乐业", "持续发展", true),
	lib("服务对象满意度指标", "辖区老百姓满意度", "≥95%", false),

	// 数量指标
	lib("数量指标", "重点工作任务完成数", "≥10项", false),
	lib("数量指标", "政策宣传活动开展次数", "≥12次", false),
	lib("数量指标", "干部职工业务培训次数", "≥4次", false),
	lib("数量指标", "政务信息公开条数", "≥50条", false),
	lib("数量指标", "困难群众走访慰问户数", "≥100户", false),
	lib("数量指标", "矛盾纠纷排查化解件数", "≥50件", false),
	lib("数量指标", "新增城镇就业人数", "≥200人", false),
	lib("数量指标", "安全生产检查次数", "≥24次", false),
	lib("数量指标", "招商引资项目签约数", "≥3个", false),
	lib("数量指标", "网格化管理覆盖社区（村）数", "≥10个", false),
	lib("数量指标", "应急演练次数", "≥2次", false),
	// 质量指标
	lib("质量指标", "预算执行率", "≥95%", false),
	lib("质量指标", "信访事项办结率", "≥95%", false),
	lib("质量指标", "12345热线工单办结率", "≥95%", false),
	lib("质量指标", "矛盾纠纷调处成功率", "≥95%", false),
	lib("质量指标", "政府采购执行率", "≥95%", false),
	lib("质量指标", "安全隐患整改率", "100%", false),
	lib("质量指标", "社会救助资金发放准确率", "100%", false),
	lib("质量指标", "环境卫生检查达标率", "≥95%", false),
	lib("质量指标", "固定资产账实相符率", "100%", false),
	lib("质量指标", "财务管理制度执行情况", "规范", true),
	// 时效指标
	lib("时效指标", "资金拨付及时率", "≥95%", false),
	lib("时效指标", "信访事项按期办结率", "≥95%", false),
	lib("时效指标", "12345热线工单按时签收率", "100%", false),
	lib("时效指标", "救助资金发放", "及时", true),
	lib("时效指标", "重点项目完成时间", "按时", true),
	lib("时效指标", "预算批复后资金支付进度", "≥90%", false),
	// 成本指标
	lib("成本指标", "三公经费控制率", "≤100%", false),
	lib("成本指标", "公用经费控制率", "≤100%", false),
	lib("成本指标", "会议费、培训费控制率", "≤100%", false),
	lib("成本指标", "政府采购金额控制率", "≤100%", false),
	lib("成本指标", "项目支出预算控制数", "≤100万元", false),
	// 经济效益指标
	lib("经济效益指标", "辖区税收收入增长率", "≥5%", false),
	lib("经济效益指标", "招商引资到位资金", "≥1000万元", false),
	lib("经济效益指标", "新增市场主体数", "≥50户", false),
	lib("经济效益指标", "辖区经济发展", "有效促进", true),
	// 社会效益指标
	lib("社会效益指标", "群众安全感", "有效提升", true),
	lib("社会效益指标", "重大安全生产事故", "未发生", true),
	lib("社会效益指标", "群体性事件及极端案事件", "未发生", true),
	lib("社会效益指标", "基层社会治理能力", "有效提升", true),
	lib("社会效益指标", "政务服务便民化水平", "有效提升", true),
	lib("社会效益指标", "困难群众基本生活保障", "有效保障", true),
	lib("社会效益指标", "社会治安形势", "稳定", true),
	// 生态效益指标
	lib("生态效益指标", "生活垃圾无害化处理率", "≥95%", false),
	lib("生态效益指标", "生态环境保护督察问题整改率", "100%", false),
	lib("生态效益指标", "辖区人居环境", "改善", true),
	lib("生态效益指标", "重大环境污染事件", "未发生", true),
	// 可持续影响指标
	lib("可持续影响指标", "长效管理机制", "健全", true),
	lib("可持续影响指标", "基层党组织建设", "持续加强", true),
	lib("可持续影响指标", "内部管理制度", "完善", true),
	lib("可持续影响指标", "社会大局", "持续稳定", true),
	// 服务对象满意度指标
	lib("服务对象满意度指标", "辖区群众满意度", "≥90%", false),
	lib("服务对象满意度指标", "服务对象满意度", "≥90%", false),
	lib("服务对象满意度指标", "辖区企业满意度", "≥90%", false),
	lib("服务对象满意度指标", "受助群众满意度", "≥95%", false),
	lib("服务对象满意度指标", "干部职工满意度", "≥90%", false),
}

// IndicatorLibrary returns the typical indicators offered when a row is
// added: those of the bundled sample and a curated list for 街道办事处 and
// 部门整体支出, grouped by 二级指标 in the official order. The slice is a copy.
func IndicatorLibrary() []LibraryEntry {
	out := slices.Clone(indicatorLibrary)
	order := map[string]int{}
	for _, l := range DefaultRules().Levels {
		for _, n := range l.Level2 {
			order[n] = len(order)
		}
	}
	slices.SortStableFunc(out, func(a, b LibraryEntry) int { return order[a.Level2] - order[b.Level2] })
	return out
}

// SearchLibrary returns the library entries under the 二级指标 level2 (all
// when level2 is "") whose name matches query, best first: names containing
// query come before names holding its characters in order with gaps
// ("满意" finds 辖区群众满意度; "信办" finds 信访事项办结率), earlier matches
// before later ones and, among equals, shorter names first. Matching ignores
// case and spaces; an empty query lists the entries in library order.
func SearchLibrary(level2, query string) []LibraryEntry {
	q := foldQuery(query)
	type hit struct {
		e            LibraryEntry
		rank, length int
	}
	var hits []hit
	for _, e := range IndicatorLibrary() {
		if level2 != "" && e.Level2 != level2 {
			continue
		}
		if rank, ok := matchRank(foldQuery(e.Name), q); ok {
			hits = append(hits, hit{e, rank, utf8.RuneCountInString(e.Name)})
		}
	}
	if q != "" {
		slices.SortStableFunc(hits, func(a, b hit) int {
			if a.rank != b.rank {
				return a.rank - b.rank
			}
			return a.length - b.length
		})
	}
	out := make([]LibraryEntry, len(hits))
	for i, h := range hits {
		out[i] = h.e
	}
	return out
}

func foldQuery(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), ""))
}

// matchRank scores name against q: a substring match ranks by its position
// (in characters), an in-order match with gaps after every substring match.
func matchRank(name, q string) (int, bool) {
	if q == "" {
		return 0, true
	}
	if i := strings.Index(name, q); i >= 0 {
		return utf8.RuneCountInString(name[:i]), true
	}
	rest := name
	for _, r := range q {
		i := strings.IndexRune(rest, r)
		if i < 0 {
			return 0, false
		}
		rest = rest[i+utf8.RuneLen(r):]
	}
	return 1 << 20, true
}
