package persist

import (
	"crypto/sha256"
	"encoding/hex"
	"sync"

	"jixiao/domain"
)

// rulesStamp names a rule set and the exact values it held: its id and a
// digest of its rules file, so that a cached total computed under an older
// definition of the same id is known to be stale.
func rulesStamp(r domain.Rules) string {
	sum := sha256.Sum256(domain.EncodeRules(r))
	return r.ID + "@" + hex.EncodeToString(sum[:6])
}

// builtinStamps are the stamps of the built-in rule sets by id, computed
// once: they cannot change while the program runs, and listing the filings
// asks for them once per record.
var builtinStamps = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for _, b := range domain.BuiltinRules() {
		m[b.ID] = rulesStamp(b)
	}
	return m
})

// scoredUnder is the stamp of the rules r's cached figures were computed
// under; records written before rule sets were computed under the default.
func (r *record) scoredUnder() string {
	if r.Rules == "" {
		return builtinStamps()[domain.DefaultRulesID]
	}
	return r.Rules
}

// staleFor reports whether r's cached figures were computed under other
// rules than those f is scored under now.
func (r *record) staleFor(f *domain.Filing) bool {
	rules := domain.RulesFor(f)
	stamp, ok := builtinStamps()[rules.ID]
	if !ok {
		stamp = rulesStamp(rules)
	}
	return r.scoredUnder() != stamp
}

// staleStamp reports, without the document, whether r's cached figures were
// computed under a definition of their rule set that is no longer current
// (or under a rule set jixiao no longer knows).
func (r *record) staleStamp() bool {
	stamp := r.scoredUnder()
	for _, b := range builtinStamps() {
		if stamp == b {
			return false
		}
	}
	return true
}

// rescored returns a copy of r with the cached figures recomputed for f.
func rescored(r *record, f *domain.Filing) *record {
	c := *r
	ev := domain.Evaluate(f, domain.RulesFor(f))
	c.Rules = rulesStamp(ev.Rules)
	head := ev.Scores.Headline(f)
	c.Total, c.Grade = head.Total.StringFixed(2), head.Grade
	c.Errors, c.Warnings, _ = domain.Counts(ev.Findings)
	return &c
}
