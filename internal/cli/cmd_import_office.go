package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"jixiao/domain"
	"jixiao/importer"
	"jixiao/internal/filingfile"
	"jixiao/internal/termsafe"
)

// importOffice reads a Word or Excel filing through filingfile.Read (regular
// files only, at most filingfile.MaxSize) and the importer; its errors name
// the path.
func importOffice(path string) (*domain.Filing, *importer.Report, error) {
	data, err := filingfile.Read(context.Background(), path)
	if err != nil {
		return nil, nil, err
	}
	f, rep, err := importer.Import(path, data)
	if err != nil {
		return nil, rep, fmt.Errorf("%s：%w", termsafe.String(filingfile.ExpandHome(strings.TrimSpace(path))), err)
	}
	return f, rep, nil
}

// writeImportReport prints what the import of path understood: the tables
// read, the parts skipped, the figures reinterpreted, the cells it could
// not place and the problems, each under its heading; filer text escaped.
func writeImportReport(w io.Writer, path string, rep *importer.Report) {
	fmt.Fprintf(w, "\n导入结果是草稿，请逐项核对后再报送。读取 %s：\n", termsafe.String(path))
	fmt.Fprintf(w, "\n已读取的表格（%d 张）：\n", len(rep.Tables))
	for _, t := range rep.Tables {
		fmt.Fprintf(w, "  %s（%s，%d 行）\n", termsafe.String(t.Name), termsafe.String(t.Where), len(t.Rows))
		if len(t.Rows) > 0 {
			fmt.Fprintf(w, "    %s\n", termsafe.String(strings.Join(t.Rows, "；")))
		}
	}
	section := func(title string, lines []string) {
		if len(lines) == 0 {
			return
		}
		fmt.Fprintf(w, "\n%s（%d 处）：\n", title, len(lines))
		for _, l := range lines {
			fmt.Fprintf(w, "  - %s\n", termsafe.String(l))
		}
	}
	var skipped, re, un, pr []string
	skipped = append(skipped, rep.Skipped...)
	for _, fd := range rep.Findings() {
		switch fd.Code {
		case "import.reinterpreted", "import.exact":
			re = append(re, fd.Message)
		case "import.unplaced":
			un = append(un, fd.Message)
		case "import.problem", "import.exact-ignored":
			pr = append(pr, fd.Message)
		}
	}
	section("跳过的内容", skipped)
	section("换算或改读的内容", re)
	section("无法放入填报的单元格", un)
	section("无法读取或需要核对的内容", pr)
	if len(un) == 0 && len(pr) == 0 {
		fmt.Fprintln(w, "\n所有单元格都已放入填报。")
	}
}
