package xecm

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"
)

// Header names of the credentials Content Server accepts.
const (
	headerOTCSTicket    = "OTCSTicket"
	headerOTDSTicket    = "OTDSTicket"
	headerAuthorization = "Authorization"
)

// loginTimeout bounds one login, which runs detached from the caller's
// context so that one caller giving up does not fail everyone waiting.
const loginTimeout = 60 * time.Second

// credential is one header that authenticates a request.
type credential struct {
	header string
	value  string
	// expiry, when set (bearer tokens), is when the value stops working.
	expiry time.Time
}

// expiryDelta renews a bearer token this long before it expires, as
// golang.org/x/oauth2 does, so that it does not die in flight.
const expiryDelta = 10 * time.Second

func (c credential) expired(now time.Time) bool {
	return !c.expiry.IsZero() && now.Add(expiryDelta).After(c.expiry)
}

// String never shows the secret.
func (c credential) String() string {
	if c.value == "" {
		return "credential(none)"
	}
	return "credential(" + c.header + ": [redacted])"
}

// A TicketSource obtains a fresh Content Server ticket (OTCSTicket), for
// credentials the SDK does not know how to log in with itself, such as a
// ticket from a single sign-on broker. The client caches the ticket, calls
// the source again only after the server refused the cached one, and never
// calls it from more than one goroutine at a time.
type TicketSource interface {
	Ticket(ctx context.Context) (string, error)
}

// TicketSourceFunc adapts a function to a TicketSource.
type TicketSourceFunc func(ctx context.Context) (string, error)

// Ticket implements TicketSource.
func (f TicketSourceFunc) Ticket(ctx context.Context) (string, error) { return f(ctx) }

// TokenMode says how an OAuth2 access token from OTDS is used.
type TokenMode int

const (
	// ExchangeToken trades the token for a Content Server ticket at
	// GET api/v1/auth, then uses the ticket. This is the default, and the
	// safer choice when tokens are short-lived or once-use.
	ExchangeToken TokenMode = iota
	// BearerToken sends "Authorization: Bearer <token>" on every request.
	BearerToken
)

// authenticator logs in and returns the credential to send.
type authenticator interface {
	authenticate(ctx context.Context, c *Client) (credential, error)
}

type passwordAuth struct{ username, password, domain string }

func (a passwordAuth) fixedSecrets() []string { return []string{a.password} }

func (a passwordAuth) authenticate(ctx context.Context, c *Client) (credential, error) {
	form := url.Values{"username": {a.username}, "password": {a.password}}
	if a.domain != "" {
		form.Set("domain", a.domain)
	}
	var out struct {
		Ticket string `json:"ticket"`
	}
	r := &request{method: http.MethodPost, path: "v1/auth", form: form, noAuth: true, idempotent: true}
	if err := c.do(ctx, r, &out); err != nil {
		return credential{}, err
	}
	if out.Ticket == "" {
		return credential{}, errors.New("xecm: login answered without a ticket")
	}
	return credential{header: headerOTCSTicket, value: out.Ticket}, nil
}

// exchange trades an OTDS ticket or a bearer token for an OTCSTicket at
// GET api/v1/auth; the ticket comes back in the OTCSTicket response header.
func exchange(ctx context.Context, c *Client, cred credential) (credential, error) {
	r := &request{method: http.MethodGet, path: "v1/auth", noAuth: true, presetCredential: cred}
	resp, err := c.send(ctx, r)
	if err != nil {
		return credential{}, err
	}
	defer drainClose(resp)
	if err := c.checkStatus(resp, r); err != nil {
		return credential{}, err
	}
	t := resp.Header.Get(headerOTCSTicket)
	if t == "" {
		return credential{}, fmt.Errorf("xecm: %s exchange at GET api/v1/auth answered without an OTCSTicket header", cred.header)
	}
	return credential{header: headerOTCSTicket, value: t}, nil
}

type otdsAuth struct{ otdsURL, username, password string }

func (a otdsAuth) fixedSecrets() []string { return []string{a.password} }

