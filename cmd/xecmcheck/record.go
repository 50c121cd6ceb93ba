package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Limits of what a recording keeps.
const (
	maxRecordedBody   = 8 << 20  // a larger JSON answer is recorded as content
	maxRecordedForm   = 1 << 20  // urlencoded and JSON request bodies
	maxRecordedField  = 16 << 10 // one multipart field value
	maxRecordedItems  = 3        // array elements kept: the shape, not the data
	bodyCaptureWait   = 5 * time.Second
	recordingFileMode = 0o600
)

// recorder is an http.RoundTripper, handed to the SDK with
// xecm.WithTransport, that writes every exchange as one JSON file in dir,
// scrubbed as it is written. It sits below the SDK's credential layer, so
// it sees the credential headers: it learns them as secrets and records
// no request header but Range.
type recorder struct {
	dir   string
	scrub *scrubber
	next  http.RoundTripper

	mu   sync.Mutex
	seq  int
	werr error // the first write error
}

// newRecorder prepares dir; clean removes the recording already there.
func newRecorder(dir string, scrub *scrubber, clean bool) (*recorder, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	old, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	if len(old) > 0 && !clean {
		return nil, fmt.Errorf("%s already holds a recording: record into an empty directory", dir)
	}
	for _, f := range old {
		if err := os.Remove(f); err != nil {
			return nil, err
		}
	}
	return &recorder{dir: dir, scrub: scrub}, nil
}

// wrap makes the recorder send through next and returns it.
func (r *recorder) wrap(next http.RoundTripper) http.RoundTripper {
	r.next = next
	return r
}

// RoundTrip implements http.RoundTripper.
func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	r.scrub.learnHeaders(req.Header)
	out := req
	var cap *bodyCapture
	if req.Body != nil && req.Body != http.NoBody {
		cap = captureBody(req.Body, req.Header.Get("Content-Type"))
		cp := *req
		cp.Body = cap
		out = &cp
	}
	resp, err := r.next.RoundTrip(out)
	if err != nil {
		return resp, err // no answer: nothing to record
	}
	r.scrub.learnHeaders(resp.Header)
	e := r.exchange(req, resp, cap)
	if e.BodyKind == "json" || e.BodyKind == "empty" {
		body, rerr := io.ReadAll(io.LimitReader(resp.Body, maxRecordedBody+1))
		resp.Body.Close()
		resp.Body = io.NopCloser(bytes.NewReader(body))
		switch v, ok := decodeJSON(body); {
		case rerr != nil:
			return resp, nil // the SDK sees the same short body; nothing recorded
		case len(bytes.TrimSpace(body)) == 0:
			e.BodyKind = "empty"
		case ok && len(body) <= maxRecordedBody:
			e.BodyKind = "json"
			e.Body, _ = marshalJSON(r.scrub.scrubValue(trimArrays(v)))
		default:
			e.BodyKind = "content"
		}
	}
	r.write(e)
	return resp, nil
}

// exchange builds the record of everything but the answer's body.
func (r *recorder) exchange(req *http.Request, resp *http.Response, cap *bodyCapture) *Exchange {
	e := &Exchange{Method: req.Method, Status: resp.StatusCode}
	path, inAPI := splitAPIPath(req.URL.Path)
	e.Path, e.OutsideAPI = r.scrub.scrubText(path), !inAPI
	e.Route = path
	if inAPI {
		e.Route = routeOf(req.Method, path)
	}
	e.Query = r.scrub.scrubValues(req.URL.Query())
	for _, h := range recordedRequestHeaders {
		if v := req.Header.Get(h); v != "" {
			if e.RequestHeaders == nil {
				e.RequestHeaders = map[string]string{}
			}
			e.RequestHeaders[h] = r.scrub.scrubText(v)
		}
	}
	if cap != nil {
		form, files, jsonBody := cap.result()
		e.Form = r.scrub.scrubValues(form)
		for name, f := range files {
			if e.Files == nil {
				e.Files = map[string]FilePart{}
			}
			f.FileName = r.scrub.scrubText(f.FileName)
			e.Files[name] = f
		}
		if jsonBody != nil {
			e.JSONBody, _ = marshalJSON(r.scrub.scrubValue(jsonBody))
		}
	}
	for _, h := range recordedResponseHeaders {
		v := resp.Header.Get(h)
		if v == "" {
			continue
		}
		if e.Headers == nil {
			e.Headers = map[string]string{}
		}
		if sensitiveKeys[strings.ToLower(h)] {
			v = redacted
		}
		e.Headers[h] = r.scrub.scrubText(v)
	}
	e.BodyKind = "content"
	if isJSONType(resp.Header.Get("Content-Type")) || resp.ContentLength == 0 {
		e.BodyKind = "json"
	}
	return e
}

