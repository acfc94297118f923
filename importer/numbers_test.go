package importer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadFigure(t *testing.T) {
	for _, tc := range []struct {
		text    string
		yuan    bool
		want    string // amount text; "" blank
		note    string // a note that must be given; "" none
		problem string // part of the problem; "" none
	}{
		{text: "639", want: "639"},
		{text: " 28.79 ", want: "28.79"},
		{text: "", want: ""},
		{text: "/", want: "", note: "“/”读作空白"},
		{text: "——", want: "", note: "“——”读作空白"},
		{text: "１２３．５", want: "123.5", note: "全角字符“１２３．５”读作123.5"},
		{text: "1,234.5", want: "1234.5", note: "千位分隔符已去掉"},
		{text: "72900.00", yuan: true, want: "7.29", note: "表头注明金额单位为元，72900.00元换算为7.29万元"},
		{text: "72900元", want: "7.29", note: "单元格写明为元"},
		{text: "12.5万元", want: "12.5", note: "去掉单位读作12.5"},
		{text: "1329120.67", yuan: true, want: "132.912067", note: "1329120.67元换算为132.912067万元"},
		{text: "1329120.675", yuan: true, note: "1329120.675元换算为132.9120675万元", problem: "换算为132.9120675万元后超过6位小数"},
		{text: "约30", problem: "“约30”不是数字"},
		{text: "1.2.3", problem: "不是数字"},
	} {
		fg := readFigure(tc.text, tc.yuan)
		if got := fg.amount.Text(); got != tc.want {
			t.Errorf("%q: amount %q, want %q", tc.text, got, tc.want)
		}
		if (tc.problem == "") != (fg.problem == "") || !strings.Contains(fg.problem, tc.problem) {
			t.Errorf("%q: problem %q, want %q", tc.text, fg.problem, tc.problem)
		}
		if tc.note != "" && !strings.Contains(strings.Join(fg.notes, "|"), tc.note) {
			t.Errorf("%q: notes %q lack %q", tc.text, fg.notes, tc.note)
		}
		if tc.note == "" && len(fg.notes) > 0 {
			t.Errorf("%q: unexpected notes %q", tc.text, fg.notes)
		}
	}
}

