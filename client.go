package xecm

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"github.com/hashicorp/go-retryablehttp"
	"golang.org/x/oauth2"
)

// Version is the SDK version, sent in the User-Agent header.
const Version = "0.1.0"

const defaultUserAgent = "xecm-go/" + Version

// Client talks to one Extended ECM (Content Server) deployment. Create it
// with NewClient; it is safe for concurrent use by many goroutines, and
// immutable after construction. The services hang off it: c.Nodes,
// c.Documents, c.Metadata, c.Workspaces and so on.
type Client struct {
	baseURL   *url.URL // the deployment's CGI URL, such as https://host/otcs/cs.exe
	userAgent string
	logger    *slog.Logger
	policy    RetryPolicy

	hc    *http.Client          // user's client around the credential layer
	plain *http.Client          // same stack, used for calls outside the base URL (OTDS)
	rc    *retryablehttp.Client // retries over hc
	creds *credentialCache      // nil when the client sends no credentials
	// secrets are scrubbed from every error and log line (secrets.go).
	secrets secretSet
	// maxAnswer bounds a JSON answer read whole (WithMaxResponseSize).
	maxAnswer int64
	// observer sees operations and attempts (WithObserver); nil when unused.
	observer Observer
	docs     documentsState // large-file settings (documents.go)

	common service
	// defs caches category definitions for values set by name (metadata_cache.go).
	defs definitionCache

	// Nodes: get, browse, create folders, update, move, copy, delete, reserve.
	Nodes *NodesService
	// Documents: upload, download and versions of documents.
	Documents *DocumentsService
	// Metadata: categories and their attribute values.
	Metadata *MetadataService
	// Workspaces: business workspaces, their types, references, roles and relations.
	Workspaces *WorkspacesService
	// Records: records management classifications, record details, holds and RSIs.
	Records *RecordsService
	// Audit: the audit trail of nodes.
	Audit *AuditService
	// Search: full-text and metadata search.
	Search *SearchService
	// Members: users and groups.
	Members *MembersService
	// Permissions: node permissions.
	Permissions *PermissionsService
	// Workflows: workflow processes and tasks.
	Workflows *WorkflowsService
	// WebReports: run WebReports by nickname or node ID.
	WebReports *WebReportsService
	// Events: the event model and the audit-polling event source.
	Events *EventsService
}

// service is the shared base of every service type.
type service struct{ c *Client }

// Option configures a Client in NewClient.
type Option func(*config) error

type config struct {
	httpClient *http.Client
	transport  http.RoundTripper
	userAgent  string
	logger     *slog.Logger
	policy     RetryPolicy
	auth       authenticator
	documents  documentsConfig // upload settings (documents.go)
	redact     []string        // WithRedactedStrings (secrets.go)
	maxAnswer  int64           // WithMaxResponseSize; 0 for the default
	observer   Observer        // WithObserver (observe.go)
}

// credentialOptions names the credential options, for the errors that
// ask for exactly one.
const credentialOptions = "WithPassword, WithPasswordInDomain, WithOTDSCredentials, WithOTDSTicket, WithTokenSource, WithTicket or WithTicketSource"

func (cfg *config) setAuth(a authenticator) error {
	if cfg.auth != nil {
		return fmt.Errorf("xecm: more than one credential option given (%s): give exactly one: %w", credentialOptions, ErrInvalidArgument)
	}
	cfg.auth = a
	return nil
}

// WithHTTPClient makes the client send requests through a copy of hc (its
// Transport, CheckRedirect, Jar and Timeout). hc's CheckRedirect is asked
// only about the redirects the SDK follows (reads on the base URL's host):
// it can refuse them, never allow others. If not set, a client over a
// clone of http.DefaultTransport with no overall timeout is used: bound calls
// with context deadlines, since an http.Client.Timeout would also cut off
// long downloads.
func WithHTTPClient(hc *http.Client) Option {
	return func(cfg *config) error {
		if hc == nil {
			return fmt.Errorf("xecm: WithHTTPClient: nil client: %w", ErrInvalidArgument)
		}
		cp := *hc
		cfg.httpClient = &cp
		return nil
	}
}

// WithTransport sets the RoundTripper that carries requests (for proxies,
// TLS settings, instrumentation or tests). If not set, a clone of
// http.DefaultTransport is used.
func WithTransport(rt http.RoundTripper) Option {
	return func(cfg *config) error {
		if rt == nil {
			return fmt.Errorf("xecm: WithTransport: nil transport: %w", ErrInvalidArgument)
		}
		cfg.transport = rt
		return nil
	}
}

// WithUserAgent adds ua in front of the SDK's own User-Agent ("xecm-go/x.y.z").
func WithUserAgent(ua string) Option {
	return func(cfg *config) error {
		cfg.userAgent = strings.TrimSpace(ua)
		return nil
	}
}

