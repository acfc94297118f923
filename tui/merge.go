package tui

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"jixiao/domain"
)

// This file merges a save conflict field by field: when another window or
// user saved the filing since this session's base revision, the changes
// of both sides are compared by JSON path, and when no path was changed
// by both (to different values) this session's changes are applied on
// top of the newer revision and saved without asking.

// absent stands for a key missing from a JSON object.
type absentValue struct{}

var absent any = absentValue{}

// jsonTree decodes a filing into generic JSON (numbers kept as written).
func jsonTree(f *domain.Filing) (any, error) {
	data, err := domain.Encode(f)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	dropDerivedSplits(v)
	return v, nil
}

// dropDerivedSplits removes from the tree the split target columns that
// only repeat what 年度指标值 gives, so that an edit of the target is one
// change, not five; decoding the merged tree derives them again.
func dropDerivedSplits(tree any) {
	root, _ := tree.(map[string]any)
	drop := func(list any) {
		items, _ := list.([]any)
		for _, it := range items {
			obj, ok := it.(map[string]any)
			if !ok {
				continue
			}
			str := func(k string) string { s, _ := obj[k].(string); return s }
			d := domain.Indicator{Target: str("target")}
			d.SyncTarget(false)
			if d.Direction == str("direction") && d.Comparator == str("comparator") && d.Value == str("value") && d.Unit == str("unit") {
				for _, k := range []string{"direction", "comparator", "value", "unit"} {
					delete(obj, k)
				}
			}
		}
	}
	if overall, ok := root["overall"].(map[string]any); ok {
		drop(overall["indicators"])
	}
	projects, _ := root["projects"].([]any)
	for _, p := range projects {
		if obj, ok := p.(map[string]any); ok {
			drop(obj["indicators"])
		}
	}
}

