package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/xecm-go/xecm/internal/specroutes"
)

// Exchange is one recorded request and its answer: the file format of
// -record and -compare. Credentials and marked values are already
// replaced by "[redacted]"; content bytes are never recorded.
type Exchange struct {
	Seq    int    `json:"seq"`
	Method string `json:"method"`
	// Route is the path template of the vendor spec operation (relative
	// to the REST API root, such as "/v2/nodes/{id}/nodes"), or the path
	// with its numbers replaced by {n} for a route no spec declares.
	Route string `json:"route"`
	// Path is the path as sent, relative to the REST API root; for a
	// request outside it (OTDS) the whole URL path, with OutsideAPI set.
	Path       string `json:"path"`
	OutsideAPI bool   `json:"outside_api,omitempty"`
	// Query and Form hold the query parameters and form fields.
	Query map[string][]string `json:"query,omitempty"`
	Form  map[string][]string `json:"form,omitempty"`
	// Files are the file parts of a multipart body: name and size only.
	Files map[string]FilePart `json:"files,omitempty"`
	// JSONBody is a JSON request body (OTDS logins), scrubbed.
	JSONBody json.RawMessage `json:"json_body,omitempty"`
	// RequestHeaders are the request headers that change the answer
	// (Range); credentials are never among them.
	RequestHeaders map[string]string `json:"request_headers,omitempty"`

	Status int `json:"status"`
	// Headers are the response headers that matter to a client.
	Headers map[string]string `json:"headers,omitempty"`
	// BodyKind is "json", "empty", or "content" (bytes not recorded).
	BodyKind string          `json:"body_kind"`
	Body     json.RawMessage `json:"body,omitempty"`
}

// FilePart is a file sent in a multipart body.
type FilePart struct {
	FileName string `json:"file_name,omitempty"`
	Size     int64  `json:"size"`
}

// Key names the route of the exchange, as differences are reported.
func (e *Exchange) Key() string { return e.Method + " " + e.Route }

// recordedResponseHeaders are the response headers kept in recordings:
// those the SDK reads. Their values are scrubbed; OTCSTicket's is always
// replaced.
var recordedResponseHeaders = []string{
	"Content-Type", "Content-Range", "Content-Disposition", "Accept-Ranges",
	"OTCSTicket", "Retry-After", "Location", "Content-Encoding",
}

// recordedRequestHeaders are the request headers kept in recordings.
var recordedRequestHeaders = []string{"Range"}

// splitAPIPath returns the path relative to the REST API root (after the
// first "api" segment followed by a version segment), or ok false for a
// path outside the API.
func splitAPIPath(p string) (string, bool) {
	segs := strings.Split(strings.Trim(p, "/"), "/")
	for i := 0; i+1 < len(segs); i++ {
		if segs[i] == "api" && versionSegment.MatchString(segs[i+1]) {
			return "/" + strings.Join(segs[i+1:], "/"), true
		}
	}
	return p, false
}

var (
	versionSegment = regexp.MustCompile(`^v[0-9]+$`)
	numberSegment  = regexp.MustCompile(`^-?[0-9]+$`)
)

// routeOf returns the spec's path template for an API path, or the path
// with its numeric segments replaced by {n} when no spec declares it.
func routeOf(method, apiPath string) string {
	if op, ok := specroutes.Match(method, apiPath); ok {
		return op.Path
	}
	segs := strings.Split(strings.Trim(apiPath, "/"), "/")
	for i, s := range segs {
		if numberSegment.MatchString(s) {
			segs[i] = "{n}"
		}
	}
	return "/" + strings.Join(segs, "/")
}

// fileName is the recording's file name: sequence, method and route.
func (e *Exchange) fileName() string {
	slug := strings.NewReplacer("/", "-", "{", "", "}", "", ".", "-").Replace(strings.Trim(e.Route, "/"))
	return fmt.Sprintf("%04d-%s-%s.json", e.Seq, strings.ToLower(e.Method), slug)
}

// maxExchangeFile bounds the size of one recorded exchange read back: a
// recording is input from elsewhere (a user sends it to the project).
const maxExchangeFile = 2 * maxRecordedBody

// readRecording reads every exchange of a recording directory, in order.
func readRecording(dir string) ([]*Exchange, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("no recorded exchanges (*.json) in %s", dir)
	}
	var out []*Exchange
	for _, n := range names {
		if st, err := os.Stat(n); err != nil {
			return nil, err
		} else if st.Size() > maxExchangeFile {
			return nil, fmt.Errorf("%s: %d bytes, more than a recorded exchange holds (%d)", n, st.Size(), maxExchangeFile)
		}
		b, err := os.ReadFile(n)
		if err != nil {
			return nil, err
		}
		var e Exchange
		if err := json.Unmarshal(b, &e); err != nil {
			return nil, fmt.Errorf("%s: not a recorded exchange: %w", n, err)
		}
		if e.Method == "" || e.Route == "" {
			return nil, fmt.Errorf("%s: not a recorded exchange: no method or route", n)
		}
		out = append(out, &e)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Seq < out[j].Seq })
	return out, nil
}
