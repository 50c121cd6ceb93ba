package xecm_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

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
		var env struct {
			Results struct {
				Data struct {
					Properties xecm.Node `json:"properties"`
				} `json:"data"`
			} `json:"results"`
		}
		plainGetJSON(b, hc, u, &env)
	}
}

// plainGetJSON is a hand-written client's GET: net/http, then
// encoding/json straight from the body into v.
func plainGetJSON(b *testing.B, hc *http.Client, u string, v any) {
	req, _ := http.NewRequestWithContext(b.Context(), http.MethodGet, u, nil)
	req.Header.Set("OTCSTicket", "bench")
	req.Header.Set("Accept", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	err = json.NewDecoder(resp.Body).Decode(v)
	resp.Body.Close()
	if err != nil {
		b.Fatal(err)
	}
}

// benchChildren is one page of 100 children as ListChildren receives it.
var benchChildren = func() string {
	var b strings.Builder
	b.WriteString(`{"collection":{"paging":{"limit":100,"page":1,"page_total":1,"range_min":1,"range_max":100,"total_count":100}},"results":[`)
	for i := range 100 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"data":{"properties":{"id":%d,"name":"Invoice %05d.pdf","type":144,"type_name":"Document","parent_id":3000,`+
			`"volume_id":-2000,"description":"","create_date":"2025-01-19T06:57:04Z","create_user_id":1000,"modify_date":"2025-02-03T11:20:41Z",`+
			`"modify_user_id":1000,"owner_user_id":1000,"owner_group_id":1001,"reserved":false,"reserved_user_id":0,"reserved_date":null,`+
			`"container":false,"container_size":0,"size":%d,"mime_type":"application/pdf","hidden":false,"versionable":true}}}`, 100000+i, i, 40000+i)
	}
	b.WriteString(`]}`)
	return b.String()
}()

func childrenServer(b *testing.B) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(benchChildren))
	}))
	b.Cleanup(srv.Close)
	return srv
}

// A page of 100 children through ListChildren and through plain net/http
// decoding the same fields into a fixed struct, kept as pointers as the
// SDK keeps them.
func BenchmarkListChildrenSDK(b *testing.B) {
	srv := childrenServer(b)
	c, err := xecm.NewClient(srv.URL+"/otcs/cs.exe", xecm.WithTicket("bench"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		p, err := c.Nodes.ListChildren(b.Context(), 3000, nil)
		if err != nil || len(p.Items) != 100 {
			b.Fatal(err)
		}
	}
}

func BenchmarkListChildrenPlain(b *testing.B) {
	srv := childrenServer(b)
	hc := &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
	u := srv.URL + "/otcs/cs.exe/api/v2/nodes/3000/nodes"
	b.ReportAllocs()
	for b.Loop() {
		var env struct {
			Collection struct {
				Paging struct {
					PageTotal int `json:"page_total"`
				} `json:"paging"`
			} `json:"collection"`
			Results []struct {
				Data struct {
					Properties plainNode `json:"properties"`
				} `json:"data"`
			} `json:"results"`
		}
		plainGetJSON(b, hc, u, &env)
		if len(env.Results) != 100 {
			b.Fatal(len(env.Results))
		}
		items := make([]*plainNode, 0, len(env.Results))
		for i := range env.Results {
			items = append(items, &env.Results[i].Data.Properties)
		}
		plainSink = items
	}
}

// plainSink keeps the plain client's result alive, as the SDK's is.
var plainSink []*plainNode

// plainNode is a node as a hand-written client declares it: the SDK's JSON
// names, standard types.
type plainNode struct {
	ID             int64      `json:"id"`
	Name           string     `json:"name"`
	Type           int        `json:"type"`
	TypeName       string     `json:"type_name"`
	ParentID       int64      `json:"parent_id"`
	VolumeID       int64      `json:"volume_id"`
	Description    string     `json:"description"`
	CreateDate     time.Time  `json:"create_date"`
	CreateUserID   int64      `json:"create_user_id"`
	ModifyDate     time.Time  `json:"modify_date"`
	ModifyUserID   int64      `json:"modify_user_id"`
	OwnerUserID    int64      `json:"owner_user_id"`
	OwnerGroupID   int64      `json:"owner_group_id"`
	Reserved       bool       `json:"reserved"`
	ReservedUserID int64      `json:"reserved_user_id"`
	ReservedDate   *time.Time `json:"reserved_date"`
	Container      bool       `json:"container"`
	ContainerSize  int        `json:"container_size"`
	Size           int64      `json:"size"`
	MimeType       string     `json:"mime_type"`
	Hidden         bool       `json:"hidden"`
	Versionable    bool       `json:"versionable"`
}
