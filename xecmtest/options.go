package xecmtest

import (
	"io"
	"log/slog"
	"time"
)

// Option configures a Server made by New or NewServer.
type Option func(*config)

type config struct {
	cgiPath        string
	ticketLifetime time.Duration
	tokenLifetime  time.Duration
	clock          func() time.Time
	logger         *slog.Logger
	requestLogMax  int
	// requestLogAnswers bounds the bytes of answers the request log holds
	// (maxLoggedAnswers; tests set less).
	requestLogAnswers int
	oauthClients      []OAuthClient
	// webhookAttempts and webhookBackoff: WithWebhookRetries (webhooks.go).
	webhookAttempts int
	webhookBackoff  time.Duration
	// inventedAudit and auditIDs: WithInventedAuditEvents and
	// WithAuditEventIDs (audit_inventions.go).
	inventedAudit bool
	auditIDs      map[string]int
}

func defaultConfig() config {
	return config{
		cgiPath:           "/otcs/cs.exe",
		ticketLifetime:    30 * time.Minute,
		tokenLifetime:     time.Hour,
		clock:             time.Now,
		logger:            slog.New(slog.NewTextHandler(io.Discard, nil)),
		requestLogMax:     10000,
		requestLogAnswers: maxLoggedAnswers,
	}
}

// WithTicketLifetime sets how long an OTCS ticket stays valid after it was
// issued (default 30 minutes). Every successful request issues a fresh
// ticket, so the session slides like a server configured with
// "expire after last request". Requests with an expired ticket get 401.
func WithTicketLifetime(d time.Duration) Option {
	return func(c *config) {
		if d > 0 {
			c.ticketLifetime = d
		}
	}
}

// WithTokenLifetime sets the lifetime of OTDS tickets and OAuth2 access
// tokens issued by the simulated OTDS (default one hour).
func WithTokenLifetime(d time.Duration) Option {
	return func(c *config) {
		if d > 0 {
			c.tokenLifetime = d
		}
	}
}

// WithClock sets the source of simulated time used for timestamps, ticket
// expiry and audit dates (default time.Now). Injected latency faults always
// use real time.
func WithClock(now func() time.Time) Option {
	return func(c *config) {
		if now != nil {
			c.clock = now
		}
	}
}

// WithLogger sets a logger that receives one debug record per request
// (default: discard).
func WithLogger(l *slog.Logger) Option {
	return func(c *config) {
		if l != nil {
			c.logger = l
		}
	}
}

// WithCGIPath sets the CGI path of the simulated deployment (default
// "/otcs/cs.exe"; Linux deployments use "/cs/cs"). The REST API is served
// under path + "/api".
func WithCGIPath(path string) Option {
	return func(c *config) {
		if path != "" && path[0] == '/' {
			c.cgiPath = path
		}
	}
}

// WithRequestLogLimit sets how many requests Requests keeps (default
// 10000; the oldest are dropped first). Of their JSON answers, the most
// recent 64 MiB are kept.
func WithRequestLogLimit(n int) Option {
	return func(c *config) {
		if n > 0 {
			c.requestLogMax = n
		}
	}
}

// WithOAuthClient registers an OAuth2 client at the simulated OTDS token
// endpoint; see Server.AddOAuthClient.
func WithOAuthClient(id, secret, userName string) Option {
	return func(c *config) {
		c.oauthClients = append(c.oauthClients, OAuthClient{ID: id, Secret: secret, UserName: userName})
	}
}
