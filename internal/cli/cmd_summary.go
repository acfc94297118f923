package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"jixiao/report"
)

var cmdSummary = &command{name: "summary", summary: "汇总多份填报的得分、等级和检查结果（csv 或 xlsx）", run: runSummary}

const summaryUsage = `用法：jixiao summary [--format csv|xlsx] [-o 输出文件] [--sort unit|score] [--rules 规则文件.json] [编号|文件.json …]

汇总多份填报，供财政局复核：每个单位每个年度一行，列出编号（填报编号或
文件名）、年度资金总额的全年预算数和全年执行数、执行率、执行率得分、
各一级指标小计（按评分规则的一级指标）、总分、等级（评分不能成立时为“无效”及原因）、
检查发现的错误数和警告数、附件3 张数及其中最低得分；最后一行为合计
（资金和条数相加，执行率按合计计算，得分取有效评分的平均值）。
不列文件时汇总数据库中的全部填报；列出文件或编号时只汇总这些。
xlsx 冻结表头、带筛选，并附各单位总分的柱状图。

选项：
  --format 格式       csv（默认，UTF-8 带 BOM）或 xlsx；省略时按 -o 的扩展名判断
  -o 路径             输出文件（xlsx 必须指定）；“-”表示标准输出
  --force             覆盖已存在的输出文件
  --sort 排序         unit（默认，按单位名称拼音）或 score（按总分从高到低）
  --encoding 编码     （csv）utf-8（默认，带 BOM）、gb18030、gbk 或 gb2312；
                      gbk 和 gb2312 按其超集 GB18030 输出
  --no-bom            （csv）UTF-8 不加 BOM
` + rulesFlagUsage

func runSummary(app *App, args []string) int {
	fs := newFlagSet(app, "summary", summaryUsage)
	format := fs.String("format", "", "")
	out := fs.String("o", "", "")
	force := fs.Bool("force", false, "")
	sortBy := fs.String("sort", string(report.SortByUnit), "")
	encoding := fs.String("encoding", "", "")
	noBOM := fs.Bool("no-bom", false, "")
	rulesPath := rulesFlag(fs)
	pos, code, done := fs.parse(args)
	if done {
		return code
	}
	sets, err := ruleSets(*rulesPath)
	if err != nil {
		return app.fail("summary", exitUsage, "%v", err)
	}
	if *sortBy != string(report.SortByUnit) && *sortBy != string(report.SortByScore) {
		return app.fail("summary", exitUsage, "不支持的排序“%s”，可选 unit（按单位拼音）或 score（按总分）。", *sortBy)
	}
	enc, err := report.NormalizeEncoding(*encoding)
	if err != nil {
		return app.fail("summary", exitUsage, "%v。", err)
	}
	if *format == "" {
		*format = "csv"
		if g := report.FormatForPath(*out); g == "xlsx" {
			*format = g
		}
	}
	if *format != "csv" && *format != "xlsx" {
		return app.fail("summary", exitUsage, "汇总只支持 csv 或 xlsx 格式，不支持“%s”。", *format)
	}
	if *format == "xlsx" && (*encoding != "" || *noBOM) {
		return app.fail("summary", exitUsage, "--encoding 和 --no-bom 只用于 csv 格式。")
	}
	if *format == "xlsx" && (*out == "" || *out == "-") {
		return app.fail("summary", exitUsage, "xlsx 是二进制文件，不能输出到终端，请用 -o 指定输出文件，例如：-o 绩效自评汇总.xlsx")
	}
	var rows []report.SummaryRow
	if len(pos) == 0 {
		stored, err := allStoredFilings(app)
		if err != nil {
			return app.fail("summary", exitFindings, "读取数据库失败：%v\n也可以在命令行列出要汇总的 JSON 文件，例如：jixiao summary a.json b.json", err)
		}
		if len(stored) == 0 {
			fmt.Fprintln(app.stderr, "jixiao summary：数据库中还没有填报，汇总表为空。")
		}
		for _, s := range stored {
			rows = append(rows, report.NewSummaryRow(s.ID, s.Filing, sets))
		}
	} else {
		for _, arg := range pos {
			f, err := loadFiling(app, arg)
			if err != nil {
				return app.fail("summary", loadExitCode(err), "%v", err)
			}
			rows = append(rows, report.NewSummaryRow(summaryID(arg), f, sets))
		}
	}
	report.SortSummaryRows(rows, report.SummarySort(*sortBy))
	csvOpt := report.CSVOptions{Encoding: enc, NoBOM: *noBOM}
	return writeOut(app, "summary", *out, *force, func(w io.Writer) error { return report.Summary(w, rows, *format, csvOpt) })
}

// summaryID is the 编号 of a filing named on the command line: a file's
// base name (never its path, which may name the reviewer's folders), or
// the stored filing's id as given.
func summaryID(arg string) string {
	if st, err := os.Stat(arg); err == nil && !st.IsDir() {
		return filepath.Base(arg)
	}
	return arg
}
