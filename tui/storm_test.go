package tui

// The key storm: random keystrokes, pastes and resizes against every
// screen, driving the root Model's Update and View in-process, plus a
// shorter run through a real Bubble Tea program (teatest). Nothing may
// panic or hang, every frame must fit the window, and whatever ends up
// saved must still decode, score, check and export.
//
//	go test ./tui/ -run Storm                         # short form (default)
//	JIXIAO_STORM_KEYS=20000 go test ./tui/ -run Storm -timeout 60m  # full run
//	JIXIAO_STORM_SEED=42 …                            # replay a seed

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"jixiao/domain"
	"jixiao/report"
	"jixiao/store/storetest"
)

// stormKeys is the number of events per screen: JIXIAO_STORM_KEYS, else
// 200 with -short and 500 otherwise (about 5 and 11 s).
func stormKeys() int {
	if n, err := strconv.Atoi(os.Getenv("JIXIAO_STORM_KEYS")); err == nil && n > 0 {
		return n
	}
	if testing.Short() {
		return 200
	}
	return 500
}

// stormSeed is JIXIAO_STORM_SEED, else a fresh one (always logged).
func stormSeed() uint64 {
	if n, err := strconv.ParseUint(os.Getenv("JIXIAO_STORM_SEED"), 10, 64); err == nil {
		return n
	}
	return uint64(time.Now().UnixNano())
}

// stepLimit bounds one Update plus View.
const stepLimit = time.Second

// stormClock is a manual clock the storm advances between events.
type stormClock struct{ t time.Time }

func (c *stormClock) now() time.Time { return c.t }

// stormRunner drives one model and checks every frame.
type stormRunner struct {
	t      *testing.T
	rng    *rand.Rand
	clock  *stormClock
	store  *storetest.Store
	opts   Options
	m      *Model
	w, h   int
	screen string
	// log holds the last events, printed on failure.
	log   []string
	steps int
	// stats
	quits    int64
	maxDur   time.Duration
	slowDesc string
}

func (r *stormRunner) record(s string) {
	if len(r.log) >= 30 {
		r.log = r.log[1:]
	}
	r.log = append(r.log, s)
}

func (r *stormRunner) fail(format string, args ...any) {
	r.t.Helper()
	r.t.Fatalf("%s after %d events (screen %s, size %dx%d): %s\nlast events:\n  %s",
		r.t.Name(), r.steps, r.screen, r.w, r.h, fmt.Sprintf(format, args...), strings.Join(r.log, "\n  "))
}

// describe is a short, printable description of a message for the log.
func describe(msg tea.Msg) string {
	switch m := msg.(type) {
	case tea.KeyPressMsg:
		return fmt.Sprintf("key %q (code %U mod %d text %q)", m.String(), m.Code, m.Mod, m.Text)
	case tea.PasteMsg:
		s := m.Content
		if len(s) > 40 {
			s = s[:40] + fmt.Sprintf("…(%d bytes)", len(m.Content))
		}
		return fmt.Sprintf("paste %q", s)
	case tea.WindowSizeMsg:
		return fmt.Sprintf("resize %dx%d", m.Width, m.Height)
	}
	return fmt.Sprintf("%T", msg)
}

// send delivers msg, runs the commands it returns (those that answer
// quickly: timers are dropped, the storm injects their messages itself),
// and checks the frame after each Update.
func (r *stormRunner) send(msg tea.Msg) {
	r.t.Helper()
	queue := []tea.Msg{msg}
	for n := 0; len(queue) > 0 && n < 200; n++ {
		msg := queue[0]
		queue = queue[1:]
		if ws, ok := msg.(tea.WindowSizeMsg); ok {
			r.w, r.h = ws.Width, ws.Height
		}
		r.record(describe(msg))
		r.steps++
		var cmd tea.Cmd
		done := make(chan struct{})
		var view tea.View
		var panicked any
		start := time.Now()
		go func() {
			defer close(done)
			defer func() { panicked = recover() }()
			_, cmd = r.m.Update(msg)
			view = r.m.View()
		}()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			r.fail("Update+View did not return within 30 s (hang)")
		}
		if panicked != nil {
			r.fail("panic: %v", panicked)
		}
		if d := time.Since(start); d > r.maxDur {
			r.maxDur = d
			r.slowDesc = fmt.Sprintf("%s at %dx%d on screen %d step %d", describe(msg), r.w, r.h, r.m.screen, r.curStep())
			if d > stepLimit {
				r.fail("Update+View took %v (limit %v)", d, stepLimit)
			}
		}
		r.checkView(view)
		queue = append(queue, r.run(cmd)...)
	}
}

