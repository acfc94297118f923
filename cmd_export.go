package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"jixiao/internal/termsafe"
	"jixiao/report"
)

func init() {
	register(command{name: "show", order: 30, summary: "按官方表样以文本表格显示一份填报（附件1至附件4）", run: runShow})
	register(command{name: "export", order: 31, summary: "导出填报：text、csv、xlsx、md（自评报告）或 json", run: runExport})
	register(command{name: "summary", order: 32, summary: "汇总多份填报的得分、等级和检查结果（csv 或 xlsx）", run: runSummary})
}

const exportUsage = `用法：jixiao export 编号|文件.json --format 格式 [-o 输出文件] [选项]

把一份填报导出为可以上交的文件。格式：
  text    附件1、附件2、各附件3、附件4 的文本表格（与 jixiao show 相同）
  csv     全部绩效指标行（附件、项目、一级/二级/三级指标、指标值、完成值、
          分值、建议得分、得分、偏差原因分析及改进措施）；--summary 时
          每张自评表一行（执行率、执行率得分、一级指标小计、总分、等级）
  xlsx    按官方表样排版的 Excel 工作簿（必须用 -o 指定输出文件）
  md      附件4 自评报告（Markdown）
  json    jixiao/filing@1 交换格式

不加 -o 时输出到标准输出（xlsx 除外）。-o 指定的文件已存在时不会覆盖，
除非加 --force。文件先写到同目录的临时文件，写完后再替换，不会留下半个文件。
新建的文件只有本人可读写（0600）。

选项：
  --format 格式       text、csv、xlsx、md 或 json；省略时按 -o 的扩展名判断
  -o 路径             输出文件；“-”表示标准输出
  --force             覆盖已存在的输出文件
  --summary           （csv）每张自评表一行的得分汇总
  --encoding 编码     （csv）utf-8（默认，带 BOM）或 gb18030
  --ascii             （text）用 + - | 画表格线
  --width 列数        （text）表格最大宽度，0 表示自然宽度
`

const showUsage = `用法：jixiao show 编号|文件.json [--ascii] [--width 列数]

按官方表样以文本表格显示一份填报：附件1 基础数据表、附件2 整体支出绩效
自评表、各附件3 项目支出绩效自评表和附件4 自评报告，并附评分汇总。

选项：
  --ascii             用 + - | 画表格线（终端字体显示不了制表符时使用）
  --width 列数        表格最大宽度；默认在终端中按窗口宽度，否则为自然宽度
`

const summaryUsage = `用法：jixiao summary [--format csv|xlsx] [-o 输出文件] [编号|文件.json …]

汇总多份填报：每个单位每个年度一行，列出执行率、执行率得分、产出/效益/
满意度指标小计、总分、等级以及检查发现的错误数和警告数。
不列文件时汇总数据库中的全部填报；列出文件或编号时只汇总这些。

选项：
  --format 格式       csv（默认，UTF-8 带 BOM）或 xlsx；省略时按 -o 的扩展名判断
  -o 路径             输出文件（xlsx 必须指定）；“-”表示标准输出
  --force             覆盖已存在的输出文件
`

// terminalWidth returns the width of w when it is a terminal, else 0.
func terminalWidth(w io.Writer) int {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return 0
	}
	cols, _, err := term.GetSize(int(f.Fd()))
	if err != nil {
		return 0
	}
	return cols
}

func runShow(e *env, args []string) int {
	fs := newFlagSet(e, "show", showUsage)
	ascii := fs.Bool("ascii", false, "")
	width := fs.Int("width", -1, "")
	pos, code, done := fs.parse(args)
	if done {
		return code
	}
	if len(pos) != 1 {
		return e.fail("show", exitUsage, "需要且只需要一个文件或编号。运行 jixiao show --help 查看用法。")
	}
	f, err := loadFiling(e, pos[0])
	if err != nil {
		return e.fail("show", loadExitCode(err), "%v", err)
	}
	opt := report.TextOptions{ASCII: *ascii, Width: *width}
	if *width < 0 {
		opt.Width = terminalWidth(e.stdout)
	}
	// Filer text is escaped for the terminal (termsafe.Text keeps the
	// line breaks of the tables and the report).
	return writeOut(e, "show", "", false, func(w io.Writer) error {
		var buf bytes.Buffer
		if err := report.Text(&buf, f, opt); err != nil {
			return err
		}
		_, err := io.WriteString(w, termsafe.Text(buf.String()))
		return err
	})
}

