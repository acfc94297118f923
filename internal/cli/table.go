package cli

import (
	"fmt"
	"io"
	"strings"

	"jixiao/internal/termsafe"
	"jixiao/internal/textwidth"
)

// displayWidth is the number of terminal columns of s, measured as the
// TUI and the text export measure it (internal/textwidth).
func displayWidth(s string) int { return textwidth.String(s) }

// writeTable writes rows as columns separated by two spaces, aligned by
// display width (a Chinese character is two columns). The last column is
// not padded. Every cell is passed through termsafe.String: a control
// character in filer text (a unit name, a note) is shown escaped, never
// sent to the terminal.
func writeTable(w io.Writer, rows [][]string) { writeIndentedTable(w, "", rows) }

// writeIndentedTable is writeTable with indent before every line.
func writeIndentedTable(w io.Writer, indent string, rows [][]string) {
	safe := make([][]string, len(rows))
	for i, r := range rows {
		safe[i] = make([]string, len(r))
		for j, c := range r {
			safe[i][j] = termsafe.String(c)
		}
	}
	rows = safe
	var colw []int
	for _, r := range rows {
		for i, c := range r {
			if i >= len(colw) {
				colw = append(colw, 0)
			}
			colw[i] = max(colw[i], displayWidth(c))
		}
	}
	for _, r := range rows {
		var b strings.Builder
		b.WriteString(indent)
		for i, c := range r {
			b.WriteString(c)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", colw[i]-displayWidth(c)+2))
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

const timeLayout = "2006-01-02 15:04"
