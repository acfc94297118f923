package report

import (
	"fmt"
	"io"
	"testing"

	"jixiao/domain"
	"jixiao/internal/testfixture"
)

// BenchmarkExport measures every format on the sample and on a filing with
// 30 附件3 tables of 12 indicator rows each. Run with
//
//	go test ./report -run '^$' -bench . -benchmem
func BenchmarkExport(b *testing.B) {
	filings := []struct {
		name string
		f    *domain.Filing
	}{
		{"sample", loadSample(b)},
		{"projects30", testfixture.SyntheticFiling(30, 12)},
	}
	cases := []struct {
		name   string
		format string
		opt    Options
	}{
		{"text", "text", Options{}},
		{"csv", "csv", Options{}},
		{"csv-summary", "csv", Options{CSV: CSVOptions{Summary: true}}},
		{"csv-gb18030", "csv", Options{CSV: CSVOptions{Encoding: EncodingGB18030}}},
		{"xlsx", "xlsx", Options{}},
		{"docx", "docx", Options{}},
		{"md", "md", Options{}},
		{"json", "json", Options{}},
	}
	for _, fl := range filings {
		for _, c := range cases {
			b.Run(fmt.Sprintf("%s/%s", fl.name, c.name), func(b *testing.B) {
				cw := &countWriter{}
				b.ReportAllocs()
				for b.Loop() {
					if err := Export(cw, fl.f, c.format, c.opt); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(cw.n)/float64(b.N), "bytes/op")
			})
		}
	}
}

// BenchmarkSummary measures the batch summary over 100 filings, scoring and
// checking included.
func BenchmarkSummary(b *testing.B) {
	filings := make([]*domain.Filing, 100)
	for i := range filings {
		filings[i] = testfixture.SyntheticFiling(i%5, 12)
	}
	for _, format := range []string{"csv", "xlsx"} {
		b.Run(format, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				rows := make([]SummaryRow, len(filings))
				for i, f := range filings {
					rows[i] = NewSummaryRow(fmt.Sprint(i), f, domain.RuleSets{})
				}
				SortSummaryRows(rows, SortByUnit)
				if err := Summary(io.Discard, rows, format, CSVOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return len(p), nil
}