// curStep is the wizard's step, or -1.
func (r *stormRunner) curStep() int {
	if r.m.wiz == nil {
		return -1
	}
	return int(r.m.wiz.cur)
}

// run runs cmd and returns the messages it produced within a short wait.
func (r *stormRunner) run(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	ch := make(chan tea.Msg, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				ch <- stormPanic{p}
			}
		}()
		ch <- cmd()
	}()
	var msg tea.Msg
	select {
	case msg = <-ch:
	case <-time.After(10 * time.Second):
		r.fail("a command did not return within 10 s")
	}
	switch m := msg.(type) {
	case stormTimer:
		return nil // the storm sends the timers' messages itself (tick)
	case stormPanic:
		r.fail("panic in a command: %v", m.v)
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range m {
			out = append(out, r.run(c)...)
		}
		return out
	case tea.QuitMsg:
		r.quits++
		return nil
	case nil:
		return nil
	}
	return []tea.Msg{msg}
}

type stormPanic struct{ v any }

// stormTimer is what timers return during the in-process storm.
type stormTimer struct{}

// noTimers makes the wizard's timers answer at once with stormTimer.
func noTimers(t *testing.T) {
	old := tick
	tick = func(time.Duration, func(time.Time) tea.Msg) tea.Cmd {
		return func() tea.Msg { return stormTimer{} }
	}
	t.Cleanup(func() { tick = old })
}

// checkView checks that the frame fits the window.
func (r *stormRunner) checkView(v tea.View) {
	r.t.Helper()
	if r.m.quit || r.w <= 0 || r.h <= 0 {
		return
	}
	lines := strings.Split(v.Content, "\n")
	if len(lines) > r.h {
		r.fail("%d lines in a window %d high", len(lines), r.h)
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w > r.w {
			r.fail("line %d is %d columns wide in a window %d wide: %q", i, w, r.w, ansi.Strip(l))
		}
		if !utf8.ValidString(l) {
			r.fail("line %d is not valid UTF-8: %q", i, l)
		}
	}
	if c := v.Cursor; c != nil && (c.X < 0 || c.Y < 0 || c.X >= r.w || c.Y >= r.h) {
		r.fail("cursor at %d,%d outside the %dx%d window", c.X, c.Y, r.w, r.h)
	}
}

// Key material.
var (
	stormSpecial = []rune{tea.KeyTab, tea.KeyEnter, tea.KeyEscape, tea.KeyUp, tea.KeyDown, tea.KeyLeft, tea.KeyRight,
		tea.KeyHome, tea.KeyEnd, tea.KeyPgUp, tea.KeyPgDown, tea.KeyBackspace, tea.KeyDelete, tea.KeyInsert, tea.KeySpace,
		tea.KeyF1, tea.KeyF2, tea.KeyF3, tea.KeyF4, tea.KeyF5, tea.KeyF6, tea.KeyF7, tea.KeyF8, tea.KeyF9, tea.KeyF10,
		tea.KeyF11, tea.KeyF12, tea.KeyF13, tea.KeyF20, tea.KeyPrintScreen, tea.KeyMenu, tea.KeyBegin, tea.KeyKp5, tea.KeyKpEnter}
	stormChinese = []string{"梅", "溪", "街道", "办事处", "预算执行率", "（", "）", "，", "。", "≥", "≤", "％", "·", "—", "…", "𠀀", "é", "ｱ", "한", "👍", "👨‍👩‍👧"}
	stormWeird   = []string{"\xff", "\xc3\x28", "\xe2\x82", "\xf0\x9f\x98", "\x00", "\x1b", "\x1b[2J", "\x1b]0;title\x07", "\u202e", "\u200b", "\u0301", "\t", "\r", "\n", "\x7f", "\u00ad", "\ufeff", "\ufffd"}
	stormAmounts = []string{"0", "1", "12.5", "-3", "1e9", "99999999999999999999", "0.00001", "1,000", "１２", "NaN", "-", ".", "100%", "2024-13-45", "2024-02-29"}
)

