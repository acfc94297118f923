package tui

import (
	"fmt"

	"jixiao/domain"
	"jixiao/internal/sample"
)

// sampleFiling is the decoded sample. It is decoded when the program
// starts, so a sample that does not decode stops every start with the
// reason instead of offering something else as the sample.
var sampleFiling = decodeSample(sample.JSON())

func decodeSample(data []byte) *domain.Filing {
	f, err := domain.Decode(data)
	if err != nil {
		panic(fmt.Sprintf("jixiao：内置的示例填报（internal/sample/%s）无法解析，程序已损坏：%v", sample.FileName, err))
	}
	return f
}

// Sample returns the bundled sample filing: the 2024 self-evaluation of
// 岳阳市岳阳楼区梅溪街道办事处 (a copy the caller may change).
func Sample() *domain.Filing { return sampleFiling.Clone() }