func TestExcelNumber(t *testing.T) {
	for in, want := range map[string]string{
		"1902.6799999999998": "1902.68", "0.30000000000000004": "0.3", "28.79": "28.79", "1.0E-5": "0.00001", "1E5": "100000",
		"12345678901234567": "12345678901234600", "文字": "文字", "0.4865": "0.4865",
		"-1902.6799999999998": "-1902.68", "0.00012345678901234567": "0.000123456789012346",
	} {
		if got := excelNumber(in); got != want {
			t.Errorf("excelNumber(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestKeyAndLevel(t *testing.T) {
	for in, want := range map[string]string{
		"1、公务用车购置和维护经费":    "公务用车购置和维护经费",
		"其中：公车购置":          "公车购置",
		"项目支出：":            "项目支出",
		"3、区级专项资金(一个专项一行)": "区级专项资金(一个专项一行)",
		"（2）老旧小区改造":        "老旧小区改造",
		"预算单位 名称":          "预算单位名称",
	} {
		if got := key(in); got != want {
			t.Errorf("key(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"\n\n\n\n产出指标\n(50分)": "产出指标", "满意度\n指标\n（10分）": "满意度指标", "经济效\n益指标": "经济效益指标",
	} {
		if got := level(in); got != want {
			t.Errorf("level(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestUnplacedCells: cells the forms have no field for are listed with
// their table, row and column, and figures that cannot be read are
// reported, not stored.
func TestUnplacedCells(t *testing.T) {
	doc := docxBytes([]gblock{
		p("附件1"), p("2024年度预算单位整体支出绩效评价基础数据表"), tbl(
			row(c("预算单位名称"), cs("某单位", 6)),
			money("经费控制情况(元)", "2023年决算数", "2024年预算数", "2024年决算数"),
			money("公用经费", "1,000,000", "约30", "50000"),
			money("伙食补助", "1", "2", "3"),
			money("1、业务工作经费", "100", "200", "300"),
			money("项目支出：", "", "", "0.009"),
		),
		p("附件2"), p("2024年度预算单位整体支出绩效自评表"), tbl(
			row(cs("预算单位名称", 2), cs("另一单位", 7)),
			row(vr("绩效指标", 1), c("一级指标"), c("二级指标"), c("三级指标"), c("年度指标值"), c("实际完成值"), c("分值"), c("得分"), c("复核分"), c("备注")),
			row(vc(1), vr("产出指标", 1), c("数量指标"), c("篇数"), c("≧100篇"), c("160篇"), c("４"), c("4"), c("3.5"), c("见附件")),
			row(vc(1), vc(1), c("质量指标"), c(""), c(""), c(""), c(""), c(""), c(""), c("")),
			row(cs("总分", 6), c("4"), c("4"), c(""), c("")),
		),
	})
	f, rep, err := Docx(doc)
	if err != nil {
		t.Fatal(err)
	}
	pub := f.BasicData.PublicSpending.Total
	if pub.PriorFinal.Text() != "100" || pub.Budget.IsSet() || pub.Final.Text() != "5" {
		t.Errorf("公用经费 %s/%s/%s, want 100/blank/5 (元 → 万元, 约30 refused)", pub.PriorFinal, pub.Budget, pub.Final)
	}
	if bus := f.BasicData.ProjectSpending.Business; bus.Final.Text() != "0.03" {
		t.Errorf("业务工作经费 本年决算数 %s, want 0.03 (300元)", bus.Final)
	}
	if tot := f.BasicData.ProjectSpending.Total; tot != nil {
		t.Errorf("项目支出 total %+v kept, though its only figure (0.009元) cannot be held", tot)
	}
	r := f.Overall.Indicators
	if len(r) != 1 || r[0].Weight.Text() != "4" || r[0].ReviewScore == nil || r[0].ReviewScore.Text() != "3.5" {
		t.Fatalf("indicators %+v", r)
	}
	want := map[string]bool{"伙食补助": false, "三级指标": false}
	for _, u := range rep.Unplaced {
		if _, ok := want[u.Row]; ok && u.Table != "" {
			want[u.Row] = true
		}
	}
	for row, seen := range want {
		if !seen {
			t.Errorf("unplaced cell in row %q not reported: %+v", row, rep.Unplaced)
		}
	}
	var msgs []string
	for _, fd := range rep.Findings() {
		msgs = append(msgs, fd.Message)
	}
	all := strings.Join(msgs, "\n")
	for _, s := range []string{
		"附件1“公用经费”行“2024年预算数”列：“约30”不是数字，未导入",
		"附件1“伙食补助”行“2024年预算数”列的内容“2”无法对应到填报中的字段",
		"附件2“三级指标”行的内容“见附件”无法对应到填报中的字段",
		"单位名称“另一单位”与前表的“某单位”不同",
		"表头注明金额单位为元，1000000元换算为100万元",
		"全角字符“４”读作4",
		"跳过1个空白模板行",
		"“0.009”换算为0.0000009万元后超过6位小数",
	} {
		if !strings.Contains(all, s) {
			t.Errorf("findings lack %q:\n%s", s, all)
		}
	}
}

// FuzzImport: no document makes the importer panic; it returns a filing
// with a report or an error.
func FuzzImport(f *testing.F) {
	for _, name := range []string{"meixi-2024-sample-layout.docx", "yunnan-lijiang-weipian-2020.xlsx"} {
		data, err := os.ReadFile(filepath.Join(officeDir, name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(name, data)
	}
	f.Add("x.docx", docxBytes([]gblock{p("2024年度项目支出绩效自评表"), tbl(row(vc(3), vr("", 0)), row())}))
	f.Add("x.docx", []byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		fl, rep, err := Import(name, data)
		if err == nil && (fl == nil || rep == nil) {
			t.Fatalf("no error but filing %v report %v", fl, rep)
		}
	})
}

// TestYuanColumn: a single column headed in 元 is converted, the others
// stay in 万元; a second 附件2 is reported, not merged.
func TestYuanColumn(t *testing.T) {
	form := []gblock{p("2024年度预算单位整体支出绩效自评表"), tbl(
		row(cs("预算单位名称", 2), cs("某单位", 7)),
		row(vr("年度预算申请", 1), cs("", 2), c("年初预算数"), c("全年预算数"), c("全年执行数（元）"), c("分值"), c("执行率"), c("得分")),
		row(vc(1), cs("年度资金总额", 2), c("100"), c("120"), c("1080000"), c("10"), c("90%"), c("9")),
		row(cs("填表人：", 2), c("张三"), c("联系电话："), c("0730-1"), c("单位负责人："), c("李四"), c("填报日期："), c("2025年7月1日")),
	)}
	f, rep, err := Docx(docxBytes(append(form, form...)))
	if err != nil {
		t.Fatal(err)
	}
	if s := f.Signoff; s.FilledBy != "张三" || s.Phone != "0730-1" || s.UnitHead != "李四" || s.Date != "2025-07-01" {
		t.Errorf("sign-off in table cells read as %+v", s)
	}
	fu := f.Overall.Funds
	if fu.InitialBudget.Text() != "100" || fu.FullYearBudget.Text() != "120" || fu.Executed.Text() != "108" {
		t.Errorf("funds %s/%s/%s, want 100/120/108", fu.InitialBudget, fu.FullYearBudget, fu.Executed)
	}
	if !hasNote(rep, "表头注明金额单位为元，1080000元换算为108万元") {
		t.Errorf("conversion not reported: %+v", rep.Reinterpreted)
	}
	found := false
	for _, p := range rep.Problems {
		found = found || strings.Contains(p.Message, "第2次出现")
	}
	if !found {
		t.Errorf("the second 附件2 is not reported: %+v", rep.Problems)
	}
}
