package portal

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every answer carrying content or a listing is for one reader: direct
// access is for readers the intranet's login let in, a link for its
// partner. A shared cache (RFC 9111 §5.2.2.7) in front of either check
// would hand the answer to readers neither saw, so it must not store it;
// the reader's own cache revalidates each time. Errors are not stored at
// all.
func TestAnswersAreNeverForSharedCaches(t *testing.T) {
	src := fixture()
	h, _ := newTestHandler(t, src, nil)
	l, err := h.NewLink(t.Context(), LinkRequest{Document: 121, Partner: "acme", TTL: time.Hour})
	require.NoError(t, err)
	tag := handbookTag(t, src)

	for name, tc := range map[string]struct {
		method, path string
		header       []string
		status       int
		want         string
	}{
		"direct":                {"GET", "/documents/101", nil, http.StatusOK, "private, no-cache"},
		"direct version":        {"GET", "/documents/101/versions/2", nil, http.StatusOK, "private, no-cache"},
		"direct HEAD":           {"HEAD", "/documents/101", nil, http.StatusOK, "private, no-cache"},
		"direct 304":            {"GET", "/documents/101", []string{"If-None-Match", tag}, http.StatusNotModified, "private, no-cache"},
		"direct range":          {"GET", "/documents/101", []string{"Range", "bytes=0-3"}, http.StatusPartialContent, "private, no-cache"},
		"collection":            {"GET", "/collections/policies", nil, http.StatusOK, "private, no-cache"},
		"link":                  {"GET", "/" + l.Path, nil, http.StatusOK, "private, no-cache"},
		"not published":         {"GET", "/documents/102", nil, http.StatusNotFound, "no-store"},
		"precondition failed":   {"GET", "/documents/101", []string{"If-Match", `"other"`}, http.StatusPreconditionFailed, "no-store"},
		"range not satisfiable": {"GET", "/documents/101", []string{"Range", "bytes=999-"}, http.StatusRequestedRangeNotSatisfiable, "no-store"},
		"invalid link":          {"GET", "/links/pl1.x", nil, http.StatusUnauthorized, "no-store"},
	} {
		w := get(h, tc.method, tc.path, tc.header...)
		require.Equal(t, tc.status, w.Code, name)
		assert.Equal(t, tc.want, w.Header().Get("Cache-Control"), name)
	}
}
