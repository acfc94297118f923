package cli

import (
	"context"
	"errors"
	"fmt"
	"jixiao/internal/filingfile"
	"os"
	"strings"

	"jixiao/domain"
	"jixiao/persist"
)

// filingByID loads a stored filing by id.
func filingByID(app *App, id string) (*domain.Filing, error) {
	s, err := openStore(app, false)
	var nodb *errNoDatabase
	if errors.As(err, &nodb) {
		return nil, fmt.Errorf("找不到文件 %s；它也不是填报编号（%v）", id, err)
	}
	if err != nil {
		return nil, err
	}
	f, _, err := s.Get(id)
	if errors.Is(err, persist.ErrNotFound) && !errors.Is(err, persist.ErrDeleted) {
		return nil, fmt.Errorf("“%s”既不是文件，也不是数据库 %s 中的填报编号（运行 jixiao list 查看编号）：%w", id, s.Path(), err)
	}
	return f, err
}

// allStoredFilings lists every (not deleted) filing in the database given
// by --db, JIXIAO_DB or the default path; none when there is no database.
func allStoredFilings(app *App) ([]storedFiling, error) {
	s, err := openStore(app, false)
	var nodb *errNoDatabase
	if errors.As(err, &nodb) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	metas, filings, err := s.GetAll()
	if err != nil {
		return nil, err
	}
	out := make([]storedFiling, len(metas))
	for i := range metas {
		out[i] = storedFiling{ID: metas[i].ID, Filing: filings[i]}
	}
	return out, nil
}

// readFilingFile reads FILE.json through filingfile (regular files only,
// at most filingfile.MaxSize, "~/" expanded, Chinese errors naming the
// path escaped for the terminal). The findings are what decoding noticed:
// unknown keys (kept in the stored document) and removed control
// characters.
func readFilingFile(path string) (*domain.Filing, []domain.Finding, error) {
	return filingfile.ReadFiling(context.Background(), path)
}

// storedFiling is one filing of the database with its id, for commands
// that work over all of them.
type storedFiling struct {
	ID     string
	Filing *domain.Filing
}

// loadExitCode is the exit code for an error from loadFiling: 3 when the
// database is locked, 2 for anything else wrong with the input.
func loadExitCode(err error) int {
	if errors.Is(err, persist.ErrLocked) {
		return exitLocked
	}
	return exitUsage
}

// loadFiling reads arg as a FILE.json (an existing path, "~/" expanded,
// or any name ending in .json), or else as the id of a stored filing.
func loadFiling(app *App, arg string) (*domain.Filing, error) {
	if _, err := os.Stat(filingfile.ExpandHome(arg)); err == nil || strings.HasSuffix(strings.ToLower(arg), ".json") {
		f, _, err := readFilingFile(arg)
		return f, err
	}
	return filingByID(app, arg)
}

// loadOneFiling is the common start of the commands that take one filing
// (a file or an id) and score it: the rule sets of --rules FILE (rulesPath,
// "" for the built-ins) and the filing named by the one positional
// argument. On failure it has already said why, in Chinese, and ok is
// false with the exit code.
func loadOneFiling(app *App, name, rulesPath string, pos []string) (f *domain.Filing, sets domain.RuleSets, code int, ok bool) {
	sets, err := ruleSets(rulesPath)
	if err != nil {
		return nil, sets, app.fail(name, exitUsage, "%v", err), false
	}
	if len(pos) != 1 {
		return nil, sets, app.fail(name, exitUsage, "需要且只需要一个文件或编号。运行 jixiao %s --help 查看用法。", name), false
	}
	f, err = loadFiling(app, pos[0])
	if err != nil {
		return nil, sets, app.fail(name, loadExitCode(err), "%v", err), false
	}
	return f, sets, exitOK, true
}
