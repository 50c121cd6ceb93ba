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
	if tt, ok := parseUTCSeconds(b); ok {
		*t = Time{tt}
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

// parseUTCSeconds reads "2006-01-02T15:04:05Z", the form nearly every
// server date takes, straight from the quoted bytes: it is what
// time.Parse(time.RFC3339, ...) returns for it, without the general
// parser's cost on a page of nodes with several dates each. Anything else,
// or a field out of range, is left to the general path.
func parseUTCSeconds(b []byte) (time.Time, bool) {
	if len(b) != 22 || b[0] != '"' || b[21] != '"' || b[5] != '-' || b[8] != '-' || b[11] != 'T' ||
		b[14] != ':' || b[17] != ':' || b[20] != 'Z' {
		return time.Time{}, false
	}
	num := func(from, to int) (int, bool) {
		v := 0
		for _, c := range b[from:to] {
			if c < '0' || c > '9' {
				return 0, false
			}
			v = v*10 + int(c-'0')
		}
		return v, true
	}
	year, ok1 := num(1, 5)
	month, ok2 := num(6, 8)
	day, ok3 := num(9, 11)
	hour, ok4 := num(12, 14)
	minute, ok5 := num(15, 17)
	sec, ok6 := num(18, 20)
	if !ok1 || !ok2 || !ok3 || !ok4 || !ok5 || !ok6 || month < 1 || month > 12 || day < 1 ||
		day > daysIn(time.Month(month), year) || hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, false
	}
	return time.Date(year, time.Month(month), day, hour, minute, sec, 0, time.UTC), true
}

// daysIn is the number of days in month of year (proleptic Gregorian).
func daysIn(month time.Month, year int) int {
	switch month {
	case time.February:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// MarshalJSON implements json.Marshaler; the zero Time is null.
func (t Time) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(t.UTC().Format(time.RFC3339))
}
