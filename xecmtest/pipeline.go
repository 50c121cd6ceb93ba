package xecmtest

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"
)

// serveHTTP is the outermost handler: it applies an injected fault if one
// matches, serves the request through the mux and records it.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	sw := &statusWriter{ResponseWriter: w}
	received := r.URL.Path
	apiPath, inAPI := strings.CutPrefix(r.URL.Path, s.apiRoot())
	if !inAPI {
		apiPath = ""
	} else if trimmed := strings.TrimRight(apiPath, "/"); trimmed != apiPath && trimmed != "" {
		// Content Server serves an API path with trailing slashes as the
		// path without them: clients written against it send "api/v1/auth/"
		// (@kweli/cs-rest logs in so).
		apiPath = trimmed
		r.URL.Path = s.apiRoot() + trimmed
		r.URL.RawPath = strings.TrimRight(r.URL.RawPath, "/")
	}
	matchPath := apiPath
	if !inAPI {
		matchPath = r.URL.Path
	}
	f, faulted := s.faults.take(r.Method, matchPath)
	// Recorded once: before a dropped connection closes (so a client that
	// sees the drop finds the request in the log), else when served.
	if !faulted {
		sw.answer = &answerBuf{}
		defer sw.answer.finish()
	}
	sw.record = sync.OnceFunc(func() { s.record(r, received, apiPath, sw.status, sw.answer, f, faulted) })
	defer sw.record()
	if !faulted {
		s.mux.ServeHTTP(sw, r)
		return
	}
	s.applyFault(sw, r, f)
}

