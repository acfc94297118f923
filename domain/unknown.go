package domain

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// UnknownKeys are the keys of one JSON object of a filing that jixiao does
// not know (a misspelt key, or one written by a newer version), with their
// values exactly as read. Decode keeps them on the object they were read in
// and Encode writes them back after the known keys, so nothing is lost on a
// round trip; Check reports each one (input.unknown_key). The zero value
// holds none. It is comparable, so the structs that embed it stay so.
type UnknownKeys struct {
	// members is the compact JSON text of the members, `"k":v,"k2":v2`.
	members string
}

// IsEmpty reports whether there are no unknown keys.
func (u UnknownKeys) IsEmpty() bool { return u.members == "" }

// Keys returns the unknown keys in the order they were read.
func (u UnknownKeys) Keys() []string {
	if u.members == "" {
		return nil
	}
	var m []string
	dec := json.NewDecoder(strings.NewReader("{" + u.members + "}"))
	dec.Token()
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		k, _ := tok.(string)
		m = append(m, k)
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			break
		}
	}
	return m
}

// with returns u with key: raw appended.
func (u UnknownKeys) with(key string, raw []byte) UnknownKeys {
	var b bytes.Buffer
	if json.Compact(&b, raw) != nil {
		return u
	}
	k, _ := marshalNoEscape(key)
	m := string(k) + ":" + b.String()
	if u.members != "" {
		m = u.members + "," + m
	}
	return UnknownKeys{members: m}
}

