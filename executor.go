package xecm

// The executor: how one API call becomes HTTP requests (credentials,
// retries, a fresh login on 401, ticket rotation) and how the answer is
// judged and decoded. Services describe calls as a request and hand them
// to do or stream.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"

	"github.com/xecm-go/xecm/internal/envelope"
)

// request describes one API call for the executor.
type request struct {
	method string
	path   string     // relative to the API root, such as "v2/nodes/2000"
	query  url.Values // query string
	form   url.Values // form-urlencoded body
	body   *bodySource
	accept string // Accept header; JSON when empty
	header http.Header

	// idempotent marks a POST that is safe to repeat (such as a login).
	idempotent bool
	// once marks a PUT or DELETE that must not be repeated once it may
	// have reached the server, because a repeat acts again or fails where
	// the first succeeded (initiating a workflow, sending a task on).
	once bool
	// retryUnprocessed retries a POST with a rebuildable body after 429
	// and 503, which say the server did not act on it (uploads).
	retryUnprocessed bool
	// noAuth sends no credential (login calls).
	noAuth bool
	// noReauth answers a 401 with an error instead of a fresh login.
	noReauth bool
	// presetCredential is sent instead of the cached one (ticket exchange).
	presetCredential credential
	// resent marks a request sent again because its answer broke off, so
	// that an Observer sees its attempts as retries.
	resent bool

	info *requestInfo // set by send: how the executor judged the request
	// response is the last response do received (its body closed), for
	// Client.Do, which hands it to its caller.
	response *http.Response
	// spent counts the attempts made for this call so far, so that every
	// layer that sends again (retries, body retries) shares one budget.
	spent int
}

// bodySource is a request body other than a form.
type bodySource struct {
	contentType string
	length      int64 // -1 when unknown
	// open returns the body from its start; set when it can be rebuilt,
	// which makes the request retryable and replayable after a 401.
	open func() (io.Reader, error)
	// once is a body that can be sent only once.
	once io.Reader
}

// pathOf is the request's URL path, as errors and logs show it.
func (c *Client) pathOf(r *request) string { return c.baseURL.Path + "/api/" + r.path }

func (r *request) replayable() bool { return r.body == nil || r.body.open != nil }

func (c *Client) apiURL(path string, query url.Values) string {
	u := *c.baseURL
	rel := "/api/" + strings.TrimLeft(path, "/")
	u.Path = c.baseURL.Path + rel
	if strings.Contains(rel, "%") {
		// Callers escape string segments with url.PathEscape; keep them so.
		// The raw path joins the base path's escaped form, so that a base
		// path needing escapes (a space) still leaves RawPath valid.
		raw := c.baseURL.EscapedPath() + rel
		if unescaped, err := url.PathUnescape(raw); err == nil {
			u.Path, u.RawPath = unescaped, raw
		}
	}
	if len(query) > 0 {
		u.RawQuery = encodeQuery(query)
	}
	return u.String()
}

// encodeQuery encodes a query string. Valueless flags such as ?metadata
// and ?state are written without "=".
func encodeQuery(q url.Values) string {
	s := q.Encode()
	if !strings.Contains(s, "=&") && !strings.HasSuffix(s, "=") {
		return s
	}
	parts := strings.Split(s, "&")
	for i, p := range parts {
		parts[i] = strings.TrimSuffix(p, "=")
	}
	return strings.Join(parts, "&")
}