// applyFault serves r under the fault f.
func (s *Server) applyFault(w *statusWriter, r *http.Request, f Fault) {
	if f.Delay > 0 {
		// The server notices a client that gives up only once the request
		// body has been read, so read it now and serve it from memory.
		if r.Body != nil && r.Body != http.NoBody {
			head, err := io.ReadAll(io.LimitReader(r.Body, maxMemory))
			if err != nil {
				return
			}
			r.Body = readCloser{io.MultiReader(bytes.NewReader(head), r.Body), r.Body}
		}
		t := time.NewTimer(f.Delay)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
	}
	switch f.Kind {
	case FaultStatus:
		if f.RetryAfter != "" {
			w.Header().Set("Retry-After", f.RetryAfter)
		}
		if f.Body == "" {
			writeError(w, r, errorf(f.Status, "%s", http.StatusText(f.Status)))
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Content-Length", strconv.Itoa(len(f.Body)))
		w.WriteHeader(f.Status)
		_, _ = w.Write([]byte(f.Body))
	case FaultHTML:
		body := f.Body
		if body == "" {
			body = "<!DOCTYPE html><html><head><title>Service Temporarily Unavailable</title></head>" +
				"<body><h1>Content Server is starting</h1><p>Please try again later.</p></body></html>"
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(body))
	case FaultDrop:
		w.record()
		dropConnection(w)
	case FaultDropAfterCommit:
		rec := httptest.NewRecorder()
		s.mux.ServeHTTP(rec, r)
		w.record()
		dropConnection(w)
	case FaultDropAfterBytes:
		s.mux.ServeHTTP(&dropWriter{ResponseWriter: w, left: max(f.AfterBytes, 0)}, r)
	case FaultRedirect:
		status := f.Status
		if status == 0 {
			status = http.StatusTemporaryRedirect
		}
		closeUnread(w, r)
		w.Header().Set("Location", r.URL.RequestURI())
		w.WriteHeader(status)
	case FaultOversize:
		rec := httptest.NewRecorder()
		s.mux.ServeHTTP(rec, r)
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.Header().Del("Content-Length")
		w.WriteHeader(rec.Code)
		n, _ := w.Write(rec.Body.Bytes())
		pad := bytes.Repeat([]byte(" "), 32<<10)
		for left := f.AfterBytes - n; f.AfterBytes <= 0 || left > 0; left -= len(pad) {
			chunk := pad
			if f.AfterBytes > 0 && left < len(chunk) {
				chunk = chunk[:left]
			}
			if _, err := w.Write(chunk); err != nil {
				return // the client hung up
			}
		}
	case FaultTruncate:
		rec := httptest.NewRecorder()
		s.mux.ServeHTTP(rec, r)
		body := rec.Body.Bytes()
		cut := len(body) / 2
		if f.AfterBytes > 0 && f.AfterBytes < len(body) {
			cut = f.AfterBytes
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.Header().Set("Content-Length", strconv.Itoa(cut))
		w.WriteHeader(rec.Code)
		_, _ = w.Write(body[:cut])
	default:
		s.mux.ServeHTTP(w, r)
	}
}

// dropConnection closes the client connection without sending anything
// still buffered: by hijacking on HTTP/1, else by aborting the handler.
func dropConnection(w http.ResponseWriter) {
	rc := http.NewResponseController(w)
	if conn, _, err := rc.Hijack(); err == nil {
		_ = conn.Close()
		return
	}
	panic(http.ErrAbortHandler)
}

// errDropped is returned by writes after an injected drop.
var errDropped = errors.New("xecmtest: connection dropped by an injected fault")

// statusWriter records the status code of a response, and its JSON body
// (answer, nil for faulted requests).
type statusWriter struct {
	http.ResponseWriter
	status int
	record func() // logs the request (once)
	answer *answerBuf
}

// WriteHeader notes the status and logs the request before the client
// can read the answer, so that a client that has its answer finds the
// request in the log (Requests), not a moment later.
func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 && code >= http.StatusOK {
		w.status = code
		if w.answer != nil && !strings.Contains(w.Header().Get("Content-Type"), "json") {
			w.answer.skip()
		} else if n, err := strconv.Atoi(w.Header().Get("Content-Length")); w.answer != nil && err == nil {
			w.answer.expect(n)
		}
		if w.record != nil {
			w.record()
		}
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	if w.answer != nil {
		w.answer.write(p)
	}
	return w.ResponseWriter.Write(p)
}

// maxRecordedAnswer bounds the JSON answer a RecordedRequest keeps.
const maxRecordedAnswer = 1 << 20

// answerBuf collects a JSON answer for the request log. The request is
// logged at its status, before the body is written, so the log reads the
// answer through it once the handler is done.
type answerBuf struct {
	mu   sync.Mutex
	body []byte
	off  bool // not JSON, or longer than maxRecordedAnswer
	done bool // the handler returned
}

func (a *answerBuf) write(p []byte) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.off {
		return
	}
	if len(a.body)+len(p) > maxRecordedAnswer {
		a.body, a.off = nil, true
		return
	}
	a.body = append(a.body, p...)
}

// expect makes room for an answer of n bytes (its Content-Length), so
// that a long answer is copied once rather than grown into.
func (a *answerBuf) expect(n int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	switch {
	case a.off || len(a.body) > 0 || n < 0:
	case n > maxRecordedAnswer:
		a.body, a.off = nil, true
	default:
		a.body = make([]byte, 0, n)
	}
}

// size is the room the answer takes: what expect made for it, or what
// has been written so far (0 for no answer).
func (a *answerBuf) size() int {
	if a == nil {
		return 0
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	return max(cap(a.body), len(a.body))
}

func (a *answerBuf) skip() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.body, a.off = nil, true
}

func (a *answerBuf) finish() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.done = true
}

// get returns the whole answer, or nil while it is being written, when it
// is not JSON or too long.
func (a *answerBuf) get() []byte {
	if a == nil {
		return nil
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if !a.done || a.off || len(a.body) == 0 {
		return nil
	}
	return a.body
}

// Unwrap lets http.ResponseController reach Flush and Hijack.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// dropWriter passes through the first left body bytes, then drops the
// connection.
type dropWriter struct {
	http.ResponseWriter
	left    int
	dropped bool
}

func (w *dropWriter) Write(p []byte) (int, error) {
	if w.dropped {
		return 0, errDropped
	}
	if len(p) <= w.left {
		n, err := w.ResponseWriter.Write(p)
		w.left -= n
		return n, err
	}
	n, _ := w.ResponseWriter.Write(p[:w.left])
	w.left, w.dropped = 0, true
	_ = http.NewResponseController(w.ResponseWriter).Flush() // send what is allowed
	dropConnection(w.ResponseWriter)
	return n, errDropped
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *dropWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// readCloser reads from Reader and closes Closer.
type readCloser struct {
	io.Reader
	io.Closer
}