// event returns a random message.
func (r *stormRunner) event() tea.Msg {
	rng := r.rng
	p := rng.IntN(1000)
	switch {
	case p < 350: // printable ASCII (many are commands outside text fields)
		c := rune(0x21 + rng.IntN(0x7e-0x21+1))
		return tea.KeyPressMsg{Code: c, Text: string(c)}
	case p < 420: // digits and amount-like text, as typed
		s := stormAmounts[rng.IntN(len(stormAmounts))]
		r0, _ := utf8.DecodeRuneInString(s)
		return tea.KeyPressMsg{Code: r0, Text: s}
	case p < 500: // an input method commits Chinese (or other wide text)
		s := stormChinese[rng.IntN(len(stormChinese))]
		r0, _ := utf8.DecodeRuneInString(s)
		return tea.KeyPressMsg{Code: r0, Text: s}
	case p < 700: // named keys, sometimes with modifiers
		k := tea.KeyPressMsg{Code: stormSpecial[rng.IntN(len(stormSpecial))]}
		if k.Code == tea.KeySpace {
			k.Text = " "
		}
		if rng.IntN(4) == 0 {
			k.Mod = []tea.KeyMod{tea.ModShift, tea.ModAlt, tea.ModCtrl, tea.ModShift | tea.ModCtrl, tea.ModAlt | tea.ModShift, tea.ModMeta, tea.ModSuper}[rng.IntN(7)]
		}
		return k
	case p < 790: // control keys (Ctrl+C rarely: it quits)
		c := rune('a' + rng.IntN(26))
		if c == 'c' && rng.IntN(10) != 0 {
			c = 'x'
		}
		return tea.KeyPressMsg{Code: c, Mod: tea.ModCtrl}
	case p < 850: // Alt combinations
		c := rune(0x21 + rng.IntN(0x7e-0x21+1))
		return tea.KeyPressMsg{Code: c, Mod: tea.ModAlt}
	case p < 880: // invalid UTF-8, control and escape sequences as text
		s := stormWeird[rng.IntN(len(stormWeird))]
		return tea.KeyPressMsg{Code: rune(s[0]), Text: s}
	case p < 885: // a raw code outside the keyboard
		return tea.KeyPressMsg{Code: rune(rng.Int32N(0x110000)), Text: string(rune(rng.Int32N(0x110000)))}
	case p < 930: // pastes: small, mixed, now and then 1 MB
		return tea.PasteMsg{Content: r.paste()}
	case p < 975: // resizes from 1×1 to 300×100
		if rng.IntN(2) == 0 {
			return tea.WindowSizeMsg{Width: 1 + rng.IntN(300), Height: 1 + rng.IntN(100)}
		}
		return tea.WindowSizeMsg{Width: 80 + rng.IntN(221), Height: 24 + rng.IntN(77)}
	default: // mouse: the TUI ignores it, but must not choke
		return tea.MouseClickMsg{X: rng.IntN(300), Y: rng.IntN(100), Button: tea.MouseLeft}
	}
}

// paste returns pasted text: mostly short, 1 in 40 a megabyte.
func (r *stormRunner) paste() string {
	rng := r.rng
	if rng.IntN(40) == 0 {
		unit := []string{"很长的粘贴内容，", "1234.56\t", "line\r\n", "\xff\xfe", "\x1b[31m红\x1b[0m"}[rng.IntN(5)]
		return strings.Repeat(unit, (1<<20)/len(unit)+1)[:1<<20]
	}
	var b strings.Builder
	for range 1 + rng.IntN(8) {
		switch rng.IntN(5) {
		case 0:
			b.WriteString(stormChinese[rng.IntN(len(stormChinese))])
		case 1:
			b.WriteString(stormAmounts[rng.IntN(len(stormAmounts))])
		case 2:
			b.WriteString(stormWeird[rng.IntN(len(stormWeird))])
		case 3:
			b.WriteString("\n")
		default:
			b.WriteString("text ")
		}
	}
	return b.String()
}

// tick injects the messages of the timers the storm does not wait for:
// the clock moves on past the autosave and check delays first.
func (r *stormRunner) tick() {
	r.clock.t = r.clock.t.Add(3 * time.Second)
	if w := r.m.wiz; w != nil && !r.m.quit {
		id := w.id
		r.send(checkMsg{id: id})
		r.send(autosaveMsg{id: id})
		r.send(retryMsg{id: id})
		// Timers dropped by the runner leave their pending flag set.
		if r.m.wiz != nil {
			r.m.wiz.tickPending, r.m.wiz.checkPending = false, false
		}
	}
}

// stormScreen is a starting point of the storm.
type stormScreen struct {
	name string
	// empty starts from an empty store (the welcome screen).
	empty bool
	// setup brings a fresh model to the screen.
	setup func(r *stormRunner)
}

func keys(r *stormRunner, ks ...tea.KeyPressMsg) {
	for _, k := range ks {
		r.send(k)
	}
}

func key1(s string) tea.KeyPressMsg { return kp(s) }

