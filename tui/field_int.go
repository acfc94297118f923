package tui

import (
	"fmt"
	"strconv"
	"strings"

	"jixiao/domain"
)

// IntField is a whole-number input (编制数, 实际在职人数, 年度) bound to an
// optional int. Blank text stores nil. Its draft follows lineField, and a
// filled field's content is selected when the user comes to it.
type IntField struct {
	lineField[*int]
}

// NewIntField returns a whole-number field accepting min…max.
func NewIntField(key, title string, lo, hi int, get func(*domain.Filing) *int, set func(*domain.Filing, *int)) *IntField {
	n := &IntField{}
	n.lineField = lineField[*int]{key: key, title: title, get: get, set: set,
		parse: func(s string) (*int, error) { return parseInt(s, lo, hi) },
		show: func(v *int) string {
			if v == nil {
				return ""
			}
			return strconv.Itoa(*v)
		},
		same:      func(a, b *int) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) },
		selectAll: true,
		ed:        editor{limit: 12},
	}
	return n
}

// parseInt reads a whole number typed with ASCII or full-width digits.
func parseInt(s string, lo, hi int) (*int, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return nil, nil
	}
	var b strings.Builder
	for _, r := range t {
		if r >= '０' && r <= '９' {
			r = '0' + (r - '０')
		}
		b.WriteRune(r)
	}
	v, err := strconv.Atoi(b.String())
	if err != nil {
		return nil, fmt.Errorf("“%s”不是整数", s)
	}
	if v < lo || v > hi {
		return nil, fmt.Errorf("“%s”超出范围，应在%d至%d之间", s, lo, hi)
	}
	return &v, nil
}
