package xecm

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// Time is a timestamp from the server. Content Server writes most dates as
// RFC 3339 with a zone ("2025-01-19T06:57:04Z") but some endpoints (v1 calls,
// audit, records management) omit the zone ("2025-06-30T01:14:59"); those are
// read as UTC. A null or empty value is the zero Time.
type Time struct{ time.Time }

var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05",
	"2006-01-02",
}

// ParseTime parses a server timestamp in any of the layouts Content Server uses.
func ParseTime(s string) (Time, error) {
	if s == "" {
		return Time{}, nil
	}
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return Time{t}, nil
		}
	}
	return Time{}, fmt.Errorf("xecm: unrecognised timestamp %q", s)
}

// UnmarshalJSON implements json.Unmarshaler.
func (t *Time) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		*t = Time{}
		return nil
	}
	if len(b) > 2 && b[0] == '"' && b[len(b)-1] == '"' && b[len(b)-2] == 'Z' {
		// RFC 3339 in UTC, the server's usual form: parsed from the bytes,
		// without a string or a time.Location to allocate.
		var tt time.Time
		if tt.UnmarshalText(b[1:len(b)-1]) == nil {
			*t = Time{tt}
			return nil
		}
	}
	var s string
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' && !bytes.ContainsAny(b[1:len(b)-1], `"\\`) {
		s = string(b[1 : len(b)-1]) // a plain string: no need for a JSON decoder
	} else if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("xecm: timestamp is not a string: %s", prefix(b, 40))
	}
	v, err := ParseTime(s)
	if err != nil {
		return err
	}
	*t = v
	return nil
}

// MarshalJSON implements json.Marshaler; the zero Time is null.
func (t Time) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(t.UTC().Format(time.RFC3339))
}
