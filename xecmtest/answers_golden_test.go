package xecmtest

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var updateGolden = flag.Bool("update-golden", false, "rewrite testdata/answers from the simulator's current answers")

// goldenAnswer is one request whose answer body is held byte for byte in
// testdata/answers/<name>.json.
type goldenAnswer struct {
	name, method, path string
	form               url.Values // the body of a POST, form-encoded
}

// TestAnswersByteIdentical holds representative answers of the node routes
// (browse pages with fields, expand, sort and metadata; single nodes in v2
// and v1; nodes/list) to the bytes recorded in testdata/answers, so that
// changes to how the simulator renders and writes its answers cannot
// change what it answers. Regenerate with -update-golden only for an
// intended change of an answer.
func TestAnswersByteIdentical(t *testing.T) {
	clk := newFakeClock()
	s := New(WithClock(clk.Now))
	t.Cleanup(s.Close)
	s.SetURL("http://sim.invalid")
	ticket := goldenLogin(t, s)

	folder := s.AddFolder(EnterpriseWorkspaceID, "Golden <&> \u2028 Ordner é")
	for i := range 7 {
		clk.Advance(time.Minute)
		s.AddEmptyDocument(folder, fmt.Sprintf("Invoice %02d.pdf", 7-i))
	}
	clk.Advance(time.Minute)
	doc := goldenUpload(t, s, ticket, folder, "Contract \"A\" <draft>.pdf", []byte("%PDF-1.7 contract"))
	s.AddFolder(folder, "sub")
	ws := s.AddWorkspace(TemplateCustomer, "ACME", &BusinessObject{ExtSystemID: "SAP", BOType: "KNA1", BOID: "0000050031"})

	browse := fmt.Sprintf("/v2/nodes/%d/nodes", folder)
	for _, a := range []goldenAnswer{
		{name: "browse_page", method: http.MethodGet, path: browse + "?limit=3&page=2"},
		{name: "browse_sorted_size", method: http.MethodGet, path: browse + "?sort=desc_size&where_type=-3"},
		{name: "browse_fields_expand", method: http.MethodGet, path: browse + "?limit=4&fields=properties{id,name,owner_user_id,size,parent_id}&expand=properties{owner_user_id,parent_id}"},
		{name: "browse_sections", method: http.MethodGet, path: browse + "?where_name=contract&fields=properties&fields=versions.element(0)&fields=permissions"},
		{name: "browse_metadata", method: http.MethodGet, path: browse + "?limit=2&fields=properties{id,name,create_date}&metadata"},
		{name: "browse_past_end", method: http.MethodGet, path: browse + "?limit=50&page=3"},
		{name: "browse_v1", method: http.MethodGet, path: fmt.Sprintf("/v1/nodes/%d/nodes?limit=4&sort=desc_name", folder)},
		{name: "node", method: http.MethodGet, path: fmt.Sprintf("/v2/nodes/%d?state", doc)},
		{name: "node_sections", method: http.MethodGet, path: fmt.Sprintf("/v2/nodes/%d?fields=properties&fields=versions&fields=permissions&fields=categories&expand=properties", doc)},
		{name: "node_metadata", method: http.MethodGet, path: fmt.Sprintf("/v2/nodes/%d?metadata", doc)},
		{name: "node_workspace", method: http.MethodGet, path: fmt.Sprintf("/v2/nodes/%d", ws)},
		{name: "node_v1", method: http.MethodGet, path: fmt.Sprintf("/v1/nodes/%d", doc)},
		{name: "node_v1_folder", method: http.MethodGet, path: fmt.Sprintf("/v1/nodes/%d", folder)},
		{name: "nodes_list", method: http.MethodPost, path: "/v2/nodes/list", form: url.Values{"ids": {fmt.Sprintf("%d,%d,31337,%d", doc, folder, ws)}}},
		{name: "ancestors", method: http.MethodGet, path: fmt.Sprintf("/v1/nodes/%d/ancestors", doc)},
	} {
		t.Run(a.name, func(t *testing.T) {
			got := goldenServe(t, s, ticket, a)
			file := filepath.Join("testdata", "answers", a.name+".json")
			if *updateGolden {
				require.NoError(t, os.MkdirAll(filepath.Dir(file), 0o755))
				require.NoError(t, os.WriteFile(file, got, 0o644))
			}
			want, err := os.ReadFile(file)
			require.NoError(t, err, "run with -update-golden to record the answer")
			assert.Equal(t, string(want), string(got))
		})
	}
}

// goldenServe sends a's request in process and returns the answer body,
// requiring a 200 with a JSON content type and an exact Content-Length.
func goldenServe(t *testing.T, s *Server, ticket string, a goldenAnswer) []byte {
	t.Helper()
	var body *strings.Reader
	if a.form != nil {
		body = strings.NewReader(a.form.Encode())
	} else {
		body = strings.NewReader("")
	}
	r := httptest.NewRequest(a.method, s.apiRoot()+a.path, body)
	if a.form != nil {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	r.Header.Set("OTCSTicket", ticket)
	w := httptest.NewRecorder()
	s.Handler().ServeHTTP(w, r)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Equal(t, "application/json; charset=utf-8", w.Header().Get("Content-Type"))
	assert.Equal(t, fmt.Sprint(w.Body.Len()), w.Header().Get("Content-Length"))
	return w.Body.Bytes()
}

// goldenLogin logs Admin in, in process, and returns the ticket.
func goldenLogin(t *testing.T, s *Server) string {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, s.apiRoot()+"/v1/auth",
		strings.NewReader(url.Values{"username": {"Admin"}, "password": {"livelink"}}.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w := httptest.NewRecorder()
	s.Handler().ServeHTTP(w, r)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	var m map[string]any
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &m))
	ticket, _ := m["ticket"].(string)
	require.NotEmpty(t, ticket)
	return ticket
}

// goldenUpload creates a document with content under parent, in process.
func goldenUpload(t *testing.T, s *Server, ticket string, parent int64, name string, content []byte) int64 {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	require.NoError(t, mw.SetBoundary("golden-boundary"))
	require.NoError(t, mw.WriteField("body", fmt.Sprintf(`{"type":144,"parent_id":%d,"name":%q}`, parent, name)))
	fw, err := mw.CreateFormFile("file", name)
	require.NoError(t, err)
	_, _ = fw.Write(content)
	require.NoError(t, mw.Close())
	r := httptest.NewRequest(http.MethodPost, s.apiRoot()+"/v2/nodes", &buf)
	r.Header.Set("Content-Type", mw.FormDataContentType())
	r.Header.Set("OTCSTicket", ticket)
	w := httptest.NewRecorder()
	s.Handler().ServeHTTP(w, r)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	var m map[string]any
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &m))
	return int64(dig(t, m, "results", "data", "properties", "id").(float64))
}
