// Command jixiao drafts, checks, reviews and exports the annual
// 预算单位整体支出绩效自评 package of a budget unit.
//
// main only hands the command line and the standard streams to
// internal/cli, where every command lives.
package main

import (
	"os"

	"jixiao/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}))
}
