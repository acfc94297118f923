// Command loadtest measures `jixiao serve` under load on loopback: N
// concurrent SSH sessions, each with its own user, unit and filing, open
// the filing, move to 填表人 and type R keys a second for a bounded time.
// It reports the keystroke echo latency (from writing a key to reading
// output that contains it) and the server's memory per session. The
// server runs in a child process (this binary re-executed), so the
// clients' memory is not counted.
//
//	go run ./serve/loadtest -sessions 50 -rate 10 -duration 20s
package main

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"jixiao/domain"
	"jixiao/persist"
	"jixiao/serve"
)

const childEnv = "JIXIAO_LOADTEST_SERVER"

func main() {
	if dir := os.Getenv(childEnv); dir != "" {
		server(dir)
		return
	}
	n := flag.Int("sessions", 50, "concurrent sessions")
	rate := flag.Int("rate", 10, "keys per second per session")
	dur := flag.Duration("duration", 20*time.Second, "typing time")
	flag.Parse()
	if err := run(*n, *rate, *dur); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

// server is the child: it serves dir/jixiao.db and answers "mem" on stdin.
func server(dir string) {
	srv, err := serve.New(serve.Config{DBPath: filepath.Join(dir, "jixiao.db"), AuthorizedKeys: filepath.Join(dir, "authorized_keys"),
		HostKey: filepath.Join(dir, "host_key"), MaxSessions: 1000})
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	go srv.Serve(l)
	fmt.Println("ready", l.Addr())
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		fmt.Printf("mem %d %d %d %d %d\n", ms.HeapInuse, ms.Sys, rss(), srv.Sessions(), runtime.NumGoroutine())
	}
}

func rss() int64 {
	data, _ := os.ReadFile("/proc/self/status")
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "VmRSS:") {
			var kb int64
			fmt.Sscan(strings.TrimSpace(strings.TrimPrefix(line, "VmRSS:")), &kb)
			return kb * 1024
		}
	}
	return 0
}

type memSample struct{ heap, sys, rss, sessions, goroutines int64 }

func run(n, rate int, dur time.Duration) error {
	dir, err := os.MkdirTemp("", "jixiao-loadtest-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	data, err := os.ReadFile("testdata/meixi-2024.json")
	if err != nil {
		return fmt.Errorf("run from the repository root: %w", err)
	}
	st, err := persist.Open(filepath.Join(dir, "jixiao.db"), persist.Options{User: "loadtest"})
	if err != nil {
		return err
	}
	var keys bytes.Buffer
	signers := make([]gossh.Signer, n)
	for i := range n {
		f, err := domain.Decode(data)
		if err != nil {
			return err
		}
		user, unit := fmt.Sprintf("用户%02d", i), fmt.Sprintf("负载测试单位%02d", i)
		f.Unit = unit
		if _, err := st.Create(f); err != nil {
			return err
		}
		if err := st.Grant(user, unit); err != nil {
			return err
		}
		_, priv, _ := ed25519.GenerateKey(rand.Reader)
		signers[i], _ = gossh.NewSignerFromKey(priv)
		keys.WriteString(strings.TrimSpace(string(gossh.MarshalAuthorizedKey(signers[i].PublicKey()))) + " " + user + "\n")
	}
	// The first key is the administrator; give it to nobody typing.
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	admin, _ := gossh.NewSignerFromKey(priv)
	all := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(admin.PublicKey()))) + " 管理员\n" + keys.String()
	if err := os.WriteFile(filepath.Join(dir, "authorized_keys"), []byte(all), 0o600); err != nil {
		return err
	}

	self, _ := os.Executable()
	cmd := exec.Command(self)
	cmd.Env = append(os.Environ(), childEnv+"="+dir)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return err
	}
	defer cmd.Process.Kill()
	out := bufio.NewScanner(stdout)
	if !out.Scan() || !strings.HasPrefix(out.Text(), "ready ") {
		return fmt.Errorf("server did not start: %q", out.Text())
	}
	addr := strings.TrimPrefix(out.Text(), "ready ")
	mem := func() memSample {
		fmt.Fprintln(stdin, "mem")
		out.Scan()
		var m memSample
		fmt.Sscanf(out.Text(), "mem %d %d %d %d %d", &m.heap, &m.sys, &m.rss, &m.sessions, &m.goroutines)
		return m
	}
	base := mem()

	type result struct {
		lat      []time.Duration
		timeouts int
		err      error
	}
	results := make([]result, n)
	var ready, start sync.WaitGroup
	ready.Add(n)
	start.Add(1)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = client(addr, signers[i], fmt.Sprintf("负载测试单位%02d", i), rate, dur, &ready, &start)
		}()
	}
	ready.Wait()
	open := mem()
	t0 := time.Now()
	start.Done()
	// Sample memory in the middle of the typing.
	time.Sleep(dur / 2)
	typing := mem()
	wg.Wait()
	elapsed := time.Since(t0)
	time.Sleep(3 * time.Second)
	after := mem()

	var lat []time.Duration
	timeouts := 0
	for i, r := range results {
		if r.err != nil {
			return fmt.Errorf("session %d: %w", i, r.err)
		}
		lat = append(lat, r.lat...)
		timeouts += r.timeouts
	}
	slices.Sort(lat)
	pct := func(p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(float64(len(lat))*p))]
	}
	mib := func(b int64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }
	per := func(a, b int64) string { return fmt.Sprintf("%.0f KiB", float64(a-b)/float64(n)/1024) }
	fmt.Printf("sessions %d, %d keys/s each, typing %v (wall %v), Go %s, GOMAXPROCS %d, nproc %d\n",
		n, rate, dur, elapsed.Round(time.Millisecond), runtime.Version(), runtime.GOMAXPROCS(0), runtime.NumCPU())
	fmt.Printf("keystrokes echoed %d, timeouts (>2 s) %d\n", len(lat), timeouts)
	fmt.Printf("echo latency p50 %v  p90 %v  p99 %v  max %v\n", pct(0.50).Round(10*time.Microsecond), pct(0.90).Round(10*time.Microsecond),
		pct(0.99).Round(10*time.Microsecond), pct(1).Round(10*time.Microsecond))
	fmt.Printf("server memory: idle heap %s rss %s | %d sessions open heap %s rss %s (per session heap %s, rss %s) | while typing heap %s rss %s (per session heap %s, rss %s) | 3 s after quit %d sessions heap %s rss %s, goroutines %d\n",
		mib(base.heap), mib(base.rss), open.sessions, mib(open.heap), mib(open.rss), per(open.heap, base.heap), per(open.rss, base.rss),
		mib(typing.heap), mib(typing.rss), per(typing.heap, base.heap), per(typing.rss, base.rss),
		after.sessions, mib(after.heap), mib(after.rss), after.goroutines)
	// Every session's typing was saved when it quit.
	st2, _ := persist.Open(filepath.Join(dir, "jixiao.db"), persist.Options{ReadOnly: true})
	_, fs, err := st2.GetAll()
	if err != nil {
		return err
	}
	saved := 0
	for _, f := range fs {
		if strings.ContainsAny(f.Signoff.FilledBy, runes) {
			saved++
		}
	}
	fmt.Printf("filings with the typed text saved on quit: %d of %d\n", saved, n)
	return nil
}

