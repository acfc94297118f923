package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"jixiao/domain"
	"jixiao/persist"
)

// flagSet wraps flag.FlagSet with Chinese help and error messages and lets
// flags come before or after the positional arguments.
type flagSet struct {
	*flag.FlagSet
	e     *env
	usage string
}

// newFlagSet returns a flag set for command name; usage is the Chinese help
// text printed for --help.
func newFlagSet(e *env, name, usage string) *flagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return &flagSet{FlagSet: fs, e: e, usage: usage}
}

// parse parses args and returns the positional arguments. done is true when
// the command should exit with code (after --help or a bad flag).
func (fs *flagSet) parse(args []string) (positional []string, code int, done bool) {
	for {
		err := fs.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(fs.e.stdout, fs.usage)
			return nil, exitOK, true
		}
		if err != nil {
			fmt.Fprintf(fs.e.stderr, "jixiao %s：%s\n运行 jixiao %s --help 查看用法。\n", fs.Name(), translateFlagError(err), fs.Name())
			return nil, exitUsage, true
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, exitOK, false
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

func translateFlagError(err error) string {
	s := err.Error()
	switch {
	case strings.HasPrefix(s, "flag provided but not defined: "):
		return "未知选项 " + strings.TrimPrefix(s, "flag provided but not defined: ")
	case strings.HasPrefix(s, "flag needs an argument: "):
		return "选项 " + strings.TrimPrefix(s, "flag needs an argument: ") + " 需要一个值"
	case strings.HasPrefix(s, "invalid value "):
		return "选项的值无效：" + strings.TrimPrefix(s, "invalid value ")
	case strings.HasPrefix(s, "invalid boolean value "):
		return "选项的值无效：" + strings.TrimPrefix(s, "invalid boolean value ")
	}
	return s
}

// fail prints a Chinese error for command name and returns code.
func (e *env) fail(name string, code int, format string, args ...any) int {
	fmt.Fprintf(e.stderr, "jixiao %s：%s\n", name, fmt.Sprintf(format, args...))
	return code
}

// openFilingByID loads a stored filing by id; the store sets it.
var openFilingByID func(e *env, id string) (*domain.Filing, error)

// storedFiling is one filing of the database with its id, for commands
// that work over all of them.
type storedFiling struct {
	ID     string
	Filing *domain.Filing
}

// storedFilings lists every (not deleted) filing in the database given by
// --db, JIXIAO_DB or the default path; the store sets it.
var storedFilings func(e *env) ([]storedFiling, error)

// errNotFound is returned by loadFiling when arg is neither a file nor a
// stored filing.
var errNotFound = errors.New("not found")

// loadExitCode is the exit code for an error from loadFiling: 3 when the
// database is locked, 2 for anything else wrong with the input.
func loadExitCode(err error) int {
	if errors.Is(err, persist.ErrLocked) {
		return exitLocked
	}
	return exitUsage
}

// loadFiling reads arg as a FILE.json, or as the id of a stored filing.
func loadFiling(e *env, arg string) (*domain.Filing, error) {
	if st, err := os.Stat(arg); err == nil || strings.HasSuffix(strings.ToLower(arg), ".json") || openFilingByID == nil {
		if err == nil && st.IsDir() {
			return nil, fmt.Errorf("%s 是一个目录，不是 JSON 文件", arg)
		}
		data, err := os.ReadFile(arg)
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				return nil, fmt.Errorf("找不到文件 %s", arg)
			}
			if errors.Is(err, os.ErrPermission) {
				return nil, fmt.Errorf("没有权限读取 %s", arg)
			}
			return nil, fmt.Errorf("无法读取 %s：%v", arg, err)
		}
		f, err := domain.Decode(data)
		if err != nil {
			return nil, fmt.Errorf("%s：%w", arg, err)
		}
		return f, nil
	}
	return openFilingByID(e, arg)
}
