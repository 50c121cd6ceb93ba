package xecm_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

const mockBase = "https://ecm.test/otcs/cs.exe"

// api returns the absolute URL of an API path on the mock server.
func api(path string) string { return mockBase + "/api/" + path }

// fastRetries keeps retry tests quick without changing what is retried.
var fastRetries = xecm.RetryPolicy{MinBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond}

// newMockClient returns a client over a fresh httpmock transport that
// fails the test on any request without a responder.
func newMockClient(t *testing.T, opts ...xecm.Option) (*xecm.Client, *httpmock.MockTransport) {
	t.Helper()
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(func(r *http.Request) (*http.Response, error) {
		t.Errorf("unexpected request %s %s", r.Method, r.URL)
		return httpmock.NewStringResponse(599, "no responder"), nil
	})
	all := append([]xecm.Option{xecm.WithTransport(mt), xecm.WithRetryPolicy(fastRetries)}, opts...)
	c, err := xecm.NewClient(mockBase, all...)
	require.NoError(t, err)
	return c, mt
}

// jsonResp answers with a JSON body.
func jsonResp(status int, body string) httpmock.Responder {
	return func(*http.Request) (*http.Response, error) {
		r := httpmock.NewStringResponse(status, body)
		r.Header.Set("Content-Type", "application/json")
		return r, nil
	}
}

// syncBuffer is a goroutine-safe log sink.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func debugLogger(w *syncBuffer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}
