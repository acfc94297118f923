package report

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"jixiao/internal/sample"
)

// TestJSONEqualsFixture exports the sample as JSON and compares it with
// the fixture value for value (key order and spacing may differ).
func TestJSONEqualsFixture(t *testing.T) {
	var buf bytes.Buffer
	if err := JSON(&buf, loadSample(t)); err != nil {
		t.Fatal(err)
	}
	fixture := sample.JSON()
	var got, want any
	dec := json.NewDecoder(bytes.NewReader(buf.Bytes()))
	dec.UseNumber()
	if err := dec.Decode(&got); err != nil {
		t.Fatal(err)
	}
	dec = json.NewDecoder(bytes.NewReader(fixture))
	dec.UseNumber()
	if err := dec.Decode(&want); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Error("the JSON export differs from the fixture")
	}
}