// openFirst opens the first filing of the list in the wizard (after
// bringing one back if the storm deleted them all).
func openFirst(r *stormRunner) {
	if r.m.list.empty() {
		r.store.Create(Sample())
		for _, msg := range r.run(r.m.list.load()) {
			r.send(msg)
		}
	}
	keys(r, key1("enter"))
	if r.m.wiz == nil {
		r.t.Fatalf("wizard did not open (screen %d, list err %q)", r.m.screen, r.m.list.err)
	}
}

func atStep(s stepID) func(r *stormRunner) {
	return func(r *stormRunner) {
		openFirst(r)
		r.m.wiz.enter(s)
	}
}

func stormScreens() []stormScreen {
	ss := []stormScreen{
		{name: "welcome", empty: true, setup: func(r *stormRunner) {}},
		{name: "list", setup: func(r *stormRunner) {}},
	}
	for s := range stepCount {
		ss = append(ss, stormScreen{name: fmt.Sprintf("step%d", s+1), setup: atStep(s)})
	}
	ss = append(ss,
		stormScreen{name: "grid-editing", setup: func(r *stormRunner) {
			atStep(stepIndicators)(r)
			keys(r, key1("down"), key1("right"), key1("enter"))
		}},
		stormScreen{name: "project-table", setup: func(r *stormRunner) {
			atStep(stepProjects)(r)
			keys(r, key1("enter"))
		}},
		stormScreen{name: "history", setup: func(r *stormRunner) {
			openFirst(r)
			keys(r, tea.KeyPressMsg{Code: tea.KeyF4})
		}},
		stormScreen{name: "review", setup: func(r *stormRunner) {
			openFirst(r)
			keys(r, tea.KeyPressMsg{Code: tea.KeyF3})
		}},
		stormScreen{name: "list-review-history", setup: func(r *stormRunner) {
			keys(r, key1("h"))
		}},
		stormScreen{name: "grants", setup: func(r *stormRunner) {
			keys(r, key1("g"))
		}},
		stormScreen{name: "dialog-new", setup: func(r *stormRunner) { keys(r, key1("n")) }},
		stormScreen{name: "dialog-import", setup: func(r *stormRunner) { keys(r, key1("i")) }},
		stormScreen{name: "dialog-delete", setup: func(r *stormRunner) { keys(r, key1("d")) }},
		stormScreen{name: "dialog-findings", setup: func(r *stormRunner) {
			openFirst(r)
			keys(r, key1("f2"))
		}},
		stormScreen{name: "dialog-help", setup: func(r *stormRunner) {
			openFirst(r)
			keys(r, tea.KeyPressMsg{Code: tea.KeyF1})
		}},
		stormScreen{name: "dialog-conflict", setup: func(r *stormRunner) {
			openFirst(r)
			w := r.m.wiz
			// Someone else saves; then a change of ours conflicts.
			g := w.f.Clone()
			g.Signoff.FilledBy += "乙"
			r.store.Save(w.id, w.meta.Revision, g)
			keys(r, key1("甲"), tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl})
		}},
		stormScreen{name: "dialog-discard", setup: func(r *stormRunner) {
			openFirst(r)
			r.m.wiz.enter(stepFunds)
			keys(r, key1("x"), key1("ctrl+c"))
		}},
	)
	return ss
}

// newStormModel makes a fresh model on the runner's store and brings it
// to the screen.
func (r *stormRunner) fresh(sc stormScreen) {
	r.opts.Width, r.opts.Height = 120, 40
	r.m = New(r.opts)
	r.w, r.h = 120, 40
	r.send(tea.WindowSizeMsg{Width: 120, Height: 40})
	for _, msg := range r.run(r.m.Init()) {
		r.send(msg)
	}
	sc.setup(r)
}

