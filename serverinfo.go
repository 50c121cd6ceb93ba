package xecm

import (
	"context"
	"net/http"
)

// PingInfo is the answer of the server's readiness check.
type PingInfo struct {
	Build   int    `json:"build"`
	Href    string `json:"href"`
	Version int    `json:"version"`
}

// Ping checks that the REST API answers. It sends no credentials.
//
// OpenText API: GET api/v1/ping
func (c *Client) Ping(ctx context.Context) (_ *PingInfo, err error) {
	ctx, observed := c.startOp(ctx, "Client.Ping")
	defer observed.end(&err)
	var p PingInfo
	if err := c.do(ctx, &request{method: http.MethodGet, path: "v1/ping", noAuth: true}, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// ServerInfo describes the server version and its session policy.
type ServerInfo struct {
	Server struct {
		Version           string `json:"version"`
		URL               string `json:"url"`
		MetadataLanguages []struct {
			Default      bool   `json:"default"`
			LanguageCode string `json:"language_code"`
		} `json:"metadata_languages"`
	} `json:"server"`
	Sessions struct {
		Enabled                bool  `json:"enabled"`
		ExpireAfterLastLogin   bool  `json:"expire_after_last_login"`
		ExpireAfterLastRequest bool  `json:"expire_after_last_request"`
		SessionInactivityMS    int64 `json:"session_inactivity"`
		SessionReactionTimeMS  int64 `json:"session_reaction_time"`
		SessionTimeoutMS       int64 `json:"session_timeout"`
	} `json:"sessions"`
}

// ServerInfo returns the server's version and session policy.
//
// OpenText API: GET api/v1/serverinfo
func (c *Client) ServerInfo(ctx context.Context) (_ *ServerInfo, err error) {
	ctx, observed := c.startOp(ctx, "Client.ServerInfo")
	defer observed.end(&err)
	var si ServerInfo
	if err := c.do(ctx, &request{method: http.MethodGet, path: "v1/serverinfo"}, &si); err != nil {
		return nil, err
	}
	return &si, nil
}
