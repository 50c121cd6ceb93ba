package portal

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// If-Match and If-Unmodified-Since fail with 412, evaluated before
// If-None-Match and If-Modified-Since (RFC 9110 §13.2.2).
func TestPreconditionsFailWith412(t *testing.T) {
	src := fixture()
	h, _ := newTestHandler(t, src, nil)
	tag := handbookTag(t, src)
	mod := t0.Add(48 * time.Hour)
	date := func(d time.Duration) string { return mod.Add(d).Format(http.TimeFormat) }
	cases := []struct {
		name   string
		header []string
		want   int
	}{
		{"If-Match the tag", []string{"If-Match", tag}, 200},
		{"If-Match in a list", []string{"If-Match", `"d101-v1", ` + tag}, 200},
		{"If-Match star", []string{"If-Match", "*"}, 200},
		{"If-Match another version", []string{"If-Match", `"d101-v1"`}, 412},
		{"If-Match weak", []string{"If-Match", "W/" + tag}, 412},
		{"If-Match beats If-None-Match", []string{"If-Match", `"old"`, "If-None-Match", tag}, 412},
		{"If-Match holds, If-None-Match matches", []string{"If-Match", tag, "If-None-Match", tag}, 304},
		{"unmodified since later", []string{"If-Unmodified-Since", date(time.Hour)}, 200},
		{"unmodified since the date itself", []string{"If-Unmodified-Since", date(0)}, 200},
		{"modified since", []string{"If-Unmodified-Since", date(-time.Second)}, 412},
		{"bad date is ignored", []string{"If-Unmodified-Since", "last week"}, 200},
		{"If-Match wins over If-Unmodified-Since", []string{"If-Match", tag, "If-Unmodified-Since", date(-time.Hour)}, 200},
		{"412 beats a range", []string{"If-Match", `"old"`, "Range", "bytes=0-3"}, 412},
		{"412 beats If-Modified-Since", []string{"If-Unmodified-Since", date(-time.Hour), "If-Modified-Since", date(0)}, 412},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, method := range []string{"GET", "HEAD"} {
				opens := src.count("Open")
				w := get(h, method, "/documents/101/versions/2", c.header...) // pinned: dates hold
				require.Equal(t, c.want, w.Code, method)
				if c.want != 200 {
					assert.Equal(t, opens, src.count("Open"), "%s: nothing opened for a %d", method, c.want)
				}
				if c.want == 412 && method == "GET" {
					assert.JSONEq(t, `{"error":"precondition_failed","message":"the document is not in the state the request requires"}`, w.Body.String())
				}
			}
		})
	}
}

// Lists spread over several header lines count as one list.
func TestPreconditionListsOverSeveralLines(t *testing.T) {
	src := fixture()
	h, _ := newTestHandler(t, src, nil)
	tag := handbookTag(t, src)
	send := func(name string, values ...string) int {
		r, w := httptest.NewRequest("GET", "/documents/101", nil), httptest.NewRecorder()
		for _, v := range values {
			r.Header.Add(name, v)
		}
		h.ServeHTTP(w, r)
		return w.Code
	}
	assert.Equal(t, http.StatusNotModified, send("If-None-Match", `"other"`, tag))
	assert.Equal(t, http.StatusOK, send("If-Match", `"other"`, tag))
	assert.Equal(t, http.StatusPreconditionFailed, send("If-Match", `"other"`, `"d101-v1"`))
}

// A partner resuming the latest version with the ETag it started with
// never gets the new version's bytes after the old one's.
func TestResumeAcrossANewVersionNeverSplices(t *testing.T) {
	src := fixture()
	h, _ := newTestHandler(t, src, nil)
	first := get(h, "GET", "/documents/121")
	require.Equal(t, http.StatusOK, first.Code)
	oldTag, oldDate := first.Header().Get("ETag"), first.Header().Get("Last-Modified")

	src.addApprovedVersion(121, "application/pdf", "ISO 9001 certificate, 2026 (renewed)")
	h.Invalidate(121)

	w := get(h, "GET", "/documents/121", "Range", "bytes=10-", "If-Match", oldTag)
	assert.Equal(t, http.StatusPreconditionFailed, w.Code, "If-Match: the pinned version is gone")
	w = get(h, "GET", "/documents/121", "Range", "bytes=10-", "If-Unmodified-Since", oldDate)
	assert.Equal(t, http.StatusPreconditionFailed, w.Code, "If-Unmodified-Since: a newer version was added")
	for _, validator := range []string{oldTag, oldDate} {
		w = get(h, "GET", "/documents/121", "Range", "bytes=10-", "If-Range", validator)
		require.Equal(t, http.StatusOK, w.Code, "If-Range %s: the whole new version", validator)
		assert.Equal(t, "ISO 9001 certificate, 2026 (renewed)", w.Body.String())
		assert.Empty(t, w.Header().Get("Content-Range"))
	}
}

