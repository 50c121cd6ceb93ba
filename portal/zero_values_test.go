package portal

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

// A Handler or Signer not made by its constructor (a nil pointer or a
// zero value) fails safely: no method panics, none signs with an empty
// key, and New refuses such a Signer.
func TestNilAndZeroValuesFailSafely(t *testing.T) {
	for name, h := range map[string]*Handler{"nil": nil, "zero": {}} {
		var w *httptest.ResponseRecorder
		require.NotPanics(t, func() { w = get(h, "GET", "/documents/101") }, "Handler.ServeHTTP, %s", name)
		assert.Equal(t, http.StatusInternalServerError, w.Code, name)
		assert.Equal(t, "no-store", w.Header().Get("Cache-Control"), name)
		require.NotPanics(t, func() { h.Invalidate(101) }, "Handler.Invalidate, %s", name)
		require.NotPanics(t, func() { h.InvalidateAll() }, "Handler.InvalidateAll, %s", name)
		var err error
		require.NotPanics(t, func() { err = h.HandleEvent(t.Context(), xecm.Event{Data: xecm.EventData{NodeID: 101}}) }, "Handler.HandleEvent, %s", name)
		assert.NoError(t, err, name)
		require.NotPanics(t, func() {
			_, err = h.NewLink(t.Context(), LinkRequest{Document: 121, TTL: time.Hour})
		}, "Handler.NewLink, %s", name)
		assert.ErrorIs(t, err, xecm.ErrInvalidArgument, name)
	}

	real, err := NewSigner(testKey)
	require.NoError(t, err)
	l := Link{Document: 121, Version: 1, Expires: t0.Add(time.Hour)}
	tok, err := real.Sign(l)
	require.NoError(t, err)
	for name, s := range map[string]*Signer{"nil": nil, "zero": {}} {
		var got string
		require.NotPanics(t, func() { got, err = s.Sign(l) }, "Signer.Sign, %s", name)
		assert.ErrorIs(t, err, xecm.ErrInvalidArgument, "a %s Signer has no key to sign with", name)
		assert.Empty(t, got, name)
		require.NotPanics(t, func() { _, err = s.Verify(tok, t0) }, "Signer.Verify, %s", name)
		assert.ErrorIs(t, err, ErrLinkInvalid, name)

		cfg := baseConfig(&clock{t: t0})
		cfg.Signer = s
		if s != nil {
			_, err = New(fixture(), cfg)
			assert.ErrorIs(t, err, xecm.ErrInvalidArgument, "New with a zero Signer")
		}
	}
}
