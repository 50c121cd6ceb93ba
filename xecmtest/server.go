package xecmtest

import (
	"crypto/rand"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

// Server is an in-memory Extended ECM / Content Server. Create one with
// NewServer (listening on loopback, like httptest.NewServer) or New (no
// listener; serve Handler yourself). A Server is safe for concurrent use.
type Server struct {
	// URL is the base URL of the Content Server, including the CGI path,
	// for example "http://127.0.0.1:38211/otcs/cs.exe". Clients append
	// "/api/v1/..." or "/api/v2/...". It is empty for a Server made by New
	// until SetURL is called.
	URL string

	cfg     config
	secret  []byte
	mux     *http.ServeMux
	handler http.Handler
	routes  []string
	ts      *httptest.Server

	// mu guards all simulated state below (one lock for the whole server).
	mu    sync.Mutex
	seq   uint64 // source of unique, monotonically increasing numbers
	auth  authState
	dir   directory
	lists memberLists // the current user's lists (members_lists.go)
	nodes nodeStore
	audit auditLog
	cats  categoryStore // categories.go
	docs  docStore      // documents, versions, content, large-file sessions (documents.go)
	perms permState     // node ACLs (permissions.go)
	ws    wsState       // business workspaces (workspaces.go)
	wf    wfState       // workflows (workflows.go)
	wr    wrState       // WebReports (webreports.go)
	rm    recordStore   // records.go, holds.go

	// webhooks has its own lock, taken after mu (webhooks.go).
	webhooks *webhookState

	// The fault table and the request log have their own locks so that
	// they never wait on a handler holding mu.
	faults faultTable
	reqlog requestLog
}

// New returns a Server that is not listening anywhere. Serve s.Handler()
// on a listener of your own and call s.SetURL with the base URL clients use
// (cmd/xecmsim does this).
func New(opts ...Option) *Server {
	cfg := defaultConfig()
	for _, o := range opts {
		o(&cfg)
	}
	s := &Server{cfg: cfg, mux: http.NewServeMux()}
	s.secret = make([]byte, 32)
	_, _ = rand.Read(s.secret)
	s.installAreas()
	s.handler = http.HandlerFunc(s.serveHTTP)
	return s
}

// NewServer starts a Server on a random loopback port and sets s.URL. Call
// Close when done. It panics if it cannot listen, like httptest.NewServer.
func NewServer(opts ...Option) *Server {
	s := New(opts...)
	s.ts = httptest.NewServer(s.handler)
	s.SetURL(s.ts.URL)
	return s
}

// SetURL sets s.URL from the root URL the server is reachable at (scheme,
// host and port, no path); the CGI path is appended.
func (s *Server) SetURL(root string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.URL = strings.TrimRight(root, "/") + s.cfg.cgiPath
}

// OTDSURL returns the root URL of the simulated OTDS (the same listener,
// without the CGI path), for example "http://127.0.0.1:38211"; its
// endpoints live under "/otdsws/".
func (s *Server) OTDSURL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.TrimSuffix(s.URL, s.cfg.cgiPath)
}

// Handler returns the http.Handler serving the whole simulator: the
// Content Server under the CGI path and OTDS under /otdsws.
func (s *Server) Handler() http.Handler { return s.handler }

// Close shuts down a Server started by NewServer, closing client
// connections, and blocks until all outstanding requests have completed.
// For a Server made by New it stops event callbacks. Either way it
// removes the temporary files of large content.
func (s *Server) Close() {
	if s.ts != nil {
		s.ts.Close()
	}
	s.stopWebhooks()
	s.removeSpool()
}

// apiRoot is the path prefix of the REST API, e.g. "/otcs/cs.exe/api".
func (s *Server) apiRoot() string { return s.cfg.cgiPath + "/api" }

// now returns the simulated time (the WithClock option), truncated to
// seconds like the server's timestamps.
func (s *Server) now() time.Time { return s.cfg.clock().UTC().Truncate(time.Second) }

// nextSeq returns a fresh sequence number. The caller holds s.mu.
func (s *Server) nextSeq() uint64 {
	s.seq++
	return s.seq
}

func (s *Server) logger() *slog.Logger { return s.cfg.logger }
