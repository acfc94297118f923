package tea

import (
	"bytes"
	"strings"
	"testing"
)

// JIXIAO_PATCH: the renderer draws only the rows whose text changed
// (uv.StyledString.DrawRows). These tests pin the cases in which it must
// still put every row on screen: after a resize, after the renderer was
// stopped and started again, and after a frame taller than the screen.
func TestCursedRendererRowsRepaintAfterResizeAndRestart(t *testing.T) {
	var out bytes.Buffer
	r := newCursedRenderer(&out, []string{"TERM=xterm-256color"}, 30, 5)
	r.start()
	rows := []string{"标题 一", "填表人：", "联系电话", "底部 四"}
	frame := func() string {
		t.Helper()
		out.Reset()
		v := NewView(strings.Join(rows, "\n"))
		v.AltScreen = true
		r.render(v)
		if err := r.flush(false); err != nil {
			t.Fatal(err)
		}
		return out.String()
	}
	wantAll := func(when, got string) {
		t.Helper()
		for _, row := range rows {
			if !strings.Contains(got, row) {
				t.Fatalf("%s: row %q not written, output %q", when, row, got)
			}
		}
	}
	wantAll("first frame", frame())

	rows[1] = "填表人：张"
	got := frame()
	if !strings.Contains(got, "张") || strings.Contains(got, "标题") || strings.Contains(got, "底部") {
		t.Fatalf("typing one character wrote %q", got)
	}

	r.resize(40, 6)
	wantAll("after a resize", frame())

	// As Program.ReleaseTerminal(true) and RestoreTerminal do.
	if err := r.close(); err != nil {
		t.Fatal(err)
	}
	r.reset()
	r.start()
	wantAll("after a restart", frame())

	r.clearScreen()
	wantAll("after a clear", frame())
}

// TestCursedRendererRowsTallInlineFrame: an inline frame taller than the
// screen drops its top rows from the buffer; the next frame must not take
// the shifted rows for the ones it remembers.
func TestCursedRendererRowsTallInlineFrame(t *testing.T) {
	var out bytes.Buffer
	r := newCursedRenderer(&out, []string{"TERM=xterm-256color"}, 20, 3)
	r.start()
	render := func(s string) {
		t.Helper()
		r.render(NewView(s))
		if err := r.flush(false); err != nil {
			t.Fatal(err)
		}
	}
	buffer := func() string {
		var lines []string
		for _, l := range r.cellbuf.Lines {
			var b strings.Builder
			for _, c := range l {
				b.WriteString(c.Content)
			}
			lines = append(lines, strings.TrimRight(b.String(), " "))
		}
		return strings.Join(lines, "|")
	}
	for _, step := range []struct{ frame, want string }{
		{"一\n二\n三\n四\n五", "三|四|五"},
		{"一\n二\n三\n四\n六", "三|四|六"},
		{"一\n二\n三", "一|二|三"},
	} {
		render(step.frame)
		if got := buffer(); got != step.want {
			t.Fatalf("buffer after %q: %q, want %q", step.frame, got, step.want)
		}
	}
}
