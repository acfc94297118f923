package report

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"jixiao/domain"
	"jixiao/internal/testfixture"
)

func TestDisplayWidth(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want int
	}{
		{"", 0},
		{"abc", 3},
		{"中文", 4},
		{"２０２４", 8},
		{"…", 1},    // ambiguous: 1, as Lip Gloss counts it
		{"“”", 2},   // ambiguous quotes
		{"─│┌┼", 4}, // box drawing is ambiguous
		{"①", 1},
		{"≧≥", 2},
		{"m²", 2},
		{"👍", 2},
		{"👨‍👩‍👧", 2}, // one ZWJ sequence
		{"🇨🇳", 2},
		{"e\u0301", 1}, // combining accent
		{"a\x1bb", 2},  // control characters take no room
	} {
		if got := DisplayWidth(tc.s); got != tc.want {
			t.Errorf("DisplayWidth(%q) = %d, want %d", tc.s, got, tc.want)
		}
	}
}

func TestWrap(t *testing.T) {
	for _, tc := range []struct {
		s     string
		width int
		want  []string
	}{
		{"", 10, []string{""}},
		{"短", 10, []string{"短"}},
		{"一二三四五六", 4, []string{"一二", "三四", "五六"}},
		// Closing punctuation does not start a line.
		{"一二三，四五", 6, []string{"一二", "三，四", "五"}},
		// An opening bracket does not end a line.
		{"一二（三四）", 6, []string{"一二", "（三", "四）"}},
		// Latin words and numbers break at spaces.
		{"hello world again", 11, []string{"hello world", "again"}},
		{"金额1902.68万元", 8, []string{"金额", "1902.68", "万元"}},
		{"第一行\n第二行", 20, []string{"第一行", "第二行"}},
		{"a\tb", 5, []string{"a b"}},
	} {
		got := Wrap(tc.s, tc.width)
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("Wrap(%q, %d) = %q, want %q", tc.s, tc.width, got, tc.want)
		}
		for _, l := range got {
			if DisplayWidth(l) > tc.width {
				t.Errorf("Wrap(%q, %d): line %q is %d wide", tc.s, tc.width, l, DisplayWidth(l))
			}
		}
	}
}

func TestSanitize(t *testing.T) {
	in := "a\r\nb\rc\td\x1b[31me\u202Ef\u2066g\uFEFFh\x00"
	if got, want := Sanitize(in), "a\nb\nc d[31mefgh"; got != want {
		t.Errorf("Sanitize = %q, want %q", got, want)
	}
}

