package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/xecm-go/xecm"
)

// Status is the outcome of probing one capability.
type Status string

// The outcomes of a capability.
const (
	StatusOK      Status = "ok"
	StatusFailed  Status = "failed"
	StatusSkipped Status = "skipped"
)

// Result is the outcome of one capability.
type Result struct {
	// Name is the capability's short name, as -skip takes it.
	Name string `json:"name"`
	// Capability says what was probed.
	Capability string `json:"capability"`
	Status     Status `json:"status"`
	// Detail is what was found, the server's answer for a failure, or why
	// the capability was skipped.
	Detail   string        `json:"detail,omitempty"`
	Duration time.Duration `json:"-"`
	// Millis is Duration in milliseconds, for -json.
	Millis int64 `json:"ms"`
}

// Options steer a probe run.
type Options struct {
	// ParentID is where the sandbox folder is created; 0 for the user's
	// Personal Workspace (see resolveParent).
	ParentID int64
	// ReadOnly makes no change at all: no sandbox, no uploads.
	ReadOnly bool
	// Category is a category's name (or path) in the Categories Volume,
	// or, with CategoryNodeID, the name of a category that node carries.
	Category       string
	CategoryNodeID int64
	// WorkspaceType is a workspace type's name or ID; empty: the first
	// type the server lists.
	WorkspaceType string
	// Search is the query of the search probe.
	Search string
	// LargeSize is the size of the large-file upload, at least
	// minLargeSize (the client's large-file threshold); 0 for the
	// server's smallest session size.
	LargeSize int64
	// Skip names capabilities not to probe.
	Skip map[string]bool
	// Mode is how the client logs in.
	Mode authMode
	// BeforeStep, if set, is called before each capability with its
	// name; tests use it to interrupt a run at a given step.
	BeforeStep func(name string)
}

// probe is one run against one server. The steps share what they find
// (the user, the sandbox, a document) through it.
type probe struct {
	c    *xecm.Client
	opts Options
	spy  *ticketSpy
	// newClient makes another client for the same server and transport,
	// with other credentials (the renewal step ends a session with it).
	newClient func(opts ...xecm.Option) (*xecm.Client, error)
	// redact scrubs what the user marked sensitive from the details.
	redact func(string) string

	me       *xecm.Member
	parent   int64
	noParent string // why there is no parent, when parent is 0
	// parentResolved is set once resolveParent ran.
	parentResolved bool
	sandboxName    string
	sandbox        int64 // 0 until the folder exists
	doc            int64 // a document to read: ours, or one found in read-only mode
	docContent     []byte
	docName        string
}

// minLargeSize is the client's large-file threshold: uploads from this
// size go through a session (the small document is far below it).
const minLargeSize = 1 << 20

// newProbe makes the client the probe uses: cred logs in, and every
// request goes through wrap (the recorder, or nothing) and the ticket spy.
// redact scrubs the details it reports; nil scrubs nothing.
func newProbe(baseURL string, cred xecm.Option, opts Options, wrap func(http.RoundTripper) http.RoundTripper, redact func(string) string) (*probe, error) {
	spy := &ticketSpy{base: http.DefaultTransport.(*http.Transport).Clone()}
	var rt http.RoundTripper = spy
	if wrap != nil {
		rt = wrap(spy)
	}
	common := []xecm.Option{xecm.WithTransport(rt), xecm.WithUserAgent("xecmcheck"), xecm.WithLargeFileThreshold(minLargeSize)}
	c, err := xecm.NewClient(baseURL, append(common, cred)...)
	if err != nil {
		return nil, err
	}
	if redact == nil {
		redact = func(s string) string { return s }
	}
	return &probe{c: c, opts: opts, spy: spy, redact: redact,
		newClient: func(extra ...xecm.Option) (*xecm.Client, error) {
			return xecm.NewClient(baseURL, append(common, extra...)...)
		}}, nil
}

// needParent skips a step that needs the parent folder when there is
// none. The login step finds it; when that was skipped, the first step
// that needs it does.
func (p *probe) needParent(ctx context.Context) error {
	if !p.parentResolved {
		p.resolveParent(ctx)
	}
	if p.parent == 0 {
		return skip("%s", p.noParent)
	}
	return nil
}

