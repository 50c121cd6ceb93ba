package xecmtest

import (
	"crypto/rand"
	"errors"
	"fmt"
	"net/http"
	"strconv"
)

// apiError is an error answered as the server's JSON error body
// {"error": Message, "errorDetail": Detail?, "request_id": "..."}.
type apiError struct {
	Status  int
	Message string
	Detail  string
	// Body holds members answered beside "error", for the errors that
	// carry results (the Recycle Bin's partial failures).
	Body map[string]any
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s", e.Status, e.Message) }

// errorf returns an *apiError with the given status and message.
func errorf(status int, format string, args ...any) *apiError {
	return &apiError{Status: status, Message: fmt.Sprintf(format, args...)}
}

// Messages the real server uses in several places.
const (
	msgNoAccess     = "Sorry, the item you requested could not be accessed. Either it does not exist or you do not have permission to access it."
	msgAuthRequired = "Authentication Required"
)

// errNoAccess is the server's 400 for an unknown (or invisible) node.
func errNoAccess() error { return errorf(http.StatusBadRequest, msgNoAccess) }

// writeJSON writes v as a JSON response with an exact Content-Length. It
// is the one place answers are written; the bytes are json.Marshal's
// (jsonwrite.go writes them faster).
func writeJSON(w http.ResponseWriter, status int, v any) {
	e := jsonEncoders.Get().(*jsonEncoder)
	defer e.release()
	if err := e.value(v); err != nil {
		status = http.StatusInternalServerError
		e.buf = e.buf[:0]
		_ = e.value(map[string]any{"error": "could not encode the response: " + err.Error(), "request_id": newRequestID()})
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(e.buf)))
	w.WriteHeader(status)
	_, _ = w.Write(e.buf)
}

// writeError writes err as the server's JSON error body. Errors other than
// *apiError become a 500 with the error text.
func writeError(w http.ResponseWriter, _ *http.Request, err error) {
	var ae *apiError
	if !errors.As(err, &ae) {
		ae = &apiError{Status: http.StatusInternalServerError, Message: err.Error()}
	}
	body := map[string]any{"error": ae.Message, "request_id": newRequestID()}
	for k, v := range ae.Body {
		body[k] = v
	}
	if ae.Detail != "" {
		body["errorDetail"] = ae.Detail
	}
	writeJSON(w, ae.Status, body)
}

// newRequestID returns a random UUID (version 4) string.
func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// emptyResults is the v2 envelope of PUT and DELETE: {"links":..,"results":{}}.
func (c *call) emptyResults() map[string]any {
	return map[string]any{"links": c.selfLinks(), "results": map[string]any{}}
}
