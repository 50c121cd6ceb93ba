package xecm

// The redirect policy. Go's http.Client follows redirects by default and,
// with go-retryablehttp setting GetBody, re-sends request bodies: a 307 on
// a login would post the password to whatever host the Location names, and
// a 301 on a DELETE would turn it into a GET whose 200 reads as "deleted".
// The SDK therefore follows a redirect only where that is harmless: a
// GET or HEAD (not a login) to the base URL's own scheme and host, which
// the credential layer serves with the credential. Everything else stops
// at the 3xx, which the executor reports as an error naming the target.

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// maxRedirects bounds a chain of followed same-host redirects, as Go's
// default policy does.
const maxRedirects = 10

// redirectPolicy is the http.Client.CheckRedirect of every client the SDK
// builds. next is the caller's own CheckRedirect (WithHTTPClient), asked
// only about redirects the SDK would follow: it can refuse more, never
// allow more.
func (c *Client) redirectPolicy(next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		first := via[0]
		ri := infoFrom(req.Context())
		if ri == nil || ri.login || !followable(first.Method) || !c.sameOrigin(req.URL) {
			return http.ErrUseLastResponse
		}
		// A followed GET carries no body, whatever the status (a 307 of a
		// GET with a body would re-send it).
		req.Body, req.GetBody, req.ContentLength = http.NoBody, nil, 0
		if len(via) >= maxRedirects {
			return fmt.Errorf("stopped after %d redirects", maxRedirects)
		}
		if next != nil {
			return next(req, via)
		}
		return nil
	}
}

// followable reports whether a request with this method may follow a
// redirect: only reads, so that a change is never turned into a read.
func followable(method string) bool {
	return method == http.MethodGet || method == http.MethodHead
}

// sameOrigin reports whether u is on the base URL's scheme and host, the
// only place credentials go.
func (c *Client) sameOrigin(u *url.URL) bool {
	return u != nil && strings.EqualFold(u.Scheme, c.baseURL.Scheme) && strings.EqualFold(u.Host, c.baseURL.Host)
}

// ErrRedirect: the server answered with a redirect the SDK did not follow:
// a change (POST, PUT, DELETE) or a login that was redirected, or a read
// redirected to another host. Nothing was done at the target; the server
// has most likely moved, so fix the base URL.
var ErrRedirect = errors.New("xecm: redirect not followed")

// isRedirect reports the statuses Go's client would follow.
func isRedirect(status int) bool {
	switch status {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

// redirectError describes a redirect that was not followed: an *APIError
// with the status, and the target (without its query string, which may
// carry a credential) in Location and in the message.
func redirectError(method, path string, login bool, resp *http.Response) *APIError {
	e := &APIError{StatusCode: resp.StatusCode, Method: method, Path: path}
	loc := resp.Header.Get("Location")
	base := &url.URL{}
	if resp.Request != nil && resp.Request.URL != nil {
		base = resp.Request.URL
	}
	if u, err := base.Parse(loc); err == nil && loc != "" {
		u.RawQuery, u.Fragment, u.User = "", "", nil
		e.Location = u.String()
	}
	target := e.Location
	if target == "" {
		target = "no readable Location"
	}
	why := "reads follow redirects on the base URL's host only"
	switch {
	case login:
		why = "a login never follows a redirect"
	case !followable(method):
		why = "a change is never re-sent elsewhere or turned into a read"
	}
	e.Message = fmt.Sprintf("redirected to %s, not followed (%s): the server has moved; fix the base URL", target, why)
	return e
}
