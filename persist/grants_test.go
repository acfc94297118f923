package persist

import (
	"slices"
	"testing"
)

func TestGrantsRevoke(t *testing.T) {
	s := newStore(t, Options{User: "admin"})
	if g, err := s.Grants("张三"); err != nil || len(g) != 0 {
		t.Fatalf("grants on a fresh db: %v %v", g, err)
	}
	for _, u := range []string{"梅溪街道", "东城街道", "梅溪街道"} {
		if err := s.Grant("张三", " "+u+" "); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Grant("李四", "东城街道"); err != nil {
		t.Fatal(err)
	}
	g, err := s.Grants("张三")
	if err != nil || !slices.Equal(g, []string{"东城街道", "梅溪街道"}) {
		t.Fatalf("grants: %v %v", g, err)
	}
	had, err := s.Revoke("张三", "梅溪街道")
	if err != nil || !had {
		t.Fatalf("revoke: %v %v", had, err)
	}
	if had, err := s.Revoke("张三", "梅溪街道"); err != nil || had {
		t.Fatalf("second revoke: %v %v", had, err)
	}
	if had, err := s.Revoke("nobody", "x"); err != nil || had {
		t.Fatalf("revoke of unknown user: %v %v", had, err)
	}
	all, err := s.AllGrants()
	if err != nil || len(all) != 2 || !slices.Equal(all["张三"], []string{"东城街道"}) {
		t.Fatalf("all: %v %v", all, err)
	}
	if err := s.Grant("", "x"); err == nil {
		t.Fatal("empty user accepted")
	}
	// The extra bucket does not disturb the database check.
	if problems, err := s.Check(); err != nil || len(problems) != 0 {
		t.Fatalf("check: %v %v", problems, err)
	}
}
