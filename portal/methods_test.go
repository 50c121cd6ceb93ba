package portal

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var otherMethods = []string{"POST", "PUT", "PATCH", "DELETE", "OPTIONS", "PROPFIND"}

// Another method than GET or HEAD on a path the handler serves is a 405
// naming the methods, and opens nothing.
func TestOtherMethodsOnServedPathsAre405(t *testing.T) {
	src := fixture()
	var log accessLog
	h, _ := newTestHandler(t, src, func(c *Config) { c.Policy.Versions = AllVersions; c.OnAccess = log.add })
	link, err := h.NewLink(t.Context(), LinkRequest{Document: 121, Partner: "acme", TTL: time.Hour})
	require.NoError(t, err)

	for _, path := range []string{"/documents/101", "/documents/101/versions/1", "/collections/policies", "/" + link.Path} {
		for _, method := range otherMethods {
			w := get(h, method, path)
			require.Equal(t, http.StatusMethodNotAllowed, w.Code, "%s %s", method, path)
			assert.Equal(t, "GET, HEAD", w.Header().Get("Allow"), "%s %s", method, path)
			assert.Empty(t, w.Header().Get("ETag"), "%s %s", method, path)
			assert.JSONEq(t, `{"error":"method_not_allowed","message":"only GET and HEAD are allowed"}`, w.Body.String())
		}
	}
	assert.Zero(t, src.count("Open"))
	assert.Zero(t, src.count("Children"), "a collection is not listed for a 405")
	assert.Equal(t, AccessRecord{Time: log.last().Time, Partner: "acme", Document: 121, Version: 1, Status: 405,
		Reason: "method not allowed", Remote: "192.0.2.1:1234"}, log.last())
}

// A path that is not served answers whatever method exactly as a GET
// would: a document outside the policy stays indistinguishable from a
// missing one, a bad link stays a 401, a refused one a 403.
func TestOtherMethodsOnPathsNotServedAnswerAsGET(t *testing.T) {
	src := fixture()
	h, _ := newTestHandler(t, src, nil)
	sign := func(l Link) string {
		l.Expires = h.now().Add(time.Hour)
		tok, err := h.cfg.Signer.Sign(l)
		require.NoError(t, err)
		return "/links/" + tok
	}
	missing := get(h, "GET", "/documents/999")
	for _, path := range []string{
		"/documents/999",
		"/documents/102",            // a draft
		"/documents/201",            // outside the roots
		"/documents/10",             // a folder
		"/documents/101/versions/1", // not the latest
		"/documents/abc",
		"/collections/unknown",
		"/nothing",
		"/links/garbage",
		sign(Link{Document: 201, Version: 1}), // authentic, not published
		sign(Link{Document: 131, Version: 1, Partner: "acme"}), // outside the partner's workspaces
	} {
		want := get(h, "GET", path)
		require.NotEqual(t, http.StatusOK, want.Code, path)
		for _, method := range otherMethods {
			w := get(h, method, path)
			assert.Equal(t, want.Code, w.Code, "%s %s", method, path)
			assert.Equal(t, want.Body.String(), w.Body.String(), "%s %s", method, path)
			assert.Empty(t, w.Header().Get("Allow"), "%s %s", method, path)
			if want.Code == http.StatusNotFound {
				assert.Equal(t, missing.Body.String(), w.Body.String(), "%s %s", method, path)
			}
		}
	}

	// Without DirectAccess, documents and collections are not served at all.
	closed, _ := newTestHandler(t, src, func(c *Config) { c.DirectAccess = false })
	for _, path := range []string{"/documents/101", "/collections/policies"} {
		assert.Equal(t, http.StatusNotFound, get(closed, "POST", path).Code, path)
	}
}
