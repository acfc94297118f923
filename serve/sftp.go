package serve

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/pkg/sftp"

	"jixiao/domain"
	"jixiao/persist"
	"jixiao/report"
	"jixiao/store"
)

// The SFTP tree of a user is virtual: it is built from their grants at
// every request and never maps to a directory of the server.
//
//	/                               the granted units (and 上传)
//	/<unit>/                        the years of the unit's filings
//	/<unit>/<year>/                 the exports of that filing, generated
//	                                from its newest revision when read
//	/上传/                          write-only: files put here are offered
//	                                by the TUI's import list
//
// Everything else — "..", absolute paths, symlinks, other units' names,
// a file that does not exist — is "permission denied", so that the answer
// never tells whether a path exists on the server.

// ExportFormats are the formats offered in a filing's folder: every format
// of the report package.
func ExportFormats() []string { return report.Formats }

// errPermission is what the client sees for anything outside the tree.
var errPermission = sftp.ErrSSHFxPermissionDenied

// unitFolder is the folder name of unit: the unit itself when it is a
// safe file name, else a cleaned name with a short hash of the unit, so
// that two units never share a folder.
func unitFolder(unit string) string {
	clean := strings.Map(func(r rune) rune {
		switch {
		case strings.ContainsRune(`/\:*?"<>|`, r), unicode.IsControl(r), unicode.Is(unicode.Bidi_Control, r):
			return '_'
		}
		return r
	}, unit)
	clean = strings.Trim(clean, ". ")
	if utf8.RuneCountInString(clean) > 80 {
		clean = string([]rune(clean)[:80])
	}
	if clean == unit && clean != UploadFolder && clean != "" {
		return clean
	}
	if clean == "" {
		clean = "未命名单位"
	}
	sum := sha256.Sum256([]byte(unit))
	return clean + "~" + hex.EncodeToString(sum[:3])
}

// exportName is the file name of the export of m in format; the newest
// filing of a unit and year (primary) has the plain name, any other one
// carries its ID.
func exportName(m store.Meta, format string, primary bool) string {
	name := report.DefaultFileName(&domain.Filing{Unit: m.Unit, Year: m.Year}, format)
	if !primary {
		ext := path.Ext(name)
		name = strings.TrimSuffix(name, ext) + "-" + m.ID + ext
	}
	return name
}

// ExportPath is the path, relative to the SFTP root, of the export of the
// newest filing of unit and year in format.
func ExportPath(unit string, year int, format string) string {
	return unitFolder(unit) + "/" + strconv.Itoa(year) + "/" + exportName(store.Meta{Unit: unit, Year: year}, format, true)
}

// TransferAuditor records the files users fetch and put over SFTP. A
// failed record fails the transfer.
type TransferAuditor interface {
	// Downloaded records that user read file, the export of revision
	// m.Revision of filing m.ID.
	Downloaded(user string, m store.Meta, file string) error
	// Uploaded records that user put file (size bytes) in their upload
	// folder.
	Uploaded(user, file string, size int64) error
}

// backendTransfers is the TransferAuditor of a Backend: a download goes
// into the filing's audit trail, an upload (which belongs to no filing
// yet) into the database's event log (persist.Store.Events); both are
// also logged.
type backendTransfers struct {
	b    *Backend
	logf func(format string, args ...any)
}

func (a backendTransfers) Downloaded(user string, m store.Meta, file string) error {
	st, err := a.b.store(user)
	if err != nil {
		return err
	}
	a.logf("%q 下载了 %q（填报 %s 版本 %d）", user, file, m.ID, m.Revision)
	return st.RecordEvent(store.AuditEntry{Filing: m.ID, Rev: m.Revision, User: user, Action: persist.ActionDownload, Note: file})
}