// marshalNoEscape is json.Marshal without escaping <, > and &, and without
// the encoder's trailing newline.
func marshalNoEscape(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// marshalObject writes v (a struct type without methods) followed by the
// unknown keys u.
func marshalObject(v any, u UnknownKeys) ([]byte, error) {
	b, err := marshalNoEscape(v)
	if err != nil || u.members == "" {
		return b, err
	}
	if len(b) < 2 || b[len(b)-1] != '}' {
		return nil, fmt.Errorf("encode: %T is not an object", v)
	}
	out := append([]byte(nil), b[:len(b)-1]...)
	if len(b) > 2 {
		out = append(out, ',')
	}
	out = append(out, u.members...)
	return append(out, '}'), nil
}

// The MarshalJSON methods below write each object's known keys, then its
// unknown ones.

// MarshalJSON writes the filing with its unknown keys.
func (x Filing) MarshalJSON() ([]byte, error) {
	type plain Filing
	return marshalObject(plain(x), x.Unknown)
}

// MarshalJSON writes the object with its unknown keys.
func (x Signoff) MarshalJSON() ([]byte, error) {
	type plain Signoff
	return marshalObject(plain(x), x.Unknown)
}

// MarshalJSON writes the object with its unknown keys.
func (x BasicData) MarshalJSON() ([]byte, error) {
	type plain BasicData
	return marshalObject(plain(x), x.Unknown)
}

// MarshalJSON writes the object with its unknown keys.
func (x Staffing) MarshalJSON() ([]byte, error) {
	type plain Staffing
	return marshalObject(plain(x), x.Unknown)
}

// MarshalJSON writes the object with its unknown keys.
func (x Triple) MarshalJSON() ([]byte, error) {
	type plain Triple
	return marshalObject(plain(x), x.Unknown)
}

// MarshalJSON writes the object with its unknown keys.
func (x Sangong) MarshalJSON() ([]byte, error) {
	type plain Sangong
	return marshalObject(plain(x), x.Unknown)
}

// MarshalJSON writes the object with its unknown keys.
func (x NamedTriple) MarshalJSON() ([]byte, error) {
	type plain NamedTriple
	return marshalObject(plain(x), x.Unknown)
}

// MarshalJSON writes the object with its unknown keys.
func (x ProjectSpending) MarshalJSON() ([]byte, error) {
	type plain ProjectSpending
	return marshalObject(plain(x), x.Unknown)
}

// MarshalJSON writes the object with its unknown keys.
func (x PublicSpending) MarshalJSON() ([]byte, error) {
	type plain PublicSpending
	return marshalObject(plain(x), x.Unknown)
}

// MarshalJSON writes the object with its unknown keys.
func (x Building) MarshalJSON() ([]byte, error) {
	type plain Building
	return marshalObject(plain(x), x.Unknown)
}

// MarshalJSON writes the object with its unknown keys.
func (x Funds) MarshalJSON() ([]byte, error) {
	type plain Funds
	return marshalObject(plain(x), x.Unknown)
}

// MarshalJSON writes the object with its unknown keys.
func (x Overall) MarshalJSON() ([]byte, error) {
	type plain Overall
	return marshalObject(plain(x), x.Unknown)
}

// MarshalJSON writes the object with its unknown keys.
func (x Income) MarshalJSON() ([]byte, error) {
	type plain Income
	return marshalObject(plain(x), x.Unknown)
}

// MarshalJSON writes the object with its unknown keys.
func (x Expenditure) MarshalJSON() ([]byte, error) {
	type plain Expenditure
	return marshalObject(plain(x), x.Unknown)
}

// MarshalJSON writes the object with its unknown keys.
func (x Goals) MarshalJSON() ([]byte, error) {
	type plain Goals
	return marshalObject(plain(x), x.Unknown)
}

// MarshalJSON writes the object with its unknown keys.
func (x Indicator) MarshalJSON() ([]byte, error) {
	type plain Indicator
	return marshalObject(plain(x), x.Unknown)
}

// MarshalJSON writes the object with its unknown keys.
func (x Project) MarshalJSON() ([]byte, error) {
	type plain Project
	return marshalObject(plain(x), x.Unknown)
}

// MarshalJSON writes the object with its unknown keys.
func (x ProjectFunds) MarshalJSON() ([]byte, error) {
	type plain ProjectFunds
	return marshalObject(plain(x), x.Unknown)
}

// MarshalJSON writes the object with its unknown keys.
func (x Report) MarshalJSON() ([]byte, error) {
	type plain Report
	return marshalObject(plain(x), x.Unknown)
}

// MarshalJSON writes the object with its unknown keys.
func (x GeneralBudgetSpending) MarshalJSON() ([]byte, error) {
	type plain GeneralBudgetSpending
	return marshalObject(plain(x), x.Unknown)
}

// unknownKey is one key found by scanInput that the model does not know.
type unknownKey struct {
	// parent is the JSON path of the object holding the key.
	parent []string
	key    string
	raw    []byte
}

// inputScan is what scanInput finds in a document Decode has read.
type inputScan struct {
	unknown []unknownKey
	// invalidUTF8 counts, per JSON path (dotted), the strings holding bytes
	// that are not UTF-8; encoding/json has replaced them with U+FFFD.
	invalidUTF8     []string
	invalidUTF8Seen map[string]int
}

// scanInput walks a document that decoded without error alongside the
// Filing type and records its unknown keys and its strings that are not
// valid UTF-8.
func scanInput(data []byte) inputScan {
	s := &inputScanner{data: data, dec: json.NewDecoder(bytes.NewReader(data))}
	s.dec.UseNumber()
	s.out.invalidUTF8Seen = map[string]int{}
	s.value(reflect.TypeFor[Filing](), nil)
	return s.out
}

type inputScanner struct {
	data   []byte
	dec    *json.Decoder
	out    inputScan
	failed bool
}

// valueStart returns the offset of the next value, past spaces, ':' and ','.
func (s *inputScanner) valueStart() int64 {
	start := skipSpace(s.data, s.dec.InputOffset())
	for start < int64(len(s.data)) && (s.data[start] == ':' || s.data[start] == ',') {
		start = skipSpace(s.data, start+1)
	}
	return start
}

func (s *inputScanner) invalid(path []string) {
	p := strings.Join(path, ".")
	if s.out.invalidUTF8Seen[p] == 0 {
		s.out.invalidUTF8 = append(s.out.invalidUTF8, p)
	}
	s.out.invalidUTF8Seen[p]++
}

// value reads one value of Go type t (nil for the value of an unknown key).
func (s *inputScanner) value(t reflect.Type, path []string) {
	if s.failed {
		return
	}
	start := s.valueStart()
	tok, err := s.dec.Token()
	if err != nil {
		s.failed = true
		return
	}
	for t != nil && t.Kind() == reflect.Pointer && !reflect.PointerTo(t).Implements(unmarshalerType) {
		t = t.Elem()
	}
	switch tok {
	case json.Delim('{'):
		isModel := t != nil && t.Kind() == reflect.Struct && t != reflect.TypeFor[Amount]()
		for s.dec.More() && !s.failed {
			keyStart := s.valueStart()
			keyTok, err := s.dec.Token()
			if err != nil {
				s.failed = true
				return
			}
			key, _ := keyTok.(string)
			// keyPath may share its array with sibling paths: copy it
			// before keeping it.
			keyPath := append(path, key)
			if !utf8.Valid(s.data[keyStart:s.dec.InputOffset()]) && t != nil {
				s.invalid(keyPath)
			}
			ft := fieldType(t, key)
			if isModel && ft == nil {
				vs := s.valueStart()
				s.value(nil, keyPath)
				if s.failed {
					return
				}
				s.out.unknown = append(s.out.unknown, unknownKey{parent: slices.Clone(path), key: key, raw: s.data[vs:s.dec.InputOffset()]})
				continue
			}
			s.value(ft, keyPath)
		}
		if !s.failed {
			s.dec.Token()
		}
	case json.Delim('['):
		var elem reflect.Type
		if t != nil && t.Kind() == reflect.Slice {
			elem = t.Elem()
		}
		for i := 0; s.dec.More() && !s.failed; i++ {
			s.value(elem, append(path, strconv.Itoa(i)))
		}
		if !s.failed {
			s.dec.Token()
		}
	default:
		if _, ok := tok.(string); ok && t != nil && !utf8.Valid(s.data[start:s.dec.InputOffset()]) {
			s.invalid(path)
		}
	}
}

// attachUnknown stores each unknown key on the object of f it was read in.
func attachUnknown(f *Filing, keys []unknownKey) {
	for _, k := range keys {
		v, ok := lookup(reflect.ValueOf(f).Elem(), k.parent)
		if !ok {
			continue
		}
		field := v.FieldByName("Unknown")
		if !field.IsValid() || !field.CanSet() {
			continue
		}
		u := field.Interface().(UnknownKeys)
		field.Set(reflect.ValueOf(u.with(k.key, k.raw)))
	}
}

// lookup follows a JSON path from v (a struct) to the struct it names.
func lookup(v reflect.Value, path []string) (reflect.Value, bool) {
	for _, p := range path {
		for v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return v, false
			}
			v = v.Elem()
		}
		switch v.Kind() {
		case reflect.Struct:
			i := fieldIndex(v.Type(), p)
			if i < 0 {
				return v, false
			}
			v = v.Field(i)
		case reflect.Slice:
			n, err := strconv.Atoi(p)
			if err != nil || n < 0 || n >= v.Len() {
				return v, false
			}
			v = v.Index(n)
		default:
			return v, false
		}
	}
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return v, false
		}
		v = v.Elem()
	}
	return v, v.Kind() == reflect.Struct
}

