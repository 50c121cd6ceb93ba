package xecm

// The observation hook: what the client reports to an Observer (package
// otelxecm turns it into OpenTelemetry spans and metrics). Nothing here
// runs, allocates or matches routes unless WithObserver was given.

import (
	"context"
	"errors"
	"io"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/xecm-go/xecm/internal/specroutes"
)

// Observer sees the client's work: each SDK operation (a method call such
// as Documents.Upload), each HTTP attempt it makes (every retry, login and
// replay after a 401 is an attempt of its own), and each webhook delivery a
// webhook.Handler receives. Set it with WithObserver (and
// webhook.WithObserver). Package otelxecm implements it with OpenTelemetry.
//
// Start methods return the context the work continues in, so that an
// observer can carry a span; StartAttempt may add headers to Attempt.Header
// (trace context). End methods receive that context. Methods are called on
// the goroutine doing the work, possibly from several at once, and must not
// block. The values passed carry no credential, ticket, password, token or
// query string.
type Observer interface {
	StartOperation(ctx context.Context, op *Operation) context.Context
	EndOperation(ctx context.Context, op *Operation)
	StartAttempt(ctx context.Context, a *Attempt) context.Context
	EndAttempt(ctx context.Context, a *Attempt)
	StartDelivery(ctx context.Context, d *Delivery) context.Context
	EndDelivery(ctx context.Context, d *Delivery)
}

// WithObserver reports the client's operations and HTTP attempts to o.
func WithObserver(o Observer) Option {
	return func(c *config) error {
		if o == nil {
			return invalidArg("WithObserver", "nil Observer")
		}
		c.observer = o
		return nil
	}
}

// Operation is one SDK call as an Observer sees it. Its counters are final
// when EndOperation is called, except for the bytes of a response body
// that the caller reads after the call returned (Documents.Download).
type Operation struct {
	// Name is the SDK method, such as "Documents.Upload"; calls outside
	// the service methods (Client.Do, the pages of an iterator) are named
	// after the method that made them.
	Name string
	// Method and Route are those of the operation's last request, with the
	// route as a template of the vendor spec ("/v2/nodes/{id}").
	Method, Route string
	// NodeID is the node the operation worked on, when its requests name
	// one (the first node ID in their paths); 0 otherwise.
	NodeID int64
	// Attempts counts the HTTP requests sent; Retries those sent again
	// after a failure; Logins the logins the operation waited for.
	Attempts, Retries, Logins int
	// BytesSent and BytesReceived count request and response body bytes.
	BytesSent, BytesReceived int64
	// Start is when the operation began; Duration is set at its end.
	Start    time.Time
	Duration time.Duration
	// Err is the operation's error, nil on success; ErrorClass names its
	// kind (see ErrorClass).
	Err        error
	ErrorClass string
}

// Attempt is one HTTP request on the wire.
type Attempt struct {
	// Operation is the name of the operation the attempt belongs to.
	Operation string
	// Method, Route (a spec template), Scheme, Host (host[:port]) and Path
	// (the request's URL path, without its query string).
	Method, Route, Scheme, Host, Path string
	// Header holds the request's headers before the credential is added;
	// an observer may add to it (trace context).
	Header http.Header
	// Login marks a login request; Retry an attempt that repeats a failed
	// one; Replay a request sent again after a fresh login.
	Login, Retry, Replay bool
	// StatusCode is the answer's status (0 when none came); Err the
	// transport's error, with ErrorClass its kind.
	StatusCode int
	Err        error
	ErrorClass string
	// BytesSent and BytesReceived count the body bytes of this attempt.
	// The attempt ends when its response body has been read to the end or
	// closed.
	BytesSent, BytesReceived int64
	Start                    time.Time
	Duration                 time.Duration
}

// Delivery is one webhook delivery received by a webhook.Handler.
type Delivery struct {
	// ID and Type are the event's, once known (empty for a refusal before
	// the body was verified and read).
	ID, Type string
	// Result is DeliveryAccepted, DeliveryDuplicate, DeliveryRefused or
	// DeliveryFailed.
	Result string
	// Reason says why a delivery was refused or failed, in a few fixed
	// words ("bad signature", "timestamp too old", "body too large"...).
	Reason string
	// StatusCode is the status the handler answered.
	StatusCode int
	// Header holds the incoming request's headers, for an observer that
	// continues the sender's trace.
	Header   http.Header
	Start    time.Time
	Duration time.Duration
}

// Results of a webhook delivery.
const (
	DeliveryAccepted  = "accepted"  // the event function ran and succeeded
	DeliveryDuplicate = "duplicate" // seen before: acknowledged, not run again
	DeliveryRefused   = "refused"   // not verified or not an event: not run
	DeliveryFailed    = "failed"    // the event function or the dedup store failed
)

