package portal

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xecm-go/xecm"
)

// Approval says where the approval of a version is recorded. It is
// required: the portal publishes versions, not documents. A document's
// categories may say it is approved (Policy.Require), but a version added
// after that approval was never reviewed, so only the versions the
// approval covers are served, as the latest and through links, and a new
// version is published only once it is approved in turn. There is no
// setting that publishes a document's latest version merely because the
// document was approved once.
//
// The approval is read from a category on the document: the version
// numbers it names (VersionAttribute), or the time it was given
// (DateAttribute). Set one or both:
//
//   - VersionAttribute alone: the versions whose numbers it holds (one, or
//     several in a multi-value attribute) are approved.
//   - DateAttribute alone: each value approves the latest version created
//     at or before it, the one reviewers saw; a version added later is not
//     approved, nor is an older one the approval superseded.
//   - Both: a version is approved when its number is recorded and it was
//     created at or before the approval, so that a number recorded ahead
//     of its version (a typo, or a workflow that counts on) approves
//     nothing that is uploaded later.
//
// A document whose category holds no such value has no approved version
// and is not published. Moving the approval back to an older version
// publishes that version again, and only it.
type Approval struct {
	// Category names the category holding the approval; CategoryID, if
	// set, is used instead.
	Category   string
	CategoryID int64
	// VersionAttribute names an integer (or text) attribute holding the
	// approved version number, or several in a multi-value attribute.
	VersionAttribute string
	// DateAttribute names a date attribute holding when the approval was
	// given. A value without a time of day is read as the start of that
	// day, so that a version added later the same day is not taken as
	// approved (prefer VersionAttribute where the approval workflow can
	// record it). A value without a zone is read as UTC, as the SDK reads
	// the server's version dates.
	DateAttribute string
}

// check validates the rule; a Policy without one is refused.
func (a *Approval) check() error {
	if a.Category == "" && a.CategoryID <= 0 && a.VersionAttribute == "" && a.DateAttribute == "" {
		return invalid("Policy.Approval is not set: name the category (Approval.Category or CategoryID) and the attribute " +
			"recording the approved version number (Approval.VersionAttribute) or when the approval was given " +
			"(Approval.DateAttribute); the portal publishes approved versions, never a document's latest version " +
			"merely because the document was approved once")
	}
	if a.Category == "" && a.CategoryID <= 0 {
		return invalid("Policy.Approval: set Category or CategoryID")
	}
	if a.VersionAttribute == "" && a.DateAttribute == "" {
		return invalid("Policy.Approval: set VersionAttribute or DateAttribute (or both)")
	}
	return nil
}

// approved returns the versions among candidates that the approval
// recorded in cats covers, in the order of candidates; none when the
// categories record no approval.
func (a *Approval) approved(cats []CategoryValues, candidates []VersionInfo) []VersionInfo {
	numbers, dates := a.recorded(cats)
	covered := func(v *VersionInfo, until time.Time) bool {
		return !until.IsZero() && !v.Created.IsZero() && !v.Created.After(until)
	}
	var out []VersionInfo
	switch {
	case a.VersionAttribute != "" && a.DateAttribute != "":
		var last time.Time
		for _, d := range dates {
			if d.After(last) {
				last = d
			}
		}
		for _, v := range candidates {
			if slices.Contains(numbers, v.Number) && covered(&v, last) {
				out = append(out, v)
			}
		}
	case a.VersionAttribute != "":
		for _, v := range candidates {
			if slices.Contains(numbers, v.Number) {
				out = append(out, v)
			}
		}
	default:
		// Each date approves the latest version that existed then.
		pick := map[int]bool{}
		for _, d := range dates {
			best := -1
			for i := range candidates {
				if covered(&candidates[i], d) && (best < 0 || candidates[i].Number > candidates[best].Number) {
					best = i
				}
			}
			if best >= 0 {
				pick[candidates[best].Number] = true
			}
		}
		for _, v := range candidates {
			if pick[v.Number] {
				out = append(out, v)
			}
		}
	}
	return out
}

// recorded reads the approved version numbers and approval times from
// the approval's category.
func (a *Approval) recorded(cats []CategoryValues) (numbers []int, dates []time.Time) {
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
				if t, ok := approvalTime(x); ok {
					dates = append(dates, t)
				}
			}
		}
	}
	return numbers, dates
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

// versionNumber reads a version number as JSON gives it: a json.Number
// (as NewClientSource passes the SDK's values on), another number, or text.
func versionNumber(x any) (int, bool) {
	switch n := x.(type) {
	case json.Number:
		i, err := strconv.Atoi(n.String())
		return i, err == nil && i > 0
	case int:
		return n, n > 0
	case int64:
		return int(n), n > 0
	case float64:
		return int(n), n > 0 && n < 1<<31 && n == float64(int(n))
	case string:
		i, err := strconv.Atoi(strings.TrimSpace(n))
		return i, err == nil && i > 0
	}
	return 0, false
}

// approvalTime reads a date attribute: a time.Time, or text in the
// layouts the SDK reads the server's dates in (xecm.ParseTime: with or
// without a zone, or a bare date), so that it compares with the
// versions' creation dates read the same way.
func approvalTime(x any) (time.Time, bool) {
	switch t := x.(type) {
	case time.Time:
		return t, !t.IsZero()
	case xecm.Time:
		return t.Time, !t.IsZero()
	case string:
		v, err := xecm.ParseTime(strings.TrimSpace(t))
		return v.Time, err == nil && !v.IsZero()
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
