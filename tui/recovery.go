package tui

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"jixiao/domain"
	"jixiao/internal/atomicfile"
)

// RecoveryFormat is the format tag of a recovery file.
const RecoveryFormat = "jixiao/recovery@1"

// When saves keep failing, the draft is written to a recovery file after
// recoverAfterFails failed attempts or recoverAfter since the first
// failure, whichever comes first.
const (
	recoverAfterFails = 3
	recoverAfter      = 15 * time.Second
)

// Recovery keeps the drafts that could not be saved to the database in
// files, one per filing, so that the next start can offer them back. The
// files belong to one database: their directory is derived from its path
// (RecoveryDirs), so drafts of different databases (a `jixiao serve`
// database, a local one) never mix. A nil *Recovery keeps nothing.
type Recovery struct {
	// DB is the absolute path of the database the drafts belong to.
	DB string
	// Dirs are the directories tried in order when writing; all are
	// searched when loading.
	Dirs []string
}

// Draft is one recovery file: a filing whose last changes could not be
// saved, with what it was based on.
type Draft struct {
	Format string `json:"format"`
	// DB is the database the filing belongs to.
	DB string `json:"db"`
	// ID is the filing's id; BaseRevision the revision the changes were
	// based on.
	ID           string `json:"id"`
	BaseRevision int    `json:"base_revision"`
	Unit         string `json:"unit"`
	Year         int    `json:"year"`
	// User typed the changes; Time is when the file was written.
	User string    `json:"user"`
	Time time.Time `json:"time"`
	// Error is why the save failed (Chinese).
	Error string `json:"error,omitempty"`
	// Filing is the jixiao/filing@1 document.
	Filing json.RawMessage `json:"filing"`
	// Invalid is the text typed into fields that was not valid and so is
	// not in Filing, kept as typed.
	Invalid []InvalidDraft `json:"invalid,omitempty"`
	// Saved reports that Filing itself was saved to the database and the
	// file only keeps Invalid: restoring it shows that text and saves
	// nothing.
	Saved bool `json:"saved,omitempty"`
	// Path is the file the draft was read from (not stored).
	Path string `json:"-"`
}

// InvalidDraft is text typed into a field that was not accepted (and so
// not stored in the filing): where it was, what was typed and why it was
// refused.
type InvalidDraft struct {
	// Path is the JSON path of the field ("overall.indicators.3.weight");
	// Field its Chinese title.
	Path  string `json:"path"`
	Field string `json:"field"`
	// Text is what was typed; Reason why it is not valid (Chinese).
	Text   string `json:"text"`
	Reason string `json:"reason,omitempty"`
}

// InvalidNote lists the draft's invalid texts for a message
// ("未能保存的无效输入：“分值”中输入的“1x”"), or "" when there are none.
func (d Draft) InvalidNote() string {
	var parts []string
	for _, iv := range d.Invalid {
		parts = append(parts, "“"+iv.Field+"”中输入的“"+iv.Text+"”")
	}
	if len(parts) == 0 {
		return ""
	}
	return "未能保存的无效输入：" + strings.Join(parts, "、")
}

// Decode returns the draft's filing.
func (d Draft) Decode() (*domain.Filing, error) { return domain.Decode(d.Filing) }

// RecoveryDirs returns the directories for the recovery files of the
// database at dbPath: $XDG_STATE_HOME/jixiao/recovery/KEY (else
// ~/.local/state/jixiao/recovery/KEY), then, for when that disk is full or
// read-only, $TMPDIR/jixiao-recovery-UID/KEY. KEY is derived from the
// database's absolute path.
func RecoveryDirs(dbPath string) ([]string, error) {
	abs, err := filepath.Abs(dbPath)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256([]byte(abs))
	k := strings.TrimSuffix(filepath.Base(abs), ".db") + "-" + hex.EncodeToString(sum[:8])
	var dirs []string
	state := os.Getenv("XDG_STATE_HOME")
	if state == "" || !filepath.IsAbs(state) {
		if home, err := os.UserHomeDir(); err == nil && home != "" {
			state = filepath.Join(home, ".local", "state")
		}
	}
	if state != "" {
		dirs = append(dirs, filepath.Join(state, "jixiao", "recovery", k))
	}
	dirs = append(dirs, filepath.Join(os.TempDir(), "jixiao-recovery-"+strconv.Itoa(os.Getuid()), k))
	return dirs, nil
}

// NewRecovery returns the recovery files of the database at dbPath.
func NewRecovery(dbPath string) (*Recovery, error) {
	dirs, err := RecoveryDirs(dbPath)
	if err != nil {
		return nil, err
	}
	abs, _ := filepath.Abs(dbPath)
	return &Recovery{DB: abs, Dirs: dirs}, nil
}