// ErrorClass names the kind of an SDK error in a few fixed words, for
// metrics and traces: "invalid_argument", "not_found", "unauthorized",
// "forbidden", "conflict", "already_exists", "rate_limited",
// "outcome_unknown", "response_too_large", "canceled", "deadline",
// "api_error" (another status), "transport" (no answer), or "other". It is
// "" for a nil error.
func ErrorClass(err error) string {
	if err == nil {
		return ""
	}
	for _, k := range errorClasses {
		if errors.Is(err, k.err) {
			return k.name
		}
	}
	var ae *APIError
	switch {
	case errors.Is(err, context.Canceled):
		return "canceled"
	case errors.Is(err, context.DeadlineExceeded):
		return "deadline"
	case errors.As(err, &ae):
		return "api_error"
	}
	var ne interface{ Timeout() bool }
	if errors.As(err, &ne) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return "transport"
	}
	return "other"
}

// errorClasses are checked in order: an unknown outcome is reported as
// such whatever status came with it.
var errorClasses = []struct {
	err  error
	name string
}{
	{ErrOutcomeUnknown, "outcome_unknown"},
	{ErrInvalidArgument, "invalid_argument"},
	{ErrNotFound, "not_found"},
	{ErrUnauthorized, "unauthorized"},
	{ErrForbidden, "forbidden"},
	{ErrAlreadyExists, "already_exists"},
	{ErrConflict, "conflict"},
	{ErrRateLimited, "rate_limited"},
	{ErrResponseTooLarge, "response_too_large"},
}

// opState is an operation under way, carried in its context.
type opState struct {
	obs Observer
	ctx context.Context // the observer's context for the operation

	mu sync.Mutex
	op Operation

	attempts, retries, logins atomic.Int64
	sent, received            atomic.Int64
}

type opKey struct{}

func opFrom(ctx context.Context) *opState {
	st, _ := ctx.Value(opKey{}).(*opState)
	return st
}

// startOp begins the operation name, unless no observer is set or ctx is
// already in an operation (a method called by another is part of it).
// Service methods call it first and defer end:
//
//	ctx, op := s.c.startOp(ctx, "Nodes.Get")
//	defer op.end(&err)
func (c *Client) startOp(ctx context.Context, name string) (context.Context, *opState) {
	if c.observer == nil || ctx == nil || opFrom(ctx) != nil {
		return ctx, nil
	}
	st := &opState{obs: c.observer, op: Operation{Name: name, Start: time.Now()}}
	octx := c.observer.StartOperation(ctx, &st.op)
	if octx == nil {
		octx = ctx
	}
	st.ctx = context.WithValue(octx, opKey{}, st)
	return st.ctx, st
}

// implicitOp begins an operation for a request made outside any (a page of
// an iterator, Client.Do), named after the exported method that made it,
// or else after the request's route.
func (c *Client) implicitOp(ctx context.Context, r *request) (context.Context, *opState) {
	if c.observer == nil || ctx == nil || opFrom(ctx) != nil {
		return ctx, nil
	}
	name := callerOperation()
	if name == "" {
		route, _ := routeOf(r.method, r.path)
		name = r.method + " " + route
	}
	return c.startOp(ctx, name)
}

// end reports the operation's outcome. A nil opState does nothing.
func (st *opState) end(errp *error) {
	if st == nil {
		return
	}
	var err error
	if errp != nil {
		err = *errp
	}
	st.mu.Lock()
	st.op.Duration = time.Since(st.op.Start)
	st.op.Err, st.op.ErrorClass = err, ErrorClass(err)
	st.op.Attempts, st.op.Retries, st.op.Logins = int(st.attempts.Load()), int(st.retries.Load()), int(st.logins.Load())
	st.op.BytesSent, st.op.BytesReceived = st.sent.Load(), st.received.Load()
	op := st.op
	st.mu.Unlock()
	st.obs.EndOperation(st.ctx, &op)
}

// noteRequest records a request of the operation: its route and node.
func (st *opState) noteRequest(method, route string, nodeID int64) {
	st.mu.Lock()
	st.op.Method, st.op.Route = method, route
	if st.op.NodeID == 0 {
		st.op.NodeID = nodeID
	}
	st.mu.Unlock()
}

// callerOperation names the exported SDK method on the stack, such as
// "Nodes.ListChildrenIter" for a page that an iterator fetches.
func callerOperation() string {
	var pcs [24]uintptr
	n := runtime.Callers(3, pcs[:])
	frames := runtime.CallersFrames(pcs[:n])
	const pkg = "github.com/xecm-go/xecm."
	for {
		f, more := frames.Next()
		if name, ok := strings.CutPrefix(f.Function, pkg); ok {
			if op := exportedMethod(name); op != "" {
				return op
			}
		}
		if !more {
			return ""
		}
	}
}

