package exampleenv

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
)

// StandIn is a local HTTP server that plays the other system of a demo (an
// ERP, a CRM, an invoice-processing service): it accepts JSON requests on
// any path, records them, says so on its writer and answers 202 Accepted.
// A body that is not a JSON object is refused with 400.
type StandIn struct {
	// URL is the server's base URL, such as "http://127.0.0.1:38211".
	URL string

	name string
	out  io.Writer
	srv  *httptest.Server

	mu      sync.Mutex
	calls   []Call
	changed chan struct{} // closed and replaced on every call
}

// Call is one request a StandIn received.
type Call struct {
	Method string
	Path   string
	// Header holds the request headers, such as Idempotency-Key.
	Header http.Header
	// Body is the decoded JSON object.
	Body map[string]any
}

// maxStandInBody bounds the bodies a StandIn reads.
const maxStandInBody = 1 << 20

// StartStandIn starts a StandIn; name (such as "ERP") prefixes what it
// writes on out (nil: nothing is written). Close stops it.
func StartStandIn(name string, out io.Writer) *StandIn {
	if out == nil {
		out = io.Discard
	}
	s := &StandIn{name: name, out: out, changed: make(chan struct{})}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL
	return s
}

func (s *StandIn) serve(w http.ResponseWriter, r *http.Request) {
	var body map[string]any
	if err := json.NewDecoder(io.LimitReader(r.Body, maxStandInBody)).Decode(&body); err != nil || body == nil {
		http.Error(w, "the body must be a JSON object", http.StatusBadRequest)
		return
	}
	b, _ := json.Marshal(body) // keys sorted: stable output
	fmt.Fprintf(s.out, "   [%s] %s %s %s\n", s.name, r.Method, r.URL.Path, b)
	s.mu.Lock()
	s.calls = append(s.calls, Call{Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone(), Body: body})
	close(s.changed)
	s.changed = make(chan struct{})
	s.mu.Unlock()
	w.WriteHeader(http.StatusAccepted)
}

// Calls returns the requests received so far, oldest first.
func (s *StandIn) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

// WaitFor waits until a received request satisfies match and returns it,
// or fails when ctx ends first.
func (s *StandIn) WaitFor(ctx context.Context, match func(Call) bool) (Call, error) {
	for {
		s.mu.Lock()
		for _, c := range s.calls {
			if match(c) {
				s.mu.Unlock()
				return c, nil
			}
		}
		changed := s.changed
		s.mu.Unlock()
		select {
		case <-changed:
		case <-ctx.Done():
			return Call{}, fmt.Errorf("waiting for a request to the %s stand-in: %w", s.name, ctx.Err())
		}
	}
}

// Close stops the server.
func (s *StandIn) Close() { s.srv.Close() }

// PostJSON sends in as JSON to url with POST, with an Idempotency-Key
// header when key is not empty (so that the receiver can drop a request
// sent again), fails unless the answer is 2xx, and decodes a JSON answer
// into out unless out is nil. It is the demos' client for the systems the
// StandIn plays, and for their own endpoints.
func PostJSON(ctx context.Context, hc *http.Client, url, key string, in, out any) error {
	b, err := json.Marshal(in)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(b))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxStandInBody))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("POST %s: %s: %s", req.URL.Redacted(), resp.Status, bytes.TrimSpace(body))
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(body, out); err != nil {
		return fmt.Errorf("POST %s: the answer is not the JSON expected: %w", req.URL.Redacted(), err)
	}
	return nil
}

// SyncWriter returns a writer that serializes the writes to w, for output
// written from several goroutines (handlers, stand-ins and the main flow).
func SyncWriter(w io.Writer) io.Writer {
	if sw, ok := w.(*syncWriter); ok {
		return sw
	}
	return &syncWriter{w: w}
}

type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}