const runes = "甲乙丙丁戊己庚辛壬癸"

// client runs one session: open the unit's filing, go to 填表人, then type.
func client(addr string, signer gossh.Signer, unit string, rate int, dur time.Duration, ready, start *sync.WaitGroup) (res struct {
	lat      []time.Duration
	timeouts int
	err      error
}) {
	readyDone := false
	defer func() {
		if !readyDone {
			ready.Done()
		}
	}()
	c, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "x", Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second})
	if err != nil {
		res.err = err
		return
	}
	defer c.Close()
	sess, err := c.NewSession()
	if err != nil {
		res.err = err
		return
	}
	if err := sess.RequestPty("xterm-256color", 40, 120, gossh.TerminalModes{}); err != nil {
		res.err = err
		return
	}
	in, _ := sess.StdinPipe()
	outPipe, _ := sess.StdoutPipe()
	if err := sess.Shell(); err != nil {
		res.err = err
		return
	}
	chunks := make(chan []byte, 256)
	go func() {
		buf := make([]byte, 64*1024)
		for {
			n, err := outPipe.Read(buf)
			if n > 0 {
				chunks <- bytes.Clone(buf[:n])
			}
			if err != nil {
				close(chunks)
				return
			}
		}
	}()
	var acc []byte
	waitFor := func(s string, d time.Duration) bool {
		deadline := time.After(d)
		for {
			if bytes.Contains(acc, []byte(s)) {
				return true
			}
			select {
			case b, ok := <-chunks:
				if !ok {
					return false
				}
				acc = append(acc, b...)
			case <-deadline:
				return false
			}
		}
	}
	if !waitFor(unit, 10*time.Second) {
		res.err = fmt.Errorf("list not shown")
		return
	}
	io.WriteString(in, "\r")
	if !waitFor("填报日期", 10*time.Second) {
		res.err = fmt.Errorf("filing not opened")
		return
	}
	io.WriteString(in, "\t\t")
	time.Sleep(200 * time.Millisecond)
	readyDone = true
	ready.Done()
	start.Wait()
	interval := time.Second / time.Duration(rate)
	rs := []rune(runes)
	end := time.Now().Add(dur)
	next := time.Now()
	for i := 0; time.Now().Before(end); i++ {
		time.Sleep(time.Until(next))
		next = next.Add(interval)
		r := string(rs[i%len(rs)])
		acc = acc[:0]
		t0 := time.Now()
		io.WriteString(in, r)
		if waitFor(r, 2*time.Second) {
			res.lat = append(res.lat, time.Since(t0))
		} else {
			res.timeouts++
		}
	}
	io.WriteString(in, "\x03") // save and quit
	waitFor("\x00never", 5*time.Second)
	return
}
