package xecm_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/xecm-go/xecm"
)

// A small node Get through the SDK and through plain net/http +
// encoding/json, against the same in-process server; compare the two with
// go test -bench NodeGet -benchmem (the ratio is what counts, not the
// absolute figures). cmd/xecmbench prints the ratio directly.

const benchNodeBody = `{"links":{"data":{"self":{"body":"","content_type":"","href":"/api/v2/nodes/12345","method":"GET","name":""}}},` +
	`"results":{"data":{"properties":{"id":12345,"name":"Contract 2026-001.pdf","type":144,"type_name":"Document","parent_id":2000,` +
	`"volume_id":-2000,"description":"signed","create_date":"2025-01-19T06:57:04Z","create_user_id":1000,"modify_date":"2025-01-19T06:57:04Z",` +
	`"modify_user_id":1000,"owner_user_id":1000,"owner_group_id":1001,"reserved":false,"reserved_user_id":0,"reserved_date":null,` +
	`"container":false,"container_size":0,"size":48213,"mime_type":"application/pdf","hidden":false,"versionable":true}}}}`

func benchServer(b *testing.B) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(benchNodeBody))
	}))
	b.Cleanup(srv.Close)
	return srv
}

func BenchmarkNodeGetSDK(b *testing.B) {
	srv := benchServer(b)
	c, err := xecm.NewClient(srv.URL+"/otcs/cs.exe", xecm.WithTicket("bench"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Nodes.Get(b.Context(), 12345, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNodeGetPlain(b *testing.B) {
	srv := benchServer(b)
	hc := &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
	u := srv.URL + "/otcs/cs.exe/api/v2/nodes/12345"
	b.ReportAllocs()
	for b.Loop() {
		req, _ := http.NewRequestWithContext(b.Context(), http.MethodGet, u, nil)
		req.Header.Set("OTCSTicket", "bench")
		req.Header.Set("Accept", "application/json")
		resp, err := hc.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		var env struct {
			Results struct {
				Data struct {
					Properties xecm.Node `json:"properties"`
				} `json:"data"`
			} `json:"results"`
		}
		err = json.NewDecoder(resp.Body).Decode(&env)
		resp.Body.Close()
		if err != nil {
			b.Fatal(err)
		}
	}
}
