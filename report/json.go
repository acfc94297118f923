package report

import (
	"io"

	"jixiao/domain"
)

// JSON writes the filing as its jixiao/filing@1 document.
func JSON(w io.Writer, f *domain.Filing) error {
	data, err := domain.Encode(f)
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}
