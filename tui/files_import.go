package tui

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"jixiao/internal/filingfile"
	"jixiao/internal/termsafe"
)

// This file is the filing list's import dialog (i) of a jixiao/filing@1
// JSON file or a Word (.docx) or Excel (.xlsx) filing (filingfile.Decode).
// It reaches files only through the files port: in local mode the user
// types a path, otherwise it lists the upload folder. Reading and decoding
// run in a command with a deadline; Esc cancels it. What the import read
// is then shown in the import report (files_report.go).

// uploadRows is how many uploads the dialog shows at once.
const uploadRows = 6

// importTitle is the title of the import dialog: the kinds of file it
// reads (filingfile.Decode).
const importTitle = "导入 JSON、Word（.docx）或 Excel（.xlsx）文件"

// startImport opens the import dialog.
func (l *listModel) startImport() tea.Cmd {
	l.mode, l.err = modeImport, ""
	l.path.SetValue("")
	if l.files.TypedPaths() {
		return nil
	}
	l.uploads, l.upSel, l.upLoaded = nil, 0, false
	return l.loadUploads()
}

// loadUploads lists the upload folder in a command.
func (l *listModel) loadUploads() tea.Cmd {
	files := l.files
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), importTimeout)
		defer cancel()
		fs, err := files.Uploads(ctx)
		return uploadsMsg{files: fs, err: err}
	}
}

// stopImport cancels the read in progress, if any.
func (l *listModel) stopImport() {
	if l.cancelImport != nil {
		l.cancelImport()
		l.cancelImport = nil
	}
}

// importKey handles the keys of the import dialog.
func (l *listModel) importKey(k tea.KeyPressMsg) tea.Cmd {
	km := l.keys.Import
	if l.cancelImport != nil {
		if key.Matches(k, km.Cancel) {
			l.stopImport()
			l.mode, l.err, l.note = modeNormal, "", "已取消导入"
		}
		return nil
	}
	if key.Matches(k, km.Cancel) {
		l.mode, l.err = modeNormal, ""
		return nil
	}
	if l.files.TypedPaths() {
		if !key.Matches(k, km.Open) {
			l.path.HandleKey(k, 0)
			return nil
		}
		path := strings.TrimSpace(l.path.Value())
		if path == "" {
			l.err = "请输入要导入的 JSON、Word（.docx）或 Excel（.xlsx）文件的路径"
			return nil
		}
		return l.readImport(path)
	}
	switch {
	case key.Matches(k, km.Up):
		l.upSel = max(l.upSel-1, 0)
	case key.Matches(k, km.Down):
		l.upSel = min(l.upSel+1, max(len(l.uploads)-1, 0))
	case key.Matches(k, km.Refresh):
		l.err, l.upLoaded = "", false
		return l.loadUploads()
	case key.Matches(k, km.Open):
		if !l.upLoaded {
			return nil
		}
		if l.upSel >= len(l.uploads) {
			l.err = "上传/ 文件夹中还没有文件"
			return nil
		}
		return l.readImport(l.uploads[l.upSel].Name)
	}
	return nil
}

// readImport reads and decodes name through the files port in a command
// that gives up after importTimeout or when the dialog cancels it.
func (l *listModel) readImport(name string) tea.Cmd {
	l.stopImport()
	l.err = ""
	ctx, cancel := context.WithTimeout(context.Background(), importTimeout)
	l.importSeq++
	l.cancelImport = cancel
	files, seq := l.files, l.importSeq
	return func() tea.Msg {
		defer cancel()
		data, err := files.Read(ctx, name)
		if err != nil {
			return importReadMsg{seq: seq, err: err}
		}
		f, found, err := filingfile.Decode(name, data)
		if err != nil {
			return importReadMsg{seq: seq, err: decodeError(name, err)}
		}
		return importReadMsg{seq: seq, f: f, report: newImportReport(name, f, found)}
	}
}

