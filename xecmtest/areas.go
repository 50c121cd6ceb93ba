package xecmtest

import (
	"io"
	"net/http"
	"slices"
	"sort"
	"strings"

	"github.com/xecm-go/xecm/internal/specroutes"
)

// installAreas initialises every simulated area and registers its routes.
// It is the one central place that knows the areas: a new area adds one
// line here (its install method inits its state and registers its routes,
// in its own file).
func (s *Server) installAreas() {
	s.installDirectory()   // users and groups
	s.installAuth()        // POST/GET/DELETE /v1/auth
	s.installOTDS()        // /otdsws/... at the server root
	s.installSystem()      // /v1/ping, /v1/serverinfo
	s.installNodes()       // /v2/nodes..., /v1/nodes/{id}/nodes, ancestors
	s.installNicknames()   // /v2/nodes/{id}/nicknames, /v2/nicknames/{nickname}/nodes
	s.installValidation()  // /v1/validation/nodes/names
	s.installReserve()     // /v2/reservemanagement/nodes/{id}
	s.installAudit()       // /v2/nodes/{id}/audit
	s.installCategories()  // /v2/nodes/{id}/categories..., /v1/forms/nodes/categories/...
	s.installDocuments()   // documents, versions, content, /v2/multipart (documents.go)
	s.installRecords()     // RM classifications, classifications, RSIs, holds
	s.installMembers()     // /v2/members...
	s.installPermissions() // /v2/nodes/{id}/permissions..., node access checks
	s.installWorkspaces()  // /v2/businessworkspaces..., /v2/businessworkspacetypes...
	s.installSearch()      // /v2/search
	s.installWorkflows()   // /v2/draftprocesses, /v2/processes, /v2/workflows/status, /v2/members/assignments
	s.installWebReports()  // /v1/webreports/{nickname}..., /v1/nodes/{id}/output|destination
	s.installVolumes()     // /v1|v2/volumes..., the Categories Volume (after every area seeding categories)
	s.installWebhooks()    // signed event callbacks, /xecmsim/webhooks (after audit)
	s.installFallback()    // unknown routes (must stay last)
}

// jsonHandler serves one API route. It runs with s.mu held, after
// authentication and parsing of the request parameters; it returns the
// value to encode as the 200 JSON body, or an error (an *apiError keeps its
// status, anything else becomes a 500).
type jsonHandler func(c *call) (any, error)

// rawHandler serves one API route that writes its own response (streams,
// downloads). It runs WITHOUT s.mu held: lock s.mu around state access and
// do not hold it while writing to the client. A returned error is written
// as a JSON error if nothing has been written yet.
type rawHandler func(c *call) error

type routeFlags int

const (
	public   routeFlags = 1 << iota // no credential needed
	noParams                        // do not parse the body before the handler
	jsonBody                        // the spec declares an application/json body
)

// api registers an authenticated JSON route. pattern is "METHOD /v2/..."
// relative to the API root; it appears in Routes as given.
func (s *Server) api(pattern string, h jsonHandler) { s.register(pattern, 0, h, nil) }

// apiPublic registers a JSON route that needs no credential.
func (s *Server) apiPublic(pattern string, h jsonHandler) { s.register(pattern, public, h, nil) }

// apiRaw registers an authenticated route whose handler writes its own
// response; see rawHandler.
func (s *Server) apiRaw(pattern string, flags routeFlags, h rawHandler) {
	s.register(pattern, flags, nil, h)
}

// apiOverlapping registers one handler for spec routes that net/http's
// mux refuses side by side (POST /v2/members/favorites/{id} and
// /v2/members/{id}/members both match .../favorites/members): mux is a
// pattern matching all of them, listed the routes it stands for in
// Routes, and h tells them apart.
func (s *Server) apiOverlapping(listed []string, mux string, h jsonHandler) {
	s.routes = append(s.routes, listed...)
	s.register(mux, 0, h, nil)
	s.routes = s.routes[:len(s.routes)-1]
}

func (s *Server) register(pattern string, flags routeFlags, jh jsonHandler, rh rawHandler) {
	method, path, ok := strings.Cut(pattern, " ")
	if !ok || !strings.HasPrefix(path, "/v") {
		panic("xecmtest: bad API route pattern " + pattern)
	}
	s.routes = append(s.routes, pattern)
	if op, ok := specroutes.Match(method, path); ok && slices.Contains(strings.Fields(op.Body), "json") {
		flags |= jsonBody
	}
	s.mux.HandleFunc(method+" "+s.apiRoot()+path, func(w http.ResponseWriter, r *http.Request) {
		s.serveCall(w, r, flags, jh, rh)
	})
}

// installFallback answers every unknown URL: under the API root with the
// server's 400 "mappings registry" error; elsewhere, outside the CGI
// path, the web server in front of Content Server (IIS, Apache, Tomcat)
// answers, not Content Server: with its own HTML 404 page, as it does
// when a client's base URL lacks the CGI path.
func (s *Server) installFallback() {
	s.mux.HandleFunc(s.apiRoot()+"/", func(w http.ResponseWriter, r *http.Request) {
		closeUnread(w, r)
		writeError(w, r, errorf(http.StatusBadRequest, "The REST API URL could not be found in the mappings registry."))
	})
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		closeUnread(w, r)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		_, _ = io.WriteString(w, "<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head>"+
			"<body><h1>Not Found</h1><p>The requested URL was not found on this server.</p></body></html>\n")
	})
}

// Routes lists every REST API route the simulator serves, as
// "METHOD /v2/path/{param}" relative to the API root (the path form used by
// the vendor OpenAPI specs), sorted. The OTDS stand-ins at the server root
// are not included.
func (s *Server) Routes() []string {
	out := append([]string(nil), s.routes...)
	sort.Strings(out)
	return out
}

// closeUnread makes the connection close after an answer given without
// reading the request's body: otherwise net/http reads up to 256 KiB of
// it, or waits for it, to keep the connection alive.
func closeUnread(w http.ResponseWriter, r *http.Request) {
	if r.Body != nil && r.Body != http.NoBody {
		w.Header().Set("Connection", "close")
	}
}

// refuseUnauthenticated answers a request without a valid credential (a
// ticket, an OTDS ticket or a bearer token, as the API takes) before its
// body is read, as a web server does: a client without a ticket must not
// make the server read (and hold) what it sends. It reports whether it
// answered.
func (s *Server) refuseUnauthenticated(w http.ResponseWriter, r *http.Request) bool {
	s.mu.Lock()
	_, _, err := s.authenticateLocked(r)
	s.mu.Unlock()
	if err == nil {
		return false
	}
	closeUnread(w, r)
	writeError(w, r, err)
	return true
}
