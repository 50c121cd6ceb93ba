package xecm

// The way out: any API call, wrapped or not, sent through the executor
// that the services use (credentials, retries, a fresh login on 401,
// ticket rotation, typed errors).

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// Request is one API call for Client.Do and Client.DoStream, built by
// Client.NewRequest. Its fields may be changed before it is sent.
type Request struct {
	// Method is the HTTP method, such as "GET".
	Method string
	// Path is relative to the REST API root, such as "v2/nodes/2000/nodes"
	// (the client puts its base URL and "/api/" in front).
	Path string
	// Query is the query string.
	Query url.Values
	// Header holds extra request headers, such as Accept for a download.
	// Credential headers (OTCSTicket, OTDSTicket, Authorization) are
	// dropped: the client sends its own.
	Header http.Header
	// Idempotent marks a POST as safe to repeat (a search, a read that the
	// API spells as POST), so that it is retried as a GET would be. GET,
	// HEAD, PUT and DELETE are idempotent already.
	Idempotent bool

	form        url.Values
	body        io.Reader
	contentType string
}

// NewRequest builds an API call for Client.Do: the way to reach an endpoint
// that the SDK does not wrap, with the same login, retries and errors as the
// services.
//
// path is relative to the REST API root and starts with the version, such
// as "v2/nodes/2000/nodes?where_type=0" or "v1/volumes/141"; a query string
// in it goes into Request.Query. body is one of:
//
//   - nil: no body;
//   - url.Values: sent form-urlencoded;
//   - an io.Reader: sent as is with the given contentType (pass "" for
//     application/octet-stream). An io.ReadSeeker, such as *os.File or
//     *bytes.Reader, is sought back to its start for a retry or for the
//     replay after a fresh login; any other reader goes out once and is
//     never retried;
//   - any other value: encoded as JSON into the form field "body", the
//     Content Server convention for structured request bodies.
//
// contentType is used only for an io.Reader body. A path that is not
// relative to the API root (an absolute URL, "..", no version segment), an
// empty or malformed method, or a body that cannot be encoded is refused
// with an error wrapping ErrInvalidArgument.
func (c *Client) NewRequest(method, path string, body any, contentType ...string) (*Request, error) {
	const op = "NewRequest"
	if method == "" || strings.ContainsAny(method, " \t\r\n/") {
		return nil, invalidArg(op, "method %q is not an HTTP method", method)
	}
	p, q, err := apiPath(path)
	if err != nil {
		return nil, invalidArg(op, "path %q: %v", path, err)
	}
	r := &Request{Method: strings.ToUpper(method), Path: p, Query: q, Header: http.Header{}}
	switch b := body.(type) {
	case nil:
	case url.Values:
		r.form = b
	case io.Reader:
		r.body = b
		r.contentType = "application/octet-stream"
		if len(contentType) > 0 && contentType[0] != "" {
			r.contentType = contentType[0]
		}
	default:
		js, err := json.Marshal(b)
		if err != nil {
			return nil, invalidArg(op, "body cannot be encoded as JSON: %v", err)
		}
		r.form = url.Values{"body": {string(js)}}
	}
	return r, nil
}

// apiPath checks a path relative to the API root and splits off its query.
func apiPath(path string) (string, url.Values, error) {
	u, err := url.Parse(strings.TrimSpace(path))
	if err != nil {
		return "", nil, err
	}
	if u.Scheme != "" || u.Host != "" || u.User != nil {
		return "", nil, fmt.Errorf("must be relative to the API root, not an absolute URL")
	}
	p := strings.TrimLeft(u.EscapedPath(), "/")
	p = strings.TrimPrefix(p, "api/")
	segs := strings.Split(p, "/")
	if len(segs) < 2 || len(segs[0]) < 2 || segs[0][0] != 'v' || strings.Trim(segs[0][1:], "0123456789") != "" {
		return "", nil, fmt.Errorf("must start with the API version, such as v2/nodes/2000")
	}
	for _, s := range segs {
		if s == ".." || s == "." {
			return "", nil, fmt.Errorf("must not contain %q segments", s)
		}
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return "", nil, fmt.Errorf("query: %w", err)
	}
	return p, q, nil
}

