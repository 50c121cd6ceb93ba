package xecm

import (
	"bufio"
	"context"
	"crypto/x509"
	"encoding/json"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// RetryPolicy says when and how often a failed request is sent again.
//
// Only requests that are safe to repeat are retried: GET, HEAD, PUT and
// DELETE (and calls the SDK marks idempotent) on transport errors and on 408,
// 429, 502, 503 and 504; GET and HEAD also on 500 and on a 200 whose body is
// not JSON (a restarting server). A POST is retried only when it never left
// the machine (dial and DNS errors), because Content Server answers a
// repeated create with "already exists". 501 and other 4xx are never retried.
type RetryPolicy struct {
	// MaxRetries is the number of retries after the first attempt.
	// If zero, the default (3) applies; use NoRetries() to disable.
	MaxRetries int
	// MinBackoff and MaxBackoff bound the exponential, fully jittered
	// backoff. Defaults: 500ms and 30s.
	MinBackoff time.Duration
	MaxBackoff time.Duration
	// MaxRetryAfter is the longest Retry-After the client will wait. A
	// longer request (or one past the context deadline) fails at once with
	// APIError.RetryAfter set. Default: 60s.
	MaxRetryAfter time.Duration
	// OnRetry, if set, is called before each retry with the attempt number
	// (1 for the first retry), the method and path, and the status code
	// (0 for a transport error). It must not block.
	OnRetry func(attempt int, method, path string, status int)
}

// NoRetries returns a RetryPolicy that sends every request once.
func NoRetries() RetryPolicy { return RetryPolicy{MaxRetries: -1} }

func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.MaxRetries == 0 {
		p.MaxRetries = 3
	}
	if p.MaxRetries < 0 {
		p.MaxRetries = 0
	}
	if p.MinBackoff <= 0 {
		p.MinBackoff = 500 * time.Millisecond
	}
	if p.MaxBackoff <= 0 {
		p.MaxBackoff = 30 * time.Second
	}
	if p.MaxBackoff < p.MinBackoff {
		p.MaxBackoff = p.MinBackoff
	}
	if p.MaxRetryAfter <= 0 {
		p.MaxRetryAfter = 60 * time.Second
	}
	return p
}

type ctxKey int

const (
	keyRequestInfo ctxKey = iota
	keyIdempotent
)

// requestInfo travels in a request's context so that the retry policy,
// which sees only the context and the response, knows what it is judging.
type requestInfo struct {
	idempotent bool // safe to send twice
	expectJSON bool // a 200 that is not JSON means a restarting server
	method     string
	path       string
	credential credential // what the credential layer sends
	lastStatus int        // status of the previous attempt, for OnRetry
	// attempts counts the attempts sent; maxAttempts (when set) is the
	// call's remaining budget, shared by every layer that sends again.
	attempts, maxAttempts int
	wrote                 atomic.Bool // this attempt's headers went out (state-changing requests only)
	// lostAnswer records that some attempt went out and got no answer: a
	// state-changing request may then have been carried out whatever the
	// later attempts say.
	lostAnswer atomic.Bool
	// login marks a login call (request.noAuth), which changes nothing the
	// caller asked for: a gateway's answer to it loses no outcome.
	login bool
	// retryUnprocessed lets a non-idempotent request with a rebuildable
	// body (a reopenable upload) be sent again after 429 or 503, answers
	// that say the server did not act on it.
	retryUnprocessed bool
	// route is the request's spec route template, retrying marks the
	// attempts after a failed one and replay those after a fresh login,
	// all for an Observer (observe.go); unset when there is none.
	route            string
	retrying, replay bool
}

func infoFrom(ctx context.Context) *requestInfo {
	ri, _ := ctx.Value(keyRequestInfo).(*requestInfo)
	return ri
}

// WithIdempotent returns a context that marks the calls made with it as safe
// to retry even when their method is POST. Use it only for calls whose
// repetition cannot create a second item.
func WithIdempotent(ctx context.Context) context.Context {
	return context.WithValue(ctx, keyIdempotent, true)
}

func markedIdempotent(ctx context.Context) bool {
	v, _ := ctx.Value(keyIdempotent).(bool)
	return v
}

// parseRetryAfter reads Retry-After as delta-seconds or an HTTP date.
func parseRetryAfter(h string, now time.Time) (time.Duration, bool) {
	h = strings.TrimSpace(h)
	if h == "" {
		return 0, false
	}
	const maxWait = int64(365 * 24 * time.Hour / time.Second)
	s, err := strconv.ParseInt(h, 10, 64)
	if errors.Is(err, strconv.ErrRange) && s > 0 {
		// More seconds than int64 holds is a very long wait, not an
		// absent header: capped, it fails the call at once instead of
		// being retried on the default backoff.
		err = nil
	}
	if err == nil {
		if s < 0 {
			return 0, false
		}
		return time.Duration(min(s, maxWait)) * time.Second, true
	}
	if t, err := http.ParseTime(h); err == nil {
		d := t.Sub(now)
		if d < 0 {
			d = 0
		}
		return d, true
	}
	return 0, false
}

// retryAfterOf returns the server's requested wait on a response.
func retryAfterOf(resp *http.Response) (time.Duration, bool) {
	if resp == nil {
		return 0, false
	}
	return parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
}

// notSent reports whether a transport error happened before any byte of the
// request reached the server, so that even a POST is safe to resend.
func notSent(err error) bool {
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return true
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return true
	}
	return false
}

// permanentTransportError reports transport failures that a retry cannot mend.
func permanentTransportError(err error) bool {
	var certErr *x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalid x509.CertificateInvalidError
	if errors.As(err, &certErr) || errors.As(err, &hostErr) || errors.As(err, &invalid) {
		return true
	}
	msg := err.Error()
	return strings.Contains(msg, "unsupported protocol scheme") ||
		strings.Contains(msg, "invalid header") ||
		strings.Contains(msg, "stopped after") // too many redirects
}

