package xecm

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Sentinel errors. Test for them with errors.Is; an *APIError matches the
// sentinel that fits its status code and the server's message.
var (
	// ErrNotFound: the item does not exist or is not visible to the user.
	// Content Server often answers this with 400 or 500, not 404.
	ErrNotFound = errors.New("xecm: not found")
	// ErrUnauthorized: the credentials were refused, even after one fresh login.
	ErrUnauthorized = errors.New("xecm: unauthorized")
	// ErrForbidden: the user may not perform the operation.
	ErrForbidden = errors.New("xecm: forbidden")
	// ErrConflict: an edit conflict, such as a stale metadata token (409).
	ErrConflict = errors.New("xecm: conflict")
	// ErrAlreadyExists: an item with that name (or key) already exists.
	// Content Server answers this with 500.
	ErrAlreadyExists = errors.New("xecm: already exists")
	// ErrRateLimited: the server asked the client to slow down (429).
	ErrRateLimited = errors.New("xecm: rate limited")
	// ErrInvalidArgument: the SDK refused the call before sending anything.
	ErrInvalidArgument = errors.New("xecm: invalid argument")
	// ErrOutcomeUnknown: a non-idempotent request (such as a create or an
	// upload) was sent, but its response was lost, so the SDK cannot tell
	// whether the server carried it out. Look the item up (for example by
	// name under its parent) before trying again.
	ErrOutcomeUnknown = errors.New("xecm: outcome unknown")
	// ErrResponseTooLarge: an answer was longer than the client reads
	// (WithMaxResponseSize), so it was not read.
	ErrResponseTooLarge = errors.New("xecm: response too large")
)

// APIError is a failure reported by the server: a non-2xx status, or a 2xx
// body that says it failed (ok:false, or not JSON at all).
//
// It never holds credentials: Path carries no query string.
type APIError struct {
	StatusCode int    // HTTP status code
	Message    string // the server's "error" (or "errMsg") text
	Detail     string // the server's "errorDetail", if any
	RequestID  string // the server's "request_id", if any
	Method     string // HTTP method of the request
	Path       string // URL path of the request, without query string
	// RetryAfter is the wait the server asked for (Retry-After), when the
	// SDK gave up because the wait was longer than the retry policy allows.
	RetryAfter time.Duration
	// Location is the target of a redirect the SDK did not follow (a 3xx
	// answer: see ErrRedirect), without its query string.
	Location string
	// BaseURL is set, to the client's base URL, when a 404 came from
	// outside the Content Server API: a page that is not the API's JSON
	// answer (an HTML error page, say) to an API path. The base URL is then
	// likely wrong, as when it lacks the CGI path (/otcs/cs.exe). Such an
	// error matches ErrInvalidArgument, not ErrNotFound: nothing was
	// found missing, so get-or-create code must not create.
	BaseURL string
}

// Error implements error.
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "xecm: %s %s: %d", e.Method, e.Path, e.StatusCode)
	if e.BaseURL != "" {
		fmt.Fprintf(&b, " %s from outside the Content Server API: the base URL %q is likely wrong"+
			" (it usually ends in the CGI path, like https://ecm.example.com/otcs/cs.exe)", http.StatusText(e.StatusCode), e.BaseURL)
		if e.Message != "" {
			b.WriteString("; " + e.Message)
		}
		return b.String()
	}
	if t := http.StatusText(e.StatusCode); t != "" {
		b.WriteString(" " + t)
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	if e.Detail != "" {
		b.WriteString(" (" + e.Detail + ")")
	}
	if e.RetryAfter > 0 {
		fmt.Fprintf(&b, " (server asked to retry after %s)", e.RetryAfter)
	}
	if e.RequestID != "" {
		b.WriteString(" [request_id " + e.RequestID + "]")
	}
	return b.String()
}

// Is reports whether the error matches one of the sentinel errors. Content
// Server signals "not found" and "already exists" with 400 and 500 as often
// as with 404, so the message is consulted as well as the status.
func (e *APIError) Is(target error) bool {
	if e.BaseURL != "" {
		return target == ErrInvalidArgument
	}
	switch target {
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound || messageSaysNotFound(e.Message)
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden || messageSaysForbidden(e.Message)
	case ErrConflict:
		return e.StatusCode == http.StatusConflict
	case ErrAlreadyExists:
		return messageSaysExists(e.Message)
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrRedirect:
		return isRedirect(e.StatusCode)
	case ErrNotReserved:
		return containsFold(e.Message, "node is not reserved")
	}
	return false
}

