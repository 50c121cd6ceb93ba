package webhook_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/webhook"
)

// Zero values work instead of panicking on a nil map.
func TestZeroValuesAreUsable(t *testing.T) {
	var m webhook.Mux
	called := false
	m.Handle(xecm.EventDocumentCreated, func(context.Context, xecm.Event) error { called = true; return nil })
	require.NoError(t, m.HandleEvent(t.Context(), xecm.Event{Type: xecm.EventDocumentCreated}))
	assert.True(t, called)
	var fallback webhook.Mux
	fallback.HandleFallback(func(context.Context, xecm.Event) error { return assert.AnError })
	assert.ErrorIs(t, fallback.HandleEvent(t.Context(), xecm.Event{Type: "x.y"}), assert.AnError)

	var d webhook.MemoryDeduper
	ok, err := d.Reserve(t.Context(), "msg_1", time.Minute)
	require.NoError(t, err)
	assert.True(t, ok)
	ok, _ = d.Reserve(t.Context(), "msg_1", time.Minute)
	assert.False(t, ok)
	assert.Equal(t, 1, d.Len())
	require.NoError(t, d.Release(t.Context(), "msg_1"))
	var fresh webhook.MemoryDeduper
	assert.Zero(t, fresh.Len())
	assert.NoError(t, fresh.Release(t.Context(), "msg_1"))
}