// noteGateway records a change answered 502 or 504 as one whose answer
// was lost. A gateway answered for a server it forwarded the request to:
// the server may have acted, its own answer lost on the way. It is called
// for every attempt through the retry layer and for the final response,
// which is the only one of a one-shot body (sent past the retry layer).
// A login is not such a change.
func (ri *requestInfo) noteGateway(resp *http.Response) {
	if resp != nil && mutating(ri.method) && !ri.login && (resp.StatusCode == http.StatusBadGateway || resp.StatusCode == http.StatusGatewayTimeout) {
		ri.lostAnswer.Store(true)
	}
}

// checkRetry is the method-aware retryablehttp.CheckRetry.
func (p RetryPolicy) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	ri := infoFrom(ctx)
	if ri == nil {
		ri = &requestInfo{}
	}
	if resp != nil {
		ri.lastStatus = resp.StatusCode
	} else {
		ri.lastStatus = 0
	}
	if err != nil && ri.wrote.Load() {
		ri.lostAnswer.Store(true)
	}
	ri.noteGateway(resp)
	if ri.maxAttempts > 0 && ri.attempts >= ri.maxAttempts {
		return false, err // the call's retry budget is spent
	}
	if err != nil {
		if permanentTransportError(err) {
			return false, err
		}
		return ri.idempotent || notSent(err), err
	}
	if !ri.idempotent {
		if !ri.retryUnprocessed || resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode != http.StatusServiceUnavailable {
			return false, nil
		}
	}
	switch resp.StatusCode {
	case http.StatusRequestTimeout, http.StatusTooManyRequests, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
	case http.StatusInternalServerError:
		if ri.method != http.MethodGet && ri.method != http.MethodHead || finalServerError(resp) {
			return false, nil
		}
	case http.StatusOK:
		if !(ri.expectJSON && (ri.method == http.MethodGet || ri.method == http.MethodHead)) {
			return false, nil
		}
		return !looksLikeJSON(resp), nil
	default:
		return false, nil
	}
	if wait, ok := retryAfterOf(resp); ok {
		if wait > p.MaxRetryAfter {
			return false, nil
		}
		if dl, has := ctx.Deadline(); has && time.Until(dl) < wait {
			return false, nil
		}
	}
	return true, nil
}

// looksLikeJSON peeks at a 200 body without consuming it.
func looksLikeJSON(resp *http.Response) bool {
	ct := strings.ToLower(resp.Header.Get("Content-Type"))
	if strings.Contains(ct, "json") {
		return true
	}
	if ct != "" && !strings.HasPrefix(ct, "text/plain") && !strings.HasPrefix(ct, "application/octet-stream") {
		return false // text/html and friends: an error page
	}
	br := bufio.NewReaderSize(resp.Body, 512)
	resp.Body = readCloser{br, resp.Body}
	for {
		b, err := br.Peek(1)
		if err != nil {
			return false
		}
		switch b[0] {
		case ' ', '\t', '\r', '\n':
			_, _ = br.ReadByte()
			continue
		case '{', '[':
			return true
		}
		return false
	}
}

// finalServerError reports whether a 500 is the server's JSON error for a
// missing or an existing item. Content Server answers many reads of an
// unknown node with a 500 ("Could not get a node for 123"); asking again
// gets the same answer, so a retry would only add its backoff. The body is
// peeked, not consumed.
func finalServerError(resp *http.Response) bool {
	if !strings.Contains(strings.ToLower(resp.Header.Get("Content-Type")), "json") {
		return false
	}
	const limit = 4 << 10 // error bodies are small; a longer body is not one
	br := bufio.NewReaderSize(resp.Body, limit)
	resp.Body = readCloser{br, resp.Body}
	b, err := br.Peek(limit)
	if err == nil {
		return false
	}
	var eb errorBody
	if json.Unmarshal(b, &eb) != nil {
		return false
	}
	return messageSaysNotFound(eb.Error) || messageSaysExists(eb.Error)
}

type readCloser struct {
	io.Reader
	io.Closer
}

// backoff is the retryablehttp.Backoff: exponential with full jitter, never
// shorter than a Retry-After the server sent.
func (p RetryPolicy) backoff(min, max time.Duration, attempt int, resp *http.Response) time.Duration {
	ceil := min << uint(attempt)
	if ceil <= 0 || ceil > max {
		ceil = max
	}
	wait := time.Duration(rand.Int64N(int64(ceil) + 1))
	if ra, ok := retryAfterOf(resp); ok && ra > wait {
		wait = ra
	}
	return wait
}

// newRetryClient wires a policy into a retryablehttp.Client over hc.
func newRetryClient(hc *http.Client, p RetryPolicy, logHook func(attempt int, req *http.Request, lastStatus int)) *retryablehttp.Client {
	rc := &retryablehttp.Client{
		HTTPClient:   hc,
		Logger:       nil, // the SDK logs through slog, without URLs' query strings
		RetryWaitMin: p.MinBackoff,
		RetryWaitMax: p.MaxBackoff,
		RetryMax:     p.MaxRetries,
		CheckRetry:   p.checkRetry,
		Backoff:      p.backoff,
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
	}
	rc.RequestLogHook = func(_ retryablehttp.Logger, req *http.Request, attempt int) {
		last := 0
		if ri := infoFrom(req.Context()); ri != nil {
			last, ri.lastStatus = ri.lastStatus, 0
			ri.wrote.Store(false)
			ri.attempts++
		}
		if logHook != nil {
			logHook(attempt, req, last)
		}
	}
	return rc
}