// changedPaths lists the JSON paths where b differs from a: leaves of
// objects, and elements of lists of the same length; a list whose length
// changed is one path (a row added, removed or moved changes the whole
// list).
func changedPaths(a, b any, path string, out *[]string) {
	am, aok := a.(map[string]any)
	bm, bok := b.(map[string]any)
	if aok && bok {
		keys := make([]string, 0, len(am)+len(bm))
		for k := range am {
			keys = append(keys, k)
		}
		for k := range bm {
			if _, ok := am[k]; !ok {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		for _, k := range keys {
			av, ok := am[k]
			if !ok {
				av = absent
			}
			bv, ok := bm[k]
			if !ok {
				bv = absent
			}
			changedPaths(av, bv, joinPath(path, k), out)
		}
		return
	}
	as, aok := a.([]any)
	bs, bok := b.([]any)
	if aok && bok && len(as) == len(bs) {
		for i := range as {
			changedPaths(as[i], bs[i], joinPath(path, strconv.Itoa(i)), out)
		}
		return
	}
	if !reflect.DeepEqual(a, b) {
		*out = append(*out, path)
	}
}

func joinPath(p, k string) string {
	if p == "" {
		return k
	}
	return p + "." + k
}

// overlaps reports whether two paths name the same value or one contains
// the other.
func overlaps(p, q string) bool {
	return p == q || strings.HasPrefix(p, q+".") || strings.HasPrefix(q, p+".") || p == "" || q == ""
}

// valueAt returns the value at path in v (absent when missing).
func valueAt(v any, path string) any {
	if path == "" {
		return v
	}
	for _, k := range strings.Split(path, ".") {
		switch t := v.(type) {
		case map[string]any:
			x, ok := t[k]
			if !ok {
				return absent
			}
			v = x
		case []any:
			i, err := strconv.Atoi(k)
			if err != nil || i < 0 || i >= len(t) {
				return absent
			}
			v = t[i]
		default:
			return absent
		}
	}
	return v
}

// setAt stores x at path in root (deleting the key when x is absent); the
// parents must exist.
func setAt(root any, path string, x any) error {
	keys := strings.Split(path, ".")
	v := root
	for i, k := range keys {
		last := i == len(keys)-1
		switch t := v.(type) {
		case map[string]any:
			if last {
				if x == absent {
					delete(t, k)
				} else {
					t[k] = x
				}
				return nil
			}
			nx, ok := t[k]
			if !ok {
				return fmt.Errorf("merge: %s missing", path)
			}
			v = nx
		case []any:
			n, err := strconv.Atoi(k)
			if err != nil || n < 0 || n >= len(t) {
				return fmt.Errorf("merge: %s out of range", path)
			}
			if last {
				if x == absent {
					return fmt.Errorf("merge: %s cannot be removed", path)
				}
				t[n] = x
				return nil
			}
			v = t[n]
		default:
			return fmt.Errorf("merge: %s has no parent", path)
		}
	}
	return nil
}

// mergeFilings merges the changes from base to mine into theirs (the
// newer revision saved meanwhile). When both changed the same value (or
// one changed a list the other changed inside), merged is nil and
// clashes lists the paths of this session's changes that collide.
func mergeFilings(base, theirs, mine *domain.Filing) (merged *domain.Filing, clashes []string, err error) {
	return merge3(base, theirs, mine, false)
}

// mergePreferMine merges like mergeFilings, but where both changed the
// same value this session's value wins (the coarser of two overlapping
// paths is taken from mine).
func mergePreferMine(base, theirs, mine *domain.Filing) (*domain.Filing, error) {
	m, _, err := merge3(base, theirs, mine, true)
	return m, err
}

func merge3(base, theirs, mine *domain.Filing, preferMine bool) (merged *domain.Filing, clashes []string, err error) {
	bt, err := jsonTree(base)
	if err != nil {
		return nil, nil, err
	}
	tt, err := jsonTree(theirs)
	if err != nil {
		return nil, nil, err
	}
	mt, err := jsonTree(mine)
	if err != nil {
		return nil, nil, err
	}
	var theirPaths, myPaths []string
	changedPaths(bt, tt, "", &theirPaths)
	changedPaths(bt, mt, "", &myPaths)
	var apply []string
	for _, p := range myPaths {
		at := p
		for _, q := range theirPaths {
			if overlaps(p, q) && !reflect.DeepEqual(valueAt(mt, p), valueAt(tt, p)) {
				clashes = append(clashes, p)
				if len(q) < len(at) {
					at = q
				}
			}
		}
		if !slices.Contains(apply, at) {
			apply = append(apply, at)
		}
	}
	if len(clashes) > 0 && !preferMine {
		return nil, clashes, nil
	}
	for _, p := range apply {
		if err := setAt(tt, p, valueAt(mt, p)); err != nil {
			return nil, nil, err
		}
	}
	data, err := json.Marshal(tt)
	if err != nil {
		return nil, nil, err
	}
	merged, err = domain.Decode(data)
	return merged, nil, err
}

// mergeResult is the outcome of mergeWithNewest.
type mergeResult struct {
	// theirs is the newest revision (theirsMeta its metadata).
	theirs     *domain.Filing
	theirsMeta Meta
	// merged is theirs with this session's changes (nil on clashes).
	merged  *domain.Filing
	clashes []string
	err     error
}

// mergeWithNewest loads the newest revision of id and merges the changes
// from base to mine into it.
func mergeWithNewest(store Store, id string, base, mine *domain.Filing) mergeResult {
	theirs, tm, err := store.Get(id)
	if err != nil {
		return mergeResult{err: err}
	}
	r := mergeResult{theirs: theirs, theirsMeta: tm}
	if base == nil {
		r.err = fmt.Errorf("merge: no base")
		return r
	}
	r.merged, r.clashes, r.err = mergeFilings(base, theirs, mine)
	return r
}

// fieldLabels names the fields at paths in Chinese, using the labels of
// domain.Diff between a and b where it has them.
func fieldLabels(a, b *domain.Filing, paths []string) []string {
	ch := domain.Diff(a, b)
	var out []string
	for _, p := range paths {
		label := p
		for _, c := range ch {
			if overlaps(c.Path, p) {
				label = c.Label
				break
			}
		}
		if !slices.Contains(out, label) {
			out = append(out, label)
		}
	}
	return out
}
