package persist

import (
	"math/rand/v2"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// ack is one save a child reported as done.
type ack struct {
	id     string
	rev    int
	marker string
}

func parseAck(line string) (ack, bool) {
	f := strings.Fields(line)
	if len(f) != 4 || f[0] != "ack" {
		return ack{}, false
	}
	rev, err := strconv.Atoi(f[2])
	return ack{f[1], rev, f[3]}, err == nil
}

// TestCrash is modelled on SQLite's crash tests: a child process saves a
// filing in a loop, printing each revision once Save has returned; it is
// killed with SIGKILL at a random moment (during start-up, creation of the
// database, a transaction, a commit's fsync …), at least 50 times. After
// each kill the database must open without waiting, pass Check, and hold
// the last acknowledged revision intact.
//
// SIGKILL stops the process, not the machine: what was written reaches the
// disk through the page cache, so this tests bbolt's and the store's
// consistency under process death (torn transactions, stale lock-info
// files, half-created databases), not power loss.
func TestCrash(t *testing.T) {
	kills := 60
	if testing.Short() {
		kills = 50
	}
	dir := privateDir(t)
	path := filepath.Join(dir, "jixiao.db")
	rnd := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 5))
	var last ack
	acked := 0
	for i := range kills {
		cmd, out := child(t, "crash", path)
		lines := make(chan string, 1024)
		go func() {
			for out.Scan() {
				lines <- out.Text()
			}
			close(lines)
		}()
		// Kill early (opening, creating) now and then, else after a few
		// saves at a random moment.
		var delay time.Duration
		if i%10 == 0 {
			delay = time.Duration(rnd.IntN(20)) * time.Millisecond
		} else {
			delay = time.Duration(20+rnd.IntN(150)) * time.Millisecond
		}
		time.Sleep(delay)
		if err := cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		for line := range lines {
			if a, ok := parseAck(line); ok {
				if last.id != "" && (a.id != last.id || a.rev <= last.rev) {
					t.Fatalf("kill %d: acknowledged %+v after %+v", i, a, last)
				}
				last = a
				acked++
			} else if strings.HasPrefix(line, "error") {
				t.Fatalf("kill %d: child: %s", i, line)
			}
		}
		cmd.Wait()

		start := time.Now()
		s, err := Open(path, Options{Timeout: 2 * time.Second})
		if err != nil {
			t.Fatalf("kill %d (after %v): Open: %v", i, delay, err)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("kill %d: Open took %v", i, d)
		}
		// The full check decodes every revision as a filing; every few
		// kills is enough for that, the rest check structure and hashes.
		problems, _, err := s.check(i%5 == 4)
		if err != nil || len(problems) > 0 {
			t.Fatalf("kill %d (after %v): Check: %v %v", i, delay, problems, err)
		}
		if last.id == "" {
			continue
		}
		f, m, err := s.GetRevision(last.id, last.rev)
		if err != nil {
			t.Fatalf("kill %d: acknowledged revision %d: %v", i, last.rev, err)
		}
		if f.Report.Other != last.marker {
			t.Fatalf("kill %d: revision %d holds %q, acknowledged %q", i, last.rev, f.Report.Other, last.marker)
		}
		head, hm, err := s.Get(last.id)
		if err != nil {
			t.Fatalf("kill %d: newest revision: %v", i, err)
		}
		// The kill may land after a commit and before its ack was printed.
		if hm.Revision != m.Revision && hm.Revision != m.Revision+1 {
			t.Fatalf("kill %d: newest revision %d, last acknowledged %d", i, hm.Revision, m.Revision)
		}
		if hm.Revision == m.Revision+1 {
			last = ack{last.id, hm.Revision, head.Report.Other}
		}
	}
	if acked < kills {
		t.Errorf("only %d saves acknowledged in %d runs: the kills came too early to test much", acked, kills)
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".jixiao.db.*.tmp"))
	t.Logf("%d kills, %d acknowledged saves, newest revision %d, %d half-created files left", kills, acked, last.rev, len(leftovers))
}
