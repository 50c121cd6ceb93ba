package xecm_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/internal/specroutes"
	"github.com/xecm-go/xecm/xecmtest"
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

// sentRequest is what a capturing responder saw.
type sentRequest struct {
	Method string
	Path   string
	Query  url.Values
	Form   url.Values
}

// Body decodes the JSON of the form field "body".
func (r sentRequest) Body(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.Form.Get("body")), &m), "form field body: %q", r.Form.Get("body"))
	return m
}

// recorder captures the requests answered by its responders.
type recorder struct {
	mu   sync.Mutex
	reqs []sentRequest
}

// answer returns a responder that records the request, checks that the
// vendor specs declare its route, and answers status with body.
func (rec *recorder) answer(t *testing.T, status int, body string) httpmock.Responder {
	return func(r *http.Request) (*http.Response, error) {
		sr := sentRequest{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), Form: url.Values{}}
		if r.Body != nil {
			b, _ := io.ReadAll(r.Body)
			sr.Form, _ = url.ParseQuery(string(b))
		}
		if _, ok := specroutes.Match(r.Method, r.URL.Path); !ok {
			t.Errorf("%s %s is not a route of the vendor specs", r.Method, r.URL.Path)
		}
		rec.mu.Lock()
		rec.reqs = append(rec.reqs, sr)
		rec.mu.Unlock()
		return jsonResp(status, body)(r)
	}
}

func (rec *recorder) last(t *testing.T) sentRequest {
	t.Helper()
	rec.mu.Lock()
	defer rec.mu.Unlock()
	require.NotEmpty(t, rec.reqs, "no request was sent")
	return rec.reqs[len(rec.reqs)-1]
}

func (rec *recorder) all() []sentRequest {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return append([]sentRequest(nil), rec.reqs...)
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	tm, err := time.Parse(time.RFC3339, s)
	require.NoError(t, err)
	return tm
}

func auditTypes(srv *xecmtest.Server, id int64) []int {
	var out []int
	for _, e := range srv.AuditTrail(id) {
		out = append(out, e.EventType)
	}
	return out
}
