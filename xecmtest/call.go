package xecmtest

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// call is one API request on its way through a handler.
type call struct {
	s *Server
	w http.ResponseWriter
	r *http.Request

	// user is the authenticated user (nil on public routes).
	user *user
	// params holds the request body parameters (form fields, or the JSON
	// of the form field "body", or a JSON request body); empty for GET.
	params params
	// query is r.URL.Query(), parsed once.
	query url.Values
	// ticket and ticketExpires are the rotated ticket for the response.
	ticket        string
	ticketExpires string
	// specs holds the parsed "fields" and "expand" parameters
	// (fieldSpecOf), which every node of a listing reads.
	specs map[string]fieldSpec
}

// serveCall runs the shared pipeline of every API route: parse the body,
// authenticate, run the handler under the lock (JSON) or without it (raw),
// add the rotated ticket and write the response.
func (s *Server) serveCall(w http.ResponseWriter, r *http.Request, flags routeFlags, jh jsonHandler, rh rawHandler) {
	c := &call{s: s, w: w, r: r, query: r.URL.Query()}
	if flags&public == 0 && r.Body != nil && r.Body != http.NoBody && s.refuseUnauthenticated(w, r) {
		return
	}
	if flags&noParams == 0 {
		p, err := parseParams(r, flags&jsonBody != 0)
		if err != nil {
			writeError(w, r, err)
			return
		}
		c.params = p
	}
	if rh != nil {
		s.mu.Lock()
		err := s.authorize(c, flags)
		s.mu.Unlock()
		if err != nil {
			writeError(w, r, err)
			return
		}
		c.setTicketHeaders()
		sw := &startedWriter{ResponseWriter: w}
		c.w = sw
		if err := rh(c); err != nil && !sw.started {
			writeError(w, r, err)
		}
		return
	}
	v, err := s.runLocked(c, flags, jh)
	if err == nil {
		v, err = c.answerFieldsAndMetadata(v)
	}
	if err != nil {
		writeError(w, r, err)
		return
	}
	c.setTicketHeaders()
	writeJSON(w, http.StatusOK, v)
}

func (s *Server) runLocked(c *call, flags routeFlags, h jsonHandler) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.authorize(c, flags); err != nil {
		return nil, err
	}
	return h(c)
}

// authorize authenticates c unless the route is public. The caller holds s.mu.
func (s *Server) authorize(c *call, flags routeFlags) error {
	if flags&public != 0 {
		return nil
	}
	u, sess, err := s.authenticateLocked(c.r)
	if err != nil {
		return err
	}
	c.user = u
	c.ticket, c.ticketExpires = s.rotateLocked(sess)
	return nil
}

func (c *call) setTicketHeaders() {
	if c.ticket != "" {
		c.w.Header().Set("OTCSTicket", c.ticket)
		c.w.Header().Set("OTCSTicketExpires", c.ticketExpires)
	}
}

// userID is the id of the authenticated user, or the Admin id on public
// routes and in Go-API seeding.
func (c *call) userID() int64 {
	if c.user == nil {
		return adminUserID
	}
	return c.user.ID
}

// pathID parses the path wildcard name as a node (or other object) id,
// answering the server's 400 for non-numeric values.
func (c *call) pathID(name string) (int64, error) {
	raw := c.r.PathValue(name)
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil {
		return 0, errorf(http.StatusBadRequest, "Invalid datatype specified for argument %q.", name)
	}
	return id, nil
}

// queryInt reads an integer query parameter, returning def when absent and
// a 400 when malformed or below min.
func (c *call) queryInt(name string, def, min int) (int, error) {
	raw := c.query.Get(name)
	if raw == "" {
		return def, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < min {
		return 0, invalid(name, raw)
	}
	return n, nil
}

// flag reports whether a valueless query flag such as "?state" is present
// (and not explicitly "false" or "0").
func (c *call) flag(name string) bool {
	if !c.query.Has(name) {
		return false
	}
	v := strings.ToLower(c.query.Get(name))
	return v != "false" && v != "0"
}

// selfLinks is the v2 "links" member describing the current request.
func (c *call) selfLinks() map[string]any {
	href := strings.TrimPrefix(c.r.URL.Path, c.s.cfg.cgiPath)
	if c.r.URL.RawQuery != "" {
		href += "?" + c.r.URL.RawQuery
	}
	return map[string]any{"data": map[string]any{"self": map[string]any{
		"body": "", "content_type": "", "href": href, "method": c.r.Method, "name": "",
	}}}
}

// missing is the server's 400 for a missing required parameter.
func missing(name string) error {
	return errorf(http.StatusBadRequest, "Missing required parameter '%s'", name)
}

// invalid is the server's 400 for a parameter of the wrong type or range.
func invalid(name string, v any) error {
	return errorf(http.StatusBadRequest, "Invalid value %s for parameter '%s'.", fmt.Sprint(v), name)
}

// startedWriter notes whether a raw handler began its response, so an
// error after that is not written on top of it.
type startedWriter struct {
	http.ResponseWriter
	started bool
}

func (w *startedWriter) WriteHeader(code int) {
	w.started = true
	w.ResponseWriter.WriteHeader(code)
}

func (w *startedWriter) Write(p []byte) (int, error) {
	w.started = true
	return w.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach Flush and Hijack.
func (w *startedWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
