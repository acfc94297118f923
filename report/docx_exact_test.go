package report

import (
	"encoding/xml"
	"strings"
	"testing"

	"jixiao/domain"
	"jixiao/internal/testfixture"
)

// exactPart reads the exact figures a Word export keeps, path → value.
func exactPart(t *testing.T, parts map[string][]byte) map[string]string {
	t.Helper()
	var doc struct {
		XMLName xml.Name
		Amounts []struct {
			Path  string `xml:"path,attr"`
			Name  string `xml:"name,attr"`
			Value string `xml:"value,attr"`
		} `xml:"amount"`
	}
	data, ok := parts["customXml/item1.xml"]
	if !ok {
		return nil
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.XMLName.Space != ExactNamespace || doc.XMLName.Local != ExactRoot {
		t.Fatalf("root %v", doc.XMLName)
	}
	out := map[string]string{}
	for _, a := range doc.Amounts {
		out[a.Path] = a.Name + "=" + a.Value
	}
	return out
}

// TestDocxKeepsExactFigures: every amount the forms print with fewer
// digits than it has is kept, by its JSON path, in customXml/item1.xml;
// figures printed in full are not, and a filing without any gets no part.
func TestDocxKeepsExactFigures(t *testing.T) {
	f := testfixture.SyntheticFiling(2, 3)
	f.Overall.Funds.Executed = testfixture.Amount("4100.123456")
	f.Projects[1].Funds.CurrentYear.Executed = testfixture.Amount("40.125")
	f.Projects[0].Indicators[0].Score = testfixture.Amount("3.333")
	f.Report.GeneralBudgetSpending.Personnel = testfixture.Amount("1267.789")
	parts := checkDocxPackage(t, docxBytes(t, f, DocxOptions{}))
	got := exactPart(t, parts)
	order := sortedIndicators(f.Projects[0].Indicators, domain.DefaultRules())
	at := -1
	for i, k := range order {
		if k == 0 {
			at = i
		}
	}
	for path, want := range map[string]string{
		"overall.funds.executed":                       "=4100.123456",
		"projects.1.funds.current_year.executed":       f.Projects[1].Name + "=40.125",
		"basic_data.sangong.vehicle_operation.final":   "=5.8731",
		"basic_data.buildings.0.actual_investment":     "社区综合服务中心=349.2215",
		"projects.0.indicators." + itoa(at) + ".score": f.Projects[0].Indicators[0].Name + "=3.333",
	} {
		if got[path] != want {
			t.Errorf("%s: want %q, got %q", path, want, got[path])
		}
	}
	for path := range got {
		if strings.HasPrefix(path, "report.") || strings.Contains(path, "filed") {
			t.Errorf("%s is printed in full or not kept, yet kept", path)
		}
	}
	if got := exactPart(t, checkDocxPackage(t, docxBytes(t, f, DocxOptions{Part: DocxPartReport}))); got != nil {
		t.Errorf("附件4 alone prints every figure in full, yet kept %v", got)
	}
	plain := testfixture.SyntheticFiling(1, 3)
	plain.BasicData.Sangong.VehicleOperation.Final = testfixture.Amount("5.87")
	plain.BasicData.Buildings[0].ActualInvestment = testfixture.Amount("349.22")
	parts = checkDocxPackage(t, docxBytes(t, plain, DocxOptions{}))
	if got := exactPart(t, parts); got != nil {
		t.Errorf("no figure has more than two decimals, yet kept %v", got)
	}
	if strings.Contains(string(parts["[Content_Types].xml"]), "customXml") || strings.Contains(string(parts["word/_rels/document.xml.rels"]), "customXml") {
		t.Error("the package declares a custom XML part it does not hold")
	}
}

// TestDocxExactStatedTotals: a stated 三公经费 total is kept only in a
// column its rows leave blank, where the form prints it; elsewhere the form
// prints the rows' sum.
func TestDocxExactStatedTotals(t *testing.T) {
	f := testfixture.SyntheticFiling(1, 3)
	sg := &f.BasicData.Sangong
	sg.VehicleOperation.PriorFinal, sg.Reception.PriorFinal = domain.Blank, domain.Blank
	sg.Total = &domain.Triple{PriorFinal: testfixture.Amount("7.555"), Final: testfixture.Amount("6.8531")}
	got := exactPart(t, checkDocxPackage(t, docxBytes(t, f, DocxOptions{})))
	if got["basic_data.sangong.total.prior_final"] != "=7.555" {
		t.Errorf("stated total in a blank column: got %q, want =7.555", got["basic_data.sangong.total.prior_final"])
	}
	if v, ok := got["basic_data.sangong.total.final"]; ok {
		t.Errorf("stated total where the form prints the sum kept as %q", v)
	}
}
