package tui

import (
	_ "embed"

	"jixiao/domain"
)

//go:embed sample.json
var sampleJSON []byte

// Sample returns the bundled sample filing: the 2024 self-evaluation of
// 岳阳市岳阳楼区梅溪街道办事处.
func Sample() *domain.Filing {
	f, err := domain.Decode(sampleJSON)
	if err != nil {
		// The embedded file is tested; fall back to an empty filing.
		return domain.NewFiling("岳阳市岳阳楼区梅溪街道办事处", 2024)
	}
	return f
}
