package ptytest_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"jixiao/domain"
	"jixiao/internal/ptytest"
	"jixiao/persist"
)

var (
	crashKills = flag.Int("crash.kills", envInt("JIXIAO_CRASH_KILLS", 100), "number of SIGKILLs in TestCrashPTY (env JIXIAO_CRASH_KILLS)")
	crashSeed  = flag.Uint64("crash.seed", uint64(envInt("JIXIAO_CRASH_SEED", 0)), "random seed of TestCrashPTY; 0 picks one (env JIXIAO_CRASH_SEED)")
)

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return v
	}
	return def
}

type fieldKind int

const (
	kText fieldKind = iota
	kPhone
	kInt
	kAmount
	kArea
)

// scriptField is one field of the scripted entry: where it is (step index
// from 0 and the number of Tabs from the step's first field), the label on
// its row, its JSON path in jixiao/filing@1 and the text typed into it.
type scriptField struct {
	step, tab int
	label     string
	path      string
	kind      fieldKind
	text      string
}

// longText is typed into the last field until the kills run out: distinct
// CJK characters, so any three in a row appear once on the screen.
func longText(n int) string {
	r := make([]rune, n)
	for i := range r {
		r[i] = rune(0x4E00 + i)
	}
	return string(r)
}

var script = []scriptField{
	{0, 2, "填表人", "signoff.filled_by", kText, "冯金彪"},
	{0, 3, "联系电话", "signoff.phone", kPhone, "0730-8212768"},
	{0, 4, "单位负责人", "signoff.unit_head", kText, "刘卫华"},
	{1, 0, "人数", "basic_data.staffing.authorized", kInt, "45"},
	{1, 1, "人数", "basic_data.staffing.actual", kInt, "43"},
	{1, 2, "公车购置", "basic_data.sangong.vehicle_purchase.prior_final", kAmount, "12.5"},
	{1, 4, "公车购置", "basic_data.sangong.vehicle_purchase.final", kAmount, "8.36"},
	{3, 0, "年度资金总额", "overall.funds.initial_budget", kAmount, "1369.56"},
	{3, 1, "年度资金总额", "overall.funds.full_year_budget", kAmount, "2814.37"},
	{3, 2, "年度资金总额", "overall.funds.executed", kAmount, "1369.12"},
	{3, 4, "一般公共预算", "overall.income.general_budget", kAmount, "1369.12"},
	{3, 8, "基本支出", "overall.expenditure.basic", kAmount, "1200.5"},
	{3, 9, "项目支出", "overall.expenditure.project", kAmount, "168.62"},
	{7, 0, "部门职责", "report.duties", kArea, longText(3000)},
}

// pos is a position in the script: field f, rune r of its text.
type pos struct{ f, r int }

// flat maps a global keystroke index to a position.
type flat []pos

func flatten() flat {
	var out flat
	for i, f := range script {
		for j := range []rune(f.text) {
			out = append(out, pos{i, j})
		}
	}
	return out
}

// stored returns what the filing holds for field i when prefix was typed
// into it: the last valid prefix for validated fields, in the form the
// filing's JSON writes it.
func stored(i int, prefix []rune) string {
	f := script[i]
	for n := len(prefix); n >= 0; n-- {
		s := string(prefix[:n])
		switch f.kind {
		case kText, kArea:
			return s
		case kPhone:
			if s == "" || domain.ValidPhone(s) {
				return s
			}
		case kInt:
			if s == "" {
				return ""
			}
			if v, err := strconv.Atoi(s); err == nil && v >= 0 && v <= 1000000 {
				return strconv.Itoa(v)
			}
		case kAmount:
			if a, err := domain.ParseAmount(s); err == nil {
				return a.Text()
			}
		}
	}
	return ""
}

// stateAt is the expected stored value of every script field after the
// first p keystrokes.
func stateAt(fl flat, p int) []string {
	out := make([]string, len(script))
	for i, f := range script {
		rs := []rune(f.text)
		n := 0
		switch {
		case p >= len(fl):
			n = len(rs)
		case fl[p].f > i:
			n = len(rs)
		case fl[p].f == i:
			n = fl[p].r
		}
		out[i] = stored(i, rs[:n])
	}
	return out
}

