package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// RouteReport is the comparison of one route's recorded answers with the
// simulator's.
type RouteReport struct {
	// Route is "METHOD /path/{template}".
	Route string `json:"route"`
	// Replayed counts the exchanges of the route sent again.
	Replayed int `json:"replayed"`
	// Differences are the distinct differences in shape found.
	Differences []string `json:"differences,omitempty"`
}

// Comparison is the result of replaying a recording.
type Comparison struct {
	Routes []RouteReport `json:"routes"`
	// NotReplayed lists exchanges outside the REST API (OTDS), which the
	// comparison leaves out.
	NotReplayed []string `json:"not_replayed,omitempty"`
	// UnmappedIDs are recorded IDs, sent as they were, in requests whose
	// status differed: IDs of the recorded server that no earlier answer
	// tied to a simulator ID (give them with -map).
	UnmappedIDs []string `json:"unmapped_ids,omitempty"`
}

// Differences counts the differences over all routes.
func (c *Comparison) Differences() int {
	n := 0
	for _, r := range c.Routes {
		n += len(r.Differences)
	}
	return n
}

// replayer sends recorded requests to the simulator as the recorded
// client sent them, with the simulator's credentials, and with the IDs
// of the recorded server replaced by the simulator's: an ID is learnt
// when a recorded answer and the simulator's answer carry it at the same
// place (the "id" of the folder created, the "upload_key" of a session).
type replayer struct {
	api      string // the simulator's REST API root URL
	hc       *http.Client
	user, pw string

	ticket string // the session the replay runs in
	ended  string // a ticket whose session was ended, for recorded 401s
	ids    map[string]string
	// unmapped collects, per exchange, the recorded IDs sent as they were.
	unmapped map[string]bool
}

// compareRecording replays exchanges against the simulator at baseURL
// (logging in as user) and compares every answer's shape with the
// recorded one. ids are known pairs of recorded and simulator IDs.
func compareRecording(ctx context.Context, baseURL, user, pw string, exchanges []*Exchange, ids map[string]string) (*Comparison, error) {
	r := &replayer{api: strings.TrimRight(baseURL, "/") + "/api", hc: &http.Client{}, user: user, pw: pw, ids: map[string]string{}}
	for k, v := range ids {
		r.ids[k] = v
	}
	t, err := r.login(ctx)
	if err != nil {
		return nil, err
	}
	r.ticket = t
	cmp := &Comparison{}
	var order []string
	byRoute := map[string]*RouteReport{}
	unmapped := map[string]bool{}
	for _, e := range exchanges {
		if e.OutsideAPI {
			cmp.NotReplayed = append(cmp.NotReplayed, e.Method+" "+e.Path)
			continue
		}
		rep := byRoute[e.Key()]
		if rep == nil {
			rep = &RouteReport{Route: e.Key()}
			byRoute[e.Key()] = rep
			order = append(order, e.Key())
		}
		r.unmapped = map[string]bool{}
		got, gotBody, err := r.send(ctx, e)
		if err != nil {
			return nil, fmt.Errorf("replaying exchange %d (%s): %w", e.Seq, e.Key(), err)
		}
		rep.Replayed++
		recorded, _ := decodeJSON(e.Body)
		want := shapeOf(e.Status, e.Headers, e.BodyKind, recorded)
		for _, d := range diffShapes(want, got) {
			if !slices.Contains(rep.Differences, d) {
				rep.Differences = append(rep.Differences, d)
			}
		}
		if want.StatusClass != got.StatusClass {
			for id := range r.unmapped {
				unmapped[id] = true
			}
		}
		r.learn(recorded, gotBody)
	}
	for _, k := range order {
		cmp.Routes = append(cmp.Routes, *byRoute[k])
	}
	for id := range unmapped {
		cmp.UnmappedIDs = append(cmp.UnmappedIDs, id)
	}
	sort.Strings(cmp.UnmappedIDs)
	return cmp, nil
}

