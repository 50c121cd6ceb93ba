package portal

import (
	"log/slog"
	"maps"
	"net/http"
	"time"
)

// Defaults of Config.
const (
	DefaultCacheTTL     = 30 * time.Second
	DefaultCacheEntries = 10000
	DefaultMaxLinkTTL   = 30 * 24 * time.Hour
	DefaultPageSize     = 25
	MaxPageSize         = 100
	// MaxCollectionSize bounds the documents one collection lists; the
	// rest are left out (and logged).
	MaxCollectionSize = 10000
)

// Config configures a Handler.
type Config struct {
	// Policy says what is published. Required; see Policy.
	Policy Policy

	// DirectAccess serves published documents by ID, and the collections,
	// to anyone who reaches the Handler: mount it behind the intranet's
	// own authentication. Without it only signed links serve content.
	DirectAccess bool
	// Collections are the listings served at /collections/{name}, when
	// DirectAccess is on.
	Collections map[string]Collection

	// Signer, if set, enables signed links (/links/{token}) and NewLink.
	Signer *Signer
	// Partners are the external parties links may be issued to, by ID. A
	// link bound to a partner works only while the partner is here and
	// the document lies under one of its workspaces.
	Partners map[string]Partner
	// PartnerOf, if set, identifies the partner making a request (from a
	// client certificate or an upstream gateway's header, say). A link
	// bound to a partner is then refused (403) to anyone else.
	PartnerOf func(*http.Request) (partnerID string, ok bool)
	// MaxLinkTTL bounds the lifetime NewLink grants. If zero,
	// DefaultMaxLinkTTL.
	MaxLinkTTL time.Duration

	// CacheTTL is how long metadata (never content) is cached. If zero,
	// DefaultCacheTTL; negative disables the cache.
	CacheTTL time.Duration
	// CacheEntries bounds the cache. If zero, DefaultCacheEntries.
	CacheEntries int

	// Logger receives upstream errors (which readers never see) and, at
	// Info, one record per external access. If nil, slog.Default().
	Logger *slog.Logger
	// OnAccess, if set, is called after every request through a signed
	// link, granted or refused, e.g. to keep an audit trail.
	OnAccess func(AccessRecord)
	// Now is the clock; if nil, time.Now.
	Now func() time.Time
}

// Collection is a listing of the published documents directly inside one
// folder or workspace, such as "latest policy documents".
type Collection struct {
	// Folder is the folder or workspace listed. It must lie in the policy's
	// roots (or be one).
	Folder int64
	// Title is shown in the listing.
	Title string
	// SortByName lists by name; otherwise newest version first.
	SortByName bool
}

// Partner is an external party (supplier, auditor, customer) that links
// may be issued to.
type Partner struct {
	// Name is for logs.
	Name string
	// Workspaces are the folders or business workspaces whose documents
	// the partner may receive. Empty: none.
	Workspaces []int64
}

// Handler publishes content out of Extended ECM over HTTP. Mount it under a
// prefix with http.StripPrefix; it serves, relative to that prefix:
//
//	GET|HEAD /documents/{id}                     latest published version (DirectAccess)
//	GET|HEAD /documents/{id}/versions/{version}  one version (DirectAccess)
//	GET|HEAD /collections/{name}?page=&limit=    JSON listing (DirectAccess)
//	GET|HEAD /links/{token}                      a signed link (Signer)
//
// Another method on a path it serves is answered 405 with Allow: GET, HEAD;
// on any other path, 404 (as for GET).
//
// It is safe for concurrent use.
type Handler struct {
	src    Source
	cfg    Config
	cache  *metaCache
	log    *slog.Logger
	now    func() time.Time
	routes *http.ServeMux
}

// New returns a Handler over src. It checks the configuration and fails
// with an error wrapping xecm.ErrInvalidArgument on a policy that could
// publish nothing or a link setup that could not work.
func New(src Source, cfg Config) (*Handler, error) {
	if src == nil {
		return nil, invalid("New: Source is nil")
	}
	if err := cfg.Policy.check(); err != nil {
		return nil, err
	}
	// The handler keeps its own copy: a caller changing its Config later
	// must not change what is published.
	cfg.Policy.Roots = append([]int64(nil), cfg.Policy.Roots...)
	cfg.Policy.MIMETypes = append([]string(nil), cfg.Policy.MIMETypes...)
	cfg.Policy.Require = append([]Condition(nil), cfg.Policy.Require...)
	for i, c := range cfg.Policy.Require {
		cfg.Policy.Require[i].Values = append([]string(nil), c.Values...)
	}
	cfg.Partners = maps.Clone(cfg.Partners)
	for id, p := range cfg.Partners {
		p.Workspaces = append([]int64(nil), p.Workspaces...)
		cfg.Partners[id] = p
	}
	cfg.Collections = maps.Clone(cfg.Collections)
	for name, c := range cfg.Collections {
		if name == "" || c.Folder <= 0 {
			return nil, invalid("New: collection %q needs a name and a positive Folder", name)
		}
	}
	for id, p := range cfg.Partners {
		if id == "" || len(id) > maxPartnerLength {
			return nil, invalid("New: partner ID %q must be 1 to %d bytes", id, maxPartnerLength)
		}
		if len(p.Workspaces) == 0 {
			return nil, invalid("New: partner %q has no workspaces", id)
		}
	}
	if cfg.Signer != nil && !cfg.Signer.hasKey() {
		return nil, invalid("New: Signer has no key: make it with NewSigner")
	}
	if (len(cfg.Partners) > 0 || cfg.PartnerOf != nil) && cfg.Signer == nil {
		return nil, invalid("New: Partners and PartnerOf need a Signer")
	}
	if cfg.MaxLinkTTL <= 0 {
		cfg.MaxLinkTTL = DefaultMaxLinkTTL
	}
	switch {
	case cfg.CacheTTL == 0:
		cfg.CacheTTL = DefaultCacheTTL
	case cfg.CacheTTL < 0:
		cfg.CacheTTL = 0
	}
	if cfg.CacheEntries <= 0 {
		cfg.CacheEntries = DefaultCacheEntries
	}
	h := &Handler{src: src, cfg: cfg, log: cfg.Logger, now: cfg.Now}
	if h.log == nil {
		h.log = slog.Default()
	}
	if h.now == nil {
		h.now = time.Now
	}
	h.cache = newMetaCache(cfg.CacheTTL, cfg.CacheEntries, h.now)

	// The routes take every method: each handler answers 405 only once it
	// knows it would serve the path, so that a path outside the policy is
	// a 404 whatever the method.
	h.routes = http.NewServeMux()
	if cfg.DirectAccess {
		h.routes.HandleFunc("/documents/{id}", h.serveDirect)
		h.routes.HandleFunc("/documents/{id}/versions/{version}", h.serveDirect)
		h.routes.HandleFunc("/collections/{name}", h.serveCollection)
	}
	if cfg.Signer != nil {
		h.routes.HandleFunc("/links/{token}", h.serveLink)
	}
	h.routes.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "not_found", "not found")
	})
	return h, nil
}

// ServeHTTP implements http.Handler. A Handler not made by New (nil or
// the zero value) publishes nothing: it answers 500.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h == nil || h.routes == nil {
		writeError(w, http.StatusInternalServerError, "not_configured", "the portal is not configured")
		return
	}
	h.routes.ServeHTTP(w, r)
}
