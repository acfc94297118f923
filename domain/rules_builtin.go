package domain

import "slices"

// BuiltinRules returns the rule sets jixiao knows without a file, the
// default first.
func BuiltinRules() []Rules {
	return []Rules{DefaultRules()}
}

// RuleSets resolves rule-set ids: the built-in sets and any loaded from
// files, a loaded set replacing a built-in one of the same id. The zero
// value knows the built-ins only.
type RuleSets struct {
	loaded []Rules
	// force, when set, scores every filing under it whatever the filing
	// names (the command line's --rules FILE).
	force *Rules
}

// NewRuleSets returns a resolver knowing the built-ins and loaded.
func NewRuleSets(loaded ...Rules) RuleSets {
	return RuleSets{loaded: slices.Clone(loaded)}
}

// Forcing returns a copy of s that scores every filing under r and also
// knows r by its id.
func (s RuleSets) Forcing(r Rules) RuleSets {
	s.loaded = append(slices.Clone(s.loaded), r)
	s.force = &r
	return s
}

// Lookup returns the rule set with id.
func (s RuleSets) Lookup(id string) (Rules, bool) {
	for i := len(s.loaded) - 1; i >= 0; i-- {
		if s.loaded[i].ID == id {
			return s.loaded[i], true
		}
	}
	for _, r := range BuiltinRules() {
		if r.ID == id {
			return r, true
		}
	}
	return Rules{}, false
}

// All returns every known set: the built-ins, then the loaded ones not
// replacing a built-in.
func (s RuleSets) All() []Rules {
	out := BuiltinRules()
	for _, r := range s.loaded {
		if i := slices.IndexFunc(out, func(o Rules) bool { return o.ID == r.ID }); i >= 0 {
			out[i] = r
		} else {
			out = append(out, r)
		}
	}
	return out
}

// For returns the rules f is scored under: the forced set if any, else the
// set f names, else the default. A filing naming an unknown id is scored
// under the default (Evaluate reports it).
func (s RuleSets) For(f *Filing) Rules {
	if s.force != nil {
		return *s.force
	}
	if f != nil && f.Rules != "" {
		if r, ok := s.Lookup(f.Rules); ok {
			return r
		}
	}
	return DefaultRules()
}

// RulesFor returns the built-in rule set f names, or the default.
func RulesFor(f *Filing) Rules { return RuleSets{}.For(f) }