// recoveryName is the recovery file name of filing id as typed by user.
// The user is part of the name (as a digest) so that two users of one
// database — the sessions of `jixiao serve` share a directory — never
// overwrite each other's draft of the same filing; local drafts (user "")
// keep the plain name.
func recoveryName(id, user string) string {
	ok := id != ""
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			ok = false
		}
	}
	if !ok {
		id = "x" + hex.EncodeToString([]byte(id))
	}
	if user != "" {
		sum := sha256.Sum256([]byte(user))
		id += "-u" + hex.EncodeToString(sum[:6])
	}
	return id + ".json"
}

// privateDir creates dir (0700) and checks that it is a directory of ours
// that nobody else can use: the fallback lives under the shared /tmp.
func privateDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	fi, err := os.Lstat(dir)
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return fmt.Errorf("%s 不是目录", dir)
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && int(st.Uid) != os.Getuid() {
		return fmt.Errorf("%s 属于其他用户", dir)
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return os.Chmod(dir, 0o700)
	}
	return nil
}

// Write stores the draft of f (filing id, based on revision base) and
// returns the file's path. The file is written atomically (a temporary
// file, fsync, rename) with mode 0600; the first directory that works is
// used, and the draft is removed from the others.
func (r *Recovery) Write(id string, base int, user string, f *domain.Filing, why error, now time.Time) (string, error) {
	return r.WriteInvalid(id, base, user, f, nil, why, now)
}

// WriteInvalid is Write keeping also the invalid texts typed into fields
// (which f cannot hold). With invalid texts and no error, f is what was
// saved and the draft is marked Saved.
func (r *Recovery) WriteInvalid(id string, base int, user string, f *domain.Filing, invalid []InvalidDraft, why error, now time.Time) (string, error) {
	data, err := domain.Encode(f)
	if err != nil {
		return "", err
	}
	d := Draft{Format: RecoveryFormat, DB: r.DB, ID: id, BaseRevision: base, Unit: f.Unit, Year: f.Year,
		User: user, Time: now, Filing: data, Invalid: invalid, Saved: why == nil && len(invalid) > 0}
	if why != nil {
		d.Error = why.Error()
	}
	out, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return "", err
	}
	var errs []error
	for i, dir := range r.Dirs {
		p, err := writeAtomic(dir, recoveryName(id, user), out)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, other := range r.Dirs[i+1:] {
			os.Remove(filepath.Join(other, recoveryName(id, user)))
		}
		for _, other := range r.Dirs[:i] {
			os.Remove(filepath.Join(other, recoveryName(id, user)))
		}
		return p, nil
	}
	return "", fmt.Errorf("无法写入恢复文件：%w", errors.Join(errs...))
}

func writeAtomic(dir, name string, data []byte) (string, error) {
	if err := privateDir(dir); err != nil {
		return "", err
	}
	p := filepath.Join(dir, name)
	if err := atomicfile.WriteFile(p, data, atomicfile.Options{Perm: 0o600}); err != nil {
		return "", err
	}
	return p, nil
}

// Remove deletes user's draft of filing id, wherever it is.
func (r *Recovery) Remove(id, user string) error {
	var errs []error
	for _, dir := range r.Dirs {
		if err := os.Remove(filepath.Join(dir, recoveryName(id, user))); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// RemoveFile deletes one recovery file (a draft restored or discarded).
func (r *Recovery) RemoveFile(path string) error {
	err := os.Remove(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// Load returns the drafts found, newest first. A file that cannot be read
// or decoded is reported in bad (and left where it is), never deleted.
func (r *Recovery) Load() (drafts []Draft, bad []error) {
	for _, dir := range r.Dirs {
		entries, err := os.ReadDir(dir)
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) {
				bad = append(bad, fmt.Errorf("无法读取恢复目录 %s：%v", dir, err))
			}
			continue
		}
		for _, e := range entries {
			name := e.Name()
			if strings.HasPrefix(name, ".") || !strings.HasSuffix(name, ".json") {
				continue
			}
			p := filepath.Join(dir, name)
			d, err := readDraft(p)
			if err != nil {
				bad = append(bad, fmt.Errorf("有恢复文件无法读取（%v），文件已保留，请检查后手动删除：%s", err, p))
				continue
			}
			if d.DB != "" && r.DB != "" && d.DB != r.DB {
				continue // another database's draft with the same key: not ours
			}
			drafts = append(drafts, d)
		}
	}
	slices.SortFunc(drafts, func(a, b Draft) int { return b.Time.Compare(a.Time) })
	return drafts, bad
}

func readDraft(p string) (Draft, error) {
	var d Draft
	fi, err := os.Stat(p)
	if err != nil {
		return d, err
	}
	if fi.Size() > 64<<20 {
		return d, errors.New("文件太大")
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return d, err
	}
	if err := json.Unmarshal(data, &d); err != nil {
		return d, fmt.Errorf("不是有效的 JSON：%v", err)
	}
	if d.Format != RecoveryFormat {
		return d, fmt.Errorf("格式标记是“%s”，应为 %s", d.Format, RecoveryFormat)
	}
	if _, err := d.Decode(); err != nil {
		return d, fmt.Errorf("其中的填报无法解析：%v", err)
	}
	d.Path = p
	return d, nil
}