func runExport(e *env, args []string) int {
	fs := newFlagSet(e, "export", exportUsage)
	format := fs.String("format", "", "")
	out := fs.String("o", "", "")
	force := fs.Bool("force", false, "")
	summary := fs.Bool("summary", false, "")
	encoding := fs.String("encoding", "", "")
	ascii := fs.Bool("ascii", false, "")
	width := fs.Int("width", 0, "")
	pos, code, done := fs.parse(args)
	if done {
		return code
	}
	if len(pos) != 1 {
		return e.fail("export", exitUsage, "需要且只需要一个文件或编号。运行 jixiao export --help 查看用法。")
	}
	if *format == "" {
		*format = report.FormatForPath(*out)
		if *format == "" {
			return e.fail("export", exitUsage, "请用 --format 指定导出格式：%s。", strings.Join(report.Formats, "、"))
		}
	}
	known := false
	for _, f := range report.Formats {
		known = known || f == *format
	}
	if !known {
		return e.fail("export", exitUsage, "不支持的导出格式“%s”，可选 %s。", *format, strings.Join(report.Formats, "、"))
	}
	switch {
	case *summary && *format != "csv":
		return e.fail("export", exitUsage, "--summary 只用于 csv 格式。")
	case *encoding != "" && *format != "csv":
		return e.fail("export", exitUsage, "--encoding 只用于 csv 格式。")
	case (*ascii || *width != 0) && *format != "text":
		return e.fail("export", exitUsage, "--ascii 和 --width 只用于 text 格式。")
	}
	switch strings.ToLower(*encoding) {
	case "", report.EncodingUTF8, "utf8", report.EncodingGB18030:
	default:
		return e.fail("export", exitUsage, "不支持的编码“%s”，可选 %s 或 %s。", *encoding, report.EncodingUTF8, report.EncodingGB18030)
	}
	f, err := loadFiling(e, pos[0])
	if err != nil {
		return e.fail("export", loadExitCode(err), "%v", err)
	}
	if *format == "xlsx" && (*out == "" || *out == "-") {
		return e.fail("export", exitUsage, "xlsx 是二进制文件，不能输出到终端，请用 -o 指定输出文件，例如：-o %s", report.DefaultFileName(f, "xlsx"))
	}
	opt := report.Options{
		Text: report.TextOptions{ASCII: *ascii, Width: *width},
		CSV:  report.CSVOptions{Summary: *summary, Encoding: *encoding},
	}
	return writeOut(e, "export", *out, *force, func(w io.Writer) error { return report.Export(w, f, *format, opt) })
}

// writeOut runs write against standard output, or against path through an
// atomic write that refuses to replace an existing file unless force.
func writeOut(e *env, name, path string, force bool, write func(io.Writer) error) int {
	if path == "" || path == "-" {
		bw := bufio.NewWriterSize(e.stdout, 64<<10)
		err := write(bw)
		if err == nil {
			err = bw.Flush()
		}
		if err != nil {
			return e.fail(name, exitFindings, "输出失败：%v", err)
		}
		return exitOK
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return e.fail(name, exitUsage, "%s 是一个目录，请给出文件名，例如 %s", path, strings.TrimSuffix(path, "/")+"/导出文件")
	}
	err := report.WriteFile(path, force, write)
	switch {
	case errors.Is(err, report.ErrExists):
		return e.fail(name, exitFindings, "文件 %s 已存在，未覆盖。如需覆盖，请加 --force。", path)
	case errors.Is(err, os.ErrNotExist):
		return e.fail(name, exitFindings, "无法写入 %s：所在目录不存在。", path)
	case errors.Is(err, os.ErrPermission):
		return e.fail(name, exitFindings, "无法写入 %s：没有权限。", path)
	case err != nil:
		return e.fail(name, exitFindings, "写入 %s 失败：%v", path, err)
	}
	fmt.Fprintf(e.stdout, "已导出：%s\n", path)
	return exitOK
}

func runSummary(e *env, args []string) int {
	fs := newFlagSet(e, "summary", summaryUsage)
	format := fs.String("format", "", "")
	out := fs.String("o", "", "")
	force := fs.Bool("force", false, "")
	pos, code, done := fs.parse(args)
	if done {
		return code
	}
	if *format == "" {
		*format = "csv"
		if g := report.FormatForPath(*out); g == "xlsx" {
			*format = g
		}
	}
	if *format != "csv" && *format != "xlsx" {
		return e.fail("summary", exitUsage, "汇总只支持 csv 或 xlsx 格式，不支持“%s”。", *format)
	}
	if *format == "xlsx" && (*out == "" || *out == "-") {
		return e.fail("summary", exitUsage, "xlsx 是二进制文件，不能输出到终端，请用 -o 指定输出文件，例如：-o 绩效自评汇总.xlsx")
	}
	var rows []report.SummaryRow
	if len(pos) == 0 {
		if storedFilings == nil {
			return e.fail("summary", exitUsage, "数据库功能尚不可用，无法汇总数据库中的填报。请在命令行列出要汇总的 JSON 文件，例如：jixiao summary a.json b.json")
		}
		stored, err := storedFilings(e)
		if err != nil {
			return e.fail("summary", exitFindings, "读取数据库失败：%v\n也可以在命令行列出要汇总的 JSON 文件，例如：jixiao summary a.json b.json", err)
		}
		if len(stored) == 0 {
			fmt.Fprintln(e.stderr, "jixiao summary：数据库中还没有填报，汇总表为空。")
		}
		for _, s := range stored {
			rows = append(rows, report.NewSummaryRow(s.ID, s.Filing))
		}
	} else {
		for _, arg := range pos {
			f, err := loadFiling(e, arg)
			if err != nil {
				return e.fail("summary", loadExitCode(err), "%v", err)
			}
			rows = append(rows, report.NewSummaryRow(arg, f))
		}
	}
	report.SortSummaryRows(rows)
	return writeOut(e, "summary", *out, *force, func(w io.Writer) error { return report.Summary(w, rows, *format) })
}
