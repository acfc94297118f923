package report

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strings"

	"jixiao/domain"
	"jixiao/internal/atomicfile"
)

// Formats are the export formats, as the --format flag names them.
var Formats = []string{"text", "csv", "xlsx", "docx", "md", "json"}

// Options gathers the options of every format for Export.
type Options struct {
	Text TextOptions
	CSV  CSVOptions
	Docx DocxOptions
	// Rules resolves the rule set f is scored under in every format; the
	// zero value knows the built-in sets.
	Rules domain.RuleSets
}

// Export writes f in format, one of Formats.
func Export(w io.Writer, f *domain.Filing, format string, opt Options) error {
	opt.Text.Rules, opt.CSV.Rules, opt.Docx.Rules = opt.Rules, opt.Rules, opt.Rules
	switch format {
	case "text":
		return Text(w, f, opt.Text)
	case "csv":
		return CSV(w, f, opt.CSV)
	case "xlsx":
		return XLSXUnder(w, f, opt.Rules)
	case "docx":
		return Docx(w, f, opt.Docx)
	case "md":
		return Markdown(w, f)
	case "json":
		return JSON(w, f)
	}
	return fmt.Errorf("不支持的导出格式“%s”，可选 %s", format, strings.Join(Formats, "、"))
}

var extensions = map[string]string{"text": "txt", "csv": "csv", "xlsx": "xlsx", "docx": "docx", "md": "md", "json": "json"}

// FormatForPath guesses the export format from a file name's extension
// (.txt, .csv, .xlsx, .docx, .md, .json); "" when it cannot tell.
func FormatForPath(path string) string {
	ext := strings.ToLower(strings.TrimPrefix(filepath.Ext(path), "."))
	for format, e := range extensions {
		if e == ext {
			return format
		}
	}
	return ""
}

// DefaultFileName proposes a file name for exporting f in format, such as
// 岳阳市岳阳楼区梅溪街道办事处-2024年度绩效自评.xlsx. Characters that are not
// allowed in file names on Windows or Unix are replaced by "_".
func DefaultFileName(f *domain.Filing, format string) string {
	ext, ok := extensions[format]
	if !ok {
		ext = format
	}
	return fmt.Sprintf("%s-%d年度绩效自评.%s", safeFileName(f.Unit), f.Year, ext)
}

func safeFileName(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case strings.ContainsRune(`/\:*?"<>|`, r), r == '\n', dropRune(r):
			return '_'
		}
		return r
	}, strings.TrimSpace(s))
	s = strings.TrimRight(s, ". ")
	if r := []rune(s); len(r) > 80 {
		s = string(r[:80])
	}
	if s == "" {
		s = "未命名单位"
	}
	return s
}

// ErrExists is returned (wrapped) by WriteFile when the file is already
// there and overwriting was not asked for; errors.Is(err, fs.ErrExist)
// also holds.
var ErrExists error = existsError{}

type existsError struct{}

func (existsError) Error() string { return "文件已存在" }

// Is makes errors.Is(ErrExists, fs.ErrExist) true.
func (existsError) Is(target error) bool { return target == fs.ErrExist }

// WriteFile writes a file atomically: write fills a temporary file in the
// same directory, which is synced and then moved into place, so that path
// holds either its old content or the whole new content, never a part.
// Unless overwrite is set, an existing path is left alone and ErrExists is
// returned. A new file is created readable by its owner only (0600); an
// overwritten one keeps its permissions.
func WriteFile(path string, overwrite bool, write func(io.Writer) error) error {
	err := atomicfile.Write(path, atomicfile.Options{Perm: 0o600, NoOverwrite: !overwrite, KeepPerm: true}, write)
	if errors.Is(err, atomicfile.ErrExists) {
		return fmt.Errorf("%s：%w", path, ErrExists)
	}
	return err
}
