package report

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"flag"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"jixiao/domain"
	"jixiao/internal/testfixture"
)

var renderOut = flag.String("render-out", "", "write the filings scripts/render-docs.sh renders to this directory")

// blankFiguresFiling is the sample with the figures a unit often leaves
// blank: the 附件4 spending figures, the 三公经费 and 项目支出 parts of 附件1
// and the 全年执行数 of 附件2.
func blankFiguresFiling(t testing.TB) *domain.Filing {
	f := loadSample(t)
	f.Report.GeneralBudgetSpending = domain.GeneralBudgetSpending{}
	f.Report.GovernmentFundSpending = domain.Blank
	f.Report.StateCapitalSpending = domain.Blank
	f.Report.SocialInsuranceSpending = domain.Blank
	f.BasicData.Sangong = domain.Sangong{}
	f.BasicData.ProjectSpending.Business = domain.Triple{}
	f.BasicData.ProjectSpending.Operation = domain.Triple{}
	f.BasicData.ProjectSpending.DistrictSpecial = nil
	f.BasicData.ProjectSpending.HigherTransfer = nil
	f.BasicData.ProjectSpending.Total = nil
	f.Overall.Funds.Executed = domain.Blank
	return f
}

// TestWriteRenderFilings writes the filings scripts/render-docs.sh
// exports; it does nothing without -render-out.
func TestWriteRenderFilings(t *testing.T) {
	if *renderOut == "" {
		t.Skip("only with -render-out DIR")
	}
	for name, f := range map[string]*domain.Filing{
		"synthetic-30.json":  testfixture.SyntheticFiling(30, 8),
		"blank-figures.json": blankFiguresFiling(t),
	} {
		data, err := domain.Encode(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(*renderOut, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func docxBytes(t testing.TB, f *domain.Filing, opt DocxOptions) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Docx(&buf, f, opt); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// docxPackage reads every part of a .docx.
func docxPackage(t testing.TB, data []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string][]byte{}
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if _, dup := parts[zf.Name]; dup {
			t.Fatalf("part %s twice in the package", zf.Name)
		}
		parts[zf.Name] = b
	}
	return parts
}

// checkDocxPackage validates the package against the OOXML parts it uses:
// every part is well-formed XML and has a content type, every relationship
// target exists, every r:id the document and footer use is declared, and
// every style referenced is defined in styles.xml.
func checkDocxPackage(t testing.TB, data []byte) map[string][]byte {
	t.Helper()
	parts := docxPackage(t, data)
	for name, b := range parts {
		if err := wellFormed(b); err != nil {
			t.Fatalf("%s is not well-formed XML: %v", name, err)
		}
	}
	var types struct {
		Defaults []struct {
			Extension string `xml:"Extension,attr"`
		} `xml:"Default"`
		Overrides []struct {
			PartName    string `xml:"PartName,attr"`
			ContentType string `xml:"ContentType,attr"`
		} `xml:"Override"`
	}
	if err := xml.Unmarshal(parts["[Content_Types].xml"], &types); err != nil {
		t.Fatalf("[Content_Types].xml: %v", err)
	}
	overridden := map[string]string{}
	for _, o := range types.Overrides {
		name := strings.TrimPrefix(o.PartName, "/")
		if _, ok := parts[name]; !ok {
			t.Errorf("content type for missing part %s", o.PartName)
		}
		overridden[name] = o.ContentType
	}
	for name := range parts {
		if name == "[Content_Types].xml" {
			continue
		}
		if _, ok := overridden[name]; ok {
			continue
		}
		ext := strings.TrimPrefix(path.Ext(name), ".")
		found := false
		for _, d := range types.Defaults {
			found = found || d.Extension == ext
		}
		if !found {
			t.Errorf("part %s has no content type", name)
		}
	}
	if !strings.HasSuffix(overridden["word/document.xml"], "wordprocessingml.document.main+xml") {
		t.Errorf("word/document.xml has content type %q", overridden["word/document.xml"])
	}
	type rel struct {
		ID     string `xml:"Id,attr"`
		Target string `xml:"Target,attr"`
		Mode   string `xml:"TargetMode,attr"`
	}
	relIDs := map[string]map[string]bool{}
	for name, b := range parts {
		if !strings.HasSuffix(name, ".rels") {
			continue
		}
		var rels struct {
			Rels []rel `xml:"Relationship"`
		}
		if err := xml.Unmarshal(b, &rels); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		// _rels/.rels describes the package root, word/_rels/x.rels word/x.
		dir := path.Dir(path.Dir(name))
		source := path.Join(dir, strings.TrimSuffix(path.Base(name), ".rels"))
		relIDs[source] = map[string]bool{}
		for _, r := range rels.Rels {
			relIDs[source][r.ID] = true
			if r.Mode == "External" {
				continue
			}
			target := path.Join(dir, r.Target)
			if _, ok := parts[target]; !ok {
				t.Errorf("%s: relationship %s points to missing part %s", name, r.ID, target)
			}
		}
	}
	styleIDs := map[string]bool{}
	for _, m := range regexp.MustCompile(`w:styleId="([^"]+)"`).FindAllSubmatch(parts["word/styles.xml"], -1) {
		styleIDs[string(m[1])] = true
	}
	for _, name := range []string{"word/document.xml", "word/footer1.xml"} {
		for _, m := range regexp.MustCompile(`r:id="([^"]+)"`).FindAllSubmatch(parts[name], -1) {
			if !relIDs["word/document.xml"][string(m[1])] {
				t.Errorf("%s uses undeclared relationship %s", name, m[1])
			}
		}
		for _, m := range regexp.MustCompile(`<w:(?:pStyle|rStyle|tblStyle) w:val="([^"]+)"`).FindAllSubmatch(parts[name], -1) {
			if !styleIDs[string(m[1])] {
				t.Errorf("%s uses undefined style %s", name, m[1])
			}
		}
	}
	return parts
}

func wellFormed(b []byte) error {
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

func TestDocxPackageIsValid(t *testing.T) {
	for _, part := range DocxParts {
		t.Run(part, func(t *testing.T) {
			parts := checkDocxPackage(t, docxBytes(t, loadSample(t), DocxOptions{Part: part}))
			// The last section's properties close the body.
			if doc := parts["word/document.xml"]; !bytes.HasSuffix(doc, []byte("</w:sectPr></w:body></w:document>")) {
				t.Errorf("document.xml does not end with the body's sectPr: …%s", doc[len(doc)-80:])
			}
		})
	}
}

func TestDocxGolden(t *testing.T) {
	parts := checkDocxPackage(t, docxBytes(t, loadSample(t), DocxOptions{}))
	golden(t, "meixi-2024.document.xml", parts["word/document.xml"])
	golden(t, "meixi-2024.styles.xml", parts["word/styles.xml"])
}

func TestDocxIsDeterministic(t *testing.T) {
	f := loadSample(t)
	if !bytes.Equal(docxBytes(t, f, DocxOptions{}), docxBytes(t, f, DocxOptions{})) {
		t.Fatal("two exports of the same filing differ")
	}
}

func TestDocxRejectsUnknownPart(t *testing.T) {
	err := Docx(io.Discard, loadSample(t), DocxOptions{Part: "cover"})
	if err == nil || !strings.Contains(err.Error(), "cover") {
		t.Fatalf("err = %v, want a message naming the part", err)
	}
}

// docxText is the text of the document's paragraphs, one per line.
func docxText(doc []byte) string {
	d := xml.NewDecoder(bytes.NewReader(doc))
	var b strings.Builder
	inText := false
	for {
		tok, err := d.Token()
		if err != nil {
			return b.String()
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			inText = tk.Name.Local == "t"
		case xml.EndElement:
			inText = false
			if tk.Name.Local == "p" {
				b.WriteByte('\n')
			}
		case xml.CharData:
			if inText {
				b.Write(tk)
			}
		}
	}
}

func TestDocxContent(t *testing.T) {
	f := loadSample(t)
	doc := docxPackage(t, docxBytes(t, f, DocxOptions{}))["word/document.xml"]
	text := docxText(doc)
	order := []string{
		"2024年度岳阳市岳阳楼区梅溪街道办事处单位整体支出绩效自评报告\n",
		"部门(单位)名称：岳阳市岳阳楼区梅溪街道办事处（盖章）",
		"年　　月　　日",
		"附件4\n",
		"一、单位基本情况", "（一）部门职责", "二、一般公共预算支出情况", "五、社会保险基金预算支出情况",
		"十、其他需要说明的情况", "附件：1．单位整体支出绩效评价基础数据表", "6．社会保险基金预算支出情况表",
		"附件1\n", "2024年度预算单位整体支出绩效评价基础数据表",
		"附件2\n", "2024年度预算单位整体支出绩效自评表",
		// The sample has no 附件3 table: the document says so.
		"附件3\n", "2024年度项目支出绩效自评表\n", "本单位未填报项目支出绩效自评表。",
	}
	at := 0
	for _, s := range order {
		i := strings.Index(text[at:], s)
		if i < 0 {
			t.Fatalf("%q missing or out of order after offset %d", s, at)
		}
		at += i + len(s)
	}
	if strings.Contains(text, "评分汇总") {
		t.Error("the 评分汇总 block, not part of the official form, is in the document")
	}
	// Two decimals, right-aligned: 附件2's 全年预算数 of the sample.
	if !strings.Contains(text, "\n1902.68\n") {
		t.Error("figure 1902.68 not in a paragraph of its own")
	}
	for _, want := range []string{
		`<w:vMerge w:val="restart"/>`, `<w:vMerge/>`, `<w:gridSpan w:val="7"/>`,
		`<w:tblHeader/>`, `<w:cantSplit/>`, `<w:jc w:val="right"/>`, `w:orient="landscape"`,
		`<w:footerReference w:type="default" r:id="rIdFooter"/>`, `<w:pgNumType w:start="1"/>`,
	} {
		if !bytes.Contains(doc, []byte(want)) {
			t.Errorf("document.xml has no %s", want)
		}
	}
}

// TestDocxProjectsStartPages checks that every 附件3 comes after 附件2 and
// starts a page of its own.
func TestDocxProjectsStartPages(t *testing.T) {
	f := testfixture.SyntheticFiling(3, 4)
	doc := string(docxPackage(t, docxBytes(t, f, DocxOptions{Part: DocxPartTables}))["word/document.xml"])
	for _, label := range []string{"附件2", "附件3-1", "附件3-2", "附件3-3"} {
		re := regexp.MustCompile(`<w:pageBreakBefore/></w:pPr><w:r><w:t xml:space="preserve">` + label + `</w:t>`)
		if !re.MatchString(doc) {
			t.Errorf("%s does not start a page", label)
		}
	}
}

// TestDocxMergesFollowTheGrid checks, for every table, that each row's
// cells cover the table's grid exactly and that a vertical merge continues
// only under a cell of the same span.
func TestDocxMergesFollowTheGrid(t *testing.T) {
	for _, f := range []*domain.Filing{loadSample(t), testfixture.SyntheticFiling(3, 9)} {
		for _, bl := range formBlocks(f, domain.DefaultRules()) {
			tb, ok := bl.(docxTable)
			if !ok {
				continue
			}
			var prev []docxCell
			for r, row := range tb.rows {
				n := 0
				for _, c := range row.cells {
					n += c.span
				}
				if n != len(tb.widths) {
					t.Fatalf("row %d covers %d of %d grid columns", r, n, len(tb.widths))
				}
				k := 0
				for _, c := range row.cells {
					if c.vMerge == "continue" {
						pk, ok := cellAt(prev, k)
						if !ok || pk.span != c.span || pk.vMerge == "" {
							t.Fatalf("row %d col %d continues a merge the row above does not have", r, k)
						}
					}
					k += c.span
				}
				prev = row.cells
			}
		}
	}
}

func cellAt(cells []docxCell, col int) (docxCell, bool) {
	k := 0
	for _, c := range cells {
		if k == col {
			return c, true
		}
		k += c.span
	}
	return docxCell{}, false
}

func TestDocxParts(t *testing.T) {
	f := testfixture.SyntheticFiling(2, 4)
	report := docxText(docxPackage(t, docxBytes(t, f, DocxOptions{Part: DocxPartReport}))["word/document.xml"])
	tables := docxText(docxPackage(t, docxBytes(t, f, DocxOptions{Part: DocxPartTables}))["word/document.xml"])
	if !strings.Contains(report, "一、单位基本情况") || strings.Contains(report, "附件1\n") {
		t.Error("--part report must hold 附件4 and no 附件1")
	}
	if strings.Contains(tables, "一、单位基本情况") || !strings.Contains(tables, "附件1\n") || !strings.Contains(tables, "附件3-1\n") {
		t.Error("--part tables must hold 附件1–3 and no report")
	}
}

func TestXMLSafe(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"a<b>&c", "a<b>&c"},
		{"x\x00y\x01z\x1f", "xyz"},
		{"tab\tnl\ncr\r", "tab\tnl\ncr\r"},
		{"\uFFFE\uFFFF ok", " ok"},
		{"bad\xffutf8", "badutf8"},
		{"keep \uFFFD", "keep \uFFFD"},
		{"😀 emoji", "😀 emoji"},
	} {
		if got := xmlSafe(tc.in); got != tc.want {
			t.Errorf("xmlSafe(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestDocxAwkwardText exports a filing full of XML metacharacters, control
// characters, a 20,000-character paragraph and 60 附件3 tables.
func TestDocxAwkwardText(t *testing.T) {
	f := testfixture.SyntheticFiling(60, 6)
	nasty := "<w:t>&amp;</w:t>]]>\"'\x00\x01\x0b\x1b[31m\uFFFE\xff\u202e"
	f.Unit = nasty + "单位"
	f.Report.Duties = strings.Repeat("履职尽责，", 4000)
	f.Report.Performance = nasty + "\n" + nasty
	f.Projects[0].Name = nasty
	f.Projects[1].Indicators[0].Deviation = strings.Repeat("偏差", 10000)
	f.Signoff.FilledBy = nasty
	data := docxBytes(t, f, DocxOptions{})
	parts := checkDocxPackage(t, data)
	text := docxText(parts["word/document.xml"])
	if !strings.Contains(text, strings.Repeat("履职尽责，", 4000)) {
		t.Error("the 20,000-character paragraph is not whole")
	}
	if !strings.Contains(text, `<w:t>&amp;</w:t>]]>"'`) {
		t.Error("XML metacharacters of filer text are not kept as text")
	}
	if n := strings.Count(text, "2024年度项目支出绩效自评表"); n != 60 {
		t.Errorf("%d 附件3 tables, want 60", n)
	}
}

func FuzzDocxText(f *testing.F) {
	f.Add("<&>\"'", "x\x00y")
	f.Add("]]>", "\uFFFE")
	f.Add("\xff\xfe", "【未填写：总支出】")
	base := testfixture.SyntheticFiling(1, 4)
	f.Fuzz(func(t *testing.T, unit, text string) {
		g := *base
		g.Unit = unit
		g.Report.Performance = text
		g.Projects = append([]domain.Project(nil), base.Projects...)
		g.Projects[0].Name = text
		checkDocxPackage(t, docxBytes(t, &g, DocxOptions{}))
	})
}
