package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"sync/atomic"
)

// browseReplay serves the simulator's recorded answers to the browse
// requests: the same status, headers and bytes, from memory.
type browseReplay struct {
	path    string                   // the listing's path, e.g. /otcs/cs.exe/api/v2/nodes/2001/nodes
	answers map[[2]int]recordedReply // by page and limit
	misses  atomic.Int64             // requests that were not recorded
}

type recordedReply struct {
	status int
	header http.Header
	body   []byte
}

// recordBrowse asks the simulator for every page of the listing with each
// limit, once, as it is (no compression asked for, as none of the clients
// gets it from the simulator).
func recordBrowse(ctx context.Context, base, ticket string, parent int64) (*browseReplay, error) {
	u, err := url.Parse(base + "/api/v2/nodes/" + strconv.FormatInt(parent, 10) + "/nodes")
	if err != nil {
		return nil, err
	}
	rec := &browseReplay{path: u.Path, answers: map[[2]int]recordedReply{}}
	hc := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	defer hc.CloseIdleConnections()
	for _, limit := range browseLimits {
		for page := 1; ; page++ {
			q := url.Values{"page": {strconv.Itoa(page)}, "limit": {strconv.Itoa(limit)}}
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String()+"?"+q.Encode(), nil)
			if err != nil {
				return nil, err
			}
			req.Header.Set("OTCSTicket", ticket)
			resp, err := hc.Do(req)
			if err != nil {
				return nil, err
			}
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil {
				return nil, err
			}
			if resp.StatusCode != http.StatusOK {
				return nil, fmt.Errorf("page %d, limit %d: status %d: %.200s", page, limit, resp.StatusCode, body)
			}
			h := resp.Header.Clone()
			h.Del("Date") // the replaying server sets its own
			rec.answers[[2]int{page, limit}] = recordedReply{resp.StatusCode, h, body}
			var env struct {
				Collection struct {
					Paging struct {
						PageTotal int `json:"page_total"`
					} `json:"paging"`
				} `json:"collection"`
			}
			if err := json.Unmarshal(body, &env); err != nil {
				return nil, fmt.Errorf("page %d, limit %d: %w", page, limit, err)
			}
			if page >= env.Collection.Paging.PageTotal {
				break
			}
		}
	}
	return rec, nil
}

// ServeHTTP answers a recorded request. A request the recording does not
// hold (another path, a parameter besides page and limit) is counted and
// refused with 404, so that a client asking something else fails the run
// instead of being measured on different work. A missing page is page 1,
// as on the server.
func (rec *browseReplay) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	page, limit := 1, 0
	var err error
	if p := q.Get("page"); p != "" {
		page, err = strconv.Atoi(p)
	}
	if l := q.Get("limit"); err == nil {
		limit, err = strconv.Atoi(l)
	}
	delete(q, "page")
	delete(q, "limit")
	a, ok := rec.answers[[2]int{page, limit}]
	if r.Method != http.MethodGet || r.URL.Path != rec.path || len(q) > 0 || err != nil || !ok {
		rec.misses.Add(1)
		http.Error(w, "not recorded: "+r.Method+" "+r.URL.RequestURI(), http.StatusNotFound)
		return
	}
	h := w.Header()
	for k, v := range a.header {
		h[k] = v
	}
	w.WriteHeader(a.status)
	_, _ = w.Write(a.body)
}
