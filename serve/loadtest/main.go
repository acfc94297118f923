// Command loadtest measures `jixiao serve` under load on loopback: N
// concurrent SSH sessions, each with its own user, unit and filing, open
// the filing, move to 填表人 and type R keys a second for a bounded time.
// It reports the keystroke echo latency (from writing a key to reading
// output that contains it) and the server's memory per session. The
// server runs in a child process (this binary re-executed), so the
// clients' memory is not counted.
//
// With -halfopen and -winflood it attacks the server while the sessions
// type: half-open connections (TCP connections that never start the SSH
// handshake, re-opened as the server drops them) from 127.0.0.1, and one
// more session sending window changes as fast as it can. A fresh login
// is timed every second of the typing twice: from 127.0.0.2 inside this
// process, which also runs every typing client and attacker, and from
// 127.0.0.4 in a process of its own (this binary re-executed), as a
// user's ssh client is. Each typing session logs in from its own loopback
// address (127.0.1.x), as users do from their own machines.
//
//	go run ./serve/loadtest -sessions 100 -rate 10 -duration 20s -halfopen 2000 -winflood 200000
package main

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"jixiao/domain"
	"jixiao/internal/sample"
	"jixiao/persist"
	"jixiao/serve"
)

const (
	childEnv = "JIXIAO_LOADTEST_SERVER"
	probeEnv = "JIXIAO_LOADTEST_PROBE" // the probe child: the server's address
)

func main() {
	if dir := os.Getenv(childEnv); dir != "" {
		server(dir)
		return
	}
	if addr := os.Getenv(probeEnv); addr != "" {
		probeChild(addr)
		return
	}
	n := flag.Int("sessions", 50, "concurrent sessions")
	rate := flag.Int("rate", 10, "keys per second per session")
	dur := flag.Duration("duration", 20*time.Second, "typing time")
	halfOpen := flag.Int("halfopen", 0, "half-open connections held during the typing")
	winFlood := flag.Int("winflood", 0, "window changes sent by one extra session during the typing")
	flag.Parse()
	// Bounded: this is a loopback test, not a stress tool.
	*n, *rate = min(max(*n, 1), 200), min(max(*rate, 1), 50)
	*dur = min(max(*dur, time.Second), time.Minute)
	*halfOpen, *winFlood = min(max(*halfOpen, 0), 5000), min(max(*winFlood, 0), 1000000)
	if err := run(*n, *rate, *dur, *halfOpen, *winFlood); err != nil {
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
	if path := os.Getenv("JIXIAO_LOADTEST_CPUPROFILE"); path != "" {
		// A CPU profile of the server, written when the parent closes stdin.
		if pf, err := os.Create(path); err == nil {
			pprof.StartCPUProfile(pf)
			defer func() { pprof.StopCPUProfile(); pf.Close() }()
		}
	}
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

func run(n, rate int, dur time.Duration, halfOpen, winFlood int) error {
	dir, err := os.MkdirTemp("", "jixiao-loadtest-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	data := sample.JSON()
	st, err := persist.Open(filepath.Join(dir, "jixiao.db"), persist.Options{User: "loadtest"})
	if err != nil {
		return err
	}
	var keys bytes.Buffer
	signers := make([]gossh.Signer, n)
	var signerKey0 ed25519.PrivateKey // the probes log in as the first user
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
		if i == 0 {
			signerKey0 = priv
		}
		keys.WriteString(strings.TrimSpace(string(gossh.MarshalAuthorizedKey(signers[i].PublicKey()))) + " " + user + "\n")
	}
	probeKey, err := gossh.MarshalPrivateKey(signerKey0, "")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "probe_key"), pem.EncodeToMemory(probeKey), 0o600); err != nil {
		return err
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
	defer func() {
		// Closing stdin ends the child (writing its profile, if asked).
		stdin.Close()
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
		}
	}()
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
	// At most 16 logins at a time, like people arriving in the morning
	// (the server bounds the connections still logging in).
	logins := make(chan struct{}, 16)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			src := fmt.Sprintf("127.0.1.%d", 1+i%250)
			results[i] = client(addr, src, signers[i], fmt.Sprintf("负载测试单位%02d", i), rate, dur, logins, &ready, &start)
		}()
	}
	ready.Wait()
	open := mem()
	t0 := time.Now()
	start.Done()
	stopAttack := make(chan struct{})
	var attack sync.WaitGroup
	var probes []time.Duration
	var probeErrs int
	var winSent int
	attack.Add(1)
	go func() {
		defer attack.Done()
		probes, probeErrs = probe("127.0.0.2", addr, signers[0], stopAttack)
	}()
	sep, err := startProbeChild(self, addr, dir)
	if err != nil {
		return err
	}
	if halfOpen > 0 {
		for range halfOpen {
			attack.Add(1)
			go func() {
				defer attack.Done()
				holdHalfOpen(addr, stopAttack)
			}()
		}
	}
	if winFlood > 0 {
		attack.Add(1)
		go func() {
			defer attack.Done()
			winSent = flood(addr, admin, winFlood, stopAttack)
		}()
	}
	// Sample memory in the middle of the typing.
	time.Sleep(dur / 2)
	typing := mem()
	wg.Wait()
	elapsed := time.Since(t0)
	close(stopAttack)
	attack.Wait()
	sepProbes, sepErrs := sep.stop()
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
	if halfOpen > 0 || winFlood > 0 {
		fmt.Printf("attack: %d half-open connections held from 127.0.0.1, %d window changes sent by one session; goroutines while typing %d\n",
			halfOpen, winSent, typing.goroutines)
	}
	fmt.Printf("logins from 127.0.0.2 during the typing (in this process): %s\n", loginSummary(probes, probeErrs))
	fmt.Printf("logins from 127.0.0.4 during the typing (a process of its own): %s\n", loginSummary(sepProbes, sepErrs))
	return nil
}

