package tui

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	uv "github.com/charmbracelet/ultraviolet"
)

// keyMapFiles declare the key maps: the only files where key names may be
// written as strings.
var keyMapFiles = []string{"keys.go", "keys_rows.go", "keys_help.go"}

// pendingGridFiles are the grid's files (another branch rebuilds them);
// the lead empties this list when the grid's own GridKeyMap is merged.
var pendingGridFiles = []string{}

// keyNameRe matches a literal that names a key as tea.KeyPressMsg.String
// spells it: "a", "?", "ctrl+n", "shift+tab", "f2", "enter" …
var keyNameRe = regexp.MustCompile(`^((ctrl|alt|shift|meta|super)\+)*([[:graph:]]|f[0-9]{1,2}|enter|esc|tab|space|up|down|left|right|home|end|pgup|pgdown|backspace|delete|insert)$`)

// sourceFiles parses the package's non-test files.
func sourceFiles(t *testing.T) (map[string]*ast.File, *token.FileSet) {
	t.Helper()
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	out := map[string]*ast.File{}
	for _, n := range names {
		if strings.HasSuffix(n, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, n, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		out[n] = f
	}
	return out, fset
}

// isStringCall reports x.String() (or x.Keystroke()) with no arguments.
func isStringCall(e ast.Expr) bool {
	c, ok := e.(*ast.CallExpr)
	if !ok || len(c.Args) != 0 {
		return false
	}
	s, ok := c.Fun.(*ast.SelectorExpr)
	return ok && (s.Sel.Name == "String" || s.Sel.Name == "Keystroke")
}

func keyLit(e ast.Expr) (string, bool) {
	l, ok := e.(*ast.BasicLit)
	if !ok || l.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(l.Value)
	return s, err == nil && keyNameRe.MatchString(s)
}

// keyStringUses lists where f compares a key's String() with a key name:
// a switch on it, a case of a tagless switch, an == or !=, also through a
// variable that holds the String().
func keyStringUses(f *ast.File, fset *token.FileSet) []string {
	held := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if a, ok := n.(*ast.AssignStmt); ok && len(a.Lhs) == 1 && len(a.Rhs) == 1 && isStringCall(a.Rhs[0]) {
			if id, ok := a.Lhs[0].(*ast.Ident); ok {
				held[id.Name] = true
			}
		}
		return true
	})
	isKeyString := func(e ast.Expr) bool {
		if id, ok := e.(*ast.Ident); ok {
			return held[id.Name]
		}
		return isStringCall(e)
	}
	var out []string
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SwitchStmt:
			if n.Tag == nil || !isKeyString(n.Tag) {
				return true
			}
			for _, c := range n.Body.List {
				for _, e := range c.(*ast.CaseClause).List {
					if s, ok := keyLit(e); ok {
						out = append(out, fset.Position(e.Pos()).String()+" case "+strconv.Quote(s))
					}
				}
			}
		case *ast.BinaryExpr:
			if n.Op != token.EQL && n.Op != token.NEQ {
				return true
			}
			for _, p := range [][2]ast.Expr{{n.X, n.Y}, {n.Y, n.X}} {
				if s, ok := keyLit(p[1]); ok && isKeyString(p[0]) {
					out = append(out, fset.Position(n.Pos()).String()+" == "+strconv.Quote(s))
				}
			}
		}
		return true
	})
	return out
}

// TestNoKeyStringsOutsideKeyMaps fails when a screen matches a key by its
// name (case "esc", k.String() == "f1") instead of key.Matches on a
// binding of its KeyMap, so that every key is declared once, with its
// help.
func TestNoKeyStringsOutsideKeyMaps(t *testing.T) {
	files, fset := sourceFiles(t)
	for name, f := range files {
		if slices.Contains(keyMapFiles, name) || slices.Contains(pendingGridFiles, name) {
			continue
		}
		for _, u := range keyStringUses(f, fset) {
			t.Errorf("%s: a key matched by its name; declare a key.Binding in a KeyMap (keys.go) and use key.Matches", u)
		}
	}
}

// TestKeyStringCheckCatches: the check above sees each form of matching a
// key by name.
func TestKeyStringCheckCatches(t *testing.T) {
	src := `package p
func f(k K, a A) {
	switch k.String() { case "esc": }
	if k.String() == "ctrl+n" {}
	s := k.String()
	switch s { case "f1", "q": }
	if s != "enter" {}
	switch a.String() { case "band": }
}`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := keyStringUses(f, fset); len(got) != 5 {
		t.Fatalf("found %d uses, want 5: %v", len(got), got)
	}
}

// matchedSelectors lists, for every key.Matches in files, the selector
// paths of its bindings, as "Wizard.NextStep" (the last two names) and
// "NextStep".
func matchedSelectors(files map[string]*ast.File) map[string]bool {
	out := map[string]bool{}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			c, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			fn, ok := c.Fun.(*ast.SelectorExpr)
			if !ok || fn.Sel.Name != "Matches" {
				return true
			}
			if id, ok := fn.X.(*ast.Ident); !ok || id.Name != "key" {
				return true
			}
			for _, a := range c.Args[1:] {
				s, ok := a.(*ast.SelectorExpr)
				if !ok {
					continue
				}
				out[s.Sel.Name] = true
				if p, ok := s.X.(*ast.SelectorExpr); ok {
					out[p.Sel.Name+"."+s.Sel.Name] = true
				}
				// A local copy of one key map: km := w.keys.Rows.
				if id, ok := s.X.(*ast.Ident); ok {
					out["$"+id.Name+"."+s.Sel.Name] = true
				}
			}
			return true
		})
	}
	return out
}