func isJSONType(ct string) bool {
	mt, _, _ := mime.ParseMediaType(ct)
	return mt == "application/json" || strings.HasSuffix(mt, "+json") || mt == "text/json"
}

// trimArrays keeps the first maxRecordedItems elements of every array:
// the shape survives, the data and the size do not.
func trimArrays(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = trimArrays(e)
		}
	case []any:
		if len(x) > maxRecordedItems {
			x = x[:maxRecordedItems]
		}
		for i, e := range x {
			x[i] = trimArrays(e)
		}
		return x
	}
	return v
}

func (r *recorder) write(e *Exchange) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.seq++
	e.Seq = r.seq
	b, err := json.MarshalIndent(e, "", "  ")
	if err == nil {
		err = os.WriteFile(filepath.Join(r.dir, e.fileName()), append(b, '\n'), recordingFileMode)
	}
	if err != nil && r.werr == nil {
		r.werr = fmt.Errorf("recording: %w", err)
	}
}

// count returns the number of exchanges recorded.
func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.seq
}

// finish returns the first error writing the recording.
func (r *recorder) finish() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.werr
}

// bodyCapture passes a request body through to the transport while a
// goroutine reads a copy: the form fields, the JSON, or the multipart
// fields and the sizes of its file parts (never their bytes). Content is
// streamed, never held.
type bodyCapture struct {
	rc   io.ReadCloser
	pw   *io.PipeWriter
	once sync.Once
	done chan struct{}

	form     url.Values
	files    map[string]FilePart
	jsonBody any
}

func captureBody(rc io.ReadCloser, contentType string) *bodyCapture {
	pr, pw := io.Pipe()
	c := &bodyCapture{rc: rc, pw: pw, done: make(chan struct{})}
	go func() {
		defer close(c.done)
		defer func() { _, _ = io.Copy(io.Discard, pr) }() // never block the sender
		c.parse(pr, contentType)
	}()
	return c
}

func (c *bodyCapture) Read(p []byte) (int, error) {
	n, err := c.rc.Read(p)
	if n > 0 {
		_, _ = c.pw.Write(p[:n])
	}
	if err != nil {
		c.once.Do(func() { c.pw.Close() })
	}
	return n, err
}

func (c *bodyCapture) Close() error {
	c.once.Do(func() { c.pw.Close() })
	return c.rc.Close()
}

func (c *bodyCapture) parse(r io.Reader, contentType string) {
	mt, params, _ := mime.ParseMediaType(contentType)
	switch {
	case mt == "application/x-www-form-urlencoded":
		b, _ := io.ReadAll(io.LimitReader(r, maxRecordedForm))
		c.form, _ = url.ParseQuery(string(b))
	case isJSONType(contentType):
		b, _ := io.ReadAll(io.LimitReader(r, maxRecordedForm))
		c.jsonBody, _ = decodeJSON(b)
	case strings.HasPrefix(mt, "multipart/") && params["boundary"] != "":
		mr := multipart.NewReader(r, params["boundary"])
		for {
			part, err := mr.NextPart()
			if err != nil {
				return
			}
			if part.FileName() != "" {
				n, _ := io.Copy(io.Discard, part)
				if c.files == nil {
					c.files = map[string]FilePart{}
				}
				c.files[part.FormName()] = FilePart{FileName: part.FileName(), Size: n}
				continue
			}
			v, _ := io.ReadAll(io.LimitReader(part, maxRecordedField))
			if c.form == nil {
				c.form = url.Values{}
			}
			c.form.Add(part.FormName(), string(v))
		}
	}
}

// result waits for the body to be sent (the transport closes it, perhaps
// after the answer came) and returns what was read from it.
func (c *bodyCapture) result() (url.Values, map[string]FilePart, any) {
	select {
	case <-c.done:
	case <-time.After(bodyCaptureWait):
		return nil, nil, nil
	}
	return c.form, c.files, c.jsonBody
}