// skipError marks a capability that was not probed, with the reason.
type skipError struct{ why string }

func (e skipError) Error() string { return e.why }

func skip(format string, args ...any) error { return skipError{fmt.Sprintf(format, args...)} }

// step is one capability.
type step struct {
	name  string
	title string
	// write marks a step that changes the server (inside the sandbox).
	write bool
	run   func(ctx context.Context, p *probe) (string, error)
}

// cleanupTimeout bounds the sandbox deletion, which runs even after the
// run's context ended (SIGINT).
const cleanupTimeout = 2 * time.Minute

// run probes every capability in order, then deletes the sandbox whatever
// happened. An interrupted run (ctx done) skips the steps left and still
// cleans up.
func (p *probe) run(ctx context.Context) []Result {
	var results []Result
	for _, s := range steps() {
		if p.opts.BeforeStep != nil {
			p.opts.BeforeStep(s.name)
		}
		results = append(results, p.runStep(ctx, s))
	}
	results = append(results, p.cleanup(ctx))
	return results
}

func (p *probe) runStep(ctx context.Context, s step) Result {
	r := Result{Name: s.name, Capability: s.title}
	switch {
	case ctx.Err() != nil:
		r.Status, r.Detail = StatusSkipped, "interrupted"
		return r
	case p.opts.Skip[s.name]:
		r.Status, r.Detail = StatusSkipped, "-skip "+s.name
		return r
	case s.write && p.opts.ReadOnly:
		r.Status, r.Detail = StatusSkipped, "-read-only"
		return r
	}
	start := time.Now()
	detail, err := s.run(ctx, p)
	r.Duration = time.Since(start)
	r.Millis = r.Duration.Milliseconds()
	var se skipError
	switch {
	case errors.As(err, &se):
		r.Status, r.Detail = StatusSkipped, se.why
	case err != nil && ctx.Err() != nil:
		r.Status, r.Detail = StatusSkipped, "interrupted: "+err.Error()
	case err != nil:
		r.Status, r.Detail = StatusFailed, err.Error()
	default:
		r.Status, r.Detail = StatusOK, detail
	}
	r.Detail = p.redact(r.Detail)
	return r
}

// cleanup deletes the sandbox folder, and everything in it, with a
// context of its own so that an interrupted run still cleans up. A folder
// whose creation was cut off before its ID came back is found by its
// unique name.
func (p *probe) cleanup(ctx context.Context) (r Result) {
	r = Result{Name: "cleanup", Capability: "delete the sandbox folder"}
	if p.sandboxName == "" {
		r.Status, r.Detail = StatusSkipped, "nothing was created"
		return r
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer cancel()
	start := time.Now()
	defer func() {
		r.Duration = time.Since(start)
		r.Millis = r.Duration.Milliseconds()
	}()
	id := p.sandbox
	if id == 0 {
		found, err := p.c.Nodes.ChildByName(ctx, p.parent, p.sandboxName)
		switch {
		case errors.Is(err, xecm.ErrNotFound):
			r.Status, r.Detail = StatusSkipped, "the sandbox folder was never created"
			return r
		case err != nil:
			r.Status, r.Detail = StatusFailed, p.redact(fmt.Sprintf("looking for the sandbox folder %q in %d to delete it: %v", p.sandboxName, p.parent, err))
			return r
		}
		id = found.ID
	}
	if err := p.c.Nodes.Delete(ctx, id); err != nil {
		r.Status = StatusFailed
		r.Detail = p.redact(fmt.Sprintf("the sandbox folder %d %q is left behind, delete it by hand: %v", id, p.sandboxName, err))
		return r
	}
	r.Status, r.Detail = StatusOK, fmt.Sprintf("deleted folder %d %q and its contents", id, p.sandboxName)
	p.sandbox = 0
	return r
}

// allOK reports whether no capability failed and the run was not
// interrupted.
func allOK(results []Result) bool {
	for _, r := range results {
		if r.Status == StatusFailed {
			return false
		}
	}
	return !interrupted(results)
}

// interrupted reports whether a capability was skipped because the run
// was stopped.
func interrupted(results []Result) bool {
	for _, r := range results {
		if r.Status == StatusSkipped && strings.HasPrefix(r.Detail, "interrupted") {
			return true
		}
	}
	return false
}
