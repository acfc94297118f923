package report

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"jixiao/domain"
)

func TestMarkdownGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := Markdown(&buf, loadSample(t)); err != nil {
		t.Fatal(err)
	}
	golden(t, "meixi-2024.md", buf.Bytes())
}

func TestMarkdownSections(t *testing.T) {
	f := loadSample(t)
	var buf bytes.Buffer
	if err := Markdown(&buf, f); err != nil {
		t.Fatal(err)
	}
	md := buf.String()
	if !strings.Contains(md, "\n# 2024年度岳阳市岳阳楼区梅溪街道办事处单位整体支出绩效自评报告\n") {
		t.Error("title missing")
	}
	var got []string
	for _, l := range strings.Split(md, "\n") {
		if strings.HasPrefix(l, "## ") {
			got = append(got, strings.TrimPrefix(l, "## "))
		}
	}
	want := []string{
		"一、单位基本情况", "二、一般公共预算支出情况", "三、政府性基金预算支出情况",
		"四、国有资本经营预算支出情况", "五、社会保险基金预算支出情况", "六、部门整体支出绩效情况",
		"七、存在的问题及原因分析", "八、下一步改进措施", "九、部门整体支出绩效自评结果拟应用和公开情况",
		"十、其他需要说明的情况", "附件",
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("sections:\n got %q\nwant %q", got, want)
	}
	// The seed's Word export numbered some sections "1、", "4、", "5、", "8、".
	if regexp.MustCompile(`(?m)^#+ *\d+、`).MatchString(md) {
		t.Error("a heading is numbered with an Arabic digit")
	}
	for _, s := range []string{
		"### （一）部门职责", "### （二）内设机构设置", "### （一）基本支出情况", "### （二）项目支出情况",
		"\n一般公共预算基本支出2024年度总支出1369.56万元，其中：\n",
		"\n人员经费1267.78万元：包括基本工资",
		"\n公用经费101.78万元：",
		"\n一般公共预算项目支出2024年度总支出2.32万元。\n",
		"\n本单位2024年度政府性基金预算支出0万元。\n",
		"\n本单位2024年度国有资本经营预算支出0万元。\n",
		"\n本单位2024年度社会保险基金预算支出0万元。\n",
		"\n1. 单位整体支出绩效评价基础数据表\n",
		"\n6. 社会保险基金预算支出情况表\n",
	} {
		if !strings.Contains(md, s) {
			t.Errorf("report lacks %q", s)
		}
	}
}

func TestMarkdownEscapes(t *testing.T) {
	f := domain.NewFiling("单位", 2024)
	f.Report.Problems = "# 不是标题\n- 不是列表\n1. 不是编号\n*强调* _下划线_ [链接](x) <b>html</b> `代码` a|b ~~删除~~"
	var buf bytes.Buffer
	if err := Markdown(&buf, f); err != nil {
		t.Fatal(err)
	}
	md := buf.String()
	for _, want := range []string{
		"\n\\# 不是标题\n", "\n\\- 不是列表\n", "\n1\\. 不是编号\n",
		`\*强调\* \_下划线\_ \[链接\](x) \<b\>html\</b\> ` + "\\`代码\\`" + ` a\|b \~\~删除\~\~`,
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
}