// Two versions added in the same second share a Last-Modified: a date
// then proves nothing, and only the ETag can resume or revalidate.
func TestDatesOfVersionsInTheSameSecondAreWeak(t *testing.T) {
	src := fixture()
	src.addDoc(109, 10, "sop.pdf", "application/pdf", "Approved", "first version", "second version")
	same := t0.Add(5*24*time.Hour + 100*time.Millisecond)
	src.nodes[109].versions[0].info.Created = same
	src.nodes[109].versions[1].info.Created = same.Add(700 * time.Millisecond)
	h, _ := newTestHandler(t, src, nil)

	w := get(h, "GET", "/documents/109/versions/2")
	require.Equal(t, http.StatusOK, w.Code)
	date := w.Header().Get("Last-Modified")
	require.Equal(t, same.Truncate(time.Second).Format(http.TimeFormat), date)

	w = get(h, "GET", "/documents/109/versions/2", "Range", "bytes=0-5", "If-Range", date)
	assert.Equal(t, http.StatusOK, w.Code, "a weak date never satisfies If-Range")
	assert.Equal(t, "second version", w.Body.String())
	assert.Equal(t, http.StatusPreconditionFailed, get(h, "GET", "/documents/109/versions/2", "If-Unmodified-Since", date).Code)
	assert.Equal(t, http.StatusOK, get(h, "GET", "/documents/109/versions/2", "If-Modified-Since", date).Code)
	later := same.Add(time.Hour).Format(http.TimeFormat)
	assert.Equal(t, http.StatusOK, get(h, "GET", "/documents/109/versions/2", "If-Unmodified-Since", later).Code, "a later date still holds")
	assert.Equal(t, http.StatusNotModified, get(h, "GET", "/documents/109/versions/2", "If-Modified-Since", later).Code)

	tag := w.Header().Get("ETag")
	w = get(h, "GET", "/documents/109/versions/2", "Range", "bytes=0-5", "If-Range", tag)
	assert.Equal(t, http.StatusPartialContent, w.Code, "the ETag still resumes")

	// A version without its own date takes the document's: weak as well.
	src.addDoc(110, 10, "memo.pdf", "application/pdf", "Approved", "memo")
	src.nodes[110].versions[0].info.Created = time.Time{}
	w = get(h, "GET", "/documents/110/versions/1", "Range", "bytes=0-1", "If-Range", t0.Format(http.TimeFormat))
	assert.Equal(t, http.StatusOK, w.Code)
}

// Preconditions are evaluated only for what would be served: a method
// other than GET or HEAD is a 405, anything outside the policy a 404.
func TestPreconditionsComeAfterMethodAndPolicy(t *testing.T) {
	src := fixture()
	h, _ := newTestHandler(t, src, nil)
	assert.Equal(t, http.StatusMethodNotAllowed, get(h, "DELETE", "/documents/101", "If-Match", `"old"`).Code)
	assert.Equal(t, http.StatusNotFound, get(h, "GET", "/documents/102", "If-Match", `"old"`).Code)
	assert.Equal(t, http.StatusNotFound, get(h, "GET", "/documents/102", "If-None-Match", "*").Code)
}

// A version dated ahead of the portal's clock is sent with Last-Modified
// now (RFC 9110 §8.8.2.1), a date that names no version.
func TestLastModifiedIsNeverInTheFuture(t *testing.T) {
	src := fixture()
	h, clk := newTestHandler(t, src, nil)
	src.addDoc(111, 10, "ahead.pdf", "application/pdf", "Approved", "dated ahead")
	src.nodes[111].versions[0].info.Created = clk.now().Add(time.Hour)
	now := clk.now().UTC().Truncate(time.Second).Format(http.TimeFormat)

	w := get(h, "GET", "/documents/111")
	require.Equal(t, http.StatusOK, w.Code)
	assert.Equal(t, now, w.Header().Get("Last-Modified"))
	w = get(h, "GET", "/documents/111", "Range", "bytes=0-4", "If-Range", now)
	assert.Equal(t, http.StatusOK, w.Code, "the clamped date does not resume")
	assert.Equal(t, "dated ahead", w.Body.String())
}

// The latest URL can move back to an older version (the newest deleted),
// with an earlier date: dates prove nothing there, so a resume by date
// gets the whole content and a conditional by date no 304 or partial
// content of another version. ETags still work.
func TestDatesDoNotHoldOnTheLatestURL(t *testing.T) {
	src := fixture()
	h, _ := newTestHandler(t, src, nil)
	w := get(h, "GET", "/documents/101")
	require.Equal(t, http.StatusOK, w.Code)
	date, tag := w.Header().Get("Last-Modified"), w.Header().Get("ETag")
	later := t0.Add(100 * 24 * time.Hour).Format(http.TimeFormat)

	// The newest version goes; version 1 is the latest again, dated earlier.
	src.nodes[101].versions = src.nodes[101].versions[:1]
	h.InvalidateAll()

	w = get(h, "GET", "/documents/101", "Range", "bytes=0-3", "If-Unmodified-Since", date)
	assert.Equal(t, http.StatusPreconditionFailed, w.Code, "no bytes of another version to splice")
	w = get(h, "GET", "/documents/101", "If-Modified-Since", later)
	assert.Equal(t, http.StatusOK, w.Code, "the reader is told of the change")
	assert.Equal(t, "handbook version one", w.Body.String())
	w = get(h, "GET", "/documents/101", "Range", "bytes=0-3", "If-Range", date)
	assert.Equal(t, http.StatusOK, w.Code)
	assert.Equal(t, "handbook version one", w.Body.String())
	w = get(h, "GET", "/documents/101", "Range", "bytes=0-3", "If-Match", tag)
	assert.Equal(t, http.StatusPreconditionFailed, w.Code, "the old ETag no longer matches")
	now := get(h, "GET", "/documents/101").Header().Get("ETag")
	w = get(h, "GET", "/documents/101", "If-None-Match", now)
	assert.Equal(t, http.StatusNotModified, w.Code, "the ETag of what is served still revalidates")
}
