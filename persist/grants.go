package persist

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// The grants of `jixiao serve` live in their own bucket of the same
// database:
//
//	grants     user name → JSON array of unit names (sorted, unique)
//
// The bucket is created by the first Grant; a database without it simply
// has no grants.
var bucketGrants = []byte("grants")

// normalizeGrant trims the surrounding space of a user or unit name.
func normalizeGrant(s string) string { return strings.TrimSpace(s) }

// readUnits decodes the units granted to user in b (nil b: none).
func readUnits(b *bolt.Bucket, user string) ([]string, error) {
	if b == nil {
		return nil, nil
	}
	v := b.Get([]byte(user))
	if v == nil {
		return nil, nil
	}
	var units []string
	if err := json.Unmarshal(v, &units); err != nil {
		return nil, fmt.Errorf("用户 %s 的授权记录已损坏（%v）", user, err)
	}
	return units, nil
}

// Grant allows user to see and edit the filings of unit. Granting a unit
// the user already has changes nothing. The audit entry (授权, in the event
// log) is written in the same transaction.
func (s *Store) Grant(user, unit string) error {
	user, unit = normalizeGrant(user), normalizeGrant(unit)
	if user == "" || unit == "" {
		return fmt.Errorf("授权需要用户名和单位名称")
	}
	return s.update(func(tx *bolt.Tx, _ *handle) error {
		b, err := tx.CreateBucketIfNotExists(bucketGrants)
		if err != nil {
			return err
		}
		units, err := readUnits(b, user)
		if err != nil {
			return err
		}
		if slices.Contains(units, unit) {
			return errRollback
		}
		units = append(units, unit)
		slices.Sort(units)
		data, err := json.Marshal(units)
		if err != nil {
			return err
		}
		if err := b.Put([]byte(user), data); err != nil {
			return err
		}
		return s.auditGrant(tx, ActionGrant, user, unit)
	})
}

// auditGrant writes the event-log entry of a grant change.
func (s *Store) auditGrant(tx *bolt.Tx, action, user, unit string) error {
	e := s.entry(action, "", 0, s.now())
	e.Unit, e.Grantee = unit, user
	return putAudit(tx, e)
}

// Revoke withdraws user's grant of unit. It reports whether the user had
// it. The audit entry (撤销授权) is written in the same transaction.
func (s *Store) Revoke(user, unit string) (bool, error) {
	user, unit = normalizeGrant(user), normalizeGrant(unit)
	had := false
	err := s.update(func(tx *bolt.Tx, _ *handle) error {
		b := tx.Bucket(bucketGrants)
		units, err := readUnits(b, user)
		if err != nil {
			return err
		}
		i := slices.Index(units, unit)
		if i < 0 {
			return errRollback
		}
		had = true
		units = slices.Delete(units, i, i+1)
		if len(units) == 0 {
			err = b.Delete([]byte(user))
		} else {
			var data []byte
			if data, err = json.Marshal(units); err == nil {
				err = b.Put([]byte(user), data)
			}
		}
		if err != nil {
			return err
		}
		return s.auditGrant(tx, ActionRevoke, user, unit)
	})
	return had, err
}

// Grants returns the units granted to user, sorted.
func (s *Store) Grants(user string) ([]string, error) {
	user = normalizeGrant(user)
	var units []string
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		units, err = readUnits(tx.Bucket(bucketGrants), user)
		return err
	})
	return units, err
}

// AllGrants returns every user's granted units.
func (s *Store) AllGrants() (map[string][]string, error) {
	out := map[string][]string{}
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketGrants)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, _ []byte) error {
			units, err := readUnits(b, string(k))
			if err != nil {
				return err
			}
			out[string(k)] = units
			return nil
		})
	})
	return out, err
}