func TestTextGolden(t *testing.T) {
	f := loadSample(t)
	var buf bytes.Buffer
	if err := Text(&buf, f, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	golden(t, "meixi-2024.txt", buf.Bytes())
	buf.Reset()
	if err := Text(&buf, f, TextOptions{ASCII: true, Width: 100}); err != nil {
		t.Fatal(err)
	}
	golden(t, "meixi-2024-ascii-100.txt", buf.Bytes())
}

// tableBlocks splits text into runs of consecutive table lines.
func tableBlocks(text string) [][]string {
	var blocks [][]string
	var cur []string
	for _, l := range strings.Split(text, "\n") {
		r, _ := utf8.DecodeRuneInString(l)
		if strings.ContainsRune("┌│├└+|", r) {
			cur = append(cur, l)
			continue
		}
		if cur != nil {
			blocks = append(blocks, cur)
			cur = nil
		}
	}
	if cur != nil {
		blocks = append(blocks, cur)
	}
	return blocks
}

// trickyFiling has text that breaks naive width arithmetic: emoji
// sequences, flags, combining marks, ambiguous characters, controls,
// bidirectional overrides and a long Latin word.
func trickyFiling() *domain.Filing {
	f := testfixture.SyntheticFiling(2, 6)
	f.Unit = "测试单位👨‍👩‍👧🇨🇳…①“引号”"
	f.Overall.Indicators[0].Name = "e\u0301\u0301 combining, tab\there, esc\x1b[31m red, bidi\u202Eevil"
	f.Overall.Indicators[1].Actual = "Supercalifragilisticexpialidocious-1234567890"
	f.Overall.Indicators[2].Deviation = "─│┌┐└┘├┤┬┴┼ box drawing in text; ①②③ … “” ‘’ ·"
	f.Overall.Indicators[3].Target = "≧100篇\n第二行"
	f.Projects[0].Name = strings.Repeat("很长的项目名称", 12)
	f.Overall.Goals.Expected = append(f.Overall.Goals.Expected, "\u200b零宽空格与\u00a0不换行空格", "ｆｕｌｌ－ｗｉｄｔｈ　全角")
	return f
}

func TestTextTableLinesHaveEqualWidth(t *testing.T) {
	filings := map[string]*domain.Filing{
		"sample":    loadSample(t),
		"synthetic": testfixture.SyntheticFiling(30, 12),
		"tricky":    trickyFiling(),
	}
	options := []TextOptions{{}, {ASCII: true}, {Width: 100}, {Width: 80, ASCII: true}, {Width: 40}}
	for name, f := range filings {
		for _, opt := range options {
			var buf bytes.Buffer
			if err := Text(&buf, f, opt); err != nil {
				t.Fatal(err)
			}
			blocks := tableBlocks(buf.String())
			if len(blocks) < 3 {
				t.Fatalf("%s %+v: only %d tables", name, opt, len(blocks))
			}
			lines := 0
			for _, b := range blocks {
				want := DisplayWidth(b[0])
				for i, l := range b {
					lines++
					if w := DisplayWidth(l); w != want {
						t.Fatalf("%s %+v: table line %d is %d columns wide, the table's first line %d:\n%s\n%s", name, opt, i, w, want, b[0], l)
					}
				}
				first, last := b[0], b[len(b)-1]
				if opt.ASCII {
					if !strings.HasPrefix(first, "+") || !strings.HasPrefix(last, "+") {
						t.Errorf("%s %+v: table not closed: %q … %q", name, opt, first, last)
					}
				} else if !strings.HasPrefix(first, "┌") || !strings.HasPrefix(last, "└") {
					t.Errorf("%s %+v: table not closed: %q … %q", name, opt, first, last)
				}
				if opt.Width > 0 && opt.Width >= 60 && want > opt.Width {
					t.Errorf("%s %+v: table is %d wide", name, opt, want)
				}
			}
			if opt.ASCII && strings.ContainsAny(buf.String(), "┌│├└┼─") && name != "tricky" {
				t.Errorf("%s: ASCII output has box-drawing characters", name)
			}
			if strings.ContainsAny(buf.String(), "\x1b\u202E\t") {
				t.Errorf("%s: control characters reached the output", name)
			}
			t.Logf("%s %+v: %d tables, %d lines", name, opt, len(blocks), lines)
		}
	}
}

func TestTextContent(t *testing.T) {
	f := loadSample(t)
	var buf bytes.Buffer
	if err := Text(&buf, f, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"2024年度预算单位整体支出绩效评价基础数据表",
		"2023年决算数", "2024年预算数", "2024年决算数", "2024年实际在职人数",
		"100.00%",          // 控制率
		"48.65%",           // 执行率
		"4.87",             // 执行率得分
		"94.87",            // 总分
		"100 │    94.87 │", // 分值合计 and 总分
		"3363.56",          // 公用经费 as entered
		"其中：办公经费", "水费、电费、差旅费", "会议费、培训费",
		"按收入性质分：", "按支出性质分：", "纳入专户管理的非税收入拨款",
		"1、致力务实担当，自身建设全面加强。",
		"填表人：冯金彪　　联系电话：0730-8212768　　单位负责人：刘卫华　　填报日期：2025-07-11",
		"2024年度岳阳市岳阳楼区梅溪街道办事处单位整体支出绩效自评报告",
		"一般公共预算基本支出2024年度总支出1369.56万元，其中：",
		"十、其他需要说明的情况",
		"6、社会保险基金预算支出情况表",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text export lacks %q", want)
		}
	}
	// A blank amount stays blank: 会议费、培训费 has no 2024年决算数.
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "会议费、培训费") && strings.Count(l, " 0 ") > 0 {
			t.Errorf("blank amount printed as 0: %s", l)
		}
	}
}