func (a otdsAuth) authenticate(ctx context.Context, c *Client) (credential, error) {
	u, err := url.Parse(strings.TrimRight(a.otdsURL, "/") + "/otdsws/rest/authentication/credentials")
	if err != nil {
		return credential{}, fmt.Errorf("xecm: OTDS URL: %w", err)
	}
	payload, _ := json.Marshal(map[string]string{"userName": a.username, "password": a.password})
	ctx = context.WithValue(ctx, keyRequestInfo, &requestInfo{idempotent: true, method: http.MethodPost, path: u.Path, login: true})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), bytes.NewReader(payload))
	if err != nil {
		return credential{}, fmt.Errorf("xecm: OTDS login: %w", err)
	}
	req.Header.Set("Content-Type", "application/json;charset=utf-8")
	req.Header.Set("Accept", "application/json")
	resp, err := c.plain.Do(req)
	if err != nil {
		return credential{}, fmt.Errorf("xecm: OTDS login: %w", err)
	}
	defer drainClose(resp)
	var out struct {
		Ticket string `json:"ticket"`
	}
	body, err := readLimited(resp.Body, maxErrorBody)
	if err != nil {
		return credential{}, fmt.Errorf("xecm: OTDS login: %w", err)
	}
	if isRedirect(resp.StatusCode) {
		return credential{}, c.secrets.scrubAPIError(redirectError(http.MethodPost, u.Path, true, resp))
	}
	if resp.StatusCode/100 != 2 {
		return credential{}, c.secrets.scrubAPIError(newAPIError(http.MethodPost, u.Path, resp.StatusCode, resp.Header.Get("Content-Type"), body))
	}
	if err := json.Unmarshal(body, &out); err != nil || out.Ticket == "" {
		return credential{}, errors.New("xecm: OTDS login answered without a ticket")
	}
	c.secrets.addRecent(out.Ticket)
	return exchange(ctx, c, credential{header: headerOTDSTicket, value: out.Ticket})
}

type otdsTicketAuth struct{ ticket string }

func (a otdsTicketAuth) fixedSecrets() []string { return []string{a.ticket} }

func (a otdsTicketAuth) authenticate(ctx context.Context, c *Client) (credential, error) {
	return exchange(ctx, c, credential{header: headerOTDSTicket, value: a.ticket})
}

type tokenAuth struct {
	ts   oauth2.TokenSource
	mode TokenMode
}

func (a tokenAuth) authenticate(ctx context.Context, c *Client) (credential, error) {
	tok, err := a.ts.Token()
	if err != nil {
		return credential{}, fmt.Errorf("xecm: OAuth2 token: %w", err)
	}
	if tok.AccessToken == "" {
		return credential{}, errors.New("xecm: OAuth2 token source returned an empty access token")
	}
	c.secrets.addRecent(tok.AccessToken)
	bearer := credential{header: headerAuthorization, value: "Bearer " + tok.AccessToken}
	if a.mode == BearerToken {
		bearer.expiry = tok.Expiry // sent on every request: renew it in time
	}
	if a.mode == BearerToken {
		return bearer, nil
	}
	return exchange(ctx, c, bearer)
}

type staticAuth struct{ ticket string }

func (a staticAuth) fixedSecrets() []string { return []string{a.ticket} }

func (a staticAuth) authenticate(context.Context, *Client) (credential, error) {
	return credential{header: headerOTCSTicket, value: a.ticket}, nil
}

type sourceAuth struct{ src TicketSource }

func (a sourceAuth) authenticate(ctx context.Context, _ *Client) (credential, error) {
	t, err := a.src.Ticket(ctx)
	if err != nil {
		return credential{}, fmt.Errorf("xecm: ticket source: %w", err)
	}
	if t == "" {
		return credential{}, errors.New("xecm: ticket source returned an empty ticket")
	}
	return credential{header: headerOTCSTicket, value: t}, nil
}

// credentialCache holds the current credential. Logins are single-flight:
// however many goroutines need a credential, one login runs and they all
// take its result. Invalidation is compare-and-swap: only a caller holding
// the stale credential clears it, so a late 401 cannot throw away a
// credential that a concurrent login just obtained.
type credentialCache struct {
	auth authenticator
	c    *Client

	mu     sync.Mutex
	cur    credential
	flight *loginFlight
}

type loginFlight struct {
	done chan struct{}
	cred credential
	err  error
}

