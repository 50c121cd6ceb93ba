package xecmtest

import (
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// FaultKind says what an injected Fault does to a matching request.
type FaultKind int

const (
	// FaultNone only applies the Fault's Delay, then serves normally.
	FaultNone FaultKind = iota
	// FaultStatus answers Status (with Retry-After and Body when set)
	// without running the handler. Body defaults to a JSON error.
	FaultStatus
	// FaultDrop closes the connection before anything is sent; the
	// handler does not run.
	FaultDrop
	// FaultDropAfterCommit runs the handler (its effect is committed) and
	// then closes the connection without sending the response: "the server
	// wrote, the response was lost".
	FaultDropAfterCommit
	// FaultDropAfterBytes sends the status line, headers and the first
	// AfterBytes bytes of the body, then closes the connection. It works
	// for any handler (JSON or streamed downloads); a body of at most
	// AfterBytes bytes is sent whole.
	FaultDropAfterBytes
	// FaultHTML answers 200 with an HTML page (Body, or a maintenance
	// page) instead of JSON, as a restarting server does; the handler does
	// not run.
	FaultHTML
	// FaultTruncate runs the handler and sends its status and headers with
	// the body cut to AfterBytes bytes (half when AfterBytes is 0) and a
	// matching Content-Length: a well-formed response with broken JSON.
	FaultTruncate
	// FaultRedirect answers Status (307 when unset) with a Location to the
	// same URL, as a load balancer or a moved server does; the handler
	// does not run. A client that follows it sends the request again,
	// which is then served normally (once the fault is used up).
	FaultRedirect
	// FaultOversize runs the handler and sends its status, headers and
	// body, then pads the body with whitespace (still valid JSON) up to
	// AfterBytes bytes in all, or without end when AfterBytes is 0, until
	// the client hangs up: an answer larger than any client should read.
	FaultOversize
)

var faultKindNames = [...]string{"none", "status", "drop", "drop-after-commit", "drop-after-bytes", "html", "truncate", "redirect", "oversize"}

// String returns a short name of the kind.
func (k FaultKind) String() string {
	if k >= 0 && int(k) < len(faultKindNames) {
		return faultKindNames[k]
	}
	return "fault(" + strconv.Itoa(int(k)) + ")"
}

// Fault describes a failure to inject into matching requests; see
// Server.InjectFault.
type Fault struct {
	// Method matches the request method (case-insensitive); empty matches
	// any method.
	Method string
	// Path matches the request path relative to the API root, such as
	// "/v2/nodes/2000". Segments written "{name}" match any one segment, a
	// final "{name...}" matches the rest, and a trailing "*" makes the
	// whole pattern a plain prefix ("/v2/nodes*"). Outside the API root
	// (OTDS) the full path is matched ("/otdsws/oauth2/token"). Empty
	// matches every request.
	Path string
	// Times is how many matching requests the fault applies to: 0 means
	// once, a negative number means until ClearFaults.
	Times int
	// Kind is what happens; when zero and Status is set, FaultStatus.
	Kind FaultKind
	// Status is the HTTP status of FaultStatus.
	Status int
	// RetryAfter, when set, is sent as the Retry-After header of
	// FaultStatus (seconds or an HTTP date, verbatim).
	RetryAfter string
	// Body replaces the default body of FaultStatus and FaultHTML.
	Body string
	// Delay is latency added before the request is handled, with any
	// Kind. If the client gives up first (request context done), nothing
	// is served and the handler does not run.
	Delay time.Duration
	// AfterBytes is the body byte count of FaultDropAfterBytes and
	// FaultTruncate.
	AfterBytes int
}

// armedFault is an injected Fault with its compiled pattern and budget.
type armedFault struct {
	Fault
	segs   []string
	rest   bool // last segment is a {name...} wildcard
	prefix string
	left   int // remaining uses; negative = unlimited
}

// faultTable holds the injected faults. n lets the no-fault path skip the
// lock entirely.
type faultTable struct {
	mu   sync.Mutex
	n    atomic.Int32
	list []*armedFault
}

// InjectFault arms f for the next matching requests (f.Times of them).
// Faults are tried in injection order; the first that matches applies.
func (s *Server) InjectFault(f Fault) {
	a := &armedFault{Fault: f, left: f.Times}
	if a.left == 0 {
		a.left = 1
	}
	if a.Kind == FaultNone && a.Status != 0 {
		a.Kind = FaultStatus
	}
	switch p := f.Path; {
	case p == "":
		a.prefix = "/"
	case strings.HasSuffix(p, "*"):
		a.prefix = strings.TrimSuffix(p, "*")
	default:
		a.segs = strings.Split(strings.Trim(p, "/"), "/")
		if last := a.segs[len(a.segs)-1]; strings.HasPrefix(last, "{") && strings.HasSuffix(last, "...}") {
			a.segs, a.rest = a.segs[:len(a.segs)-1], true
		}
	}
	t := &s.faults
	t.mu.Lock()
	defer t.mu.Unlock()
	t.list = append(t.list, a)
	t.n.Store(int32(len(t.list)))
}

// ClearFaults removes every injected fault.
func (s *Server) ClearFaults() {
	t := &s.faults
	t.mu.Lock()
	defer t.mu.Unlock()
	t.list = nil
	t.n.Store(0)
}

// PendingFaults returns how many injected faults still have uses left.
func (s *Server) PendingFaults() int { return int(s.faults.n.Load()) }

// take returns the first fault matching the request and uses it up once.
func (t *faultTable) take(method, path string) (Fault, bool) {
	if t.n.Load() == 0 {
		return Fault{}, false
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	for i, a := range t.list {
		if !a.matches(method, path) {
			continue
		}
		if a.left > 0 {
			a.left--
			if a.left == 0 {
				t.list = append(t.list[:i:i], t.list[i+1:]...)
				t.n.Store(int32(len(t.list)))
			}
		}
		return a.Fault, true
	}
	return Fault{}, false
}

func (a *armedFault) matches(method, path string) bool {
	if a.Method != "" && !strings.EqualFold(a.Method, method) {
		return false
	}
	if a.segs == nil {
		return strings.HasPrefix(path, a.prefix)
	}
	got := strings.Split(strings.Trim(path, "/"), "/")
	if len(got) < len(a.segs) || (!a.rest && len(got) != len(a.segs)) {
		return false
	}
	for i, want := range a.segs {
		if strings.HasPrefix(want, "{") && strings.HasSuffix(want, "}") {
			if got[i] == "" {
				return false
			}
			continue
		}
		if want != got[i] {
			return false
		}
	}
	return true
}