func TestKeyStorm(t *testing.T) {
	n := stormKeys()
	seed := stormSeed()
	t.Logf("key storm: seed %d, %d events per screen (JIXIAO_STORM_SEED=%d JIXIAO_STORM_KEYS=%d to replay)", seed, n, seed, n)
	sample := loadSample(t)
	noTimers(t)
	t.Chdir(t.TempDir()) // exports from the 复核与导出 step land here
	var total int
	var worst time.Duration
	start := time.Now()
	for i, sc := range stormScreens() {
		t.Run(sc.name, func(t *testing.T) {
			clock := &stormClock{t: base}
			store := storetest.New()
			store.Now = clock.now
			store.User = "风暴"
			if !sc.empty {
				store.Create(sample.Clone())
				g := sample.Clone()
				g.Unit, g.Year = "东城街道办事处", 2023
				store.Create(g)
			}
			gr := &fakeGranter{admin: true, all: map[string][]string{"李四": {"东城街道办事处"}}}
			r := &stormRunner{t: t, rng: rand.New(rand.NewPCG(seed, uint64(i))), clock: clock, store: store,
				opts: Options{Store: store, Grants: gr, Profile: colorprofile.TrueColor, Now: clock.now, User: "风暴"}, screen: sc.name}
			r.fresh(sc)
			for k := 0; k < n; k++ {
				if k%250 == 249 || r.m.quit {
					// Back to the screen under test (a quit ends a model).
					if r.m.quit && r.m.wiz != nil && r.m.wiz.dirty() {
						t.Logf("quit with unsaved changes (allowed after y)")
					}
					r.fresh(sc)
				}
				r.send(r.event())
				if k%40 == 39 {
					r.tick()
				}
			}
			// Let the last changes save.
			if !r.m.quit {
				r.send(SaveAndQuitMsg{})
			}
			checkStoreExports(t, store)
			t.Logf("%s: %d events, %d quits, slowest Update+View %v (%s)", sc.name, r.steps, r.quits, r.maxDur, r.slowDesc)
			total += r.steps
			worst = max(worst, r.maxDur)
		})
	}
	t.Logf("key storm total: %d messages in %v, slowest Update+View %v, seed %d", total, time.Since(start).Round(time.Millisecond), worst, seed)
}

// checkStoreExports requires every stored filing to decode, score, check
// and export in every format.
func checkStoreExports(t *testing.T, store *storetest.Store) {
	t.Helper()
	metas, err := store.List()
	if err != nil {
		t.Fatal(err)
	}
	for _, meta := range metas {
		f, _, err := store.Get(meta.ID)
		if err != nil {
			t.Fatalf("stored filing %s does not decode: %v", meta.ID, err)
		}
		checkExports(t, f)
	}
}

func checkExports(t *testing.T, f *domain.Filing) {
	t.Helper()
	data, err := domain.Encode(f)
	if err != nil {
		t.Fatalf("encode: %v", err)
	}
	if _, err := domain.Decode(data); err != nil {
		t.Fatalf("the saved filing does not decode again: %v", err)
	}
	_ = domain.Score(f, domain.DefaultRules())
	_ = domain.Check(f, domain.DefaultRules())
	for name, write := range map[string]func(io.Writer) error{
		"text":     func(w io.Writer) error { return report.Text(w, f, report.TextOptions{}) },
		"csv":      func(w io.Writer) error { return report.CSV(w, f, report.CSVOptions{}) },
		"xlsx":     func(w io.Writer) error { return report.XLSX(w, f) },
		"markdown": func(w io.Writer) error { return report.Markdown(w, f) },
		"json":     func(w io.Writer) error { return report.JSON(w, f) },
	} {
		var b bytes.Buffer
		if err := write(&b); err != nil {
			t.Errorf("export %s of %s %d: %v", name, f.Unit, f.Year, err)
		}
	}
}

// TestKeyStormProgram runs a shorter storm through a real Bubble Tea
// program (teatest): its renderer, input handling and timers.
func TestKeyStormProgram(t *testing.T) {
	n := stormKeys() / 2
	seed := stormSeed()
	t.Logf("program key storm: seed %d, %d events", seed, n)
	sample := loadSample(t)
	t.Chdir(t.TempDir())
	store := storetest.New()
	store.Create(sample)
	opts := Options{Store: store, Profile: colorprofile.Ascii, Now: testClock(), Width: 120, Height: 40, User: "风暴"}
	tm := teatest.NewTestModel(t, New(opts), teatest.WithInitialTermSize(120, 40),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	r := &stormRunner{t: t, rng: rand.New(rand.NewPCG(seed, 99))}
	waitOutput(t, tm, "梅溪街道")
	tm.Send(kp("enter"))
	waitOutput(t, tm, "基本信息")
	for range n {
		msg := r.event()
		if k, ok := msg.(tea.KeyPressMsg); ok && (k.String() == "ctrl+c" || k.String() == "q" || k.String() == "esc") {
			continue // stay in the program
		}
		if p, ok := msg.(tea.PasteMsg); ok && len(p.Content) > 1<<16 {
			p.Content = p.Content[:1<<16]
			msg = p
		}
		tm.Send(msg)
	}
	tm.Send(tea.WindowSizeMsg{Width: 120, Height: 40})
	tm.Send(SaveAndQuitMsg{})
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(60*time.Second)).(*Model)
	if res, ok := fm.QuitResult(); ok && res.Kind == QuitNotSaved {
		t.Errorf("draft not saved at the end: %v", res.Err)
	}
	checkStoreExports(t, store)
}
