package portal

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// Hostile conditional and range headers never panic the handler, and
// never make it answer outside the statuses it documents.
func FuzzConditionalAndRangeHeaders(f *testing.F) {
	for _, seed := range [][4]string{
		{"bytes=0-3", `"d101-v2"`, "*", "Mon, 02 Jan 2006 15:04:05 GMT"},
		{"bytes=-0", "W/\"x\"", `"a", "b"`, "yesterday"},
		{"bytes=9223372036854775807-", "", ",,,", ""},
		{"bytes=0-9223372036854775807", "Sun, 06 Nov 1994 08:49:37 GMT", "", "Sun, 06 Nov 1994 08:49:37 GMT"},
	} {
		f.Add(seed[0], seed[1], seed[2], seed[3], "/documents/101")
	}
	src := fixture()
	h, _ := newTestHandler(f, src, func(c *Config) { c.Policy.Versions = AllVersions })
	f.Fuzz(func(t *testing.T, rng, ifRange, tags, date, path string) {
		r, err := http.NewRequest("GET", "http://portal.test/", nil)
		if err != nil {
			t.Skip()
		}
		r.URL.Path = path
		r.Header.Set("Range", rng)
		r.Header.Set("If-Range", ifRange)
		r.Header.Set("If-Match", tags)
		r.Header.Set("If-None-Match", tags)
		r.Header.Set("If-Unmodified-Since", date)
		r.Header.Set("If-Modified-Since", date)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		switch w.Code {
		case 200, 206, 301, 304, 307, 308, 400, 401, 403, 404, 405, 412, 416:
		default:
			t.Fatalf("status %d for %q %q %q %q %q", w.Code, rng, ifRange, tags, date, path)
		}
	})
}
