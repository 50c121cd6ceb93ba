package xecmtest

import (
	"strings"
	"time"
)

// The two timestamp layouts of the wire format: v2 properties carry a zone
// ("2025-01-19T06:57:04Z"); v1 envelopes and audit entries do not
// ("2025-06-30T01:14:59"). Clients must parse both.
const (
	layoutV2     = "2006-01-02T15:04:05Z"
	layoutNoZone = "2006-01-02T15:04:05"
)

// dateV2 formats t with a zone, or returns nil for the zero time (JSON null).
func dateV2(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	var b [len(layoutV2)]byte
	return string(appendDate(b[:0], t, layoutV2))
}

// dateNoZone formats t without a zone, or returns nil for the zero time.
func dateNoZone(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	var b [len(layoutV2)]byte
	return string(appendDate(b[:0], t, layoutNoZone))
}

// appendDate appends t in UTC as t.UTC().AppendFormat(dst, layout) does for
// layout layoutV2 or layoutNoZone, without interpreting the layout: every
// date of a node listing goes through it.
func appendDate(dst []byte, t time.Time, layout string) []byte {
	t = t.UTC()
	year, month, day := t.Date()
	if year < 0 || year > 9999 || layout != layoutV2 && layout != layoutNoZone {
		return t.AppendFormat(dst, layout)
	}
	hour, minute, sec := t.Clock()
	two := func(dst []byte, n int) []byte { return append(dst, byte('0'+n/10), byte('0'+n%10)) }
	dst = two(two(dst, year/100), year%100)
	dst = two(append(dst, '-'), int(month))
	dst = two(append(dst, '-'), day)
	dst = two(append(dst, 'T'), hour)
	dst = two(append(dst, ':'), minute)
	dst = two(append(dst, ':'), sec)
	if layout == layoutV2 {
		dst = append(dst, 'Z')
	}
	return dst
}

// parseDateParam parses a date filter value: "YYYY-MM-DD" (endOfDay picks
// the last second of that day), a zone-less datetime or RFC 3339.
func parseDateParam(s string, endOfDay bool) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		if endOfDay {
			t = t.Add(24*time.Hour - time.Second)
		}
		return t, true
	}
	for _, layout := range []string{layoutNoZone, time.RFC3339} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}