func containsFold(s string, subs ...string) bool {
	l := strings.ToLower(s)
	for _, sub := range subs {
		if strings.Contains(l, sub) {
			return true
		}
	}
	return false
}

func messageSaysNotFound(m string) bool {
	if containsFold(m, "mappings registry") {
		// "The REST API URL could not be found in the mappings registry":
		// the endpoint is missing, not the item; get-or-create code must
		// not read it as "create it".
		return false
	}
	return containsFold(m, "could not be accessed", "does not exist", "not found",
		"could not get a node", "could not get a member", "no longer exists", "invalid node", "could not be found",
		"already deleted",                // "Could not delete member {id}, already deleted" (500)
		"is not a category on",           // "Category ID '9830' is not a category on node '123'" (400)
		"error getting node from id",     // a draft process on a missing or invisible document (400)
		"error getting version for node", // deleting a version the document does not have (400)
		"could not access task status",   // a process or task that is not there for the caller (400)
		"could not get a workflow for",   // a task form for a task that is not the caller's (500)
		"could not get a draft workflow", // a draft process form for a draft that is not the caller's (500)
		"could not get node for")         // a WebReport by unknown nickname or node id (400, the spec's wording)
}

func messageSaysForbidden(m string) bool {
	if messageSaysNotFound(m) {
		// "Either it does not exist or you do not have permission": the
		// server deliberately does not say which; not found is the safe reading.
		return false
	}
	return containsFold(m, "permission denied", "do not have permission", "insufficient permission",
		"not allowed", "access denied")
}

func messageSaysExists(m string) bool {
	// "Nicknames must be unique" (500) is PUT v2/nodes/{id}/nicknames's.
	return containsFold(m, "already exists", "must be unique")
}

// errorBody is the JSON error body of Content Server, OTDS and RM calls.
type errorBody struct {
	Error        string `json:"error"`
	ErrorDetail  string `json:"errorDetail"`
	ErrorDetails string `json:"errorDetails"`
	RequestID    string `json:"request_id"`
	ErrMsg       string `json:"errMsg"`
}

// fromAPI reports whether body is a JSON object, as every answer of the
// Content Server API is, errors included.
func fromAPI(body []byte) bool { return isJSONObject(body) && json.Valid(body) }

// maxErrorBody bounds how much of a failed response is read.
const maxErrorBody = 1 << 20

// newAPIError builds an *APIError from a response status and its body.
func newAPIError(method, path string, status int, contentType string, body []byte) *APIError {
	e := &APIError{StatusCode: status, Method: method, Path: path}
	var eb errorBody
	if json.Unmarshal(body, &eb) == nil {
		e.Message = firstNonEmpty(eb.Error, eb.ErrMsg)
		e.Detail = firstNonEmpty(eb.ErrorDetail, eb.ErrorDetails)
		e.RequestID = eb.RequestID
		return e
	}
	if len(body) > 0 {
		e.Message = fmt.Sprintf("non-JSON %s body: %q", describeType(contentType), prefix(body, 120))
	}
	return e
}

func describeType(ct string) string {
	if ct == "" {
		return "untyped"
	}
	if i := strings.IndexByte(ct, ';'); i >= 0 {
		ct = ct[:i]
	}
	return ct
}

func prefix(b []byte, n int) string {
	if len(b) > n {
		return string(b[:n]) + "..."
	}
	return string(b)
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// invalidArg returns an error wrapping ErrInvalidArgument, raised before any
// request is sent. op names the method, such as "Nodes.Get".
func invalidArg(op, format string, args ...any) error {
	return fmt.Errorf("xecm: %s: %s: %w", op, fmt.Sprintf(format, args...), ErrInvalidArgument)
}

// checkID validates a node, member or other object ID.
func checkID(op, what string, id int64) error {
	if id <= 0 {
		return invalidArg(op, "%s must be a positive ID, got %d", what, id)
	}
	return nil
}
