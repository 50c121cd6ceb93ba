package xecmtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// otdsPartition is the OTDS partition the simulated users live in.
const otdsPartition = "Content Server Members"

// OAuthClient is an OAuth2 client registered at the simulated OTDS token
// endpoint. Tokens issued to it act as the Content Server user UserName.
type OAuthClient struct {
	ID       string
	Secret   string
	UserName string
}

// installOTDS serves the OTDS stand-ins at the server root (outside the CGI
// path, and not listed by Routes):
//
//	POST /otdsws/rest/authentication/credentials  {"userName","password"} -> {"ticket":"*OTDSSSO*...","userId":...}
//	POST /otdsws/v1/authentication/credentials    {"user_name","password"} -> {"ticket":...,"user_id":...}
//	POST /otdsws/oauth2/token                     client_credentials or password grant
func (s *Server) installOTDS() {
	for _, c := range s.cfg.oauthClients {
		s.auth.oauthClients[c.ID] = c
	}
	s.mux.HandleFunc("POST /otdsws/rest/authentication/credentials", func(w http.ResponseWriter, r *http.Request) {
		s.handleOTDSCredentials(w, r, "userName", false)
	})
	s.mux.HandleFunc("POST /otdsws/v1/authentication/credentials", func(w http.ResponseWriter, r *http.Request) {
		s.handleOTDSCredentials(w, r, "user_name", true)
	})
	s.mux.HandleFunc("POST /otdsws/oauth2/token", s.handleOAuthToken)
}

// AddOAuthClient registers an OAuth2 client whose tokens act as the user
// userName. It panics if the user does not exist.
func (s *Server) AddOAuthClient(id, secret, userName string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.dir.userByName(userName) == nil {
		panic(fmt.Sprintf("xecmtest: AddOAuthClient: unknown user %q", userName))
	}
	s.auth.oauthClients[id] = OAuthClient{ID: id, Secret: secret, UserName: userName}
}

func otdsError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]any{"status": status, "error": msg, "errorDetails": nil})
}

func (s *Server) handleOTDSCredentials(w http.ResponseWriter, r *http.Request, nameKey string, snake bool) {
	var body map[string]any
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&body); err != nil {
		otdsError(w, http.StatusBadRequest, "Invalid JSON in the request body")
		return
	}
	name, _ := body[nameKey].(string)
	pw, _ := body["password"].(string)
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.dir.userByName(name)
	if name == "" || u == nil || u.Password != pw {
		otdsError(w, http.StatusUnauthorized, "Authentication failed: invalid username or password")
		return
	}
	ticket := s.issueOTDSLocked(kindOTDS, u)
	userID := u.Name + "@" + otdsPartition
	resp := map[string]any{"token": nil, "ticket": ticket, "resourceID": nil, "failureReason": nil, "continuation": false}
	if snake {
		resp["user_id"], resp["password_expiration_time"] = userID, 0
	} else {
		resp["userId"], resp["passwordExpirationTime"] = userID, 0
	}
	writeJSON(w, http.StatusOK, resp)
}

func (s *Server) issueOTDSLocked(kind tokenKind, u *user) string {
	exp := s.now().Add(s.cfg.tokenLifetime)
	return s.sign(token{kind: kind, sub: strconv.FormatInt(u.ID, 10), gen: s.auth.otdsGen, expires: exp})
}

// handleOAuthToken is the RFC 6749 token endpoint. Client authentication by
// HTTP Basic or by client_id/client_secret form fields.
func (s *Server) handleOAuthToken(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if err := r.ParseForm(); err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_request", "malformed form body")
		return
	}
	id, secret, basic := r.BasicAuth()
	if !basic {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	client, ok := s.auth.oauthClients[id]
	if id == "" || !ok || client.Secret != secret {
		if basic {
			w.Header().Set("WWW-Authenticate", `Basic realm="otds"`)
		}
		oauthError(w, http.StatusUnauthorized, "invalid_client", "client authentication failed")
		return
	}
	var u *user
	switch r.PostForm.Get("grant_type") {
	case "client_credentials":
		u = s.dir.userByName(client.UserName)
	case "password":
		u = s.dir.userByName(r.PostForm.Get("username"))
		if u == nil || u.Password != r.PostForm.Get("password") {
			oauthError(w, http.StatusBadRequest, "invalid_grant", "invalid resource owner credentials")
			return
		}
	case "":
		oauthError(w, http.StatusBadRequest, "invalid_request", "grant_type is required")
		return
	default:
		oauthError(w, http.StatusBadRequest, "unsupported_grant_type", "supported: client_credentials, password")
		return
	}
	if u == nil {
		oauthError(w, http.StatusBadRequest, "invalid_grant", "the client's user does not exist")
		return
	}
	resp := map[string]any{
		"access_token":      s.issueOTDSLocked(kindBearer, u),
		"issued_token_type": "urn:ietf:params:oauth:token-type:access_token",
		"token_type":        "Bearer",
		"expires_in":        int(s.cfg.tokenLifetime.Seconds()),
	}
	if scope := r.PostForm.Get("scope"); scope != "" {
		resp["scope"] = scope
		if strings.Contains(scope, "otdsssoticket") {
			resp["ticket"] = s.issueOTDSLocked(kindOTDS, u)
		}
	}
	writeJSON(w, http.StatusOK, resp)
}

func oauthError(w http.ResponseWriter, status int, code, desc string) {
	writeJSON(w, status, map[string]any{"error": code, "error_description": desc})
}