// Do sends req through the client's executor and decodes the answer into
// v, then returns the response with its body read and closed (for its
// status and headers).
//
// The call gets what every service method gets: the credential (logging in
// first if needed), ticket rotation from the response, one fresh login and
// replay on 401 when the body can be rebuilt, retries by the same rules
// (GET, HEAD, PUT, DELETE and Idempotent requests on transport errors and
// 408/429/502/503/504; a POST only when nothing was sent), and a request
// that changes something and loses its answer reports ErrOutcomeUnknown.
//
// v may be nil (the answer is checked and dropped), an io.Writer (the body
// is copied into it as is, for downloads and non-JSON answers), or a
// pointer that the JSON body is decoded into. A non-2xx status, or an
// "ok": false body with 200, is an *APIError (errors.Is matches
// ErrNotFound, ErrUnauthorized, ErrForbidden, ErrConflict,
// ErrAlreadyExists); with a JSON v, a 2xx body that is not JSON is an
// error too.
func (c *Client) Do(ctx context.Context, req *Request, v any) (_ *http.Response, err error) {
	ctx, observed := c.startOp(ctx, "Client.Do")
	defer observed.end(&err)
	if req == nil {
		return nil, invalidArg("Do", "nil request")
	}
	if w, ok := v.(io.Writer); ok {
		resp, err := c.DoStream(ctx, req)
		if err != nil {
			return resp, err
		}
		defer resp.Body.Close()
		if _, err := io.Copy(w, resp.Body); err != nil {
			return resp, fmt.Errorf("xecm: %s %s: reading the answer: %w", req.Method, c.baseURL.Path+"/api/"+req.Path, err)
		}
		return resp, nil
	}
	r, err := req.internal(false)
	if err != nil {
		return nil, err
	}
	err = c.do(ctx, r, v)
	return r.response, err
}

// DoStream sends req as Do does and returns the response with its body
// open, after checking the status: the caller reads and closes it. Use it
// for large answers that should not be held in memory. Without an Accept
// header in req.Header, any content type is accepted.
func (c *Client) DoStream(ctx context.Context, req *Request) (_ *http.Response, err error) {
	ctx, observed := c.startOp(ctx, "Client.DoStream")
	defer observed.end(&err)
	if req == nil {
		return nil, invalidArg("DoStream", "nil request")
	}
	r, err := req.internal(true)
	if err != nil {
		return nil, err
	}
	return c.stream(ctx, r)
}

// internal turns the Request into the executor's request.
func (req *Request) internal(stream bool) (*request, error) {
	if _, _, err := apiPath(req.Path); err != nil {
		return nil, invalidArg("Do", "path %q: %v", req.Path, err)
	}
	r := &request{
		method:     strings.ToUpper(req.Method),
		path:       strings.TrimPrefix(strings.TrimLeft(req.Path, "/"), "api/"),
		query:      req.Query,
		form:       req.form,
		header:     req.Header.Clone(),
		idempotent: req.Idempotent,
	}
	for _, h := range []string{headerOTCSTicket, headerOTDSTicket, "Authorization"} {
		r.header.Del(h)
	}
	if a := req.Header.Get("Accept"); a != "" {
		r.accept = a
	} else if stream {
		r.accept = "*/*"
	}
	if req.body != nil {
		r.body = &bodySource{contentType: req.contentType, length: -1}
		if rs, ok := req.body.(io.ReadSeeker); ok {
			start, err := rs.Seek(0, io.SeekCurrent)
			if err != nil {
				return nil, invalidArg("Do", "body: %v", err)
			}
			if end, err := rs.Seek(0, io.SeekEnd); err == nil {
				r.body.length = end - start
			}
			r.body.open = func() (io.Reader, error) {
				_, err := rs.Seek(start, io.SeekStart)
				return rs, err
			}
			if _, err := rs.Seek(start, io.SeekStart); err != nil {
				return nil, invalidArg("Do", "body: %v", err)
			}
		} else {
			r.body.once = req.body
		}
	}
	return r, nil
}