func (cc *credentialCache) get(ctx context.Context) (credential, error) {
	cc.mu.Lock()
	if cc.cur.expired(time.Now()) {
		cc.cur = credential{}
	}
	if cc.cur.value != "" {
		cur := cc.cur
		cc.mu.Unlock()
		return cur, nil
	}
	f := cc.flight
	if f == nil {
		f = &loginFlight{done: make(chan struct{})}
		cc.flight = f
		go cc.login(ctx, f)
	}
	cc.mu.Unlock()
	select {
	case <-f.done:
		return f.cred, f.err
	case <-ctx.Done():
		return credential{}, ctx.Err()
	}
}

func (cc *credentialCache) login(ctx context.Context, f *loginFlight) {
	lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), loginTimeout)
	defer cancel()
	cred, err := cc.authenticate(lctx)
	if err != nil {
		err = cc.c.secrets.scrubErr(loginError{err})
	} else {
		cc.c.secrets.addRecent(cred.value)
	}
	// Logged before the waiters are released, so a caller that returns
	// with the login's error finds its Warn already written.
	if err != nil {
		cc.c.logger.Warn("xecm: login failed", "error", err)
	} else {
		cc.c.logger.Debug("xecm: logged in", "credential", cred.header)
	}
	cc.mu.Lock()
	f.cred, f.err = cred, err
	if err == nil {
		cc.cur = cred
	}
	cc.flight = nil
	cc.mu.Unlock()
	close(f.done)
}

// authenticate runs the login, turning a panic in a caller-supplied
// TicketSource or token source into an error: the login runs in its own
// goroutine, where a panic would end the program.
func (cc *credentialCache) authenticate(ctx context.Context) (cred credential, err error) {
	defer func() {
		if p := recover(); p != nil {
			cred, err = credential{}, fmt.Errorf("xecm: the credential source panicked: %v", p)
		}
	}()
	return cc.auth.authenticate(ctx, cc.c)
}

// invalidate forgets the credential if it is still the stale one.
func (cc *credentialCache) invalidate(stale credential) {
	cc.mu.Lock()
	if cc.cur == stale {
		cc.cur = credential{}
	}
	cc.mu.Unlock()
}

// rotate adopts a fresh ticket the server sent in a response header, if the
// request was sent with the current ticket.
func (cc *credentialCache) rotate(sent credential, ticket string) {
	cc.mu.Lock()
	if cc.cur == sent && sent.header == headerOTCSTicket && ticket != sent.value {
		cc.cur.value = ticket
		cc.c.secrets.addRecent(ticket)
	}
	cc.mu.Unlock()
}

func (cc *credentialCache) clear() {
	cc.mu.Lock()
	cc.cur = credential{}
	cc.mu.Unlock()
}

// loginError marks a failure to obtain a credential.
type loginError struct{ err error }

func (e loginError) Error() string { return "xecm: login: " + e.err.Error() }
func (e loginError) Unwrap() error { return e.err }

// credentialTransport sets the request's credential header, and only on
// requests to the base URL's scheme and host: a redirect elsewhere, or a
// URL the caller got from a response, never carries a credential. It reads
// the credential from the request's context and does nothing else.
type credentialTransport struct {
	base   http.RoundTripper
	scheme string
	host   string
}

func (t *credentialTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ri := infoFrom(req.Context())
	if ri == nil || ri.credential.value == "" ||
		!strings.EqualFold(req.URL.Host, t.host) || !strings.EqualFold(req.URL.Scheme, t.scheme) {
		return t.base.RoundTrip(req)
	}
	// A shallow copy with its own headers: the caller's request is not
	// changed (the RoundTripper contract), at a fraction of req.Clone's cost.
	r2 := new(http.Request)
	*r2 = *req
	r2.Header = make(http.Header, len(req.Header)+1)
	for k, v := range req.Header {
		r2.Header[k] = v
	}
	r2.Header.Set(ri.credential.header, ri.credential.value)
	return t.base.RoundTrip(r2)
}

// Logout ends the session on the server (DELETE api/v1/auth) and forgets the
// ticket; the next call logs in again.
func (c *Client) Logout(ctx context.Context) (err error) {
	ctx, observed := c.startOp(ctx, "Client.Logout")
	defer observed.end(&err)
	if c.creds == nil {
		return nil
	}
	err = c.do(ctx, &request{method: http.MethodDelete, path: "v1/auth", noReauth: true}, nil)
	c.creds.clear()
	if errors.Is(err, ErrUnauthorized) {
		return nil // the session had already ended
	}
	return err
}