// localKeyMaps maps the names bound to one screen's key map to that map's
// field name in KeyMap: locals and parameters as "$km" (r := k.Report,
// km FindingsKeyMap), struct fields as "keys" (keys GridKeyMap, matched
// as g.keys.Add); types maps a key map's type name to its field.
func localKeyMaps(files map[string]*ast.File, maps map[string]bool, types map[string]string) map[string][]string {
	out := map[string][]string{}
	// fields maps a struct field holding a screen's key map (g.km) to the
	// map's field name in KeyMap.
	fields := map[string]string{}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			if fn, ok := n.(*ast.FuncType); ok && fn.Params != nil {
				for _, p := range fn.Params.List {
					if id, ok := p.Type.(*ast.Ident); ok && types[id.Name] != "" {
						for _, nm := range p.Names {
							out[types[id.Name]] = append(out[types[id.Name]], "$"+nm.Name)
						}
					}
				}
			}
			// A struct field holding a screen's key map: g.keys.Add.
			if st, ok := n.(*ast.StructType); ok {
				for _, fl := range st.Fields.List {
					if id, ok := fl.Type.(*ast.Ident); ok && types[id.Name] != "" {
						for _, nm := range fl.Names {
							out[types[id.Name]] = append(out[types[id.Name]], nm.Name)
							fields[nm.Name] = types[id.Name]
						}
					}
				}
			}
			return true
		})
	}
	// Locals copied from a key map: r := k.Report, km := g.km,
	// k, r := g.km, g.rk.
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			a, ok := n.(*ast.AssignStmt)
			if !ok || len(a.Lhs) != len(a.Rhs) {
				return true
			}
			for i := range a.Lhs {
				id, ok := a.Lhs[i].(*ast.Ident)
				s, ok2 := a.Rhs[i].(*ast.SelectorExpr)
				if !ok || !ok2 {
					continue
				}
				switch {
				case maps[s.Sel.Name]:
					out[s.Sel.Name] = append(out[s.Sel.Name], "$"+id.Name)
				case fields[s.Sel.Name] != "":
					out[fields[s.Sel.Name]] = append(out[fields[s.Sel.Name]], "$"+id.Name)
				}
			}
			return true
		})
	}
	return out
}

// TestEveryBindingIsMatched fails when a key the help shows is matched
// nowhere: every binding of every screen's KeyMap must appear in a
// key.Matches of that screen's code (as km.Wizard.NextStep, or through a
// local copy of the screen's map: r := km.Report; r.Up).
func TestEveryBindingIsMatched(t *testing.T) {
	files, _ := sourceFiles(t)
	matched := matchedSelectors(files)
	k := DefaultKeyMap()
	maps := map[string]bool{}
	eachBinding(&k, func(path string, _ *key.Binding) {
		if i := strings.IndexByte(path, '.'); i > 0 {
			maps[path[:i]] = true
		}
	})
	types := map[string]string{}
	kt := reflect.TypeFor[KeyMap]()
	for i := range kt.NumField() {
		types[kt.Field(i).Type.Name()] = kt.Field(i).Name
	}
	locals := localKeyMaps(files, maps, types)
	eachBinding(&k, func(path string, _ *key.Binding) {
		parts := strings.Split(path, ".")
		field := parts[len(parts)-1]
		if len(parts) == 1 {
			// The grid's legacy keys, promoted into KeyMap.
			if !matched[field] {
				t.Errorf("%s is shown in the help but never matched", path)
			}
			return
		}
		if matched[path] {
			return
		}
		for _, l := range locals[parts[0]] {
			if matched[l+"."+field] {
				return
			}
		}
		t.Errorf("%s is shown in the help but matched by no key.Matches", path)
	})
}

// TestKeyNotation: the help names keys as finance staff know them.
func TestKeyNotation(t *testing.T) {
	for in, want := range map[string]string{"ctrl+n": "Ctrl+N", "shift+tab": "Shift+Tab", "alt+up": "Alt+↑", "f1": "F1", "esc": "Esc", "a": "a", "pgdown": "PgDn"} {
		if got := keyName(in); got != want {
			t.Errorf("keyName(%q) = %q, want %q", in, got, want)
		}
	}
	k := DefaultKeyMap()
	eachBinding(&k, func(path string, b *key.Binding) {
		if h := b.Help().Key; strings.Contains(h, "^") || strings.Contains(h, "S-Tab") || strings.Contains(h, "Alt-") {
			t.Errorf("%s is shown as %q", path, h)
		}
	})
}

// TestAltDigitIsAltDigit: a terminal's ESC 1 reaches the program as
// alt+1, which JumpStep matches.
func TestAltDigitIsAltDigit(t *testing.T) {
	var d uv.EventDecoder
	n, e := d.Decode([]byte("\x1b3"))
	ev, ok := e.(uv.KeyPressEvent)
	if n != 2 || !ok {
		t.Fatalf("ESC 3 decoded as %d bytes, %#v", n, e)
	}
	k := tea.KeyPressMsg(ev)
	if k.String() != "alt+3" || !key.Matches(k, DefaultKeyMap().Wizard.JumpStep) {
		t.Fatalf("ESC 3 is %q and not matched", k.String())
	}
}
