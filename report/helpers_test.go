package report

import (
	"archive/zip"
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"jixiao/domain"
	"jixiao/internal/testfixture"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func loadSample(t testing.TB) *domain.Filing { return testfixture.Sample(t) }

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./report -run %s -update to create it)", err, t.Name())
	}
	if !bytes.Equal(got, want) {
		gl, wl := bytes.Split(got, []byte("\n")), bytes.Split(want, []byte("\n"))
		for i := 0; i < len(gl) || i < len(wl); i++ {
			var g, w []byte
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if !bytes.Equal(g, w) {
				t.Fatalf("%s differs from the golden file at line %d:\n got: %s\nwant: %s\n(run with -update if the change is intended)", name, i+1, g, w)
			}
		}
	}
}

// rawCell is a worksheet cell as stored in the XLSX package.
type rawCell struct {
	R string `xml:"r,attr"`
	S int    `xml:"s,attr"`
	T string `xml:"t,attr"`
	F string `xml:"f"`
	V string `xml:"v"`
}

// rawCells reads the cells of sheet name straight from the package XML, to
// check what excelize's readers would normalise away.
func rawCells(t *testing.T, data []byte, name string) map[string]rawCell {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	paths, err := sheetPaths(zr)
	if err != nil {
		t.Fatal(err)
	}
	p, ok := paths[name]
	if !ok {
		t.Fatalf("no sheet %q in %v", name, paths)
	}
	var ws struct {
		Rows []struct {
			Cells []rawCell `xml:"c"`
		} `xml:"sheetData>row"`
	}
	if err := readZipXML(zr, p, &ws); err != nil {
		t.Fatal(err)
	}
	out := map[string]rawCell{}
	for _, r := range ws.Rows {
		for _, c := range r.Cells {
			out[c.R] = c
		}
	}
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }
