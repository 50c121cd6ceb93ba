package webhook_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/webhook"
)

var testNow = time.Unix(1700000000, 0)

const testSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

// signed builds a delivery request of body signed with secret.
func signed(t *testing.T, secret, id string, ts time.Time, body string) *http.Request {
	t.Helper()
	s, err := webhook.NewSigner(secret)
	require.NoError(t, err)
	h, err := s.Headers(id, ts, []byte(body))
	require.NoError(t, err)
	r := httptest.NewRequest(http.MethodPost, "/webhooks/xecm", strings.NewReader(body))
	for k, v := range h {
		r.Header[k] = v
	}
	return r
}

type recorder struct {
	mu     sync.Mutex
	events []xecm.Event
	fail   error
}

func (rc *recorder) handle(_ context.Context, ev xecm.Event) error {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if rc.fail != nil {
		return rc.fail
	}
	rc.events = append(rc.events, ev)
	return nil
}

func (rc *recorder) count() int {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return len(rc.events)
}

// newTestVerifier returns a Verifier of testSecret whose clock says testNow.
func newTestVerifier(t *testing.T, opts ...webhook.VerifierOption) *webhook.Verifier {
	t.Helper()
	v, err := webhook.NewVerifier([]string{testSecret}, append([]webhook.VerifierOption{webhook.WithClock(func() time.Time { return testNow })}, opts...)...)
	require.NoError(t, err)
	return v
}

func newTestHandler(t *testing.T, fn xecm.EventFunc, opts ...webhook.HandlerOption) *webhook.Handler {
	t.Helper()
	h, err := webhook.NewHandler(newTestVerifier(t), fn, opts...)
	require.NoError(t, err)
	return h
}

const goodBody = `{"type":"document.created","timestamp":"2023-11-14T22:13:20Z","data":{"node_id":4711,"parent_id":2000,"name":"a.pdf","subtype":144}}`

func serve(h http.Handler, r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestHandlerAcceptsAndParses(t *testing.T) {
	rec := &recorder{}
	h := newTestHandler(t, rec.handle)
	w := serve(h, signed(t, testSecret, "evt_1", testNow, goodBody))
	assert.Equal(t, http.StatusNoContent, w.Code)
	require.Equal(t, 1, rec.count())
	ev := rec.events[0]
	assert.Equal(t, "evt_1", ev.ID)
	assert.Equal(t, xecm.EventDocumentCreated, ev.Type)
	assert.Equal(t, int64(4711), ev.Data.NodeID)
	assert.Equal(t, xecm.TypeDocument, ev.Data.Subtype)
	assert.Equal(t, testNow.UTC(), ev.Time.UTC())
}

func TestHandlerHostileRequests(t *testing.T) {
	const otherSecret = "whsec_dGhpcyBpcyBhbm90aGVyIHNlY3JldCBvZiAzMiBieXRlcw=="
	big := `{"type":"x","data":{"pad":"` + strings.Repeat("a", 1<<20) + `"}}`
	cases := []struct {
		name string
		req  func(t *testing.T) *http.Request
		want int
	}{
		{"GET", func(t *testing.T) *http.Request { return httptest.NewRequest(http.MethodGet, "/webhooks/xecm", nil) }, http.StatusMethodNotAllowed},
		{"PUT signed", func(t *testing.T) *http.Request {
			r := signed(t, testSecret, "evt_put", testNow, goodBody)
			r.Method = http.MethodPut
			return r
		}, http.StatusMethodNotAllowed},
		{"tampered body", func(t *testing.T) *http.Request {
			r := signed(t, testSecret, "evt_t", testNow, goodBody)
			r.Body = ioNop(strings.Replace(goodBody, "4711", "4712", 1))
			return r
		}, http.StatusUnauthorized},
		{"unknown secret", func(t *testing.T) *http.Request { return signed(t, otherSecret, "evt_u", testNow, goodBody) }, http.StatusUnauthorized},
		{"stale timestamp", func(t *testing.T) *http.Request {
			return signed(t, testSecret, "evt_s", testNow.Add(-6*time.Minute), goodBody)
		}, http.StatusUnauthorized},
		{"future timestamp", func(t *testing.T) *http.Request {
			return signed(t, testSecret, "evt_f", testNow.Add(6*time.Minute), goodBody)
		}, http.StatusUnauthorized},
		{"no headers", func(t *testing.T) *http.Request {
			return httptest.NewRequest(http.MethodPost, "/webhooks/xecm", strings.NewReader(goodBody))
		}, http.StatusBadRequest},
		{"missing signature", func(t *testing.T) *http.Request {
			r := signed(t, testSecret, "evt_m", testNow, goodBody)
			r.Header.Del("webhook-signature")
			return r
		}, http.StatusBadRequest},
		{"garbled timestamp", func(t *testing.T) *http.Request {
			r := signed(t, testSecret, "evt_g", testNow, goodBody)
			r.Header.Set("webhook-timestamp", "yesterday")
			return r
		}, http.StatusBadRequest},
		{"garbled signature", func(t *testing.T) *http.Request {
			r := signed(t, testSecret, "evt_g2", testNow, goodBody)
			r.Header.Set("webhook-signature", "v1,%%%")
			return r
		}, http.StatusBadRequest},
		{"oversize with length", func(t *testing.T) *http.Request { return signed(t, testSecret, "evt_o", testNow, big) }, http.StatusRequestEntityTooLarge},
		{"oversize chunked", func(t *testing.T) *http.Request {
			r := signed(t, testSecret, "evt_o2", testNow, big)
			r.ContentLength = -1
			return r
		}, http.StatusRequestEntityTooLarge},
		{"not JSON", func(t *testing.T) *http.Request { return signed(t, testSecret, "evt_n", testNow, "hello") }, http.StatusBadRequest},
		{"JSON but not an object", func(t *testing.T) *http.Request {
			return signed(t, testSecret, "evt_a", testNow, `["document.created"]`)
		}, http.StatusBadRequest},
		{"no type", func(t *testing.T) *http.Request {
			return signed(t, testSecret, "evt_nt", testNow, `{"data":{"node_id":1}}`)
		}, http.StatusBadRequest},
		{"empty type", func(t *testing.T) *http.Request {
			return signed(t, testSecret, "evt_et", testNow, `{"type":"","data":{}}`)
		}, http.StatusBadRequest},
		{"data not an object", func(t *testing.T) *http.Request {
			return signed(t, testSecret, "evt_d", testNow, `{"type":"x","data":3}`)
		}, http.StatusBadRequest},
		{"good", func(t *testing.T) *http.Request { return signed(t, testSecret, "evt_ok", testNow, goodBody) }, http.StatusNoContent},
		{"unknown type is kept", func(t *testing.T) *http.Request {
			return signed(t, testSecret, "evt_x", testNow, `{"type":"custom.thing","data":{"node_id":5,"extra":true}}`)
		}, http.StatusNoContent},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recorder{}
			h := newTestHandler(t, rec.handle)
			w := serve(h, tc.req(t))
			assert.Equal(t, tc.want, w.Code, w.Body.String())
			if tc.want/100 == 2 {
				assert.Equal(t, 1, rec.count())
			} else {
				assert.Equal(t, 0, rec.count(), "a refused delivery must not reach the handler")
				assert.NotContains(t, w.Body.String(), "MfKQ9r8")
			}
			if tc.want == http.StatusMethodNotAllowed {
				assert.Equal(t, http.MethodPost, w.Header().Get("Allow"))
			}
		})
	}
}

func TestHandlerBodyExactlyAtTheCap(t *testing.T) {
	body := `{"type":"x","data":{"pad":"` + strings.Repeat("a", 100) + `"}}`
	rec := &recorder{}
	h := newTestHandler(t, rec.handle, webhook.WithMaxBodyBytes(int64(len(body))))
	assert.Equal(t, http.StatusNoContent, serve(h, signed(t, testSecret, "evt_cap", testNow, body)).Code)
	h = newTestHandler(t, rec.handle, webhook.WithMaxBodyBytes(int64(len(body)-1)))
	assert.Equal(t, http.StatusRequestEntityTooLarge, serve(h, signed(t, testSecret, "evt_cap2", testNow, body)).Code)
}

func TestHandlerFailureIs500AndRetryIsProcessed(t *testing.T) {
	rec := &recorder{fail: errors.New("ERP down")}
	h := newTestHandler(t, rec.handle)
	assert.Equal(t, http.StatusInternalServerError, serve(h, signed(t, testSecret, "evt_r", testNow, goodBody)).Code)
	rec.mu.Lock()
	rec.fail = nil
	rec.mu.Unlock()
	assert.Equal(t, http.StatusNoContent, serve(h, signed(t, testSecret, "evt_r", testNow.Add(time.Second), goodBody)).Code)
	assert.Equal(t, 1, rec.count())
	// Now it is a duplicate: acknowledged, not processed again.
	assert.Equal(t, http.StatusNoContent, serve(h, signed(t, testSecret, "evt_r", testNow.Add(2*time.Second), goodBody)).Code)
	assert.Equal(t, 1, rec.count())
}

func TestHandlerPanicReleasesTheID(t *testing.T) {
	var calls atomic.Int32
	h := newTestHandler(t, func(context.Context, xecm.Event) error {
		if calls.Add(1) == 1 {
			panic("boom")
		}
		return nil
	})
	func() {
		defer func() { assert.NotNil(t, recover()) }()
		serve(h, signed(t, testSecret, "evt_p", testNow, goodBody))
	}()
	assert.Equal(t, http.StatusNoContent, serve(h, signed(t, testSecret, "evt_p", testNow, goodBody)).Code)
	assert.Equal(t, int32(2), calls.Load())
}

func TestHandlerConcurrentDuplicatesCallTheHandlerOnce(t *testing.T) {
	var calls atomic.Int32
	release := make(chan struct{})
	h := newTestHandler(t, func(context.Context, xecm.Event) error {
		calls.Add(1)
		<-release
		return nil
	})
	const n = 32
	codes := make(chan *httptest.ResponseRecorder, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes <- serve(h, signed(t, testSecret, "evt_dup", testNow, goodBody))
		}()
	}
	// Duplicates answer at once while the first is still being processed,
	// but not with 2xx: the first may still fail, and a sender that got a
	// 2xx for one attempt would never deliver the event again.
	for i := 0; i < n-1; i++ {
		w := <-codes
		assert.Equal(t, http.StatusServiceUnavailable, w.Code)
		assert.NotEmpty(t, w.Header().Get("Retry-After"))
	}
	close(release)
	wg.Wait()
	assert.Equal(t, http.StatusNoContent, (<-codes).Code)
	assert.Equal(t, int32(1), calls.Load())
	// Once it is done, a redelivery is an acknowledged duplicate.
	assert.Equal(t, http.StatusNoContent, serve(h, signed(t, testSecret, "evt_dup", testNow, goodBody)).Code)
	assert.Equal(t, int32(1), calls.Load())
}

func TestHandlerDuplicateDuringAFailingDeliveryIsNotAcknowledged(t *testing.T) {
	// The sender timed out on a slow first attempt and tries again while it
	// is still running; then the first attempt fails. The event must come
	// again: the second attempt must not have been answered 2xx.
	var calls atomic.Int32
	started, release := make(chan struct{}), make(chan struct{})
	h := newTestHandler(t, func(context.Context, xecm.Event) error {
		if calls.Add(1) == 1 {
			close(started)
			<-release
			return errors.New("ERP down")
		}
		return nil
	})
	first := make(chan int, 1)
	go func() { first <- serve(h, signed(t, testSecret, "evt_slow", testNow, goodBody)).Code }()
	<-started
	retry := serve(h, signed(t, testSecret, "evt_slow", testNow.Add(time.Second), goodBody)).Code
	close(release)
	assert.Equal(t, http.StatusInternalServerError, <-first)
	assert.NotEqual(t, 2, retry/100, "a retry that arrives while the first attempt runs must not be acknowledged")
	// The sender's next attempt is processed.
	assert.Equal(t, http.StatusNoContent, serve(h, signed(t, testSecret, "evt_slow", testNow.Add(2*time.Second), goodBody)).Code)
	assert.Equal(t, int32(2), calls.Load())
}

type failingDeduper struct{}

func (failingDeduper) Reserve(context.Context, string, time.Duration) (bool, error) {
	return false, errors.New("redis down")
}
func (failingDeduper) Release(context.Context, string) error { return nil }

func TestHandlerDeduperFailureIs503(t *testing.T) {
	rec := &recorder{}
	h := newTestHandler(t, rec.handle, webhook.WithDeduper(failingDeduper{}))
	resp := serve(h, signed(t, testSecret, "evt_dd", testNow, goodBody))
	assert.Equal(t, http.StatusServiceUnavailable, resp.Code)
	assert.NotEmpty(t, resp.Header().Get("Retry-After"), "the sender is told when to deliver again")
	assert.Equal(t, 0, rec.count())
}

// timeoutDeduper stores the reservation but reports an error for it, as a
// shared store does when its answer is lost on the way back.
type timeoutDeduper struct {
	webhook.MemoryDeduper
	failed atomic.Bool
}

func (d *timeoutDeduper) Reserve(ctx context.Context, id string, ttl time.Duration) (bool, error) {
	first, _ := d.MemoryDeduper.Reserve(ctx, id, ttl)
	if d.failed.CompareAndSwap(false, true) {
		return first, errors.New("redis: i/o timeout")
	}
	return first, nil
}

func TestHandlerDeduperErrorDoesNotLoseTheRetry(t *testing.T) {
	// The first attempt is answered 503 for the store's error; if the
	// reservation was made all the same, the retry must not be taken for
	// a duplicate of a delivery nobody processed.
	rec := &recorder{}
	h := newTestHandler(t, rec.handle, webhook.WithDeduper(&timeoutDeduper{}))
	assert.Equal(t, http.StatusServiceUnavailable, serve(h, signed(t, testSecret, "evt_lost", testNow, goodBody)).Code)
	assert.Equal(t, http.StatusNoContent, serve(h, signed(t, testSecret, "evt_lost", testNow.Add(time.Second), goodBody)).Code)
	assert.Equal(t, 1, rec.count(), "the event was acknowledged without being processed")
}

func TestNewHandlerRefusesNils(t *testing.T) {
	v, err := webhook.NewVerifier([]string{testSecret})
	require.NoError(t, err)
	_, err = webhook.NewHandler(nil, func(context.Context, xecm.Event) error { return nil })
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	_, err = webhook.NewHandler(v, nil)
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
}

func TestNewHandlerRefusesNilPointersInInterfaces(t *testing.T) {
	// `v, _ := webhook.NewVerifier(secrets)` with no usable secret leaves a
	// nil *Verifier: non-nil as a Scheme, it would panic on every request.
	fn := func(context.Context, xecm.Event) error { return nil }
	var v *webhook.Verifier
	var hs *webhook.HMACHeader
	for name, s := range map[string]webhook.Scheme{"Verifier": v, "HMACHeader": hs} {
		h, err := webhook.NewHandler(s, fn)
		assert.Nil(t, h, name)
		assert.ErrorIs(t, err, xecm.ErrInvalidArgument, name)
		assert.ErrorContains(t, err, "scheme", name)
	}
	var d *webhook.MemoryDeduper
	h, err := webhook.NewHandler(newTestVerifier(t), fn, webhook.WithDeduper(d))
	assert.Nil(t, h)
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	assert.ErrorContains(t, err, "Deduper")
}

func TestHandlerWithHMACHeaderScheme(t *testing.T) {
	rec := &recorder{}
	s, h := newHMACHandler(t, rec.handle)
	assert.Equal(t, http.StatusNoContent, serve(h, hmacRequest(s, "gh-1", goodBody)).Code)
	r := hmacRequest(s, "gh-2", goodBody)
	r.Body = ioNop(goodBody + " ")
	assert.Equal(t, http.StatusUnauthorized, serve(h, r).Code)
	assert.Equal(t, 1, rec.count())
	assert.Equal(t, "gh-1", rec.events[0].ID)
}

func ioNop(s string) *nopCloser { return &nopCloser{strings.NewReader(s)} }

type nopCloser struct{ *strings.Reader }

func (nopCloser) Close() error { return nil }

// newHMACHandler returns a Handler for the GitHub-style scheme it also
// returns, passing events to fn.
func newHMACHandler(t *testing.T, fn xecm.EventFunc, opts ...webhook.HandlerOption) (*webhook.HMACHeader, *webhook.Handler) {
	t.Helper()
	s, err := webhook.NewHMACHeader(webhook.HMACHeaderConfig{Secrets: []string{"gh-secret"}})
	require.NoError(t, err)
	h, err := webhook.NewHandler(s, fn, opts...)
	require.NoError(t, err)
	return s, h
}

// hmacRequest builds a delivery for the HMACHeader scheme s: signature
// over body, with the given unsigned delivery ID.
func hmacRequest(s *webhook.HMACHeader, id, body string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
	r.Header.Set("X-GitHub-Delivery", id)
	r.Header.Set("X-Hub-Signature-256", s.Sign([]byte(body)))
	return r
}

func TestHandlerHMACHeaderReplayUnderAFreshDeliveryIDIsADuplicate(t *testing.T) {
	// An attacker who captured one signed delivery sends it again with a
	// delivery ID of their choosing: the header is not signed, so it must
	// not decide what counts as a duplicate.
	rec := &recorder{}
	s, h := newHMACHandler(t, rec.handle)
	require.Equal(t, http.StatusNoContent, serve(h, hmacRequest(s, "gh-1", goodBody)).Code)
	for _, id := range []string{"gh-2", "attacker-chosen", "gh-1"} {
		assert.Equal(t, http.StatusNoContent, serve(h, hmacRequest(s, id, goodBody)).Code, id)
	}
	require.Equal(t, 1, rec.count(), "a replay of the same signed body reached the event function")
	assert.Equal(t, "gh-1", rec.events[0].ID, "the event function still sees the sender's delivery ID")

	// Another signed body is another delivery, whatever its ID says.
	other := strings.Replace(goodBody, "4711", "4712", 1)
	assert.Equal(t, http.StatusNoContent, serve(h, hmacRequest(s, "gh-1", other)).Code)
	assert.Equal(t, 2, rec.count())
}

func TestHandlerHMACHeaderFailedDeliveryIsProcessedOnRetry(t *testing.T) {
	rec := &recorder{fail: errors.New("ERP down")}
	s, h := newHMACHandler(t, rec.handle)
	assert.Equal(t, http.StatusInternalServerError, serve(h, hmacRequest(s, "gh-1", goodBody)).Code)
	rec.mu.Lock()
	rec.fail = nil
	rec.mu.Unlock()
	assert.Equal(t, http.StatusNoContent, serve(h, hmacRequest(s, "gh-1", goodBody)).Code)
	assert.Equal(t, 1, rec.count())
}

func TestNewHandlerRefusesADedupTTLThatEndsInsideTheReplayWindow(t *testing.T) {
	// A delivery stamped t verifies from t−tolerance (the sender's clock
	// ahead) to t+tolerance. Accepted at the start and forgotten after the
	// TTL, it could be replayed until the end: the TTL must outlast both
	// tolerances.
	fn := func(context.Context, xecm.Event) error { return nil }
	for _, tc := range []struct {
		name      string
		tolerance time.Duration // 0: the default
		ttl       time.Duration // 0: the default
		ok        bool
		mentions  []string
	}{
		{"TTL of one tolerance", 0, 5 * time.Minute, false, []string{"5m0s", "10m0s"}},
		{"TTL between one and two tolerances", 0, 7 * time.Minute, false, []string{"7m0s", "10m0s"}},
		{"TTL of exactly two tolerances", 0, 10 * time.Minute, false, []string{"10m0s"}},
		{"TTL just past two tolerances", 0, 10*time.Minute + time.Nanosecond, true, nil},
		{"defaults", 0, 0, true, nil},
		{"wide tolerance, default TTL", 13 * time.Hour, 0, false, []string{"24h0m0s", "26h0m0s"}},
		{"tolerance too wide to double", math.MaxInt64/2 + 1, math.MaxInt64, false, []string{"2562047h47m16"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var vo []webhook.VerifierOption
			if tc.tolerance > 0 {
				vo = append(vo, webhook.WithTolerance(tc.tolerance))
			}
			var ho []webhook.HandlerOption
			if tc.ttl > 0 {
				ho = append(ho, webhook.WithDedupTTL(tc.ttl))
			}
			h, err := webhook.NewHandler(newTestVerifier(t, vo...), fn, ho...)
			if tc.ok {
				require.NoError(t, err)
				assert.NotNil(t, h)
				return
			}
			assert.Nil(t, h)
			require.ErrorIs(t, err, xecm.ErrInvalidArgument)
			for _, m := range tc.mentions {
				assert.Contains(t, err.Error(), m)
			}
		})
	}
}

func TestNewHandlerAllowsAnyDedupTTLForSchemesWithoutAWindow(t *testing.T) {
	s, err := webhook.NewHMACHeader(webhook.HMACHeaderConfig{Secrets: []string{"gh-secret"}})
	require.NoError(t, err)
	_, err = webhook.NewHandler(s, func(context.Context, xecm.Event) error { return nil }, webhook.WithDedupTTL(time.Second))
	assert.NoError(t, err)
}

// windowScheme is a custom scheme that tells its replay window.
type windowScheme struct {
	webhook.Scheme
	window time.Duration
}

func (w windowScheme) ReplayWindow() time.Duration { return w.window }

func TestNewHandlerAsksCustomSchemesForTheirWindow(t *testing.T) {
	fn := func(context.Context, xecm.Event) error { return nil }
	s := windowScheme{Scheme: newTestVerifier(t), window: 48 * time.Hour}
	_, err := webhook.NewHandler(s, fn)
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	_, err = webhook.NewHandler(s, fn, webhook.WithDedupTTL(49*time.Hour))
	assert.NoError(t, err)
}

// keylessScheme is a faulty custom scheme: it authenticates everything and
// says nothing about the delivery.
type keylessScheme struct{}

func (keylessScheme) Verify(http.Header, []byte) (webhook.Delivery, error) {
	return webhook.Delivery{}, nil
}

func TestHandlerRefusesADeliveryItsSchemeGaveNoKey(t *testing.T) {
	// With no ID and no dedup key, every delivery would share the key "":
	// all but the first acknowledged as duplicates and dropped.
	rec := &recorder{}
	h, err := webhook.NewHandler(keylessScheme{}, rec.handle)
	require.NoError(t, err)
	for _, body := range []string{goodBody, strings.Replace(goodBody, "4711", "4712", 1)} {
		r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
		assert.Equal(t, http.StatusInternalServerError, serve(h, r).Code)
	}
	assert.Zero(t, rec.count(), "a delivery that cannot be deduplicated was processed")
}

// Refusals are logged at Warn with their reason, never with a secret, a
// signature or the body: a sender whose every delivery is refused (a
// secret rotated on one side only) shows in the log.
func TestHandlerLogsRefusalsAtWarn(t *testing.T) {
	const otherSecret = "whsec_dGhpcyBpcyBhbm90aGVyIHNlY3JldCBvZiAzMiBieXRlcw=="
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelWarn}))
	h := newTestHandler(t, (&recorder{}).handle, webhook.WithLogger(logger))

	const marker = "body-marker-4711"
	rotated := signed(t, otherSecret, "evt_rot", testNow, `{"type":"x","data":{"note":"`+marker+`"}}`)
	assert.Equal(t, http.StatusUnauthorized, serve(h, rotated).Code)
	notEvent := signed(t, testSecret, "evt_ne", testNow, `["`+marker+`"]`)
	assert.Equal(t, http.StatusBadRequest, serve(h, notEvent).Code)

	out := buf.String()
	assert.Contains(t, out, `level=WARN msg="webhook: refused delivery" status=401`)
	assert.Contains(t, out, `reason="signature verification failed" error="webhook: no valid signature"`)
	assert.Contains(t, out, `status=400`)
	assert.Contains(t, out, `reason="body is not an event"`)
	for _, secret := range []string{testSecret, otherSecret, strings.TrimPrefix(testSecret, "whsec_"), strings.TrimPrefix(otherSecret, "whsec_"),
		rotated.Header.Get("webhook-signature"), marker} {
		assert.NotContains(t, out, secret)
	}
}

// A Handler not made by NewHandler (NewHandler's error dropped) answers
// 500 and says why on the default logger.
func TestZeroHandlerSaysWhyItFails(t *testing.T) {
	var buf bytes.Buffer
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&buf, nil)))
	defer slog.SetDefault(old)
	var h *webhook.Handler
	assert.Equal(t, http.StatusInternalServerError, serve(h, signed(t, testSecret, "evt_z", testNow, goodBody)).Code)
	assert.Contains(t, buf.String(), "level=ERROR")
	assert.Contains(t, buf.String(), "check the error NewHandler returned")
}
