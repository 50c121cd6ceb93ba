package xecmtest

import (
	"encoding/json"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"time"
)

// RecordedRequest is one request the Server received.
type RecordedRequest struct {
	// Time is when the request finished, on the Server's clock.
	Time   time.Time
	Method string
	// Path is the URL path as received.
	Path string
	// APIPath is Path relative to the API root ("/v2/nodes/2000"), or
	// empty for requests outside it (OTDS).
	APIPath string
	Query   url.Values
	// Header is a copy of the request headers (credentials included: this
	// is a test server).
	Header http.Header
	// FormFields are the sorted names of the body's form fields and file
	// parts (for the JSON "body" convention: just "body").
	FormFields []string
	// BodyKeys are the sorted top-level keys of the JSON object in the
	// form field "body", if there is one (nil when it is not an object).
	BodyKeys []string
	// Status is the status sent, 0 when the connection was dropped or the
	// client gave up before a status was sent.
	Status int
	// Answer is the JSON body sent (up to 1 MiB; nil for other answers,
	// longer ones, those of injected faults, those still being written
	// and, once the log holds 64 MiB of answers, those of the oldest
	// requests), for tests that hold the simulator's answers to the
	// vendor specs.
	Answer []byte
	answer *answerBuf
	// answerSize is the room the log counts for answer (loggedAnswers).
	answerSize int
	// Faulted tells whether an injected fault applied, and FaultKind which.
	Faulted   bool
	FaultKind FaultKind
}

// requestLog keeps the most recent requests.
type requestLog struct {
	mu      sync.Mutex
	entries []RecordedRequest
	// answerBytes is the sum of the entries' answerSize; kept from
	// entries[answersFrom] on (the older ones' answers were let go).
	answerBytes int
	answersFrom int
	// recorded and letGo count the requests recorded and the answers let
	// go since the start or ResetRequests (DroppedFromRequestLog).
	recorded, letGo int
}

// maxLoggedAnswers bounds the bytes of JSON answers the log holds: past
// it, the answers of the oldest requests are let go (their Answer is nil),
// so that a long run (a benchmark listing thousands of pages) does not
// keep every answer it was sent.
const maxLoggedAnswers = 64 << 20

func (s *Server) record(r *http.Request, path, apiPath string, status int, answer *answerBuf, f Fault, faulted bool) {
	hijacked := faulted && (f.Kind == FaultDrop || f.Kind == FaultDropAfterCommit || f.Kind == FaultDropAfterBytes)
	// An unauthenticated request was refused before its body was read; so
	// it stays (the body may never come).
	refused := status == http.StatusUnauthorized
	e := RecordedRequest{
		Time: s.cfg.clock().UTC(), Method: r.Method, Path: path, APIPath: apiPath,
		Query: r.URL.Query(), Header: r.Header.Clone(), FormFields: formFieldNames(r, !hijacked && !refused),
		Status: status, Faulted: faulted,
	}
	e.BodyKeys = bodyKeys(r)
	e.answer = answer
	if faulted {
		e.FaultKind = f.Kind
		if f.Kind == FaultDrop || f.Kind == FaultDropAfterCommit {
			e.Status = 0
		}
	}
	s.logger().Debug("xecmtest request", "method", e.Method, "path", e.Path, "status", e.Status, "fault", faulted)
	l := &s.reqlog
	l.mu.Lock()
	defer l.mu.Unlock()
	// Past its limit the log drops its oldest requests a quarter of the
	// limit at a time, not one per request: moving 10,000 entries down on
	// every request once it is full cost more than the request.
	if keep := s.cfg.requestLogMax; len(l.entries) >= keep+max(keep/4, 1) {
		drop := len(l.entries) - keep + 1
		for _, old := range l.entries[:drop] {
			l.answerBytes -= old.answerSize
		}
		l.entries = slices.Delete(l.entries, 0, drop)
		l.answersFrom = max(0, l.answersFrom-drop)
	}
	e.answerSize = answer.size()
	l.entries = append(l.entries, e)
	l.recorded++
	l.answerBytes += e.answerSize
	for ; l.answerBytes > s.cfg.requestLogAnswers && l.answersFrom < len(l.entries)-1; l.answersFrom++ {
		old := &l.entries[l.answersFrom]
		if old.answerSize > 0 {
			l.letGo++
		}
		l.answerBytes -= old.answerSize
		old.answer, old.answerSize = nil, 0
	}
}

// formFieldNames lists the body field names of r, parsing an unread
// urlencoded body if no handler did and parse is set (the body of a
// hijacked connection must not be read).
func formFieldNames(r *http.Request, parse bool) []string {
	if parse && r.PostForm == nil && r.MultipartForm == nil && r.Body != nil {
		if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct == "application/x-www-form-urlencoded" {
			_ = parseForm(r)
		}
	}
	var names []string
	for k := range r.PostForm {
		names = append(names, k)
	}
	if r.MultipartForm != nil {
		for k := range r.MultipartForm.File {
			names = append(names, k)
		}
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// bodyKeys lists the keys of the JSON object in the form field "body" of r
// (already parsed by formFieldNames or a handler).
func bodyKeys(r *http.Request) []string {
	body := r.PostForm["body"]
	if len(body) == 0 {
		return nil
	}
	var m map[string]json.RawMessage
	if json.Unmarshal([]byte(body[0]), &m) != nil {
		return nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Requests returns the recorded requests, oldest first.
func (s *Server) Requests() []RecordedRequest {
	l := &s.reqlog
	l.mu.Lock()
	out := slices.Clone(l.entries[max(0, len(l.entries)-s.cfg.requestLogMax):])
	l.mu.Unlock()
	for i := range out {
		out[i].Answer = out[i].answer.get()
	}
	return out
}

// ResetRequests forgets the recorded requests.
func (s *Server) ResetRequests() {
	l := &s.reqlog
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries, l.answerBytes, l.answersFrom = nil, 0, 0
	l.recorded, l.letGo = 0, 0
}

// DroppedFromRequestLog reports how many requests the log dropped (past
// WithRequestLogLimit) and how many JSON answers it let go (past 64 MiB)
// since the Server started or ResetRequests: a check that reads Requests
// sees the rest only, and can say so.
func (s *Server) DroppedFromRequestLog() (requests, answers int) {
	l := &s.reqlog
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.recorded - min(len(l.entries), s.cfg.requestLogMax), l.letGo
}
