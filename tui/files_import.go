package tui

import (
	"charm.land/bubbles/v2/key"
	"context"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"jixiao/domain"
	"jixiao/internal/termsafe"
)

// This file is the filing list's import dialog (i). It reaches files only
// through the files port: in local mode the user types a path, otherwise
// it lists the upload folder. Reading runs in a command with a deadline;
// Esc cancels it.

// uploadRows is how many uploads the dialog shows at once.
const uploadRows = 6

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
			l.err = "请输入 JSON 文件的路径"
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
		f, err := domain.Decode(data)
		if err != nil {
			return importReadMsg{seq: seq, err: fmt.Errorf("%s 不是有效的填报文件：%s", termsafe.String(name), termsafe.String(err.Error()))}
		}
		return importReadMsg{seq: seq, f: f}
	}
}

// importDialog renders the import dialog; y is the line of the cursor
// within it (-1: none) and x its column.
func (l *listModel) importDialog(width int) (lines []string, x, y int) {
	st := l.st
	if l.cancelImport != nil {
		return []string{st.Title.Render("导入 JSON 文件（Esc 取消）"), "  正在读取" + st.G.Ellipsis}, 0, -1
	}
	if l.files.TypedPaths() {
		p, px := l.path.viewLine(max(width-20, 10))
		return []string{st.Title.Render("导入 JSON 文件（Enter 导入，Esc 取消）"), "  路径：" + p}, displayWidth("  路径：") + px, 1
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
	lines = append(lines, st.Subtle.Render(truncate("  用 sftp/scp 把 JSON 文件放到 上传/ 文件夹，再按 r 刷新本列表", width, st.G.Ellipsis)))
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
