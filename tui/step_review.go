package tui

import (
	"charm.land/bubbles/v2/help"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"jixiao/domain"
	"jixiao/internal/termsafe"
	"jixiao/report"
)

// exportedMsg reports the end of an export to path (overwrite: after the
// user said yes).
type exportedMsg struct {
	path      string
	overwrite bool
	err       error
}

type revMode int

const (
	rvList      revMode = iota
	rvPath              // typing the export path
	rvOverwrite         // asking before overwriting
	// rvFetch shows how to download the export over SFTP (the files port
	// takes no path); it is not modal: the wizard's keys still work.
	rvFetch
)

// reviewStep is 复核与导出: the score of every table, the findings grouped by
// attachment (Enter jumps to the field) and the export actions.
type reviewStep struct {
	mode   revMode
	sel    int
	format string
	ed     editor
	err    string
	// fetch is the download text shown in rvFetch.
	fetch string
	// items are the findings in display order; scores every table's score,
	// both refreshed when the filing changed.
	items   []domain.Finding
	scores  []domain.TableScore
	seenSeq int
	seenF   int
}

func newReviewStep(w stepCtx) component { return &reviewStep{seenSeq: -1} }

func (s *reviewStep) refresh(w stepCtx) {
	if s.seenSeq == w.changeSeq() && s.seenF == len(w.ev.findings) && s.scores != nil {
		return
	}
	s.seenSeq, s.seenF = w.changeSeq(), len(w.ev.findings)
	sc := domain.Score(w.f, w.rules())
	s.scores = append([]domain.TableScore{sc.Overall}, sc.Projects...)
	s.items = s.items[:0]
	for a := 0; a <= 4; a++ {
		for _, fd := range w.ev.findings {
			if fd.Where.Attachment == a {
				s.items = append(s.items, fd)
			}
		}
	}
	s.sel = min(s.sel, max(len(s.items)-1, 0))
}

func (s *reviewStep) modal() bool               { return s.mode == rvPath || s.mode == rvOverwrite }
func (s *reviewStep) form() *form               { return nil }
func (s *reviewStep) setForm(*form)             {}
func (s *reviewStep) header() int               { return 0 }
func (s *reviewStep) jump(stepCtx, string) bool { return true }

func (s *reviewStep) paste(w stepCtx, p tea.PasteMsg) (tea.Cmd, bool) {
	if s.mode == rvPath {
		s.ed.Insert(p.Content)
	}
	return nil, true
}

// exportFormat is the export format k asks for, or "".
func exportFormat(e ExportKeyMap, k tea.KeyPressMsg) string {
	switch {
	case key.Matches(k, e.Text):
		return "text"
	case key.Matches(k, e.CSV):
		return "csv"
	case key.Matches(k, e.XLSX):
		return "xlsx"
	case key.Matches(k, e.Docx):
		return "docx"
	case key.Matches(k, e.MD):
		return "md"
	case key.Matches(k, e.JSON):
		return "json"
	}
	return ""
}

func (s *reviewStep) keyHelp(k KeyMap) help.KeyMap {
	switch s.mode {
	case rvPath:
		return bindings{k.Dialog.Confirm, k.Dialog.Cancel}
	case rvOverwrite:
		return bindings{k.Dialog.Yes, k.Dialog.No}
	case rvFetch:
		closeFetch := k.Export.Back
		closeFetch.SetHelp(closeFetch.Help().Key, "关闭")
		return bindings{closeFetch}
	}
	e := k.Export
	return bindings{e.Jump, e.Text, e.CSV, e.XLSX, e.Docx, e.MD, e.JSON, e.Review}
}

func (s *reviewStep) message(w stepCtx) string {
	st := w.st
	switch {
	case s.mode == rvOverwrite:
		return st.Warning.Render("文件“" + termsafe.String(strings.TrimSpace(s.ed.Value())) + "”已存在，覆盖？y 覆盖  n 取消")
	case s.err != "":
		return st.Error.Render(st.G.Cross + " " + s.err)
	}
	return ""
}

var exportNames = map[string]string{"text": "文本", "csv": "CSV", "xlsx": "Excel", "docx": "Word 文档", "md": "Markdown 报告", "json": "JSON"}