// do sends the request and decodes a JSON response into v (if non-nil).
//
// A 2xx whose body breaks off or is cut short is a transport failure the
// retry layer cannot see (it ends at the headers): an idempotent request
// is sent again under the same policy; any other request reports
// ErrOutcomeUnknown, since the server did act but its answer was lost.
func (c *Client) do(ctx context.Context, r *request, v any) (err error) {
	ctx, observed := c.implicitOp(ctx, r)
	defer observed.end(&err) // runs last: sees the scrubbed error
	defer func() { err = c.secrets.scrubErr(err) }()
	// acted: an earlier attempt of this state-changing call was answered 2xx
	// (so the change happened) but its body broke.
	acted := false
	for attempt := 1; ; attempt++ {
		resp, err := c.send(ctx, r)
		if err != nil {
			if acted {
				return fmt.Errorf("%w: an earlier attempt succeeded but its answer broke off, then: %w", ErrOutcomeUnknown, err)
			}
			return err
		}
		r.response = resp
		err = c.decode(resp, r, v)
		drainClose(resp)
		var be *bodyError
		if !errors.As(err, &be) {
			if err != nil && acted {
				return fmt.Errorf("%w: an earlier attempt succeeded but its answer broke off, then: %w", ErrOutcomeUnknown, err)
			}
			return r.outcome(err)
		}
		if !r.info.idempotent {
			return fmt.Errorf("%w: %w", ErrOutcomeUnknown, err)
		}
		acted = acted || r.changes()
		if r.spent >= 1+c.policy.MaxRetries || !r.replayable() {
			if r.changes() {
				return fmt.Errorf("%w: %w", ErrOutcomeUnknown, err)
			}
			return err
		}
		r.resent = true
		if st := opFrom(ctx); st != nil {
			st.retries.Add(1)
		}
		if c.policy.OnRetry != nil {
			c.policy.OnRetry(attempt, r.method, c.pathOf(r), resp.StatusCode)
		}
		c.logger.Debug("xecm: response body broken, retrying", "method", r.method, "path", c.pathOf(r), "attempt", attempt)
		timer := time.NewTimer(c.policy.backoff(c.policy.MinBackoff, c.policy.MaxBackoff, attempt-1, nil))
		select {
		case <-ctx.Done():
			timer.Stop()
			return fmt.Errorf("xecm: %s %s: %w", r.method, c.pathOf(r), ctx.Err())
		case <-timer.C:
		}
	}
}

// bodyError is a 2xx response whose body could not be read whole or is
// not well-formed JSON (cut short).
type bodyError struct {
	method, path string
	err          error
}

func (e *bodyError) Error() string {
	return fmt.Sprintf("xecm: %s %s: broken response body: %v", e.method, e.path, e.err)
}
func (e *bodyError) Unwrap() error { return e.err }

// stream sends the request and, after checking the status, returns the
// response with its body open: the caller must close it.
func (c *Client) stream(ctx context.Context, r *request) (_ *http.Response, err error) {
	ctx, observed := c.implicitOp(ctx, r)
	defer observed.end(&err)
	resp, err := c.send(ctx, r)
	if err != nil {
		return nil, c.secrets.scrubErr(err)
	}
	if err := c.checkStatus(resp, r); err != nil {
		drainClose(resp)
		return nil, c.secrets.scrubErr(r.outcome(err))
	}
	return resp, nil
}

// outcome marks a failure of a state-changing request as ErrOutcomeUnknown
// when an earlier attempt went out and its answer was lost: that attempt
// may have been carried out, whatever the last answer says.
func (r *request) outcome(err error) error {
	if err == nil || r.info == nil || !r.changes() || !r.info.lostAnswer.Load() || errors.Is(err, ErrOutcomeUnknown) {
		return err
	}
	return fmt.Errorf("%w: an earlier attempt went out and got no answer, then: %w", ErrOutcomeUnknown, err)
}