// login opens a session on the simulator and returns its ticket.
func (r *replayer) login(ctx context.Context) (string, error) {
	form := url.Values{"username": {r.user}, "password": {r.pw}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, r.api+"/v1/auth", strings.NewReader(form.Encode()))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := r.hc.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var out struct {
		Ticket string `json:"ticket"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out.Ticket == "" {
		return "", fmt.Errorf("logging in to the simulator as %s: %s", r.user, resp.Status)
	}
	return out.Ticket, nil
}

// send replays one exchange and returns the shape of the simulator's
// answer and its decoded JSON body (nil when not JSON).
func (r *replayer) send(ctx context.Context, e *Exchange) (Shape, any, error) {
	req, err := r.request(ctx, e)
	if err != nil {
		return Shape{}, nil, err
	}
	var sent string
	switch {
	case e.Method == http.MethodPost && e.Route == "/v1/auth":
		// A login: the simulator's credentials, no ticket.
	case e.Method == http.MethodDelete && e.Route == "/v1/auth":
		// Ending a session: a session of its own, so the replay's lives on.
		t, err := r.login(ctx)
		if err != nil {
			return Shape{}, nil, err
		}
		r.ended, sent = t, t
	case e.Status == http.StatusUnauthorized && r.ended != "":
		sent = r.ended // the recorded call was refused: send an ended ticket
	case e.Status == http.StatusUnauthorized:
		sent = "xecmcheck-replay-invalid-ticket"
	default:
		sent = r.ticket
	}
	if sent != "" {
		req.Header.Set("OTCSTicket", sent)
	}
	resp, err := r.hc.Do(req)
	if err != nil {
		return Shape{}, nil, err
	}
	defer resp.Body.Close()
	if t := resp.Header.Get("OTCSTicket"); t != "" && sent == r.ticket {
		r.ticket = t // the server renewed the session's ticket
	}
	headers := map[string]string{}
	for _, h := range recordedResponseHeaders {
		if v := resp.Header.Get(h); v != "" {
			headers[h] = v
		}
	}
	kind := "content"
	var body any
	if isJSONType(resp.Header.Get("Content-Type")) || resp.ContentLength == 0 {
		b, err := io.ReadAll(io.LimitReader(resp.Body, maxRecordedBody))
		if err != nil {
			return Shape{}, nil, err
		}
		v, ok := decodeJSON(b)
		switch {
		case len(bytes.TrimSpace(b)) == 0:
			kind = "empty"
		case ok:
			kind, body = "json", trimArrays(v)
		}
	}
	if e.Method == http.MethodPost && e.Route == "/v1/auth" {
		if m, ok := body.(map[string]any); ok {
			if t, ok := m["ticket"].(string); ok && t != "" {
				r.ticket = t // the recorded client went on with this session
			}
		}
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	return shapeOf(resp.StatusCode, headers, kind, body), body, nil
}

// request rebuilds the recorded request for the simulator.
func (r *replayer) request(ctx context.Context, e *Exchange) (*http.Request, error) {
	u := r.api + r.mapPath(e.Route, e.Path)
	if len(e.Query) > 0 {
		u += "?" + r.mapValues(e.Query).Encode()
	}
	var body io.Reader
	var contentType string
	switch {
	case e.Method == http.MethodPost && e.Route == "/v1/auth":
		body = strings.NewReader(url.Values{"username": {r.user}, "password": {r.pw}}.Encode())
		contentType = "application/x-www-form-urlencoded"
	case len(e.Files) > 0:
		var err error
		if body, contentType, err = r.multipartBody(e); err != nil {
			return nil, err
		}
	case len(e.Form) > 0:
		body = strings.NewReader(r.mapValues(e.Form).Encode())
		contentType = "application/x-www-form-urlencoded"
	case len(e.JSONBody) > 0:
		body, contentType = bytes.NewReader(e.JSONBody), "application/json"
	}
	req, err := http.NewRequestWithContext(ctx, e.Method, u, body)
	if err != nil {
		return nil, err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	// Only the headers a recording keeps: a recording is input from
	// elsewhere, and sets nothing else.
	for _, h := range recordedRequestHeaders {
		if v, ok := e.RequestHeaders[h]; ok {
			req.Header.Set(h, v)
		}
	}
	return req, nil
}

// maxReplayFile bounds the size of a file part sent again: a recording
// is input from elsewhere.
const maxReplayFile = 1 << 30

// multipartBody streams the recorded form fields, then the file parts
// with as many bytes as were recorded, generated as they are sent.
func (r *replayer) multipartBody(e *Exchange) (io.Reader, string, error) {
	for name, f := range e.Files {
		if f.Size < 0 || f.Size > maxReplayFile {
			return nil, "", fmt.Errorf("file part %q of %d bytes: replayed up to %d bytes", name, f.Size, maxReplayFile)
		}
	}
	form := r.mapValues(e.Form)
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		pw.CloseWithError(func() error {
			for _, k := range sortedKeys(form) {
				for _, v := range form[k] {
					if err := mw.WriteField(k, v); err != nil {
						return err
					}
				}
			}
			for _, name := range sortedKeys(e.Files) {
				w, err := mw.CreateFormFile(name, e.Files[name].FileName)
				if err != nil {
					return err
				}
				if _, err := io.Copy(w, patternReader(e.Files[name].Size)); err != nil {
					return err
				}
			}
			return mw.Close()
		}())
	}()
	return pr, mw.FormDataContentType(), nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// idLike reports whether a key or path placeholder names an ID.
func idLike(k string) bool {
	lk := strings.ToLower(k)
	return lk == "id" || lk == "ids" || strings.HasSuffix(lk, "_id") || strings.HasSuffix(lk, "_ids") ||
		strings.HasSuffix(lk, "_key") || strings.HasSuffix(k, "ID") || strings.HasSuffix(k, "Id")
}

// mapID returns the simulator's ID for a recorded one, noting IDs sent as
// they were.
func (r *replayer) mapID(v string) string {
	if m, ok := r.ids[v]; ok {
		return m
	}
	if v != "" && v != "0" {
		r.unmapped[v] = true
	}
	return v
}

// mapPath replaces the recorded IDs in the path's ID segments: those the
// route template names as IDs ({id}, {bw_id}, {upload_key}; {n} for a
// route no spec declares), not version or part numbers.
func (r *replayer) mapPath(route, path string) string {
	tsegs, psegs := strings.Split(route, "/"), strings.Split(path, "/")
	if len(tsegs) != len(psegs) {
		return path
	}
	for i, t := range tsegs {
		if strings.HasPrefix(t, "{") && (idLike(strings.Trim(t, "{}")) || t == "{n}") {
			psegs[i] = r.mapID(psegs[i])
		}
	}
	return strings.Join(psegs, "/")
}

// mapValues maps the values of ID parameters, and IDs inside a "body"
// JSON field.
func (r *replayer) mapValues(vals map[string][]string) url.Values {
	out := url.Values{}
	for k, vs := range vals {
		for _, v := range vs {
			switch {
			case idLike(k):
				v = r.mapID(v)
			case k == "body":
				if doc, ok := decodeJSON([]byte(v)); ok {
					if b, err := marshalJSON(r.mapJSON(doc, "")); err == nil {
						v = string(b)
					}
				}
			}
			out.Add(k, v)
		}
	}
	return out
}

// mapJSON maps the values of ID keys at any depth.
func (r *replayer) mapJSON(v any, key string) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = r.mapJSON(e, k)
		}
	case []any:
		for i, e := range x {
			x[i] = r.mapJSON(e, key)
		}
	case json.Number:
		if idLike(key) {
			return json.Number(r.mapID(x.String()))
		}
	case string:
		if idLike(key) {
			return r.mapID(x)
		}
	}
	return v
}

// learn ties the IDs of the recorded answer to the simulator's, where
// both carry an ID at the same place. The first tie of an ID holds.
func (r *replayer) learn(recorded, sim any) {
	switch x := recorded.(type) {
	case map[string]any:
		y, ok := sim.(map[string]any)
		if !ok {
			return
		}
		for k, rv := range x {
			sv, ok := y[k]
			if !ok {
				continue
			}
			if idLike(k) {
				a, aok := scalar(rv)
				b, bok := scalar(sv)
				if aok && bok && a != "" && a != "0" {
					if _, seen := r.ids[a]; !seen {
						r.ids[a] = b
					}
					continue
				}
			}
			r.learn(rv, sv)
		}
	case []any:
		y, ok := sim.([]any)
		if !ok {
			return
		}
		for i := 0; i < len(x) && i < len(y); i++ {
			r.learn(x[i], y[i])
		}
	}
}

func scalar(v any) (string, bool) {
	switch x := v.(type) {
	case json.Number:
		return x.String(), true
	case string:
		return x, true
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), true
	}
	return "", false
}
