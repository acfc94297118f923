package persist

import (
	"bytes"
	"compress/flate"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"jixiao/domain"
)

// Stored documents start with a codec byte.
const (
	codecJSON    = 'j' // the filing@1 JSON as is
	codecDeflate = 'z' // the filing@1 JSON, raw DEFLATE (RFC 1951)
)

// prepared is a filing encoded for storage with the metadata derived from
// it. It is computed before the database is locked, so that the lock is
// held only for the write itself.
type prepared struct {
	doc      []byte // codec byte + payload
	hash     string // SHA-256 of the JSON, hex
	size     int    // bytes of JSON
	unit     string
	year     int
	rules    string // rulesStamp of the rules total was computed under
	total    string
	grade    string
	errors   int
	warnings int
}

var flateWriters = sync.Pool{New: func() any {
	w, _ := flate.NewWriter(nil, flate.BestSpeed)
	return w
}}

// encodedFiling is a filing as a jixiao/filing@1 document and its hash: the
// cheap first half of prepare, enough to tell an unchanged filing.
type encodedFiling struct {
	f    *domain.Filing
	data []byte
	hash string
}

func encode(f *domain.Filing) (*encodedFiling, error) {
	if f == nil {
		return nil, fmt.Errorf("没有要保存的填报")
	}
	data, err := domain.Encode(f)
	if err != nil {
		return nil, fmt.Errorf("填报无法编码为 %s：%w", domain.FormatID, err)
	}
	sum := sha256.Sum256(data)
	return &encodedFiling{f: f, data: data, hash: hex.EncodeToString(sum[:])}, nil
}

// prepare encodes f as a jixiao/filing@1 document, compresses it and scores
// it.
func prepare(f *domain.Filing) (*prepared, error) {
	e, err := encode(f)
	if err != nil {
		return nil, err
	}
	return e.prepare()
}

// prepare compresses and scores the encoded filing.
func (e *encodedFiling) prepare() (*prepared, error) {
	var buf bytes.Buffer
	buf.Grow(len(e.data)/6 + 64)
	buf.WriteByte(codecDeflate)
	w := flateWriters.Get().(*flate.Writer)
	w.Reset(&buf)
	_, err := w.Write(e.data)
	if err == nil {
		err = w.Close()
	}
	flateWriters.Put(w)
	if err != nil {
		return nil, fmt.Errorf("compress filing: %w", err)
	}
	ev := domain.Evaluate(e.f, domain.RulesFor(e.f))
	nerr, nwarn, _ := domain.Counts(ev.Findings)
	return &prepared{
		doc: buf.Bytes(), hash: e.hash, size: len(e.data),
		unit: e.f.Unit, year: e.f.Year, rules: rulesStamp(ev.Rules),
		total: ev.Scores.Headline(e.f).Total.StringFixed(2), grade: ev.Scores.Headline(e.f).Grade,
		errors: nerr, warnings: nwarn,
	}, nil
}

// record returns the metadata of revision rev of filing id holding p.
func (p *prepared) record(id string, rev int, created, updated time.Time, user, note string) *record {
	return &record{
		ID: id, Unit: p.unit, Year: p.year, Rev: rev,
		Created: created.UTC(), Updated: updated.UTC(), User: user,
		Rules: p.rules, Total: p.total, Grade: p.grade, Errors: p.errors, Warnings: p.warnings,
		Hash: p.hash, Size: p.size, Note: note,
	}
}

// decodeDoc returns the JSON of a stored document and checks it against
// the hash recorded with it (when there is one).
func decodeDoc(stored []byte, hash string) ([]byte, error) {
	if len(stored) == 0 {
		return nil, fmt.Errorf("内容为空")
	}
	var data []byte
	switch stored[0] {
	case codecJSON:
		data = stored[1:]
	case codecDeflate:
		r := flate.NewReader(bytes.NewReader(stored[1:]))
		var err error
		data, err = io.ReadAll(r)
		r.Close()
		if err != nil {
			return nil, fmt.Errorf("无法解压（%v）", err)
		}
	default:
		return nil, fmt.Errorf("未知的编码 %q", stored[0])
	}
	if hash != "" {
		sum := sha256.Sum256(data)
		if hex.EncodeToString(sum[:]) != hash {
			return nil, fmt.Errorf("内容与保存时记录的校验值不符")
		}
	}
	return data, nil
}

// idAlphabet has no 0/o and no 1/l, so that an id read aloud or copied
// from a screen over SSH is typed right.
const idAlphabet = "23456789abcdefghijkmnpqrstuvwxyz"

// idLength characters from 32 give about 10⁹ ids.
const idLength = 6

// newID returns a random id for which taken is false.
func newID(taken func(string) bool) (string, error) {
	var raw [idLength]byte
	for range 100 {
		if _, err := rand.Read(raw[:]); err != nil {
			return "", fmt.Errorf("无法生成编号：%w", err)
		}
		var b strings.Builder
		for _, c := range raw {
			b.WriteByte(idAlphabet[int(c)%len(idAlphabet)])
		}
		if id := b.String(); !taken(id) {
			return id, nil
		}
	}
	return "", fmt.Errorf("无法生成不重复的编号")
}

// normalizeID turns an id as a user typed it into the stored form.
func normalizeID(id string) string {
	return strings.ToLower(strings.TrimSpace(id))
}