// TestYearDerived checks that no heading or column title is fixed to 2024:
// the sample's own text never mentions a year, so after moving the filing
// to 2031 neither 2024 nor 2023 may appear in any export.
func TestYearDerived(t *testing.T) {
	f := loadSample(t)
	f.Year = 2031
	for _, format := range []string{"text", "md", "csv"} {
		var buf bytes.Buffer
		if err := Export(&buf, f, format, Options{CSV: CSVOptions{Summary: true}}); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		if strings.Contains(out, "2024") || strings.Contains(out, "2023") {
			i := strings.Index(out, "202")
			t.Errorf("%s export still says 2024/2023 near %q", format, out[max(0, i-40):min(len(out), i+40)])
		}
		if format != "csv" && !strings.Contains(out, "2031年度") {
			t.Errorf("%s export lacks 2031年度", format)
		}
	}
	var buf bytes.Buffer
	if err := Text(&buf, f, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "2030年决算数") {
		t.Error("text export lacks the prior-year column 2030年决算数")
	}
}

func TestFitWidths(t *testing.T) {
	cols := []column{{20, 6}, {10, 4}, {6, 6}}
	if got := fitWidths(cols, 0); got[0] != 20 || got[1] != 10 || got[2] != 6 {
		t.Errorf("natural widths changed: %v", got)
	}
	got := fitWidths(cols, 30)
	if w := gridWidth(got); w != 30 {
		t.Errorf("fitWidths(…, 30) gives a %d-wide table: %v", w, got)
	}
	if got := fitWidths(cols, 5); got[0] != 6 || got[1] != 4 || got[2] != 6 {
		t.Errorf("widths below the minimum: %v", got)
	}
}

// TestTextNeverBreaksANumber: squeezed to 80 columns, every figure of a
// one-column cell stays on one line (not 2402.1 / 5 or 102.07 / %); the
// room comes from columns with spare width.
func TestTextNeverBreaksANumber(t *testing.T) {
	for name, f := range map[string]*domain.Filing{"sample": loadSample(t), "synthetic": testfixture.SyntheticFiling(30, 12)} {
		rules := domain.DefaultRules()
		sc := domain.Score(f, rules)
		ss := []*sheet{basicSheet(f), overallSheet(f, sc.Overall, rules)}
		for i := range f.Projects {
			ss = append(ss, projectSheet(f, i, sc.Projects[i], rules))
		}
		widthsToTry := []int{100, 80}
		if name != "sample" {
			// Nine columns of 4-decimal amounts (5495.7962) need more than
			// 80 columns; 100 hold them.
			widthsToTry = []int{100}
		}
		for _, width := range widthsToTry {
			for _, s := range ss {
				widths := sheetWidths(s, width)
				if w := gridWidth(widths); w > width {
					t.Errorf("%s %s: %d columns wide at --width %d", name, s.name, w, width)
				}
				for _, bl := range s.blocks {
					if bl.kind != blockGrid {
						continue
					}
					for _, c := range bl.grid.cells {
						// Numbers within text stay whole where there is room
						// (the sample); figure cells always.
						if c.colSpan != 1 || (name != "sample" && !c.hasNum) {
							continue
						}
						lines := wrapCell(c, innerWidth(widths, c.col, 1))
						for _, n := range numberRe.FindAllString(c.text, -1) {
							whole := false
							for _, l := range lines {
								whole = whole || strings.Contains(l, n)
							}
							if !whole {
								t.Errorf("%s %s at %d: %q broken as %q", name, s.name, width, n, lines)
							}
						}
					}
				}
			}
		}
	}
	var out strings.Builder
	if err := Text(&out, loadSample(t), TextOptions{Width: 80}); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"2402.15", "3911.21", "1902.68", "48.65%", "102.07%"} {
		if !strings.Contains(out.String(), n) {
			t.Errorf("%s is not whole in the 80-column text", n)
		}
	}
}