// The types that need their constructor (they hold secrets, or a scheme
// and a function) fail safely as nil pointers and as zero values: every
// exported method returns an error, or a value that fails closed, and
// none panics. The constructors that take them refuse them.
func TestNilAndZeroValuesFailSafely(t *testing.T) {
	body := []byte(goodBody)
	fn := func(context.Context, xecm.Event) error { return nil }
	realHMAC, err := webhook.NewHMACHeader(webhook.HMACHeaderConfig{Secrets: []string{"gh-secret"}})
	require.NoError(t, err)
	hmacHeaders := http.Header{}
	hmacHeaders.Set("X-GitHub-Delivery", "gh-1")
	hmacHeaders.Set("X-Hub-Signature-256", realHMAC.Sign(body))

	for name, s := range map[string]*webhook.HMACHeader{"nil": nil, "zero": {}} {
		var sig string
		require.NotPanics(t, func() { sig = s.Sign(body) }, "HMACHeader.Sign, %s", name)
		assert.Empty(t, sig, "no secret, no signature")
		unsigned := hmacHeaders.Clone()
		unsigned.Set("X-Hub-Signature-256", sig)
		_, err := realHMAC.Verify(unsigned, body)
		assert.ErrorIs(t, err, webhook.ErrMissingHeaders, "what a zero HMACHeader signs never verifies")
		require.NotPanics(t, func() { _, err = s.Verify(hmacHeaders, body) }, "HMACHeader.Verify, %s", name)
		assert.ErrorIs(t, err, webhook.ErrNoSecret, name)
		_, err = webhook.NewHandler(s, fn)
		assert.ErrorIs(t, err, xecm.ErrInvalidArgument, "NewHandler(%s HMACHeader)", name)
	}

	signer, err := webhook.NewSigner(testSecret)
	require.NoError(t, err)
	signedHeaders, err := signer.Headers("evt_1", time.Now(), body)
	require.NoError(t, err)
	for name, s := range map[string]*webhook.Signer{"nil": nil, "zero": {}} {
		var sig string
		require.NotPanics(t, func() { sig, err = s.Sign("evt_1", time.Now(), body) }, "Signer.Sign, %s", name)
		assert.ErrorIs(t, err, webhook.ErrNoSecret, name)
		assert.ErrorIs(t, err, xecm.ErrInvalidArgument, name)
		assert.Empty(t, sig, name)
		var h http.Header
		require.NotPanics(t, func() { h, err = s.Headers("evt_1", time.Now(), body) }, "Signer.Headers, %s", name)
		assert.ErrorIs(t, err, webhook.ErrNoSecret, name)
		assert.Nil(t, h, name)
		_, err = webhook.NewSender(s)
		assert.ErrorIs(t, err, xecm.ErrInvalidArgument, "NewSender(%s Signer)", name)
	}

	for name, v := range map[string]*webhook.Verifier{"nil": nil, "zero": {}} {
		var window time.Duration
		require.NotPanics(t, func() { window = v.ReplayWindow() }, "Verifier.ReplayWindow, %s", name)
		assert.Zero(t, window, "it accepts nothing, so for no time")
		require.NotPanics(t, func() { _, err = v.Verify(signedHeaders, body) }, "Verifier.Verify, %s", name)
		assert.ErrorIs(t, err, webhook.ErrNoSecret, name)
		_, err = webhook.NewHandler(v, fn)
		assert.ErrorIs(t, err, xecm.ErrInvalidArgument, "NewHandler(%s Verifier)", name)
	}

	// A Handler not made by NewHandler answers 500, so the sender retries
	// (against a configured one, one hopes) and nothing is acknowledged.
	for name, h := range map[string]*webhook.Handler{"nil": nil, "zero": {}} {
		for _, method := range []string{http.MethodPost, http.MethodGet} {
			r := httptest.NewRequest(method, "/", strings.NewReader(goodBody))
			r.Header = signedHeaders.Clone()
			w := httptest.NewRecorder()
			require.NotPanics(t, func() { h.ServeHTTP(w, r) }, "Handler.ServeHTTP, %s, %s", name, method)
			assert.Equal(t, http.StatusInternalServerError, w.Code, "%s %s", name, method)
		}
	}

	// A nil Mux cannot register; dispatching through it fails, so that a
	// Handler given its HandleEvent answers 500 and the event is delivered
	// again rather than acknowledged unhandled.
	var m *webhook.Mux
	require.NotPanics(t, func() { m.Handle(xecm.EventDocumentCreated, fn) }, "Mux.Handle, nil")
	require.NotPanics(t, func() { m.HandleFallback(fn) }, "Mux.HandleFallback, nil")
	require.NotPanics(t, func() { err = m.HandleEvent(t.Context(), xecm.Event{Type: xecm.EventDocumentCreated}) }, "Mux.HandleEvent, nil")
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	h, err := webhook.NewHandler(newTestVerifier(t), m.HandleEvent)
	require.NoError(t, err, "a method value of a nil *Mux is a non-nil func")
	assert.Equal(t, http.StatusInternalServerError, serve(h, signed(t, testSecret, "evt_m", testNow, goodBody)).Code)

	var d *webhook.MemoryDeduper
	var ok bool
	require.NotPanics(t, func() { ok, err = d.Reserve(t.Context(), "evt_1", time.Minute) }, "MemoryDeduper.Reserve, nil")
	assert.False(t, ok)
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	require.NotPanics(t, func() { err = d.Release(t.Context(), "evt_1") }, "MemoryDeduper.Release, nil")
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	require.NotPanics(t, func() { assert.Zero(t, d.Len()) }, "MemoryDeduper.Len, nil")

	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) }))
	defer target.Close()
	for name, s := range map[string]*webhook.Sender{"nil": nil, "zero": {}} {
		ev := xecm.Event{ID: "evt_1", Type: xecm.EventDocumentCreated}
		require.NotPanics(t, func() { err = s.Send(t.Context(), target.URL, ev) }, "Sender.Send, %s", name)
		assert.ErrorIs(t, err, xecm.ErrInvalidArgument, name)
	}

	var de *webhook.DeliveryError
	require.NotPanics(t, func() { _ = de.Error() }, "DeliveryError.Error, nil")
	require.NotPanics(t, func() { err = de.Unwrap() }, "DeliveryError.Unwrap, nil")
	assert.NoError(t, err)
	var zeroDE webhook.DeliveryError
	assert.NotEmpty(t, zeroDE.Error())
	assert.NoError(t, zeroDE.Unwrap())
}