func (a backendTransfers) Uploaded(user, file string, size int64) error {
	st, err := a.b.store(user)
	if err != nil {
		return err
	}
	a.logf("%q 上传了 %q（%d 字节）", user, file, size)
	return st.RecordEvent(store.AuditEntry{User: user, Action: persist.ActionUpload, Note: fmt.Sprintf("%s（%d 字节）", file, size)})
}

// nodeKind is what a path of the tree names.
type nodeKind int

const (
	nodeRoot nodeKind = iota
	nodeUnit
	nodeYear
	nodeExport
	nodeUploads
	nodeUpload
)

// node is a resolved path of the tree.
type node struct {
	kind    nodeKind
	name    string // base name
	unit    string
	year    int
	filings []store.Meta // of a year, newest first
	meta    store.Meta   // of an export
	format  string
}

// sftpFS serves one SFTP session's tree (pkg/sftp Handlers).
type sftpFS struct {
	user    string
	store   *SessionStore
	uploads *uploadArea
	audit   TransferAuditor

	mu    sync.Mutex
	cache map[string][]byte // "id/rev/format" → export
	order []string
}

// maxCachedExports bounds the exports an SFTP session keeps in memory.
const maxCachedExports = 12

// visible returns the filings the user may fetch, by unit folder.
func (t *sftpFS) visible() (map[string][]store.Meta, error) {
	ms, err := t.store.List()
	if err != nil {
		return nil, err
	}
	by := map[string][]store.Meta{}
	for _, m := range ms {
		if m.Deleted {
			continue
		}
		by[unitFolder(m.Unit)] = append(by[unitFolder(m.Unit)], m)
	}
	return by, nil
}

// resolve maps a cleaned absolute path to the node it names.
func (t *sftpFS) resolve(p string) (node, error) {
	if !strings.HasPrefix(p, "/") || path.Clean(p) != p {
		return node{}, errPermission
	}
	var parts []string
	if p != "/" {
		parts = strings.Split(p[1:], "/")
	}
	if len(parts) == 0 {
		return node{kind: nodeRoot, name: "/"}, nil
	}
	if parts[0] == UploadFolder {
		switch len(parts) {
		case 1:
			return node{kind: nodeUploads, name: UploadFolder}, nil
		case 2:
			if err := checkUploadName(parts[1]); err != nil {
				return node{}, fmt.Errorf("%v：%w", err, errPermission)
			}
			return node{kind: nodeUpload, name: parts[1]}, nil
		}
		return node{}, errPermission
	}
	if len(parts) > 3 {
		return node{}, errPermission
	}
	by, err := t.visible()
	if err != nil {
		return node{}, errPermission
	}
	ms, ok := by[parts[0]]
	if !ok {
		return node{}, errPermission
	}
	n := node{kind: nodeUnit, name: parts[0], unit: ms[0].Unit}
	if len(parts) == 1 {
		return n, nil
	}
	year, err := strconv.Atoi(parts[1])
	if err != nil || strconv.Itoa(year) != parts[1] {
		return node{}, errPermission
	}
	for _, m := range ms {
		if m.Year == year {
			n.filings = append(n.filings, m)
		}
	}
	if len(n.filings) == 0 {
		return node{}, errPermission
	}
	slices.SortStableFunc(n.filings, func(a, b store.Meta) int { return b.Updated.Compare(a.Updated) })
	n.kind, n.name, n.year = nodeYear, parts[1], year
	if len(parts) == 2 {
		return n, nil
	}
	for i, m := range n.filings {
		for _, format := range ExportFormats() {
			if exportName(m, format, i == 0) == parts[2] {
				return node{kind: nodeExport, name: parts[2], unit: m.Unit, year: year, meta: m, format: format}, nil
			}
		}
	}
	return node{}, errPermission
}

