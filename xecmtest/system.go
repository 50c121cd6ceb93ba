package xecmtest

// Version facts the simulator reports.
const (
	simServerVersion = "24.4"
	simRESTBuild     = 2
	simRESTVersion   = 1
)

func (s *Server) installSystem() {
	s.apiPublic("GET /v1/ping", s.handlePing)
	s.apiPublic("GET /v1/serverinfo", s.handleServerInfo)
}

// handlePing is GET api/v1/ping (no credential needed).
func (s *Server) handlePing(c *call) (any, error) {
	return map[string]any{"build": simRESTBuild, "href": s.apiRoot() + "/v1", "version": simRESTVersion}, nil
}

// handleServerInfo is GET api/v1/serverinfo: server version and the
// session policy (sliding expiry of cfg.ticketLifetime).
func (s *Server) handleServerInfo(c *call) (any, error) {
	timeout := s.cfg.ticketLifetime.Milliseconds()
	en := map[string]any{"default": true, "language_code": "en", "display_name": "English"}
	return map[string]any{
		"mobile": map[string]any{"offline_use": true, "client_timeout": 300000},
		"server": map[string]any{
			"version":                      simServerVersion,
			"url":                          s.URL,
			"character_encoding":           1,
			"current_locale_suffix":        "_en_US",
			"domain_access_enabled":        false,
			"time_zone_offset_enabled":     false,
			"language_code":                "en",
			"languages":                    []any{en},
			"metadata_languages":           []any{en},
			"current_date":                 dateNoZone(s.now()),
			"advanced_versioning":          false,
			"enhanced_advanced_versioning": false,
		},
		"sessions": map[string]any{
			"enabled":                   true,
			"expire_after_last_login":   false,
			"expire_after_last_request": true,
			"logout_url":                "?func=ll.DoLogout&secureRequestToken=xecmtest",
			"session_inactivity":        max(timeout-180000, 0),
			"session_reaction_time":     180000,
			"session_timeout":           timeout,
		},
		"viewer": map[string]any{"content_suite": map[string]any{"enabled": false, "supported_mime_types": []string{}}},
	}, nil
}
