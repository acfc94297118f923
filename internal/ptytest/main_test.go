package ptytest_test

import (
	"os"
	"testing"

	"jixiao/internal/ptytest"
)

var benchTmp string

// TestMain removes the binary built by ptytest.Build and the benchmark
// databases.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "jixiao-ptybench-")
	if err != nil {
		panic(err)
	}
	benchTmp = dir
	code := m.Run()
	ptytest.Cleanup()
	os.RemoveAll(dir)
	os.Exit(code)
}