// export returns the content of an export of the newest revision of m.ID
// and the revision it is of.
func (t *sftpFS) export(m store.Meta, format string) ([]byte, store.Meta, error) {
	f, cur, err := t.store.Get(m.ID)
	if err != nil {
		return nil, store.Meta{}, errPermission
	}
	key := fmt.Sprintf("%s/%d/%s", cur.ID, cur.Revision, format)
	t.mu.Lock()
	data, ok := t.cache[key]
	t.mu.Unlock()
	if ok {
		return data, cur, nil
	}
	var buf bytes.Buffer
	if err := report.Export(&buf, f, format, report.Options{}); err != nil {
		return nil, store.Meta{}, fmt.Errorf("无法生成导出文件：%v", err)
	}
	data = buf.Bytes()
	t.mu.Lock()
	if t.cache == nil {
		t.cache = map[string][]byte{}
	}
	t.cache[key] = data
	t.order = append(t.order, key)
	if len(t.order) > maxCachedExports {
		delete(t.cache, t.order[0])
		t.order = t.order[1:]
	}
	t.mu.Unlock()
	return data, cur, nil
}

// info is the os.FileInfo of a node.
func (t *sftpFS) info(n node) (os.FileInfo, error) {
	switch n.kind {
	case nodeRoot, nodeUnit, nodeYear:
		var mt time.Time
		for _, m := range n.filings {
			mt = maxTime(mt, m.Updated)
		}
		return fileInfo{name: n.name, mode: os.ModeDir | 0o555, mtime: mt}, nil
	case nodeUploads:
		return fileInfo{name: n.name, mode: os.ModeDir | 0o333}, nil
	case nodeUpload:
		fi, err := t.uploads.stat(n.name)
		if err != nil {
			return nil, errPermission
		}
		return fileInfo{name: n.name, size: fi.Size, mode: 0o200, mtime: fi.Modified}, nil
	case nodeExport:
		data, cur, err := t.export(n.meta, n.format)
		if err != nil {
			return nil, err
		}
		return fileInfo{name: n.name, size: int64(len(data)), mode: 0o444, mtime: cur.Updated}, nil
	}
	return nil, errPermission
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// list returns the entries of a folder node.
func (t *sftpFS) list(n node) ([]os.FileInfo, error) {
	var out []os.FileInfo
	switch n.kind {
	case nodeRoot:
		by, err := t.visible()
		if err != nil {
			return nil, errPermission
		}
		names := make([]string, 0, len(by))
		for name := range by {
			names = append(names, name)
		}
		slices.Sort(names)
		for _, name := range names {
			var mt time.Time
			for _, m := range by[name] {
				mt = maxTime(mt, m.Updated)
			}
			out = append(out, fileInfo{name: name, mode: os.ModeDir | 0o555, mtime: mt})
		}
		out = append(out, fileInfo{name: UploadFolder, mode: os.ModeDir | 0o333})
	case nodeUnit:
		by, err := t.visible()
		if err != nil {
			return nil, errPermission
		}
		years := map[int]time.Time{}
		for _, m := range by[n.name] {
			years[m.Year] = maxTime(years[m.Year], m.Updated)
		}
		ys := make([]int, 0, len(years))
		for y := range years {
			ys = append(ys, y)
		}
		slices.Sort(ys)
		for _, y := range slices.Backward(ys) {
			out = append(out, fileInfo{name: strconv.Itoa(y), mode: os.ModeDir | 0o555, mtime: years[y]})
		}
	case nodeYear:
		for i, m := range n.filings {
			for _, format := range ExportFormats() {
				fi, err := t.info(node{kind: nodeExport, name: exportName(m, format, i == 0), meta: m, format: format})
				if err != nil {
					return nil, err
				}
				out = append(out, fi)
			}
		}
	case nodeUploads:
		ups, err := t.uploads.list()
		if err != nil {
			return nil, errPermission
		}
		for _, u := range ups {
			out = append(out, fileInfo{name: u.Name, size: u.Size, mode: 0o200, mtime: u.Modified})
		}
	default:
		return nil, errPermission
	}
	return out, nil
}

// Fileread implements sftp.FileReader: only exports can be read.
func (t *sftpFS) Fileread(r *sftp.Request) (io.ReaderAt, error) {
	n, err := t.resolve(r.Filepath)
	if err != nil || n.kind != nodeExport {
		return nil, errPermission
	}
	data, cur, err := t.export(n.meta, n.format)
	if err != nil {
		return nil, err
	}
	if err := t.audit.Downloaded(t.user, cur, r.Filepath); err != nil {
		return nil, fmt.Errorf("无法记录下载，未提供文件：%v", err)
	}
	return bytes.NewReader(data), nil
}

// Filewrite implements sftp.FileWriter: only a new file in 上传/.
func (t *sftpFS) Filewrite(r *sftp.Request) (io.WriterAt, error) {
	n, err := t.resolve(r.Filepath)
	if err != nil {
		return nil, err
	}
	if n.kind != nodeUpload {
		return nil, errPermission
	}
	w, err := t.uploads.create(n.name, func(size int64) error { return t.audit.Uploaded(t.user, n.name, size) })
	if err != nil {
		return nil, fmt.Errorf("%v：%w", err, errPermission)
	}
	return w, nil
}

// Filecmd implements sftp.FileCmder: setting the attributes of an upload
// is accepted and ignored (clients do it after a put), removing one's
// own upload is allowed; nothing else.
func (t *sftpFS) Filecmd(r *sftp.Request) error {
	n, err := t.resolve(r.Filepath)
	if err != nil {
		return errPermission
	}
	switch {
	case r.Method == "Setstat" && (n.kind == nodeUpload || n.kind == nodeUploads):
		return nil
	case r.Method == "Remove" && n.kind == nodeUpload:
		if err := t.uploads.remove(n.name); err != nil {
			return errPermission
		}
		return nil
	}
	return errPermission
}

// Filelist implements sftp.FileLister.
func (t *sftpFS) Filelist(r *sftp.Request) (sftp.ListerAt, error) {
	n, err := t.resolve(r.Filepath)
	if err != nil {
		return nil, errPermission
	}
	switch r.Method {
	case "List":
		out, err := t.list(n)
		if err != nil {
			return nil, err
		}
		return listerAt(out), nil
	case "Stat":
		fi, err := t.info(n)
		if err != nil {
			return nil, err
		}
		return listerAt{fi}, nil
	}
	return nil, errPermission
}

// Lstat implements sftp.LstatFileLister: the tree has no links.
func (t *sftpFS) Lstat(r *sftp.Request) (sftp.ListerAt, error) {
	r.Method = "Stat"
	return t.Filelist(r)
}

// Readlink implements sftp.ReadlinkFileLister: there are no links.
func (t *sftpFS) Readlink(string) (string, error) { return "", errPermission }

// handlers returns the pkg/sftp handlers of the tree.
func (t *sftpFS) handlers() sftp.Handlers {
	return sftp.Handlers{FileGet: t, FilePut: t, FileCmd: t, FileList: t}
}

// listerAt is a fixed listing.
type listerAt []os.FileInfo

func (l listerAt) ListAt(dst []os.FileInfo, off int64) (int, error) {
	if off >= int64(len(l)) {
		return 0, io.EOF
	}
	n := copy(dst, l[off:])
	if n < len(dst) || off+int64(n) == int64(len(l)) {
		return n, io.EOF
	}
	return n, nil
}

// fileInfo is the os.FileInfo of a node of the tree.
type fileInfo struct {
	name  string
	size  int64
	mode  os.FileMode
	mtime time.Time
}

func (f fileInfo) Name() string       { return f.name }
func (f fileInfo) Size() int64        { return f.size }
func (f fileInfo) Mode() os.FileMode  { return f.mode }
func (f fileInfo) ModTime() time.Time { return f.mtime }
func (f fileInfo) IsDir() bool        { return f.mode.IsDir() }
func (f fileInfo) Sys() any           { return nil }
