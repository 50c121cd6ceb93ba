package portal

import (
	"net/http"
	"strings"
	"time"
)

// validators are what conditional requests are compared with: the strong
// ETag of a version and its Last-Modified date (zero if unknown).
type validators struct {
	etag     string
	modified time.Time
	// dateStrong says the date names this version alone: it is the
	// version's own creation time and no other version of the document
	// was added in the same second. Only then does a date equal to
	// Last-Modified prove the reader holds this version (RFC 9110
	// §8.8.2.2); otherwise two versions could share the date and a resumed
	// download would splice one onto the other.
	dateStrong bool
	// unpinned says the URL serves whatever version is the latest, which
	// can move back to an older one (the newest deleted or withdrawn) with
	// an earlier date. A date then proves nothing about what the reader
	// holds: If-Unmodified-Since fails (412), If-Modified-Since is ignored
	// and a date in If-Range sends the whole content. ETags still work.
	unpinned bool
}

// dateStrong reports whether the Last-Modified of v identifies it among
// the document's versions (see validators.dateStrong).
func dateStrong(v *VersionInfo, versions []VersionInfo) bool {
	if v.Created.IsZero() {
		return false // Last-Modified falls back to the document's date
	}
	sec := v.Created.Unix()
	for i := range versions {
		if w := &versions[i]; w.Number != v.Number && !w.Created.IsZero() && w.Created.Unix() == sec {
			return false
		}
	}
	return true
}

// precondition is the verdict of the conditional headers.
type precondition int

const (
	proceed      precondition = iota // answer normally
	notModified                      // 304
	preconFailed                     // 412
)

// evaluate applies the preconditions of a GET or HEAD in the order of RFC
// 9110 §13.2.2: If-Match, else If-Unmodified-Since (412 when false); then
// If-None-Match, else If-Modified-Since (304 when false). If-Range is
// evaluated with the Range, by rangeApplies.
func (v validators) evaluate(r *http.Request) precondition {
	if im := headerList(r, "If-Match"); im != "" {
		if !etagListMatches(im, v.etag, true) {
			return preconFailed
		}
	} else if t, ok := v.dateOf(r, "If-Unmodified-Since"); ok && (v.unpinned || !v.unmodifiedSince(t)) {
		return preconFailed
	}
	if inm := headerList(r, "If-None-Match"); inm != "" {
		if etagListMatches(inm, v.etag, false) {
			return notModified
		}
	} else if t, ok := v.dateOf(r, "If-Modified-Since"); ok && !v.unpinned && v.unmodifiedSince(t) {
		return notModified
	}
	return proceed
}

// rangeApplies evaluates If-Range: the range is honoured only if the
// validator still names this version (strongly), else the whole content
// is sent.
func (v validators) rangeApplies(r *http.Request) bool {
	ir := strings.TrimSpace(r.Header.Get("If-Range"))
	switch {
	case ir == "":
		return true
	case strings.HasPrefix(ir, `"`):
		return ir == v.etag
	case strings.HasPrefix(ir, "W/"):
		return false // weak tags never match If-Range
	}
	t, err := http.ParseTime(ir)
	return err == nil && !v.unpinned && v.dateStrong && t.Equal(v.modified)
}

// unmodifiedSince reports whether the version is known not to have
// changed since t: it was added before t, or exactly at t with a date that
// names it alone. A weak date equal to t proves nothing: another version
// may carry the same second.
func (v validators) unmodifiedSince(t time.Time) bool {
	return v.modified.Before(t) || v.dateStrong && v.modified.Equal(t)
}

// dateOf reads a date precondition; a header that is absent or not an
// HTTP-date is ignored, as is any date when the version has none (RFC 9110
// §13.1.3, §13.1.4).
func (v validators) dateOf(r *http.Request, name string) (time.Time, bool) {
	s := r.Header.Get(name)
	if s == "" || v.modified.IsZero() {
		return time.Time{}, false
	}
	t, err := http.ParseTime(s)
	return t, err == nil
}

// headerList is a list header's value over all its lines.
func headerList(r *http.Request, name string) string {
	return strings.Join(r.Header.Values(name), ",")
}

// etagListMatches reports whether tag is in a list of entity tags ("*"
// matches any), comparing strongly (If-Match: weak tags never match) or
// weakly (If-None-Match).
func etagListMatches(list, tag string, strong bool) bool {
	for _, t := range strings.Split(list, ",") {
		t = strings.TrimSpace(t)
		if !strong {
			t = strings.TrimPrefix(t, "W/")
		}
		if t == "*" || t == tag {
			return true
		}
	}
	return false
}