// dialFrom opens a TCP connection to addr from the loopback address src.
func dialFrom(src, addr string) (net.Conn, error) {
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(src)}, Timeout: 10 * time.Second}
	return d.Dial("tcp", addr)
}

// login completes an SSH login over conn.
func login(conn net.Conn, addr string, signer gossh.Signer) (*gossh.Client, error) {
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	c, chans, reqs, err := gossh.NewClientConn(conn, addr, &gossh.ClientConfig{User: "x",
		Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)}, HostKeyCallback: gossh.InsecureIgnoreHostKey()})
	if err != nil {
		conn.Close()
		return nil, err
	}
	_ = conn.SetDeadline(time.Time{})
	return gossh.NewClient(c, chans, reqs), nil
}

// loginSummary is the count, failures, median and worst of timed logins.
func loginSummary(lat []time.Duration, errs int) string {
	slices.Sort(lat)
	median, worst := time.Duration(0), time.Duration(0)
	if len(lat) > 0 {
		median, worst = lat[len(lat)/2], lat[len(lat)-1]
	}
	return fmt.Sprintf("%d, failed %d, median %v, worst %v", len(lat), errs, median.Round(time.Millisecond), worst.Round(time.Millisecond))
}

// probeChildRun is the probe child as the parent sees it.
type probeChildRun struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	out   *bufio.Scanner
}

// startProbeChild starts this binary as the probe child, timing logins to
// addr with dir/probe_key until stop.
func startProbeChild(self, addr, dir string) (*probeChildRun, error) {
	cmd := exec.Command(self)
	cmd.Env = append(os.Environ(), probeEnv+"="+addr, "JIXIAO_LOADTEST_KEY="+filepath.Join(dir, "probe_key"))
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	return &probeChildRun{cmd: cmd, stdin: stdin, out: bufio.NewScanner(stdout)}, nil
}