// WithLogger sets the logger for request and login diagnostics (at Debug
// and Warn level). Credentials and query strings are never logged. If not
// set, nothing is logged.
func WithLogger(l *slog.Logger) Option {
	return func(cfg *config) error {
		cfg.logger = l
		return nil
	}
}

// DefaultMaxResponseSize is the largest JSON answer a client reads
// unless WithMaxResponseSize says otherwise: generous for any page of
// results, small enough that a hostile or broken server cannot exhaust
// memory with an endless body.
const DefaultMaxResponseSize = 64 << 20

// WithMaxResponseSize bounds the JSON answers the client reads whole (every
// call but content downloads, which stream): a longer answer fails with
// ErrResponseTooLarge instead of growing memory. If not set,
// DefaultMaxResponseSize (64 MiB).
func WithMaxResponseSize(n int64) Option {
	return func(cfg *config) error {
		if n <= 0 {
			return fmt.Errorf("xecm: WithMaxResponseSize: %d is not a positive size: %w", n, ErrInvalidArgument)
		}
		cfg.maxAnswer = n
		return nil
	}
}

// WithRetryPolicy sets when and how often failed requests are retried. If
// not set, the zero RetryPolicy's defaults apply (3 retries, 500ms to 30s
// jittered backoff, Retry-After honoured up to 60s).
func WithRetryPolicy(p RetryPolicy) Option {
	return func(cfg *config) error {
		cfg.policy = p
		return nil
	}
}

// WithPassword logs in with a Content Server user name and password
// (POST api/v1/auth) and uses the ticket it returns.
func WithPassword(username, password string) Option {
	return WithPasswordInDomain(username, password, "")
}

// WithPasswordInDomain is WithPassword for servers with domain support.
func WithPasswordInDomain(username, password, domain string) Option {
	return func(cfg *config) error {
		if username == "" {
			return fmt.Errorf("xecm: WithPassword: empty user name: %w", ErrInvalidArgument)
		}
		return cfg.setAuth(passwordAuth{username, password, domain})
	}
}

// WithOTDSCredentials logs in at OTDS (otdsURL is the OTDS server, such as
// https://otds.example.com; the SDK appends /otdsws/rest/authentication/credentials),
// then exchanges the OTDS ticket for a Content Server ticket at GET api/v1/auth.
func WithOTDSCredentials(otdsURL, username, password string) Option {
	return func(cfg *config) error {
		if _, err := url.ParseRequestURI(otdsURL); err != nil || otdsURL == "" {
			return fmt.Errorf("xecm: WithOTDSCredentials: invalid OTDS URL %q: %w", otdsURL, ErrInvalidArgument)
		}
		if username == "" {
			return fmt.Errorf("xecm: WithOTDSCredentials: empty user name: %w", ErrInvalidArgument)
		}
		return cfg.setAuth(otdsAuth{otdsURL, username, password})
	}
}

// WithOTDSTicket exchanges an OTDS ticket obtained elsewhere for a Content
// Server ticket (GET api/v1/auth with the OTDSTicket header).
func WithOTDSTicket(ticket string) Option {
	return func(cfg *config) error {
		if ticket == "" {
			return fmt.Errorf("xecm: WithOTDSTicket: empty ticket: %w", ErrInvalidArgument)
		}
		return cfg.setAuth(otdsTicketAuth{ticket})
	}
}

// WithTokenSource authenticates with OAuth2 access tokens from OTDS, such
// as a golang.org/x/oauth2/clientcredentials token source. With
// ExchangeToken the token is traded for a ticket; with BearerToken it is
// sent as "Authorization: Bearer" on every request. Build the token source
// once, with a long-lived context.
func WithTokenSource(ts oauth2.TokenSource, mode TokenMode) Option {
	return func(cfg *config) error {
		if ts == nil {
			return fmt.Errorf("xecm: WithTokenSource: nil token source: %w", ErrInvalidArgument)
		}
		return cfg.setAuth(tokenAuth{ts, mode})
	}
}

// WithTicket sends a fixed Content Server ticket. When it expires, calls fail
// with ErrUnauthorized (the ticket is rotated from response headers while it
// lives).
func WithTicket(ticket string) Option {
	return func(cfg *config) error {
		if ticket == "" {
			return fmt.Errorf("xecm: WithTicket: empty ticket: %w", ErrInvalidArgument)
		}
		return cfg.setAuth(staticAuth{ticket})
	}
}

// WithTicketSource obtains tickets from src, which is asked again whenever
// the server refuses the current ticket.
func WithTicketSource(src TicketSource) Option {
	return func(cfg *config) error {
		if src == nil {
			return fmt.Errorf("xecm: WithTicketSource: nil source: %w", ErrInvalidArgument)
		}
		return cfg.setAuth(sourceAuth{src})
	}
}

