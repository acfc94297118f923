package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// flagSet wraps flag.FlagSet with Chinese help and error messages and lets
// flags come before or after the positional arguments.
type flagSet struct {
	*flag.FlagSet
	app   *App
	usage string
}

// newFlagSet returns a flag set for command name; usage is the Chinese help
// text printed for --help.
func newFlagSet(app *App, name, usage string) *flagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return &flagSet{FlagSet: fs, app: app, usage: usage}
}

// parse parses args and returns the positional arguments. done is true when
// the command should exit with code (after --help or a bad flag).
func (fs *flagSet) parse(args []string) (positional []string, code int, done bool) {
	for {
		err := fs.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(fs.app.stdout, fs.usage)
			return nil, exitOK, true
		}
		if err != nil {
			fmt.Fprintf(fs.app.stderr, "jixiao %s：%s\n运行 jixiao %s --help 查看用法。\n", fs.Name(), translateFlagError(err), fs.Name())
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
func (app *App) fail(name string, code int, format string, args ...any) int {
	fmt.Fprintf(app.stderr, "jixiao %s：%s\n", name, fmt.Sprintf(format, args...))
	return code
}
