package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"jixiao/report"
)

var cmdExport = &command{name: "export", summary: "导出填报：text、csv、xlsx、docx（Word）、md（自评报告）或 json", run: runExport}

const exportUsage = `用法：jixiao export 编号|文件.json --format 格式 [-o 输出文件] [选项]

把一份填报导出为可以上交的文件。格式：
  text    附件1、附件2、各附件3、附件4 的文本表格（与 jixiao show 相同）
  csv     全部绩效指标行（附件、项目、一级/二级/三级指标、指标值、完成值、
          分值、建议得分、得分、偏差原因分析及改进措施）；--summary 时
          每张自评表一行（执行率、执行率得分、一级指标小计、总分、等级）
  xlsx    按官方表样排版的 Excel 工作簿（必须用 -o 指定输出文件）
  docx    Word 文档（必须用 -o 指定输出文件）：封面、附件4 自评报告（A4 纵向，
          仿宋三号正文），附件1、附件2、各附件3 表格（A4 横向，表头每页重复）
  md      附件4 自评报告（Markdown）
  json    jixiao/filing@1 交换格式

不加 -o 时输出到标准输出（xlsx、docx 除外）。-o 指定的文件已存在时不会覆盖，
除非加 --force。文件先写到同目录的临时文件，写完后再替换，不会留下半个文件。
新建的文件只有本人可读写（0600）。

选项：
  --format 格式       text、csv、xlsx、docx、md 或 json；省略时按 -o 的扩展名判断
  -o 路径             输出文件；“-”表示标准输出
  --force             覆盖已存在的输出文件
  --summary           （csv）每张自评表一行的得分汇总
  --encoding 编码     （csv）utf-8（默认，带 BOM）、gb18030、gbk 或 gb2312；
                      gbk 和 gb2312 按其超集 GB18030 输出，旧软件照样能读
  --no-bom            （csv）UTF-8 不加 BOM（有些程序读不了 BOM）
  --part 部分         （docx）all（默认，全部）、report（封面和自评报告）
                      或 tables（附件1至附件3 表格）
  --ascii             （text）用 + - | 画表格线
  --width 列数        （text）表格最大宽度，0 表示自然宽度
` + rulesFlagUsage

func runExport(app *App, args []string) int {
	fs := newFlagSet(app, "export", exportUsage)
	format := fs.String("format", "", "")
	out := fs.String("o", "", "")
	force := fs.Bool("force", false, "")
	summary := fs.Bool("summary", false, "")
	encoding := fs.String("encoding", "", "")
	noBOM := fs.Bool("no-bom", false, "")
	part := fs.String("part", "", "")
	ascii := fs.Bool("ascii", false, "")
	width := fs.Int("width", 0, "")
	rulesPath := rulesFlag(fs)
	pos, code, done := fs.parse(args)
	if done {
		return code
	}
	if len(pos) != 1 {
		return app.fail("export", exitUsage, "需要且只需要一个文件或编号。运行 jixiao export --help 查看用法。")
	}
	if *format == "" {
		*format = report.FormatForPath(*out)
		if *format == "" {
			return app.fail("export", exitUsage, "请用 --format 指定导出格式：%s。", strings.Join(report.Formats, "、"))
		}
	}
	known := false
	for _, f := range report.Formats {
		known = known || f == *format
	}
	if !known {
		return app.fail("export", exitUsage, "不支持的导出格式“%s”，可选 %s。", *format, strings.Join(report.Formats, "、"))
	}
	switch {
	case *summary && *format != "csv":
		return app.fail("export", exitUsage, "--summary 只用于 csv 格式。")
	case (*encoding != "" || *noBOM) && *format != "csv":
		return app.fail("export", exitUsage, "--encoding 和 --no-bom 只用于 csv 格式。")
	case (*ascii || *width != 0) && *format != "text":
		return app.fail("export", exitUsage, "--ascii 和 --width 只用于 text 格式。")
	case *part != "" && *format != "docx":
		return app.fail("export", exitUsage, "--part 只用于 docx 格式。")
	case *part != "" && !slices.Contains(report.DocxParts, *part):
		return app.fail("export", exitUsage, "不支持的文档部分“%s”，可选 %s。", *part, strings.Join(report.DocxParts, "、"))
	}
	enc, err := report.NormalizeEncoding(*encoding)
	if err != nil {
		return app.fail("export", exitUsage, "%v。", err)
	}
	sets, err := ruleSets(*rulesPath)
	if err != nil {
		return app.fail("export", exitUsage, "%v", err)
	}
	f, err := loadFiling(app, pos[0])
	if err != nil {
		return app.fail("export", loadExitCode(err), "%v", err)
	}
	if (*format == "xlsx" || *format == "docx") && (*out == "" || *out == "-") {
		return app.fail("export", exitUsage, "%s 是二进制文件，不能输出到终端，请用 -o 指定输出文件，例如：-o %s", *format, report.DefaultFileName(f, *format))
	}
	opt := report.Options{
		Text:  report.TextOptions{ASCII: *ascii, Width: *width},
		CSV:   report.CSVOptions{Summary: *summary, Encoding: enc, NoBOM: *noBOM},
		Docx:  report.DocxOptions{Part: *part},
		Rules: sets,
	}
	return writeOut(app, "export", *out, *force, func(w io.Writer) error { return report.Export(w, f, *format, opt) })
}

// writeOut runs write against standard output, or against path through an
// atomic write that refuses to replace an existing file unless force.
func writeOut(app *App, name, path string, force bool, write func(io.Writer) error) int {
	if path == "" || path == "-" {
		bw := bufio.NewWriterSize(app.stdout, 64<<10)
		err := write(bw)
		if err == nil {
			err = bw.Flush()
		}
		if err != nil {
			return app.fail(name, exitFindings, "输出失败：%v", err)
		}
		return exitOK
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return app.fail(name, exitUsage, "%s 是一个目录，请给出文件名，例如 %s", path, strings.TrimSuffix(path, "/")+"/导出文件")
	}
	err := report.WriteFile(path, force, write)
	switch {
	case errors.Is(err, report.ErrExists):
		return app.fail(name, exitFindings, "文件 %s 已存在，未覆盖。如需覆盖，请加 --force。", path)
	case errors.Is(err, os.ErrNotExist):
		return app.fail(name, exitFindings, "无法写入 %s：所在目录不存在。", path)
	case errors.Is(err, os.ErrPermission):
		return app.fail(name, exitFindings, "无法写入 %s：没有权限。", path)
	case err != nil:
		return app.fail(name, exitFindings, "写入 %s 失败：%v", path, err)
	}
	fmt.Fprintf(app.stdout, "已导出：%s\n", path)
	return exitOK
}