// NewClient returns a client for the deployment at baseURL, which includes
// the CGI path (https://host/otcs/cs.exe, https://host/cs/cs); the client
// appends /api/v1 or /api/v2. It performs no I/O: the first call logs in.
func NewClient(baseURL string, opts ...Option) (*Client, error) {
	u, err := url.Parse(strings.TrimSpace(baseURL))
	if err != nil {
		// Only the reason: url.Error quotes the URL, which may hold a password.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("xecm: invalid base URL: %w: %w", ErrInvalidArgument, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return nil, fmt.Errorf("xecm: base URL %q must be an absolute http or https URL, like https://ecm.example.com/otcs/cs.exe: %w",
			u.Redacted(), ErrInvalidArgument)
	}
	if u.User != nil {
		return nil, fmt.Errorf("xecm: base URL must not carry credentials; use a credential option: %w", ErrInvalidArgument)
	}
	u.RawQuery, u.Fragment = "", ""
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""

	var cfg config
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	if cfg.auth == nil {
		// Every call needs a credential: without one the first call would
		// fail later with a 401 that does not say why.
		return nil, fmt.Errorf("xecm: no credential option given: give exactly one (%s): %w", credentialOptions, ErrInvalidArgument)
	}

	hc := cfg.httpClient
	if hc == nil {
		hc = &http.Client{}
	}
	base := cfg.transport
	if base == nil {
		base = hc.Transport
	}
	if base == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.MaxIdleConnsPerHost = 32
		base = t
	}
	hc.Transport = &credentialTransport{base: base, scheme: u.Scheme, host: u.Host}
	if cfg.observer != nil {
		hc.Transport = &observeTransport{base: hc.Transport, obs: cfg.observer}
	}

	c := &Client{
		baseURL:  u,
		logger:   cfg.logger,
		observer: cfg.observer,
		policy:   cfg.policy.withDefaults(),
		hc:       hc,
	}
	hc.CheckRedirect = c.redirectPolicy(hc.CheckRedirect)
	c.secrets.addFixed(cfg.redact...)
	if a, ok := cfg.auth.(interface{ fixedSecrets() []string }); ok {
		c.secrets.addFixed(a.fixedSecrets()...)
	}
	if c.logger == nil {
		c.logger = slog.New(discardHandler{})
	} else {
		c.logger = slog.New(&scrubHandler{next: c.logger.Handler(), secrets: &c.secrets})
	}
	c.maxAnswer = cfg.maxAnswer
	if c.maxAnswer <= 0 {
		c.maxAnswer = DefaultMaxResponseSize
	}
	c.userAgent = defaultUserAgent
	if cfg.userAgent != "" {
		c.userAgent = cfg.userAgent + " " + defaultUserAgent
	}
	plain := *hc
	c.plain = &plain
	c.rc = newRetryClient(hc, c.policy, c.onAttempt)
	c.docs.cfg = cfg.documents
	if cfg.auth != nil {
		c.creds = &credentialCache{auth: cfg.auth, c: c}
	}

	c.common.c = c
	c.Nodes = (*NodesService)(&c.common)
	c.Documents = (*DocumentsService)(&c.common)
	c.Metadata = (*MetadataService)(&c.common)
	c.Workspaces = (*WorkspacesService)(&c.common)
	c.Records = (*RecordsService)(&c.common)
	c.Audit = (*AuditService)(&c.common)
	c.Search = (*SearchService)(&c.common)
	c.Members = (*MembersService)(&c.common)
	c.Permissions = (*PermissionsService)(&c.common)
	c.Workflows = (*WorkflowsService)(&c.common)
	c.WebReports = (*WebReportsService)(&c.common)
	c.Events = (*EventsService)(&c.common)
	return c, nil
}

// BaseURL returns the deployment URL the client was created with.
func (c *Client) BaseURL() string { return c.baseURL.String() }

// discardHandler is a slog.Handler that drops everything.
type discardHandler struct{}

func (discardHandler) Enabled(context.Context, slog.Level) bool  { return false }
func (discardHandler) Handle(context.Context, slog.Record) error { return nil }
func (d discardHandler) WithAttrs([]slog.Attr) slog.Handler      { return d }
func (d discardHandler) WithGroup(string) slog.Handler           { return d }

func (c *Client) onAttempt(attempt int, req *http.Request, lastStatus int) {
	ri := infoFrom(req.Context())
	if ri == nil {
		return
	}
	if attempt > 0 {
		ri.retrying = true
		if st := opFrom(req.Context()); st != nil {
			st.retries.Add(1)
		}
		c.logger.Debug("xecm: retrying", "method", ri.method, "path", ri.path, "attempt", attempt, "previous_status", lastStatus)
		if c.policy.OnRetry != nil {
			c.policy.OnRetry(attempt, ri.method, ri.path, lastStatus)
		}
	}
}

// Ptr returns a pointer to v, for the optional fields of update requests.
func Ptr[T any](v T) *T { return &v }
