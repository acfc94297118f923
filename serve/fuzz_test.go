package serve

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzUploadName: an accepted upload name is stored under a single
// path component that decodes back to it; nothing else is accepted.
func FuzzUploadName(f *testing.F) {
	for _, s := range []string{"梅溪.json", "../x.json", "/etc/passwd", ".json", "a\x00.json", "a\u202e.json", strings.Repeat("长", 60) + ".json", "A.JSON"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if checkUploadName(name) != nil {
			return
		}
		stored := encodeUploadName(name)
		if strings.ContainsAny(stored, "/\\") || strings.HasPrefix(stored, ".") || len(stored) > 255 {
			t.Fatalf("%q stored as %q", name, stored)
		}
		back, ok := decodeUploadName(stored)
		if !ok || back != name {
			t.Fatalf("%q → %q → %q, %v", name, stored, back, ok)
		}
		if !utf8.ValidString(name) || strings.ContainsAny(name, "/\\") || name == "." || name == ".." {
			t.Fatalf("unsafe name %q accepted", name)
		}
	})
}

// FuzzParseAuthorizedKeys: no input crashes the parser, and no accepted
// key carries a refused option or lacks a name.
func FuzzParseAuthorizedKeys(f *testing.F) {
	k := "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGtQpq9nNSkUsjmM5VYDBeXcmjWzu6sg2f6+R6q1l0jl 张三"
	for _, s := range []string{k, `from="10.0.0.0/8" ` + k, `command="sh" ` + k, `cert-authority ` + k, `restrict,pty ` + k, `expiry-time="2030" ` + k, "#\n\n" + k + "\n" + k} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data string) {
		keys, _ := parseAuthorizedKeys([]byte(data))
		seen := map[string]bool{}
		for _, a := range keys {
			if strings.TrimSpace(a.name) == "" {
				t.Fatalf("key without a name accepted from %q", data)
			}
			blob := string(a.key.Marshal())
			if seen[blob] {
				t.Fatalf("duplicate key accepted from %q", data)
			}
			seen[blob] = true
		}
	})
}
