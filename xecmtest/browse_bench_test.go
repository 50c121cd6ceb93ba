package xecmtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// browseBenchChildren is the size of the folder the browse benchmarks
// list, as cmd/xecmbench's browse workload.
const browseBenchChildren = 2000

// discardWriter is an http.ResponseWriter that keeps the headers and
// status and throws the body away, so that a benchmark measures the
// simulator rather than a recorder's buffer.
type discardWriter struct {
	h      http.Header
	status int
	n      int
}

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) WriteHeader(status int)      { w.status = status }
func (w *discardWriter) Write(p []byte) (int, error) { w.n += len(p); return len(p), nil }

// newBrowseBench returns a simulator (not listening) with a folder of
// browseBenchChildren documents, the folder's id and an Admin ticket.
func newBrowseBench(b *testing.B) (*Server, int64, string) {
	b.Helper()
	s := New()
	b.Cleanup(s.Close)
	s.SetURL("http://sim.invalid")
	parent := s.AddFolder(EnterpriseWorkspaceID, "Browse")
	for i := range browseBenchChildren {
		s.AddEmptyDocument(parent, fmt.Sprintf("Invoice %05d.pdf", i))
	}
	r := httptest.NewRequest(http.MethodPost, s.apiRoot()+"/v1/auth",
		strings.NewReader(url.Values{"username": {"Admin"}, "password": {"livelink"}}.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w := httptest.NewRecorder()
	s.Handler().ServeHTTP(w, r)
	if w.Code != http.StatusOK {
		b.Fatalf("log in: %d %s", w.Code, w.Body)
	}
	var answer struct{ Ticket string }
	if err := json.Unmarshal(w.Body.Bytes(), &answer); err != nil || answer.Ticket == "" {
		b.Fatalf("log in: no ticket in %s", w.Body)
	}
	return s, parent, answer.Ticket
}

// serveBench sends one GET of path (under the API root) and fails the
// benchmark on anything but a 200.
func serveBench(b *testing.B, s *Server, ticket, path string) {
	r := httptest.NewRequest(http.MethodGet, s.apiRoot()+path, nil)
	r.Header.Set("OTCSTicket", ticket)
	w := &discardWriter{h: http.Header{}}
	s.Handler().ServeHTTP(w, r)
	if w.status != http.StatusOK || w.n == 0 {
		b.Fatalf("GET %s: status %d, %d bytes", path, w.status, w.n)
	}
}

// BenchmarkBrowsePage measures GET api/v2/nodes/{id}/nodes?limit=500 on a
// folder of 2,000 documents, cycling through its four pages: the
// simulator's cost of one page of a listing.
func BenchmarkBrowsePage(b *testing.B) { benchmarkBrowsePage(b, 500) }

// BenchmarkBrowsePage100 is BenchmarkBrowsePage with limit=100: twenty
// pages, each selecting and sorting the 2,000 children again.
func BenchmarkBrowsePage100(b *testing.B) { benchmarkBrowsePage(b, 100) }

func benchmarkBrowsePage(b *testing.B, limit int) {
	s, parent, ticket := newBrowseBench(b)
	pages := browseBenchChildren / limit
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		serveBench(b, s, ticket, fmt.Sprintf("/v2/nodes/%d/nodes?limit=%d&page=%d", parent, limit, i%pages+1))
	}
}

// BenchmarkBrowsePageFields is BenchmarkBrowsePage with a fields filter,
// which goes through the simulator's check that every asked-for section
// is answered.
func BenchmarkBrowsePageFields(b *testing.B) {
	s, parent, ticket := newBrowseBench(b)
	const limit = 500
	pages := browseBenchChildren / limit
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		serveBench(b, s, ticket, fmt.Sprintf("/v2/nodes/%d/nodes?limit=%d&page=%d&fields=properties{id,name,type}", parent, limit, i%pages+1))
	}
}

// BenchmarkBrowseListingHTTP lists the whole folder, 500 at a time, over a
// loopback connection, reading (not decoding) each answer: the
// simulator's cost of a listing as a client in another process sees it,
// HTTP included.
func BenchmarkBrowseListingHTTP(b *testing.B) {
	s, parent, ticket := newBrowseBench(b)
	s.SetURL(newHTTPTestServerB(b, s.Handler()))
	hc := &http.Client{Transport: &http.Transport{}}
	b.Cleanup(hc.CloseIdleConnections)
	const limit = 500
	b.ReportAllocs()
	for b.Loop() {
		for page := 1; page <= browseBenchChildren/limit; page++ {
			r, err := http.NewRequest(http.MethodGet, fmt.Sprintf("%s/api/v2/nodes/%d/nodes?limit=%d&page=%d", s.URL, parent, limit, page), nil)
			if err != nil {
				b.Fatal(err)
			}
			r.Header.Set("OTCSTicket", ticket)
			resp, err := hc.Do(r)
			if err != nil {
				b.Fatal(err)
			}
			n, err := io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if err != nil || resp.StatusCode != http.StatusOK || n == 0 {
				b.Fatalf("page %d: status %d, %d bytes, %v", page, resp.StatusCode, n, err)
			}
		}
	}
}

// newHTTPTestServerB serves h on loopback for a benchmark and returns its
// root URL.
func newHTTPTestServerB(b *testing.B, h http.Handler) string {
	hs := httptest.NewServer(h)
	b.Cleanup(hs.Close)
	return hs.URL
}
