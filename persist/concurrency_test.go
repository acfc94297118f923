package persist

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestProcessesSaveConcurrently runs several processes that each append
// their own markers to one filing, one save per marker, reloading after
// every conflict, and each create a filing of their own. No process may
// hang or fail; every acknowledged save must be a distinct revision that
// holds its marker; the final filing must hold every marker exactly once
// (no lost or overwritten save).
func TestProcessesSaveConcurrently(t *testing.T) {
	const procs, each = 4, 12 // 48 saves + 1: within the newest 50, none thinned
	path := filepath.Join(privateDir(t), "jixiao.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	m, err := s.Create(sample(t))
	if err != nil {
		t.Fatal(err)
	}
	base := len(sample(t).Overall.Goals.Expected)

	type result struct {
		tag       string
		acks      []ack
		created   string
		conflicts int
		errs      []string
		exit      error
	}
	results := make([]result, procs)
	var wg sync.WaitGroup
	var cmds []*exec.Cmd
	for k := range procs {
		tag := fmt.Sprintf("w%d", k)
		cmd, out := child(t, "save", path, "JIXIAO_PERSIST_ID="+m.ID, "JIXIAO_PERSIST_TAG="+tag, "JIXIAO_PERSIST_N="+strconv.Itoa(each))
		cmds = append(cmds, cmd)
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := &results[k]
			r.tag = tag
			for out.Scan() {
				line := out.Text()
				f := strings.Fields(line)
				switch {
				case len(f) == 0:
				case f[0] == "ack":
					a, _ := parseAck(line)
					r.acks = append(r.acks, a)
				case f[0] == "created":
					r.created = f[1]
				case f[0] == "conflicts":
					r.conflicts, _ = strconv.Atoi(f[1])
				default:
					r.errs = append(r.errs, line)
				}
			}
			r.exit = cmd.Wait()
		}()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		for _, c := range cmds {
			c.Process.Kill()
		}
		t.Fatal("the saving processes did not finish in 60 s: something hangs")
	}

	seenRev := map[int]string{}
	conflicts := 0
	var created []string
	for _, r := range results {
		if r.exit != nil || len(r.errs) > 0 {
			t.Fatalf("%s: exit %v, output %v", r.tag, r.exit, r.errs)
		}
		if len(r.acks) != each {
			t.Fatalf("%s: %d saves acknowledged, want %d", r.tag, len(r.acks), each)
		}
		conflicts += r.conflicts
		created = append(created, r.created)
		for _, a := range r.acks {
			if other, dup := seenRev[a.rev]; dup {
				t.Errorf("revision %d acknowledged to %s and to %s", a.rev, other, a.marker)
			}
			seenRev[a.rev] = a.marker
			f, _, err := s.GetRevision(m.ID, a.rev)
			if err != nil {
				t.Fatalf("revision %d: %v", a.rev, err)
			}
			if !slices.Contains(f.Overall.Goals.Expected, a.marker) {
				t.Errorf("revision %d lacks its marker %s", a.rev, a.marker)
			}
		}
	}
	f, head, err := s.Get(m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if head.Revision != 1+procs*each {
		t.Errorf("newest revision %d, want %d", head.Revision, 1+procs*each)
	}
	markers := f.Overall.Goals.Expected[base:]
	if len(markers) != procs*each {
		t.Errorf("final filing has %d markers, want %d: %v", len(markers), procs*each, markers)
	}
	count := map[string]int{}
	for _, mk := range markers {
		count[mk]++
	}
	for _, r := range results {
		for j := range each {
			if mk := fmt.Sprintf("%s-%d", r.tag, j); count[mk] != 1 {
				t.Errorf("marker %s appears %d times in the final filing", mk, count[mk])
			}
		}
	}
	list, _ := s.List()
	ids := map[string]bool{}
	for _, l := range list {
		ids[l.ID] = true
	}
	for _, id := range created {
		if !ids[id] {
			t.Errorf("filing %s created by a child is missing", id)
		}
	}
	if len(list) != 1+procs {
		t.Errorf("%d filings, want %d", len(list), 1+procs)
	}
	h, _ := s.History(m.ID)
	users := map[string]int{}
	for _, r := range h {
		users[r.User]++
	}
	for _, r := range results {
		if users[r.tag] != each {
			t.Errorf("history credits %s with %d revisions, want %d", r.tag, users[r.tag], each)
		}
	}
	if problems, err := s.Check(); err != nil || len(problems) > 0 {
		t.Errorf("Check: %v %v", problems, err)
	}
	t.Logf("%d processes × %d saves: %d conflicts reported and retried", procs, each, conflicts)
}