func (s *reviewStep) key(w stepCtx, k tea.KeyPressMsg) (tea.Cmd, bool) {
	km := w.keys
	s.err = ""
	switch s.mode {
	case rvPath:
		switch {
		case key.Matches(k, km.Dialog.Cancel):
			s.mode = rvList
		case key.Matches(k, km.Dialog.Confirm):
			path := strings.TrimSpace(s.ed.Value())
			if path == "" {
				s.err = "请输入文件路径"
				return nil, true
			}
			// An existing file comes back as ErrExists: then the
			// overwrite question.
			s.mode = rvList
			return s.export(w, path, false), true
		default:
			s.ed.HandleKey(k, 0)
		}
		return nil, true
	case rvOverwrite:
		s.mode = rvList
		if key.Matches(k, km.Dialog.Yes) {
			return s.export(w, strings.TrimSpace(s.ed.Value()), true), true
		}
		w.post("未导出：文件已存在")
		return nil, true
	}
	if s.mode == rvFetch {
		s.mode = rvList
		if key.Matches(k, km.Export.Back) {
			return nil, true
		}
	}
	s.refresh(w)
	if format := exportFormat(km.Export, k); format != "" {
		s.format = format
		if files := w.filesPort(); !files.TypedPaths() {
			// The server's SFTP tree makes the file: no path here.
			s.mode = rvFetch
			s.fetch = files.Fetch(w.f.Unit, w.f.Year, format)
			return nil, true
		}
		s.mode = rvPath
		s.ed = editor{limit: 1000}
		s.ed.SetValue(report.DefaultFileName(w.f, format))
		return nil, true
	}
	switch {
	case key.Matches(k, km.Export.Up):
		s.sel = max(s.sel-1, 0)
	case key.Matches(k, km.Export.Down):
		s.sel = min(s.sel+1, max(len(s.items)-1, 0))
	case key.Matches(k, km.Export.Jump):
		if s.sel < len(s.items) {
			w.jump(s.items[s.sel].Where)
		}
	case key.Matches(k, km.Export.Review):
		w.wantReview()
	default:
		return nil, false
	}
	return nil, true
}

// viewKey: nothing on this screen changes the filing (exports write a
// copy of it elsewhere).
func (s *reviewStep) viewKey(stepCtx, tea.KeyPressMsg) bool { return true }

// filesPort is the wizard's files port (OSFiles when none was given).
func (w *wizard) filesPort() Files {
	if w.files == nil {
		return OSFiles{}
	}
	return w.files
}

// export writes a snapshot of the filing through the files port in a
// command.
func (s *reviewStep) export(w stepCtx, path string, overwrite bool) tea.Cmd {
	snap, format, files := w.f.Clone(), s.format, w.filesPort()
	return func() tea.Msg {
		err := files.Write(context.Background(), path, overwrite, func(out io.Writer) error {
			return report.Export(out, snap, format, report.Options{})
		})
		return exportedMsg{path: path, overwrite: overwrite, err: err}
	}
}

// exported shows the result of an export on the message line; a file
// that exists brings the overwrite question while 复核与导出 is open.
func (w *wizard) exported(m exportedMsg) {
	shown := termsafe.String(m.path)
	switch {
	case m.err == nil:
		w.note = "已导出到 " + termsafe.String(absPath(m.path))
	case errors.Is(m.err, ErrExists) && !m.overwrite:
		if s, ok := w.comp().(*reviewStep); ok && w.cur == stepReview && s.mode == rvList {
			s.mode = rvOverwrite
			s.ed.SetValue(m.path)
			return
		}
		w.note = "未导出：" + shown + " 已存在"
	default:
		w.note = "导出失败：" + termsafe.String(m.err.Error())
	}
}

// scoreLines is the table of every table's scores: 总分 and 等级 always,
// the 一级指标 when they fit.
func (s *reviewStep) scoreLines(w stepCtx, width, height int) []string {
	st := w.st
	out := []string{st.Subtle.Render(truncate("各表得分", width, ""))}
	levels := w.rules().LevelNames()
	if width-2-9-8*len(levels)-7-4-6 < 8 {
		// Narrow: 总分 and 等级 before the levels' scores.
		levels = nil
	}
	nw := max(width-2-9-8*len(levels)-7-4-6, 8)
	head := "  " + pad("表", nw) + " " + padLeft("执行率", 9)
	for _, n := range levels {
		head += " " + padLeft(truncate(strings.TrimSuffix(n, "指标"), 7, st.G.Ellipsis), 7)
	}
	out = append(out, st.Subtle.Render(head+" "+padLeft("总分", 7)+"  等级"))
	maxTables := max(min(len(s.scores), height/3), 1)
	for i, t := range s.scores[:min(len(s.scores), maxTables)] {
		name := "附件2 整体支出"
		if i > 0 {
			name = "附件3 " + termsafe.String(t.Name)
		}
		rate := st.G.Dash
		if t.Rate.IsSet() {
			rate = t.Rate.Fixed2() + "%"
		}
		line := "  " + pad(truncate(name, nw, st.G.Ellipsis), nw) + " " + padLeft(rate, 9)
		for _, n := range levels {
			line += " " + padLeft(domain.Round2(t.Level(n).Score).StringFixed(2), 7)
		}
		out = append(out, line+" "+padLeft(t.Total.StringFixed(2), 7)+"  "+t.Grade)
	}
	if len(s.scores) > maxTables {
		out = append(out, st.Subtle.Render(fmt.Sprintf("  … 另有 %d 张附件3 表（F3 复核视图中查看全部）", len(s.scores)-maxTables)))
	}
	return out
}

