package domain

import "testing"

// BenchmarkDecode and BenchmarkEncode measure the sample's read (with the
// sanitising and unknown-key scan) and write (with the per-object writers).
func BenchmarkDecode(b *testing.B) {
	data := sampleBytes(b)
	for b.Loop() {
		if _, err := Decode(data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncode(b *testing.B) {
	f := loadSample(b)
	for b.Loop() {
		if _, err := Encode(f); err != nil {
			b.Fatal(err)
		}
	}
}
