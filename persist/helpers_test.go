package persist

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"jixiao/domain"
	sampledoc "jixiao/internal/sample"
	"jixiao/internal/testfixture"
	"jixiao/store"
)

// childEnv selects a child-process role when the test binary is re-executed
// by the crash, concurrency and lock tests.
const childEnv = "JIXIAO_PERSIST_CHILD"

func TestMain(m *testing.M) {
	if role := os.Getenv(childEnv); role != "" {
		os.Exit(runChild(role))
	}
	os.Exit(m.Run())
}

// runChild runs one child role and returns its exit code. Children report
// on stdout, one line per event; os.Stdout is unbuffered, so a line written
// before a SIGKILL reaches the parent.
func runChild(role string) int {
	path := os.Getenv("JIXIAO_PERSIST_DB")
	fail := func(err error) int {
		fmt.Printf("error %v\n", err)
		return 1
	}
	switch role {
	case "crash":
		return childCrash(path, fail)
	case "save":
		return childSave(path, fail)
	case "hold":
		s, err := Open(path, Options{})
		if err != nil {
			return fail(err)
		}
		hold, _ := time.ParseDuration(os.Getenv("JIXIAO_PERSIST_HOLD"))
		err = s.update(func(_ *bolt.Tx, _ *handle) error {
			fmt.Println("holding")
			time.Sleep(hold)
			return nil
		})
		if err != nil {
			return fail(err)
		}
		fmt.Println("released")
		return 0
	case "open":
		_, err := Open(path, Options{Timeout: 500 * time.Millisecond})
		if err == nil {
			fmt.Println("ok")
			return 0
		}
		fmt.Printf("perm=%v notdb=%v msg=%s\n", errors.Is(err, os.ErrPermission), errors.Is(err, ErrNotDatabase), err)
		return 0
	}
	return fail(fmt.Errorf("unknown role %q", role))
}

// childCrash saves one filing in a loop for ever, printing
// "ack ID REV MARKER" after each save returned.
func childCrash(path string, fail func(error) int) int {
	s, err := Open(path, Options{})
	if err != nil {
		return fail(err)
	}
	list, err := s.List()
	if err != nil {
		return fail(err)
	}
	var f *domain.Filing
	var m store.Meta
	if len(list) == 0 {
		f = bigFiling(nil, 3)
		if m, err = s.Create(f); err != nil {
			return fail(err)
		}
		fmt.Printf("ack %s %d %s\n", m.ID, m.Revision, f.Report.Other)
	} else if f, m, err = s.Get(list[0].ID); err != nil {
		return fail(err)
	}
	for i := 0; ; i++ {
		f.Report.Other = fmt.Sprintf("marker-%d-%d", os.Getpid(), i)
		switch {
		case i%7 == 0 && len(f.Projects) < 8:
			// now and then a bigger change: another project table
			f.Projects = append(f.Projects, f.Projects[0])
			f.Projects[len(f.Projects)-1].Name = f.Report.Other
		case i%7 == 0:
			f.Projects = f.Projects[:2] // frees pages
		}
		m, err = s.Save(m.ID, m.Revision, f)
		if err != nil {
			return fail(err)
		}
		fmt.Printf("ack %s %d %s\n", m.ID, m.Revision, f.Report.Other)
	}
}

// childSave appends JIXIAO_PERSIST_N markers "TAG-j" to the expected goals
// of filing JIXIAO_PERSIST_ID, one save each, reloading and retrying on
// every conflict; it also creates one filing of its own.
func childSave(path string, fail func(error) int) int {
	id, tag := os.Getenv("JIXIAO_PERSIST_ID"), os.Getenv("JIXIAO_PERSIST_TAG")
	n, _ := strconv.Atoi(os.Getenv("JIXIAO_PERSIST_N"))
	s, err := Open(path, Options{User: tag})
	if err != nil {
		return fail(err)
	}
	own := domain.NewFiling("并发测试单位"+tag, 2024)
	m, err := s.Create(own)
	if err != nil {
		return fail(err)
	}
	fmt.Printf("created %s\n", m.ID)
	conflicts := 0
	for j := 0; j < n; {
		f, meta, err := s.Get(id)
		if err != nil {
			return fail(err)
		}
		marker := fmt.Sprintf("%s-%d", tag, j)
		f.Overall.Goals.Expected = append(f.Overall.Goals.Expected, marker)
		m, err := s.Save(id, meta.Revision, f)
		if errors.Is(err, ErrConflict) {
			conflicts++
			continue
		}
		if err != nil {
			return fail(err)
		}
		fmt.Printf("ack %s %d %s\n", id, m.Revision, marker)
		j++
	}
	fmt.Printf("conflicts %d\n", conflicts)
	return 0
}

// child starts the test binary in role with extra environment.
func child(t testing.TB, role, db string, env ...string) (*exec.Cmd, *bufio.Scanner) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+role, "JIXIAO_PERSIST_DB="+db)
	cmd.Env = append(cmd.Env, env...)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, bufio.NewScanner(out)
}

// sample returns the real 2024 filing of 梅溪街道 (internal/sample); t may
// be nil (in a child process).
func sample(t testing.TB) *domain.Filing {
	if t != nil {
		t.Helper()
		return testfixture.Sample(t)
	}
	f, err := domain.Decode(sampledoc.JSON())
	if err != nil {
		panic(err)
	}
	return f
}

// bigFiling returns the sample with n 附件3 tables, each as large as the
// sample's 附件2 (funds, goals, 16 indicators).
func bigFiling(t testing.TB, n int) *domain.Filing {
	f := sample(t)
	for i := range n {
		p := domain.NewProject(fmt.Sprintf("第%02d个一级项目：辖区综合治理与公共服务提升", i+1))
		p.Department = f.Unit
		p.Implementer = f.Unit
		p.Funds = domain.ProjectFunds{Total: f.Overall.Funds, CurrentYear: f.Overall.Funds}
		p.Goals = domain.Goals{
			Expected: append([]string(nil), f.Overall.Goals.Expected...),
			Actual:   append([]string(nil), f.Overall.Goals.Actual...),
		}
		p.Indicators = append([]domain.Indicator(nil), f.Overall.Indicators...)
		f.Projects = append(f.Projects, p)
	}
	return f
}

// encoded is the filing@1 text of f, for comparisons.
func encoded(t testing.TB, f *domain.Filing) string {
	t.Helper()
	data, err := domain.Encode(f)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// privateDir returns a new 0700 directory (t.TempDir's are 0755, which
// the store warns about).
func privateDir(t testing.TB) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "private")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	return dir
}

// newStore opens a new database in a temporary directory.
func newStore(t testing.TB, opt Options) *Store {
	t.Helper()
	s, err := Open(filepath.Join(privateDir(t), "jixiao.db"), opt)
	if err != nil {
		t.Fatal(err)
	}
	if w := s.Warnings(); len(w) > 0 {
		t.Fatalf("warnings on a new database: %v", w)
	}
	return s
}

// fileHash is the SHA-256 of a file's content ("" for a directory).
func fileHash(t testing.TB, path string) string {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.IsDir() {
		return "dir"
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// hasCJK reports whether s contains Chinese text.
func hasCJK(s string) bool {
	for _, r := range s {
		if r >= 0x4e00 && r <= 0x9fff {
			return true
		}
	}
	return false
}

func mustContain(t testing.TB, s string, subs ...string) {
	t.Helper()
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			t.Errorf("%q does not contain %q", s, sub)
		}
	}
}