// stop ends the probe child and returns its login times and failures.
func (p *probeChildRun) stop() (lat []time.Duration, errs int) {
	p.stdin.Close()
	for p.out.Scan() {
		var ns int64
		if _, err := fmt.Sscanf(p.out.Text(), "login %d", &ns); err == nil {
			lat = append(lat, time.Duration(ns))
		} else if p.out.Text() == "failed" {
			errs++
		}
	}
	_ = p.cmd.Wait()
	return lat, errs
}

// probeChild is the probe child: it times a login to addr from 127.0.0.4
// every second, half a second after the parent's probe, printing each,
// until stdin closes.
func probeChild(addr string) {
	data, err := os.ReadFile(os.Getenv("JIXIAO_LOADTEST_KEY"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "probe:", err)
		os.Exit(1)
	}
	signer, err := gossh.ParsePrivateKey(data)
	if err != nil {
		fmt.Fprintln(os.Stderr, "probe:", err)
		os.Exit(1)
	}
	stop := make(chan struct{})
	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin)
		close(stop)
	}()
	time.Sleep(500 * time.Millisecond)
	lat, errs := probe("127.0.0.4", addr, signer, stop)
	for _, d := range lat {
		fmt.Printf("login %d\n", d.Nanoseconds())
	}
	for range errs {
		fmt.Println("failed")
	}
}

// probe times a fresh login from src every second until stop.
func probe(src, addr string, signer gossh.Signer, stop <-chan struct{}) (lat []time.Duration, errs int) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return lat, errs
		case <-t.C:
		}
		t0 := time.Now()
		conn, err := dialFrom(src, addr)
		if err == nil {
			var c *gossh.Client
			if c, err = login(conn, addr, signer); err == nil {
				lat = append(lat, time.Since(t0))
				c.Close()
			}
		}
		if err != nil {
			errs++
		}
	}
}

// holdHalfOpen keeps one connection open that never starts the SSH
// handshake, opening a new one whenever the server closes it.
func holdHalfOpen(addr string, stop <-chan struct{}) {
	for {
		select {
		case <-stop:
			return
		default:
		}
		conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
		if err != nil {
			time.Sleep(time.Second)
			continue
		}
		closed := make(chan struct{})
		go func() {
			_, _ = io.Copy(io.Discard, conn)
			close(closed)
		}()
		select {
		case <-stop:
			conn.Close()
			return
		case <-closed:
			conn.Close()
			time.Sleep(time.Second)
		}
	}
}

// flood opens a session as the administrator and sends n window changes
// as fast as it can (or until stop); it returns how many it sent.
func flood(addr string, signer gossh.Signer, n int, stop <-chan struct{}) int {
	conn, err := dialFrom("127.0.0.3", addr)
	if err != nil {
		return 0
	}
	c, err := login(conn, addr, signer)
	if err != nil {
		return 0
	}
	defer c.Close()
	sess, err := c.NewSession()
	if err != nil {
		return 0
	}
	if err := sess.RequestPty("xterm-256color", 40, 120, gossh.TerminalModes{}); err != nil {
		return 0
	}
	out, _ := sess.StdoutPipe()
	go func() { _, _ = io.Copy(io.Discard, out) }()
	if err := sess.Shell(); err != nil {
		return 0
	}
	for i := range n {
		select {
		case <-stop:
			return i
		default:
		}
		if err := sess.WindowChange(24+i%60, 80+i%120); err != nil {
			return i
		}
	}
	return n
}

const runes = "甲乙丙丁戊己庚辛壬癸"

// client runs one session: open the unit's filing, go to 填表人, then type.
func client(addr, src string, signer gossh.Signer, unit string, rate int, dur time.Duration, logins chan struct{}, ready, start *sync.WaitGroup) (res struct {
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
	logins <- struct{}{}
	conn, err := dialFrom(src, addr)
	var c *gossh.Client
	if err == nil {
		c, err = login(conn, addr, signer)
	}
	<-logins
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