func (s *reviewStep) view(w stepCtx, width, height int) ([]string, int, int, bool) {
	st := w.st
	s.refresh(w)
	out := append([]string{st.Title.Render("复核与导出")}, s.scoreLines(w, width, height)...)
	out = append(out, "", st.Subtle.Render(truncate(fmt.Sprintf("问题（错误 %d，警告 %d）：↑/↓ 选择，Enter 跳转到对应输入项", w.ev.errs, w.ev.warns), width, st.G.Ellipsis)))
	cx, cy, ok := 0, 0, false
	bottom := 2
	var fetch []string
	switch s.mode {
	case rvPath:
		bottom = 4
	case rvFetch:
		fetch = s.fetchLines(w, width)
		bottom += len(fetch)
	}
	avail := max(height-len(out)-bottom, 1)
	if len(s.items) == 0 {
		out = append(out, "  没有发现问题。")
	}
	start := 0
	if s.sel >= avail {
		start = s.sel - avail + 1
	}
	lastA := -1
	for i := start; i < len(s.items) && len(out) < height-bottom; i++ {
		fd := s.items[i]
		if fd.Where.Attachment != lastA {
			lastA = fd.Where.Attachment
			name := "基本信息"
			if lastA > 0 {
				name = fmt.Sprintf("附件%d", lastA)
			}
			out = append(out, st.Label.Render(name))
			if len(out) >= height-bottom {
				break
			}
		}
		line := truncate(fd.Severity.String()+" "+termsafe.String(fd.Message), width-4, st.G.Ellipsis)
		sty := st.Finding(fd.Severity)
		if i == s.sel {
			out = append(out, st.G.Pointer+"   "+st.Selected.Render(line))
		} else {
			out = append(out, "    "+sty.Render(line))
		}
	}
	for len(out) < height-bottom {
		out = append(out, "")
	}
	if s.mode == rvPath {
		// The path gets a line of its own: default names are long.
		fw := max(width-3, 4)
		v, x := s.ed.viewLine(fw)
		out = append(out, st.Title.Render(truncate("导出"+exportNames[s.format]+"到（默认保存在当前目录，可改为其他路径）：", width, st.G.Ellipsis)), "  "+st.Focused.Render(pad(v, fw)))
		cx, cy, ok = 2+x, len(out)-1, true
	}
	out = append(out, fetch...)
	out = append(out, "", st.Subtle.Render(truncate("导出：t 文本  c CSV  x Excel  w Word  m 报告(Markdown)  j JSON    v/F3 复核视图  F4 历史版本", width, st.G.Ellipsis)))
	return out[:height], cx, cy, ok
}

// fetchLines is the download text of rvFetch: how to fetch the export,
// and a warning when the wizard has changes the download lacks.
func (s *reviewStep) fetchLines(w stepCtx, width int) []string {
	st := w.st
	out := []string{st.Title.Render(truncate("下载"+exportNames[s.format]+"（由服务器用最新保存的版本生成）：", width, st.G.Ellipsis))}
	text := strings.TrimSpace(s.fetch)
	if text == "" {
		text = "此会话不能导出文件"
	}
	for _, l := range wrapText(termsafe.Text(text), max(width-2, 4)) {
		out = append(out, "  "+termsafe.String(l))
	}
	if w.dirty() && !w.readOnly() {
		for _, l := range wrapText("有未保存的修改：请先保存（Ctrl+S），下载的是最新保存的版本", max(width-2, 4)) {
			out = append(out, "  "+st.Warning.Render(l))
		}
	}
	return out
}
