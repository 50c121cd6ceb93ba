package portal

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Approval ties publication to versions rather than to the document. A
// document's categories say it is approved, but a version added after the
// approval was never reviewed: with an Approval rule, only versions the
// approval covers are served, as the latest and through links, so a new
// version is published only once it is approved in turn.
//
// The approval is read from a category on the document: the version
// numbers it names (VersionAttribute), or the time it was given
// (DateAttribute), which covers the versions that existed then. Set one or
// both; a document without either value has no approved version and is
// not published.
type Approval struct {
	// Category names the category holding the approval; CategoryID, if
	// set, is used instead.
	Category   string
	CategoryID int64
	// VersionAttribute names an attribute holding the approved version
	// number, or several in a multi-value attribute.
	VersionAttribute string
	// DateAttribute names an attribute holding when the approval was
	// given: versions created at or before it are approved. A value
	// without a time of day is read as the start of that day, so that a
	// version added later the same day is not taken as approved (prefer
	// VersionAttribute where the approval workflow can record it).
	DateAttribute string
}

func (a *Approval) check() error {
	if a.Category == "" && a.CategoryID <= 0 {
		return invalid("Policy.Approval: set Category or CategoryID")
	}
	if a.VersionAttribute == "" && a.DateAttribute == "" {
		return invalid("Policy.Approval: set VersionAttribute or DateAttribute (or both)")
	}
	return nil
}

// approvedSet returns which versions the approval covers: a predicate
// over versions, false for all when the categories record no approval.
func (a *Approval) approvedSet(cats []CategoryValues) func(v *VersionInfo) bool {
	var numbers []int
	var until time.Time
	for _, cat := range cats {
		if a.CategoryID > 0 && cat.ID != a.CategoryID || a.CategoryID <= 0 && cat.Name != a.Category {
			continue
		}
		if a.VersionAttribute != "" {
			for _, x := range values(cat.Values[a.VersionAttribute]) {
				if n, ok := versionNumber(x); ok {
					numbers = append(numbers, n)
				}
			}
		}
		if a.DateAttribute != "" {
			for _, x := range values(cat.Values[a.DateAttribute]) {
				if t, ok := approvalTime(x); ok && t.After(until) {
					until = t
				}
			}
		}
	}
	return func(v *VersionInfo) bool {
		for _, n := range numbers {
			if n == v.Number {
				return true
			}
		}
		return !until.IsZero() && !v.Created.IsZero() && !v.Created.After(until)
	}
}

// values spreads a multi-value attribute.
func values(v any) []any {
	if vs, ok := v.([]any); ok {
		return vs
	}
	if v == nil {
		return nil
	}
	return []any{v}
}

// versionNumber reads a version number as JSON gives it (a number or text).
func versionNumber(x any) (int, bool) {
	switch n := x.(type) {
	case int:
		return n, n > 0
	case int64:
		return int(n), n > 0
	case float64:
		return int(n), n > 0 && n == float64(int(n))
	case string:
		i, err := strconv.Atoi(strings.TrimSpace(n))
		return i, err == nil && i > 0
	}
	return 0, false
}

// approvalTime reads a date attribute: a time.Time, or text in the
// layouts Content Server uses (with or without a zone, or a bare date).
func approvalTime(x any) (time.Time, bool) {
	switch t := x.(type) {
	case time.Time:
		return t, !t.IsZero()
	case string:
		s := strings.TrimSpace(t)
		for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02"} {
			if v, err := time.Parse(layout, s); err == nil {
				return v, true
			}
		}
	}
	return time.Time{}, false
}

// String describes the rule, for logs.
func (a *Approval) String() string {
	name := a.Category
	if a.CategoryID > 0 {
		name = fmt.Sprint(a.CategoryID)
	}
	return fmt.Sprintf("approval in %s (versions %q, date %q)", name, a.VersionAttribute, a.DateAttribute)
}
