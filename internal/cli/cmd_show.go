package cli

import (
	"bytes"
	"io"
	"os"

	"golang.org/x/term"

	"jixiao/internal/termsafe"
	"jixiao/report"
)

var cmdShow = &command{name: "show", summary: "按官方表样以文本表格显示一份填报（附件1至附件4）", run: runShow}

const showUsage = `用法：jixiao show 编号|文件.json [--ascii] [--width 列数] [--rules 规则文件.json]

按官方表样以文本表格显示一份填报：附件1 基础数据表、附件2 整体支出绩效
自评表、各附件3 项目支出绩效自评表和附件4 自评报告，并附评分汇总。

选项：
  --ascii             用 + - | 画表格线（终端字体显示不了制表符时使用）
  --width 列数        表格最大宽度；默认在终端中按窗口宽度，否则为自然宽度
` + rulesFlagUsage

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

func runShow(app *App, args []string) int {
	fs := newFlagSet(app, "show", showUsage)
	ascii := fs.Bool("ascii", false, "")
	width := fs.Int("width", -1, "")
	rulesPath := rulesFlag(fs)
	pos, code, done := fs.parse(args)
	if done {
		return code
	}
	f, sets, code, ok := loadOneFiling(app, "show", *rulesPath, pos)
	if !ok {
		return code
	}
	opt := report.TextOptions{ASCII: *ascii, Width: *width, Rules: sets}
	if *width < 0 {
		opt.Width = terminalWidth(app.stdout)
	}
	// Filer text is escaped for the terminal (termsafe.Text keeps the
	// line breaks of the tables and the report).
	return writeOut(app, "show", "", false, func(w io.Writer) error {
		var buf bytes.Buffer
		if err := report.Text(&buf, f, opt); err != nil {
			return err
		}
		_, err := io.WriteString(w, termsafe.Text(buf.String()))
		return err
	})
}
