// Package sample holds the sample filing: the 2024 self-evaluation of
// 岳阳市岳阳楼区梅溪街道办事处 (total 94.87, 优; 执行率 48.65%), as the
// JSON document meixi-2024.json. It is the repository's only copy: the
// demo, the TUI's 载入示例 and every test take it from here. The package
// has no dependencies, so domain's own tests can use it too.
package sample

import (
	"bytes"
	_ "embed"
)

//go:embed meixi-2024.json
var data []byte

// FileName is the sample's file name, as imports of it record it
// ("导入 meixi-2024.json").
const FileName = "meixi-2024.json"

// Unit and Year are the sample's unit and year.
const (
	Unit = "岳阳市岳阳楼区梅溪街道办事处"
	Year = 2024
)

// JSON returns the sample's JSON document (a copy the caller may change).
func JSON() []byte { return bytes.Clone(data) }