// decodeError says why the file called name is not a filing, without the
// path filingfile puts in front (the message names name itself), or that
// an old Word or Excel format must be saved as .docx or .xlsx first.
func decodeError(name string, err error) error {
	shown := termsafe.String(name)
	switch strings.ToLower(filepath.Ext(strings.TrimSpace(name))) {
	case ".doc", ".wps":
		return fmt.Errorf("%s 是旧版 Word 或 WPS 文字格式，不能导入：请先在 Word 或 WPS 中另存为 .docx 再导入", shown)
	case ".xls", ".et":
		return fmt.Errorf("%s 是旧版 Excel 或 WPS 表格格式，不能导入：请先在 Excel 或 WPS 中另存为 .xlsx 再导入", shown)
	}
	reason := err.Error()
	var fe *filingfile.Error
	if errors.As(err, &fe) && fe.Err != nil {
		reason = fe.Err.Error()
	}
	return fmt.Errorf("%s 不是有效的填报文件：%s", shown, termsafe.String(reason))
}

// importDialog renders the import dialog; y is the line of the cursor
// within it (-1: none) and x its column.
func (l *listModel) importDialog(width int) (lines []string, x, y int) {
	st := l.st
	if l.cancelImport != nil {
		return []string{st.Title.Render(truncate(importTitle+"（Esc 取消）", width, st.G.Ellipsis)), "  正在读取" + st.G.Ellipsis}, 0, -1
	}
	if l.files.TypedPaths() {
		p, px := l.path.viewLine(max(width-20, 10))
		return []string{st.Title.Render(truncate(importTitle+"（Enter 导入，Esc 取消）", width, st.G.Ellipsis)), "  路径：" + p}, displayWidth("  路径：") + px, 1
	}
	lines = []string{st.Title.Render(truncate("导入上传的文件（↑/↓ 选择，Enter 导入，r 刷新，Esc 取消）", width, st.G.Ellipsis))}
	switch {
	case !l.upLoaded:
		lines = append(lines, "  正在读取上传文件夹"+st.G.Ellipsis)
	case len(l.uploads) == 0:
		lines = append(lines, "  上传/ 文件夹中还没有文件。")
	default:
		start := 0
		if l.upSel >= uploadRows {
			start = l.upSel - uploadRows + 1
		}
		nw := max(width-4-10-2-16-2, 10)
		for i := start; i < len(l.uploads) && i < start+uploadRows; i++ {
			u := l.uploads[i]
			when := ""
			if !u.Modified.IsZero() {
				when = u.Modified.In(l.now().Location()).Format("2006-01-02 15:04")
			}
			s := pad(truncate(termsafe.String(u.Name), nw, st.G.Ellipsis), nw) + "  " + padLeft(fileSize(u.Size), 10) + "  " + when
			if i == l.upSel {
				lines = append(lines, st.G.Pointer+" "+st.Selected.Render(s))
			} else {
				lines = append(lines, "  "+s)
			}
		}
		if len(l.uploads) > uploadRows {
			lines = append(lines, st.Subtle.Render(fmt.Sprintf("  共 %d 个文件", len(l.uploads))))
		}
	}
	for _, s := range wrapText("用 sftp/scp 把 JSON、Word（.docx）或 Excel（.xlsx）文件放到 上传/ 文件夹，再按 r 刷新本列表", max(width-2, 8)) {
		lines = append(lines, st.Subtle.Render("  "+s))
	}
	return lines, 0, -1
}

// fileSize is n bytes for people: 980 B, 12 KB, 3.4 MB.
func fileSize(n int64) string {
	switch {
	case n < 1<<10:
		return fmt.Sprintf("%d B", n)
	case n < 1<<20:
		return fmt.Sprintf("%d KB", (n+1<<10-1)>>10)
	}
	tenths := (n*10 + 1<<20 - 1) >> 20
	return fmt.Sprintf("%d.%d MB", tenths/10, tenths%10)
}
