// Package testfixture holds what tests share and production code must not
// carry: the decoded sample filing and a file of it, a synthetic filing of
// any size (SyntheticFiling), and amounts from literals. It is imported by
// tests only.
package testfixture

import (
	"os"
	"path/filepath"
	"testing"

	"jixiao/domain"
	"jixiao/internal/sample"
)

// Sample returns the sample filing (internal/sample), decoded afresh for
// each call; a sample that does not decode fails the test.
func Sample(t testing.TB) *domain.Filing {
	t.Helper()
	f, err := domain.Decode(sample.JSON())
	if err != nil {
		t.Fatalf("the sample filing (internal/sample/%s) does not decode: %v", sample.FileName, err)
	}
	return f
}

// SampleFile writes the sample's JSON to a new temporary directory of the
// test, under its own name (meixi-2024.json), and returns the file's path.
func SampleFile(t testing.TB) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), sample.FileName)
	if err := os.WriteFile(path, sample.JSON(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// Amount parses s as an amount and panics when it is not one; for
// literals in tests.
func Amount(s string) domain.Amount {
	a, err := domain.ParseAmount(s)
	if err != nil {
		panic(err)
	}
	return a
}