// send is the executor: credentials, retries, one fresh login and replay on
// 401, ticket rotation. It returns the final response, whatever its status.
func (c *Client) send(ctx context.Context, r *request) (*http.Response, error) {
	if ctx == nil {
		return nil, errors.New("xecm: nil context")
	}
	ri := &requestInfo{
		method:     r.method,
		path:       c.pathOf(r),
		idempotent: !r.once && (r.idempotent || markedIdempotent(ctx) || idempotentMethod(r.method)),
		expectJSON: r.accept == "",
		login:      r.noAuth,

		retryUnprocessed: r.retryUnprocessed && r.replayable(),
	}
	r.info = ri
	if c.observer != nil {
		c.observeRequest(ctx, r, ri)
	}
	ri.maxAttempts = max(1+c.policy.MaxRetries-r.spent, 1)
	defer func() { r.spent += ri.attempts }()
	auth := c.creds != nil && !r.noAuth
	for attempt := 0; ; attempt++ {
		ri.credential = r.presetCredential
		if auth {
			cred, err := c.creds.get(ctx)
			if err != nil {
				if ctx.Err() != nil {
					return nil, fmt.Errorf("xecm: %s %s: %w", r.method, ri.path, ctx.Err())
				}
				return nil, err
			}
			ri.credential = cred
		}
		start := time.Now()
		actx := context.WithValue(ctx, keyRequestInfo, ri)
		if mutating(r.method) {
			// Whether a lost answer leaves the outcome unknown depends on
			// whether the request went out at all.
			actx = httptrace.WithClientTrace(actx, &httptrace.ClientTrace{WroteHeaders: func() { ri.wrote.Store(true) }})
		}
		resp, err := c.sendOnce(actx, r)
		if err != nil {
			return nil, c.transportError(ctx, r, ri, err)
		}
		ri.noteGateway(resp)
		if c.logger.Enabled(ctx, slog.LevelDebug) { // the arguments cost allocations on every call
			c.logger.Debug("xecm: response", "method", r.method, "path", ri.path, "status", resp.StatusCode, "duration", time.Since(start))
		}
		if auth && resp.StatusCode == http.StatusUnauthorized {
			// The credential is dead even when this request cannot be
			// replayed (a one-shot body): forget it, so the next call logs in.
			c.creds.invalidate(ri.credential)
			if attempt == 0 && !r.noReauth && r.replayable() {
				drainClose(resp)
				if ri.attempts > 0 {
					ri.attempts-- // a 401 is not counted as a retry: the replay gets the whole budget
				}
				c.logger.Debug("xecm: ticket refused, logging in again", "method", r.method, "path", ri.path)
				ri.replay = true
				continue
			}
		}
		if auth && resp.StatusCode/100 == 2 && (resp.Request == nil || c.sameOrigin(resp.Request.URL)) {
			// Only the base URL's host hands out tickets: an answer from
			// anywhere else never sets one (session fixation).
			if t := resp.Header.Get(headerOTCSTicket); t != "" {
				c.creds.rotate(ri.credential, t)
			}
		}
		return resp, nil
	}
}

// changes reports whether the request changes what the caller asked to
// change, so that a lost answer leaves its outcome unknown. A login (a
// POST) does not: its failure is only a failure to log in.
func (r *request) changes() bool { return mutating(r.method) && !r.noAuth }

// mutating reports whether a method changes state on the server.
func mutating(m string) bool {
	return m != http.MethodGet && m != http.MethodHead && m != http.MethodOptions
}

func idempotentMethod(m string) bool {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodOptions:
		return true
	}
	return false
}

func (c *Client) sendOnce(ctx context.Context, r *request) (*http.Response, error) {
	target := c.apiURL(r.path, r.query)
	var (
		req *http.Request
		err error
	)
	switch {
	case r.body != nil && r.body.open == nil:
		// A one-shot body goes out once, past the retry layer.
		req, err = http.NewRequestWithContext(ctx, r.method, target, r.body.once)
		if err != nil {
			return nil, err
		}
		req.ContentLength = r.body.length
		c.setHeaders(req, r)
		return c.hc.Do(req)
	case r.body != nil:
		rr, e := retryablehttp.NewRequestWithContext(ctx, r.method, target, retryablehttp.ReaderFunc(r.body.open))
		if e != nil {
			return nil, e
		}
		rr.ContentLength = r.body.length
		req, err = rr.Request, nil
		c.setHeaders(req, r)
		return c.rc.Do(rr)
	default:
		var raw any
		if r.form != nil {
			raw = []byte(r.form.Encode())
		}
		rr, e := retryablehttp.NewRequestWithContext(ctx, r.method, target, raw)
		if e != nil {
			return nil, e
		}
		req = rr.Request
		c.setHeaders(req, r)
		return c.rc.Do(rr)
	}
}

