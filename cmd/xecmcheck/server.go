package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"golang.org/x/oauth2/clientcredentials"

	"github.com/xecm-go/xecm"
)

// serverConfig says which server the probe talks to and how it logs in.
// The variable names are the examples' (examples/exampleenv), with the
// credential modes the examples leave out added.
type serverConfig struct {
	URL          string // ECM_URL; empty runs the embedded simulator
	Username     string // ECM_USERNAME
	Password     string // ECM_PASSWORD
	Domain       string // ECM_DOMAIN, for servers with domain support
	Ticket       string // ECM_TICKET: a Content Server ticket obtained elsewhere
	OTDSURL      string // OTDS_URL
	OTDSTicket   string // OTDS_TICKET: an OTDS ticket obtained elsewhere
	ClientID     string // OTDS_CLIENT_ID
	ClientSecret string // OTDS_CLIENT_SECRET
	TokenMode    string // ECM_TOKEN_MODE: "exchange" (default) or "bearer"
}

// configFromEnv reads the serverConfig from the environment.
func configFromEnv() serverConfig {
	return serverConfig{
		URL:          os.Getenv("ECM_URL"),
		Username:     os.Getenv("ECM_USERNAME"),
		Password:     os.Getenv("ECM_PASSWORD"),
		Domain:       os.Getenv("ECM_DOMAIN"),
		Ticket:       os.Getenv("ECM_TICKET"),
		OTDSURL:      os.Getenv("OTDS_URL"),
		OTDSTicket:   os.Getenv("OTDS_TICKET"),
		ClientID:     os.Getenv("OTDS_CLIENT_ID"),
		ClientSecret: os.Getenv("OTDS_CLIENT_SECRET"),
		TokenMode:    os.Getenv("ECM_TOKEN_MODE"),
	}
}

// authMode names a way of logging in, as the table reports it.
type authMode string

const (
	authPassword     authMode = "password"
	authOTDS         authMode = "OTDS credentials"
	authOAuthTicket  authMode = "OAuth2 client credentials, exchanged for a ticket"
	authOAuthBearer  authMode = "OAuth2 client credentials, bearer token"
	authOTDSTicket   authMode = "OTDS ticket"
	authStaticTicket authMode = "Content Server ticket"
)

// renews reports whether the SDK can log in again by itself in this mode,
// which the ticket renewal probe needs: a fixed ticket cannot be renewed,
// and a bearer token carries no ticket.
func (m authMode) renews() (bool, string) {
	switch m {
	case authStaticTicket:
		return false, "ECM_TICKET is a fixed ticket: the SDK cannot log in again by itself"
	case authOAuthBearer:
		return false, "a bearer token is sent on every request: there is no ticket to renew"
	}
	return true, ""
}

// credential returns the SDK option that logs in as cfg says, the mode's
// name, and the secret values to keep out of recordings and output.
func (cfg serverConfig) credential(ctx context.Context) (xecm.Option, authMode, []string, error) {
	switch {
	case cfg.Ticket != "":
		return xecm.WithTicket(cfg.Ticket), authStaticTicket, []string{cfg.Ticket}, nil
	case cfg.OTDSTicket != "":
		return xecm.WithOTDSTicket(cfg.OTDSTicket), authOTDSTicket, []string{cfg.OTDSTicket}, nil
	case cfg.OTDSURL != "" && cfg.ClientID != "":
		cc := clientcredentials.Config{ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret,
			TokenURL: strings.TrimRight(cfg.OTDSURL, "/") + "/otdsws/oauth2/token"}
		ts := cc.TokenSource(context.WithoutCancel(ctx))
		secrets := []string{cfg.ClientSecret}
		switch strings.ToLower(cfg.TokenMode) {
		case "", "exchange":
			return xecm.WithTokenSource(ts, xecm.ExchangeToken), authOAuthTicket, secrets, nil
		case "bearer":
			return xecm.WithTokenSource(ts, xecm.BearerToken), authOAuthBearer, secrets, nil
		}
		return nil, "", nil, fmt.Errorf("ECM_TOKEN_MODE is %q: want exchange or bearer", cfg.TokenMode)
	case cfg.OTDSURL != "" && cfg.Username != "":
		return xecm.WithOTDSCredentials(cfg.OTDSURL, cfg.Username, cfg.Password), authOTDS, []string{cfg.Password}, nil
	case cfg.Username != "":
		return xecm.WithPasswordInDomain(cfg.Username, cfg.Password, cfg.Domain), authPassword, []string{cfg.Password}, nil
	}
	return nil, "", nil, errors.New("ECM_URL is set but no credential is: set ECM_USERNAME and ECM_PASSWORD " +
		"(with OTDS_URL for an OTDS login), OTDS_URL with OTDS_CLIENT_ID and OTDS_CLIENT_SECRET, OTDS_TICKET or ECM_TICKET")
}
