package xecmtest

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// authState holds the Content Server sessions and credential generations.
type authState struct {
	sessions map[string]*session
	// byCredential maps an OTDS ticket or bearer token used directly on
	// Content Server requests to the session it opened, so repeated use
	// does not open a session per request.
	byCredential map[string]string
	otcsGen      uint64 // bumped by ExpireTickets
	otdsGen      uint64 // bumped by ExpireOTDSTokens
	opened       int    // sessions opened, for periodic pruning
	oauthClients map[string]OAuthClient
}

// session is a logged-in Content Server session.
type session struct {
	id       string
	userID   int64
	lastSeen time.Time
}

func (s *Server) installAuth() {
	s.auth = authState{sessions: map[string]*session{}, byCredential: map[string]string{}, oauthClients: map[string]OAuthClient{}}
	s.apiPublic("POST /v1/auth", s.handleLogin)
	s.api("GET /v1/auth", s.handleWhoAmI)
	s.api("HEAD /v1/auth", s.handleWhoAmI) // a session check: the status, no body
	s.api("DELETE /v1/auth", s.handleLogout)
}

// handleLogin is POST api/v1/auth: username and password for a ticket.
func (s *Server) handleLogin(c *call) (any, error) {
	name, _ := c.params.str("username")
	if name == "" {
		return nil, errorf(http.StatusInternalServerError, "Argument username is required")
	}
	pw, _ := c.params.str("password")
	if d, _ := c.params.str("domain"); d != "" {
		return nil, errorf(http.StatusUnauthorized, "Unable to login. Domain support is disabled")
	}
	u := s.dir.userByName(name)
	if u == nil || u.Password != pw || strings.Contains(name, "@") {
		return nil, errorf(http.StatusUnauthorized, "Invalid username/password specified")
	}
	sess := s.openSessionLocked(u.ID)
	t, _ := s.rotateLocked(sess)
	return map[string]any{"ticket": t}, nil
}

// handleWhoAmI is GET api/v1/auth: the current user. Sent with an
// OTDSTicket or Bearer credential it is the exchange for an OTCSTicket,
// which the pipeline adds as a response header.
func (s *Server) handleWhoAmI(c *call) (any, error) {
	return map[string]any{"data": c.user.userJSON()}, nil
}

// handleLogout is DELETE api/v1/auth: the session ends and all of its
// tickets stop working.
func (s *Server) handleLogout(c *call) (any, error) {
	if sess := s.sessionOfTicket(c.r.Header.Get("OTCSTicket")); sess != nil {
		s.closeSessionLocked(sess.id)
	} else {
		for _, cred := range credentialsOf(c.r) {
			if id, ok := s.auth.byCredential[cred]; ok {
				s.closeSessionLocked(id)
			}
		}
	}
	c.ticket = "" // no rotated ticket for an ended session
	return map[string]any{}, nil
}

// authenticateLocked finds the session of a request from its OTCSTicket,
// OTDSTicket or "Authorization: Bearer" header (tried in that order).
func (s *Server) authenticateLocked(r *http.Request) (*user, *session, error) {
	if sess := s.sessionOfTicket(r.Header.Get("OTCSTicket")); sess != nil {
		if u := s.dir.users[sess.userID]; u != nil && !u.Deleted {
			sess.lastSeen = s.now()
			return u, sess, nil
		}
	}
	if t := r.Header.Get("OTDSTicket"); t != "" {
		if u := s.userOfOTDSToken(t, kindOTDS); u != nil {
			return u, s.credentialSessionLocked(t, u.ID), nil
		}
	}
	if t := bearerToken(r); t != "" {
		if u := s.userOfOTDSToken(t, kindBearer); u != nil {
			return u, s.credentialSessionLocked(t, u.ID), nil
		}
	}
	return nil, nil, errorf(http.StatusUnauthorized, msgAuthRequired)
}

// sessionOfTicket returns the live session an OTCS ticket belongs to.
func (s *Server) sessionOfTicket(ticket string) *session {
	if ticket == "" {
		return nil
	}
	t, ok := s.verify(ticket, kindOTCS)
	if !ok || t.gen != s.auth.otcsGen {
		return nil
	}
	return s.auth.sessions[t.sub]
}

// userOfOTDSToken returns the user of a valid OTDS ticket or bearer token.
func (s *Server) userOfOTDSToken(str string, kind tokenKind) *user {
	t, ok := s.verify(str, kind)
	if !ok || t.gen != s.auth.otdsGen {
		return nil
	}
	id, err := strconv.ParseInt(t.sub, 10, 64)
	if err != nil {
		return nil
	}
	if u := s.dir.users[id]; u != nil && !u.Deleted {
		return u
	}
	return nil
}

func (s *Server) credentialSessionLocked(cred string, userID int64) *session {
	if sess := s.auth.sessions[s.auth.byCredential[cred]]; sess != nil {
		sess.lastSeen = s.now()
		return sess
	}
	sess := s.openSessionLocked(userID)
	s.auth.byCredential[cred] = sess.id
	return sess
}

func (s *Server) openSessionLocked(userID int64) *session {
	s.auth.opened++
	if s.auth.opened%256 == 0 {
		s.pruneSessionsLocked()
	}
	sess := &session{id: "s" + strconv.FormatUint(s.nextSeq(), 36) + newRequestID()[:8], userID: userID, lastSeen: s.now()}
	s.auth.sessions[sess.id] = sess
	return sess
}

func (s *Server) closeSessionLocked(id string) {
	delete(s.auth.sessions, id)
	for cred, sid := range s.auth.byCredential {
		if sid == id {
			delete(s.auth.byCredential, cred)
		}
	}
}

// pruneSessionsLocked forgets sessions no ticket can still reach.
func (s *Server) pruneSessionsLocked() {
	cutoff := s.now().Add(-s.cfg.ticketLifetime)
	for id, sess := range s.auth.sessions {
		if sess.lastSeen.Before(cutoff) {
			s.closeSessionLocked(id)
		}
	}
}

// rotateLocked issues a fresh ticket for sess, returning it and its
// OTCSTicketExpires value (RFC 3339, UTC). Earlier tickets of the session
// stay valid until their own expiry.
func (s *Server) rotateLocked(sess *session) (ticket, expires string) {
	exp := s.now().Add(s.cfg.ticketLifetime)
	ticket = s.sign(token{kind: kindOTCS, sub: sess.id, gen: s.auth.otcsGen, expires: exp})
	return ticket, exp.Format(time.RFC3339)
}

// ExpireTickets invalidates every OTCS ticket issued so far (sessions opened
// with an OTDS ticket or bearer token survive, as those credentials do), so
// the next request with an old ticket gets 401 and the client must log in
// again.
func (s *Server) ExpireTickets() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.auth.otcsGen++
}

// ExpireOTDSTokens invalidates every OTDS ticket and OAuth2 access token
// issued so far.
func (s *Server) ExpireOTDSTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.auth.otdsGen++
}

func bearerToken(r *http.Request) string {
	a := r.Header.Get("Authorization")
	if len(a) > 7 && strings.EqualFold(a[:7], "bearer ") {
		return strings.TrimSpace(a[7:])
	}
	return ""
}

func credentialsOf(r *http.Request) []string {
	var out []string
	if t := r.Header.Get("OTDSTicket"); t != "" {
		out = append(out, t)
	}
	if t := bearerToken(r); t != "" {
		out = append(out, t)
	}
	return out
}