func (c *Client) setHeaders(req *http.Request, r *request) {
	req.Header.Set("User-Agent", c.userAgent)
	if r.accept != "" {
		req.Header.Set("Accept", r.accept)
	} else {
		req.Header.Set("Accept", "application/json")
	}
	switch {
	case r.body != nil:
		req.Header.Set("Content-Type", r.body.contentType)
	case r.form != nil:
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, vs := range r.header {
		req.Header[k] = vs
	}
}

// transportError wraps a failure to get a response. The cause stays
// reachable with errors.Is/As; the URL's query string is left out.
func (c *Client) transportError(ctx context.Context, r *request, ri *requestInfo, err error) error {
	if ctx.Err() != nil {
		if r.changes() && ri.wrote.Load() {
			return fmt.Errorf("xecm: %s %s: %w: the request was sent but the context ended before the answer (%w)",
				r.method, ri.path, ErrOutcomeUnknown, ctx.Err())
		}
		return fmt.Errorf("xecm: %s %s: %w", r.method, ri.path, ctx.Err())
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var le loginError
	if errors.As(err, &le) {
		return err
	}
	if r.changes() && (ri.lostAnswer.Load() || (ri.wrote.Load() || !ri.idempotent) && !notSent(err)) {
		// A change went out (after any retries) and no answer came back:
		// the server may or may not have carried it out. An earlier
		// attempt that went out unanswered keeps it so even when the last
		// one never left the machine (a dial error).
		return fmt.Errorf("xecm: %s %s: %w: the request was sent but no answer came back (%w)", r.method, ri.path, ErrOutcomeUnknown, err)
	}
	return fmt.Errorf("xecm: %s %s: %w", r.method, ri.path, err)
}

// checkStatus turns a non-2xx response into an *APIError.
func (c *Client) checkStatus(resp *http.Response, r *request) error {
	if resp.StatusCode/100 == 2 {
		return nil
	}
	if isRedirect(resp.StatusCode) {
		return c.secrets.scrubAPIError(redirectError(r.method, c.pathOf(r), r.noAuth, resp))
	}
	body, _ := readLimited(resp.Body, maxErrorBody)
	e := newAPIError(r.method, c.pathOf(r), resp.StatusCode, resp.Header.Get("Content-Type"), body)
	if resp.StatusCode == http.StatusNotFound && !fromAPI(body) {
		e.BaseURL = c.baseURL.Redacted()
	}
	if d, ok := retryAfterOf(resp); ok {
		e.RetryAfter = d
	}
	return c.secrets.scrubAPIError(e)
}

// decode checks the status and decodes the JSON body into v.
func (c *Client) decode(resp *http.Response, r *request, v any) error {
	if err := c.checkStatus(resp, r); err != nil {
		return err
	}
	body, err := readBody(resp, c.maxAnswer)
	if errors.Is(err, ErrResponseTooLarge) {
		err = fmt.Errorf("xecm: %s %s: %w", r.method, c.pathOf(r), err)
		if r.changes() {
			// The status says done, but the answer that would say
			// ok:false or give the result cannot be read.
			return fmt.Errorf("%w: %w", ErrOutcomeUnknown, err)
		}
		return err
	}
	if err != nil {
		if v == nil && mutating(r.method) {
			// The status is the answer to a change whose result is not
			// read; a body that breaks off after it changes nothing.
			return nil
		}
		return &bodyError{r.method, c.pathOf(r), err}
	}
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return nil
	}
	if trimmed[0] != '{' && trimmed[0] != '[' {
		return c.secrets.scrubAPIError(newAPIError(r.method, c.pathOf(r), resp.StatusCode, resp.Header.Get("Content-Type"), trimmed))
	}
	if err := checkLogicalFailure(trimmed); err != nil {
		err.Method, err.Path, err.StatusCode = r.method, c.pathOf(r), resp.StatusCode
		return c.secrets.scrubAPIError(err)
	}
	if v == nil {
		return nil
	}
	if err := decodeAnswer(trimmed, v); err != nil {
		if envelope.IsSyntax(err) {
			return &bodyError{r.method, c.pathOf(r), err} // cut short or garbled
		}
		return fmt.Errorf("xecm: %s %s: malformed response: %w", r.method, c.pathOf(r), err)
	}
	return nil
}

// answerReader is an answer type that reads the usual shape of its JSON
// itself (see node_wire_read.go). readAnswer reports false, with the
// answer left zero, when it declined: the caller then decodes the same
// bytes with envelope.Unmarshal, which gives the value or the error.
type answerReader interface {
	readAnswer(data []byte) bool
}

// decodeAnswer decodes a JSON answer into v: with v's own reader when it
// has one and the answer has the usual shape, otherwise (and for any
// malformed answer, which the reader declines) with envelope.Unmarshal.
func decodeAnswer(data []byte, v any) error {
	if ar, ok := v.(answerReader); ok && ar.readAnswer(data) {
		return nil
	}
	return envelope.Unmarshal(data, v)
}

// checkLogicalFailure finds the ok:false bodies that records management
// and other v1 calls return with status 200, at the top level or in
// results, whatever the error's shape: a string, an object, or absent.
func checkLogicalFailure(body []byte) *APIError {
	if !mentionsOKFalse(body) {
		return nil
	}
	type status struct {
		OK     *bool           `json:"ok"`
		ErrMsg string          `json:"errMsg"`
		Error  json.RawMessage `json:"error"`
	}
	var env struct {
		status
		Results json.RawMessage `json:"results"`
	}
	if json.Unmarshal(body, &env) != nil {
		// Not JSON after all, or not this shape: the caller's decode says so.
		return nil
	}
	var inner status
	if len(env.Results) > 0 && env.Results[0] == '{' {
		_ = json.Unmarshal(env.Results, &inner)
	}
	for _, s := range []status{env.status, inner} {
		if s.OK != nil && !*s.OK {
			msg := firstNonEmpty(s.ErrMsg, errorText(s.Error), "the server reported ok:false")
			return &APIError{Message: msg}
		}
	}
	return nil
}

// mentionsOKFalse is a cheap scan for "ok" followed by false, with any
// spacing, so that the common success body is decoded once only.
func mentionsOKFalse(body []byte) bool {
	for rest := body; ; {
		i := bytes.Index(rest, []byte(`"ok"`))
		if i < 0 {
			return false
		}
		rest = rest[i+4:]
		t := bytes.TrimLeft(rest, " \t\r\n")
		if len(t) > 0 && t[0] == ':' && bytes.HasPrefix(bytes.TrimLeft(t[1:], " \t\r\n"), []byte("false")) {
			return true
		}
	}
}

// errorText reads an "error" member: a string as it is; an object by its
// message (or its JSON text, bounded); anything else as its JSON text.
func errorText(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var obj struct {
		Message string `json:"message"`
		Error   string `json:"error"`
		ErrMsg  string `json:"errMsg"`
		Detail  string `json:"detail"`
	}
	if raw[0] == '{' && json.Unmarshal(raw, &obj) == nil {
		if m := firstNonEmpty(obj.Message, obj.Error, obj.ErrMsg, obj.Detail); m != "" {
			return m
		}
	}
	return prefix(raw, 200)
}

// readBody reads a whole response body of at most limit bytes, sized up
// front when the length is known. A longer body, announced or endless,
// fails with ErrResponseTooLarge after reading at most limit+1 bytes.
func readBody(resp *http.Response, limit int64) ([]byte, error) {
	if n := resp.ContentLength; n > limit {
		return nil, fmt.Errorf("%w: the answer announces %d bytes, more than the limit of %d (WithMaxResponseSize)", ErrResponseTooLarge, n, limit)
	}
	if n := resp.ContentLength; n > 0 {
		buf := make([]byte, n)
		if _, err := io.ReadFull(resp.Body, buf); err != nil {
			return nil, err
		}
		return buf, nil
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err == nil && int64(len(body)) > limit {
		return nil, fmt.Errorf("%w: the answer is longer than the limit of %d bytes (WithMaxResponseSize)", ErrResponseTooLarge, limit)
	}
	return body, err
}

func drainClose(resp *http.Response) {
	_, _ = io.CopyN(io.Discard, resp.Body, 4<<10)
	_ = resp.Body.Close()
}

func readLimited(r io.Reader, n int64) ([]byte, error) {
	return io.ReadAll(io.LimitReader(r, n))
}