// exportedMethod turns "(*NodesService).ListChildrenIter.func1" into
// "Nodes.ListChildrenIter" and "(*Client).Do" into "Client.Do"; it returns
// "" for anything else.
func exportedMethod(fn string) string {
	recv, rest, ok := strings.Cut(fn, ").")
	if !ok || !strings.HasPrefix(recv, "(*") {
		return ""
	}
	recv = strings.TrimPrefix(recv, "(*")
	method, _, _ := strings.Cut(rest, ".")
	if method == "" || method[0] < 'A' || method[0] > 'Z' || recv == "" || recv[0] < 'A' || recv[0] > 'Z' {
		return ""
	}
	return strings.TrimSuffix(recv, "Service") + "." + method
}

// routeOf is the spec template of a request path relative to the API root
// ("v2/nodes/2000"), or the path with its numeric segments replaced when
// no spec operation matches, and the first node ID the path names.
func routeOf(method, path string) (string, int64) {
	path = "/" + strings.TrimLeft(path, "/")
	var nodeID int64
	segs := strings.Split(path, "/")
	for i := 1; i+1 < len(segs); i++ {
		if segs[i] == "nodes" || segs[i] == "businessworkspaces" {
			if id, err := strconv.ParseInt(segs[i+1], 10, 64); err == nil && id > 0 {
				nodeID = id
				break
			}
		}
	}
	if op, ok := specroutes.Match(method, path); ok {
		return op.Path, nodeID
	}
	for i, s := range segs {
		if _, err := strconv.ParseInt(s, 10, 64); err == nil {
			segs[i] = "{id}"
		}
	}
	return strings.Join(segs, "/"), nodeID
}

// observeTransport reports each attempt to the observer. It sits above the
// credential layer, so that the headers an observer sees (and may add to)
// carry no credential.
type observeTransport struct {
	base http.RoundTripper
	obs  Observer
}

func (t *observeTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ri := infoFrom(req.Context())
	st := opFrom(req.Context())
	if ri == nil {
		return t.base.RoundTrip(req)
	}
	r2 := new(http.Request)
	*r2 = *req
	r2.Header = req.Header.Clone()
	a := &Attempt{Method: req.Method, Route: ri.route, Scheme: req.URL.Scheme, Host: req.URL.Host, Path: req.URL.Path,
		Header: r2.Header, Login: ri.login, Retry: ri.retrying, Replay: ri.replay, Start: time.Now()}
	if st != nil {
		a.Operation = st.op.Name // set once, before any request
		st.attempts.Add(1)
	}
	ctx := t.obs.StartAttempt(req.Context(), a)
	if ctx != nil {
		r2 = r2.WithContext(ctx)
	} else {
		ctx = req.Context()
	}
	ae := &attemptEnd{obs: t.obs, ctx: ctx, a: a, st: st}
	if req.Body != nil && req.Body != http.NoBody {
		r2.Body = &countingBody{ReadCloser: req.Body, n: &ae.sent}
	}
	resp, err := t.base.RoundTrip(r2)
	if err != nil {
		ae.finish(0, err)
		return nil, err
	}
	resp.Body = &observedBody{ReadCloser: resp.Body, end: ae}
	ae.status = resp.StatusCode
	return resp, nil
}

// attemptEnd ends an attempt once, when its answer has been read or closed.
type attemptEnd struct {
	obs      Observer
	ctx      context.Context
	a        *Attempt
	st       *opState
	sent     atomic.Int64
	received atomic.Int64
	status   int
	once     sync.Once
}

func (e *attemptEnd) finish(status int, err error) {
	e.once.Do(func() {
		a := e.a
		a.Duration = time.Since(a.Start)
		a.StatusCode, a.Err, a.ErrorClass = status, err, ErrorClass(err)
		a.BytesSent, a.BytesReceived = e.sent.Load(), e.received.Load()
		if e.st != nil {
			e.st.sent.Add(a.BytesSent)
			e.st.received.Add(a.BytesReceived)
		}
		e.obs.EndAttempt(e.ctx, a)
	})
}

// countingBody counts the bytes read from a request body.
type countingBody struct {
	io.ReadCloser
	n *atomic.Int64
}

func (b *countingBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.n.Add(int64(n))
	return n, err
}

// observedBody counts a response body's bytes and ends the attempt at its
// end or when it is closed.
type observedBody struct {
	io.ReadCloser
	end *attemptEnd
}

func (b *observedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.end.received.Add(int64(n))
	if err == io.EOF {
		b.end.finish(b.end.status, nil)
	} else if err != nil {
		b.end.finish(b.end.status, err)
	}
	return n, err
}

func (b *observedBody) Close() error {
	err := b.ReadCloser.Close()
	b.end.finish(b.end.status, nil)
	return err
}

// observeRequest prepares a request's report: its route on the request
// info, its route and node on the operation, a login counted once.
func (c *Client) observeRequest(ctx context.Context, r *request, ri *requestInfo) {
	route, nodeID := routeOf(r.method, r.path)
	ri.route, ri.retrying = route, r.resent
	if st := opFrom(ctx); st != nil {
		if r.noAuth {
			st.logins.Add(1)
		} else {
			st.noteRequest(r.method, route, nodeID)
		}
	}
}