// readStored reads the script's fields from the newest revision of id.
func readStored(t *testing.T, db, id string) ([]string, int) {
	t.Helper()
	s, err := persist.Open(db, persist.Options{Timeout: 2 * time.Second})
	if err != nil {
		t.Fatalf("open %s: %v", db, err)
	}
	defer s.Close()
	f, m, err := s.Get(id)
	if err != nil {
		t.Fatalf("get %s: %v", id, err)
	}
	doc, err := domain.Encode(f)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var root any
	if err := dec.Decode(&root); err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(script))
	for i, sf := range script {
		v := root
		for _, k := range strings.Split(sf.path, ".") {
			if m, ok := v.(map[string]any); ok {
				v = m[k]
			} else {
				v = nil
			}
		}
		switch v := v.(type) {
		case nil:
		case string:
			out[i] = v
		case json.Number:
			out[i] = v.String()
		default:
			t.Fatalf("%s: unexpected JSON value %v", sf.path, v)
		}
	}
	return out, m.Revision
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// focusLine is the line of the screen with the focus marker.
func focusLine(scr string) string {
	for _, l := range strings.Split(scr, "\n") {
		if strings.Contains(l, "› ") {
			return l
		}
	}
	return ""
}

// formText is the middle column of the wizard (between the sidebar and
// the score panel), each line trimmed, joined without line breaks, so a
// wrapped text reads on.
func formText(scr string) string {
	var b strings.Builder
	for _, l := range strings.Split(scr, "\n") {
		parts := strings.Split(l, "│")
		if len(parts) >= 3 {
			b.WriteString(strings.TrimSpace(parts[1]))
		}
	}
	return b.String()
}

// statusLine is the last line of the screen: help and save state.
func statusLine(scr string) string {
	lines := strings.Split(scr, "\n")
	return lines[len(lines)-1]
}

// session is one run of the binary in the crash test.
type session struct {
	t    *testing.T
	term *ptytest.Term
	fl   flat
	p    int // keystrokes typed (script index)
	// field state while typing
	cur   int // field index the focus is in, -1 before navigation
	draft []rune
	x0    int // cursor column of the field's text start (single-line fields)
}

const waitLong = 15 * time.Second

func (s *session) wait(what string, cond func(string) bool) (string, error) {
	scr, err := s.term.Wait(cond, waitLong)
	if err != nil {
		return scr, fmt.Errorf("waiting for %s: %w", what, err)
	}
	return scr, nil
}

// processed reports whether the screen shows every keystroke typed so far:
// the focus is on the current field and its text ends as typed (checked on
// the cursor column, or for a text area that has wrapped on its last
// three characters, which appear nowhere else in the form).
func (s *session) processed(scr string) bool {
	f := script[s.cur]
	if !strings.Contains(focusLine(scr), f.label) {
		return false
	}
	if f.kind == kArea && len(s.draft) >= 20 {
		// Wrapped: the last three characters, which appear once, in the
		// form column with its lines joined.
		return strings.Contains(formText(scr), string(s.draft[len(s.draft)-3:]))
	}
	x, _ := s.term.Cursor()
	return x == s.x0+ansi.StringWidth(string(s.draft))
}

// goTo moves the focus from the first field of step `from` (or from field
// s.cur) to field i and calibrates the cursor.
func (s *session) goTo(i int, fromStep int, fromTab int) error {
	f := script[i]
	var keys strings.Builder
	tab := fromTab
	for range f.step - fromStep {
		keys.WriteString(ptytest.KeyCtrlN)
		tab = 0
	}
	for range f.tab - tab {
		keys.WriteString(ptytest.KeyTab)
	}
	s.term.Type(keys.String())
	rs := []rune(f.text)
	var n int
	if len(s.fl) > 0 && s.p < len(s.fl) && s.fl[s.p].f == i {
		n = s.fl[s.p].r
	}
	s.cur, s.draft = i, append([]rune(nil), rs[:n]...)
	// Wait for the focus to land and the screen to settle, then take the
	// cursor column.
	_, err := s.wait("focus on "+f.label, func(scr string) bool { return strings.Contains(focusLine(scr), f.label) })
	if err != nil {
		return err
	}
	if n > 0 && (f.kind == kInt || f.kind == kAmount) {
		// A filled number field comes selected, so typing would replace
		// it: → keeps the text and edits on at its end.
		s.term.Type(ptytest.KeyRight)
	}
	if n > 0 && f.kind == kArea {
		// A text area opens at its top with the cursor at its start; its
		// text is one line, so End goes on at its end.
		s.term.Type(ptytest.KeyEnd)
	}
	s.term.WaitQuiet(80*time.Millisecond, time.Second)
	x, _ := s.term.Cursor()
	s.x0 = x - ansi.StringWidth(string(s.draft))
	if f.kind == kArea && len(s.draft) >= 20 {
		if _, err := s.wait("text area content", s.processed); err != nil {
			return err
		}
	}
	return nil
}