// fieldIndex is fieldType's match returning the field's index, or -1.
func fieldIndex(t reflect.Type, key string) int {
	folded := -1
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		if name == key {
			return i
		}
		if folded < 0 && strings.EqualFold(name, key) {
			folded = i
		}
	}
	return folded
}

// jsonKeyNames lists the JSON keys of struct type t.
func jsonKeyNames(t reflect.Type) []string {
	var keys []string
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			keys = append(keys, name)
		}
	}
	return keys
}

// unknownEntry is one unknown key of a filing, for Check.
type unknownEntry struct {
	// path is the dotted JSON path of the key itself.
	path []string
	// suggestion is the nearest known key of the same object, or "".
	suggestion string
}

// unknownEntries lists every unknown key held in f, in document order.
func unknownEntries(f *Filing) []unknownEntry {
	var out []unknownEntry
	walkJSON(f, func(v reflect.Value, path []string) {
		if v.Kind() != reflect.Struct {
			return
		}
		field := v.FieldByName("Unknown")
		if !field.IsValid() {
			return
		}
		u, ok := field.Interface().(UnknownKeys)
		if !ok {
			return
		}
		known := jsonKeyNames(v.Type())
		for _, k := range u.Keys() {
			out = append(out, unknownEntry{path: append(append([]string(nil), path...), k), suggestion: nearestKey(k, known)})
		}
	})
	return out
}

// nearestKey returns the known key closest to key by edit distance, when
// it is close enough to be a likely misspelling: at most a third of the
// longer key's characters differ (at least 2 may), or the two share their
// first word ("current_appropriation" → "current_year"). Otherwise "".
func nearestKey(key string, known []string) string {
	best, bestDist := "", -1
	for _, k := range known {
		d := editDistance(strings.ToLower(key), k)
		if bestDist < 0 || d < bestDist {
			best, bestDist = k, d
		}
	}
	if best != "" && bestDist <= max(2, max(utf8.RuneCountInString(key), len(best))/3) {
		return best
	}
	word := firstWord(strings.ToLower(key))
	if utf8.RuneCountInString(word) < 3 {
		return ""
	}
	best, bestDist = "", -1
	for _, k := range known {
		if firstWord(k) != word {
			continue
		}
		if d := editDistance(strings.ToLower(key), k); bestDist < 0 || d < bestDist {
			best, bestDist = k, d
		}
	}
	return best
}

func firstWord(s string) string {
	w, _, _ := strings.Cut(s, "_")
	return w
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// bracketPath writes a JSON path as readers of JSON expect it in a message:
// projects[0].funds.current_appropriation.
func bracketPath(path []string) string {
	var b strings.Builder
	for _, p := range path {
		if _, err := strconv.Atoi(p); err == nil {
			b.WriteString("[" + p + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(p)
	}
	return b.String()
}
