package pagetest

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
)

// The checks the examples' browser tests rely on can fail: a script
// error reaches Console, and a blank page has one colour.
func TestOpenSeesConsoleErrorsAndBlankPages(t *testing.T) {
	b := Chromium(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if r.URL.Path == "/broken" {
			_, _ = w.Write([]byte(`<!DOCTYPE html><html><body><h1>Text</h1><script>noSuchFunction();</script></body></html>`))
			return
		}
		_, _ = w.Write([]byte(`<!DOCTYPE html><html><body></body></html>`))
	}))
	defer srv.Close()

	broken := b.Open(t, "pagetest-broken", srv.URL+"/broken")
	if assert.Len(t, broken.Console, 1) {
		assert.Contains(t, broken.Console[0], "noSuchFunction is not defined")
	}
	assert.Greater(t, broken.Colours(3), 1)

	blank := b.Open(t, "pagetest-blank", srv.URL+"/blank")
	assert.Empty(t, blank.Console)
	assert.Equal(t, 1, blank.Colours(3))
}