// typeKeys types n keystrokes of the script, moving between fields as the
// script requires, and then more while the field holds text it does not
// accept yet (a partial phone number, "12."): such a draft is not saved,
// so a run that always ended in one would never get past it.
func (s *session) typeKeys(n int, rnd *rand.Rand) error {
	for i := 0; ; i++ {
		if s.p >= len(s.fl) {
			return nil
		}
		if i >= n && (s.cur < 0 || stored(s.cur, s.draft) == string(s.draft)) {
			return nil
		}
		at := s.fl[s.p]
		if at.f != s.cur {
			from := script[s.cur]
			// Wait for what was typed before leaving the field.
			if _, err := s.wait("typed text", s.processed); err != nil {
				return err
			}
			if err := s.goTo(at.f, from.step, from.tab); err != nil {
				return err
			}
		}
		r := []rune(script[at.f].text)[at.r]
		s.term.Type(string(r))
		s.draft = append(s.draft, r)
		s.p++
		time.Sleep(time.Duration(5+rnd.IntN(40)) * time.Millisecond)
	}
}

// confirmSaved waits up to d for the screen to show every keystroke and
// 已保存 in the status line, with no output for a moment (so the frame is
// complete).
func (s *session) confirmSaved(d time.Duration) bool {
	end := time.Now().Add(d)
	for time.Now().Before(end) {
		s.term.WaitQuiet(60*time.Millisecond, 500*time.Millisecond)
		scr := s.term.Screen()
		if s.processed(scr) && strings.Contains(statusLine(scr), "已保存 ") {
			return true
		}
		s.term.Wait(func(string) bool { return false }, 50*time.Millisecond)
	}
	return false
}

