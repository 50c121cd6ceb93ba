// Package exampleenv connects the example programs to an Extended ECM: the
// one named by the environment, or else an embedded simulator with demo
// data. It is public so that an example copied out of this repository
// still builds.
//
// Variables: ECM_URL (the deployment URL including its CGI path, such as
// https://ecm.example.com/otcs/cs.exe), ECM_USERNAME and ECM_PASSWORD for a
// Content Server user, or OTDS_URL with ECM_USERNAME and ECM_PASSWORD for
// an OTDS login, or OTDS_URL with OTDS_CLIENT_ID and OTDS_CLIENT_SECRET for
// OAuth2 client credentials.
package exampleenv

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/oauth2/clientcredentials"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

// Config says where the examples connect.
type Config struct {
	URL          string // ECM_URL; empty starts the embedded simulator
	Username     string // ECM_USERNAME
	Password     string // ECM_PASSWORD
	OTDSURL      string // OTDS_URL
	ClientID     string // OTDS_CLIENT_ID
	ClientSecret string // OTDS_CLIENT_SECRET
	// Demo, if set, runs once on the embedded simulator right after it
	// starts, to file the example's demo data; it never runs against a
	// server named by ECM_URL. It keeps the demo out of the flow that a
	// user copies: the example's main sets it (from its demo.go), and
	// run stays the same on the simulator and on a real server.
	Demo func(ctx context.Context, env *Env, out io.Writer) error
}

// FromEnv reads the Config from the environment.
func FromEnv() Config {
	return Config{
		URL:          os.Getenv("ECM_URL"),
		Username:     os.Getenv("ECM_USERNAME"),
		Password:     os.Getenv("ECM_PASSWORD"),
		OTDSURL:      os.Getenv("OTDS_URL"),
		ClientID:     os.Getenv("OTDS_CLIENT_ID"),
		ClientSecret: os.Getenv("OTDS_CLIENT_SECRET"),
	}
}

// Env is a connected example environment.
type Env struct {
	Client *xecm.Client
	// Sim is the embedded simulator, or nil when connected to a real server.
	Sim *xecmtest.Server
	// URL is the deployment URL in use.
	URL string
	// AuditEventTypes maps the audit event names that the server in use
	// writes beyond the vendor's (for Events.Watch): the simulator's
	// invented ones (deletions, moves, holds, workflow steps) when it is
	// embedded, none for a real server, whose names for these are not
	// public (add those of your own event scripts here).
	AuditEventTypes xecm.AuditEventTypes
}

// Close stops the embedded simulator, if one was started.
func (e *Env) Close() {
	if e.Sim != nil {
		e.Sim.Close()
	}
}

// Connect returns a client for the configured server, or starts the
// embedded simulator (and says so on out) when cfg.URL is empty.
func Connect(ctx context.Context, cfg Config, out io.Writer, opts ...xecm.Option) (*Env, error) {
	env := &Env{URL: cfg.URL}
	if cfg.URL == "" {
		// The demos' approval flows read workflow steps and holds from
		// audit entries that only the simulator writes (inventions).
		env.Sim = xecmtest.NewServer(xecmtest.WithInventedAuditEvents())
		env.URL, env.AuditEventTypes = env.Sim.URL, xecmtest.InventedAuditEventTypes()
		cfg.Username, cfg.Password, cfg.OTDSURL = "Admin", "livelink", ""
		fmt.Fprintf(out, "ECM_URL is not set: using the embedded Extended ECM simulator at %s (user Admin)\n", env.URL)
	}
	auth, err := credential(ctx, cfg)
	if err != nil {
		env.Close()
		return nil, err
	}
	// The client secret lives in the token source, out of the client's
	// sight: name it, so that an echo of it is scrubbed from errors and logs.
	c, err := xecm.NewClient(env.URL, append([]xecm.Option{auth, xecm.WithRedactedStrings(cfg.ClientSecret)}, opts...)...)
	if err != nil {
		env.Close()
		return nil, err
	}
	env.Client = c
	if env.Sim != nil && cfg.Demo != nil {
		if err := cfg.Demo(ctx, env, out); err != nil {
			env.Close()
			return nil, fmt.Errorf("filing the demo data: %w", err)
		}
	}
	return env, nil
}

func credential(ctx context.Context, cfg Config) (xecm.Option, error) {
	switch {
	case cfg.OTDSURL != "" && cfg.ClientID != "":
		cc := clientcredentials.Config{ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret,
			TokenURL: strings.TrimRight(cfg.OTDSURL, "/") + "/otdsws/oauth2/token"}
		return xecm.WithTokenSource(cc.TokenSource(context.WithoutCancel(ctx)), xecm.ExchangeToken), nil
	case cfg.OTDSURL != "":
		return xecm.WithOTDSCredentials(cfg.OTDSURL, cfg.Username, cfg.Password), nil
	case cfg.Username != "":
		return xecm.WithPassword(cfg.Username, cfg.Password), nil
	}
	return nil, errors.New("ECM_URL is set but ECM_USERNAME is not (or set OTDS_URL with OTDS_CLIENT_ID)")
}