// TestCrashPTY runs the real TUI in a pseudo-terminal on a fresh database,
// creates a filing and types a scripted entry (Chinese text, a phone
// number, head counts and amounts that move the score panel, a long text
// area) across several steps, killing the program with SIGKILL at random
// moments: right after start, while typing, a few milliseconds after
// Ctrl+S (during the save), around the 2-second autosave, and after a
// confirmed save. After every kill `jixiao db check` must pass, and the
// stored filing must hold everything the status line had reported as
// 已保存 — and be exactly some prefix of what was typed, between the last
// confirmed save and the last keystroke. The next run starts on the same
// database and continues from what was stored.
//
// -crash.kills N (or JIXIAO_CRASH_KILLS) sets the number of kills (default
// 100); -crash.seed (JIXIAO_CRASH_SEED) replays a run.
func TestCrashPTY(t *testing.T) {
	bin := ptytest.Build(t)
	seed := *crashSeed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("seed %d (rerun with -crash.seed %d or JIXIAO_CRASH_SEED=%d)", seed, seed, seed)
	rnd := rand.New(rand.NewPCG(seed, 8))
	home := t.TempDir()
	db := filepath.Join(home, "jixiao.db")
	fl := flatten()
	opts := ptytest.Options{Binary: bin, DB: db, Home: home}

	// Run 0: create the filing.
	term := ptytest.Start(t, opts)
	term.WaitFor(t, "新建填报", waitLong)
	term.Type("n")
	term.WaitFor(t, "年度：", waitLong)
	term.Type("梅溪街道测试单位" + ptytest.KeyEnter)
	term.WaitFor(t, "基本信息与签署", waitLong)
	term.Kill()
	st, err := persist.Open(db, persist.Options{})
	if err != nil {
		t.Fatal(err)
	}
	metas, err := st.List()
	st.Close()
	if err != nil || len(metas) != 1 {
		t.Fatalf("after creating: %v %v", metas, err)
	}
	id := metas[0].ID

	var (
		saved     int // keystrokes confirmed as saved
		resume    int // keystrokes the stored filing holds
		claims    int // confirmed saves
		verified  int // kills after which a confirmed save was checked
		unclaimed int // kills after which more than the confirmed was stored
		modes     = map[string]int{}
		start     = time.Now()
	)
	for kill := range *crashKills {
		s := &session{t: t, fl: fl, p: resume, cur: -1}
		term := ptytest.Start(t, opts)
		s.term = term
		mode := ""
		err := func() error {
			if rnd.IntN(10) == 0 {
				// Kill during start-up: opening the database, the list.
				mode = "startup"
				time.Sleep(time.Duration(rnd.IntN(150)) * time.Millisecond)
				return nil
			}
			if _, err := s.wait("the list", func(scr string) bool { return strings.Contains(focusLine(scr), "梅溪街道测试单位") }); err != nil {
				return err
			}
			term.Type(ptytest.KeyEnter)
			if _, err := s.wait("the wizard", func(scr string) bool { return strings.Contains(focusLine(scr), "预算单位名称") }); err != nil {
				return err
			}
			if s.p >= len(fl) {
				return fmt.Errorf("the script ran out after %d keystrokes; make longText longer", s.p)
			}
			if err := s.goTo(fl[s.p].f, 0, 0); err != nil {
				return err
			}
			if err := s.typeKeys(1+rnd.IntN(8), rnd); err != nil {
				return err
			}
			switch r := rnd.IntN(100); {
			case r < 38:
				mode = "typing"
				time.Sleep(time.Duration(rnd.IntN(60)) * time.Millisecond)
			case r < 58:
				mode = "ctrl+s mid-save"
				term.Type(ptytest.KeyCtrlS)
				time.Sleep(time.Duration(rnd.IntN(25)) * time.Millisecond)
			case r < 90:
				mode = "ctrl+s confirmed"
				term.Type(ptytest.KeyCtrlS)
				if s.confirmSaved(5 * time.Second) {
					saved = s.p
					claims++
				}
				if rnd.IntN(2) == 0 {
					if err := s.typeKeys(1+rnd.IntN(4), rnd); err != nil {
						return err
					}
				}
			default:
				// Around the autosave, 2 s after the last keystroke.
				mode = "autosave"
				d := time.Duration(1800+rnd.IntN(700)) * time.Millisecond
				time.Sleep(d)
				if d >= 2200*time.Millisecond {
					mode = "autosave confirmed"
					if s.confirmSaved(5 * time.Second) {
						saved = s.p
						claims++
					}
				}
			}
			return nil
		}()
		term.Kill()
		modes[mode]++
		if err != nil {
			t.Fatalf("kill %d (%s): %v", kill, mode, err)
		}

		out, cerr := exec.Command(bin, "db", "check", "--db", db).CombinedOutput()
		if cerr != nil {
			t.Fatalf("kill %d (%s): jixiao db check: %v\n%s", kill, mode, cerr, out)
		}
		got, rev := readStored(t, db, id)
		// The stored filing must be what some keystroke count between the
		// last confirmed save and the last keystroke gives.
		ok := false
		for p := saved; p <= s.p && !ok; p++ {
			ok = equal(got, stateAt(fl, p))
		}
		if !ok {
			t.Fatalf("kill %d (%s, revision %d): stored filing is not the state after %d..%d keystrokes\nstored:   %q\nconfirmed: %q\ntyped:    %q",
				kill, mode, rev, saved, s.p, got, stateAt(fl, saved), stateAt(fl, s.p))
		}
		if saved > 0 {
			verified++
		}
		// Continue from the first keystroke count that gives what is stored.
		for p := 0; p <= s.p; p++ {
			if equal(got, stateAt(fl, p)) {
				resume = p
				break
			}
		}
		if !equal(stateAt(fl, resume), stateAt(fl, saved)) {
			unclaimed++
		}
		// What is stored now must survive from here on.
		saved = resume
	}
	t.Logf("%d kills in %v (%v), %d saves confirmed on the status line and verified after %d kills, %d kills found more stored than confirmed; %d of %d keystrokes stored",
		*crashKills, time.Since(start).Round(time.Second), modes, claims, verified, unclaimed, resume, len(fl))
}
