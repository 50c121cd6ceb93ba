package portal_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/internal/simcheck"
	"github.com/xecm-go/xecm/portal"
	"github.com/xecm-go/xecm/xecmtest"
)

// simPortal is a portal over the simulator through NewClientSource, with a
// Policies folder (EMEA contracts published) and an Acme workspace folder.
// The approval of each version is recorded in the Document Control
// category's Approved Version and Approved On, as a workflow would.
type simPortal struct {
	sim       *xecmtest.Server
	client    *xecm.Client
	h         *portal.Handler
	srv       *httptest.Server
	policies  int64
	acme      int64
	published int64 // policy.pdf, EMEA, versions 1 and 2
	draft     int64 // draft.pdf, APAC only
	cert      int64 // acme/cert.pdf, EMEA
}

func newSimPortal(t *testing.T) *simPortal {
	t.Helper()
	sim := simcheck.Start(t)
	c, err := xecm.NewClient(sim.URL, xecm.WithPassword("Admin", "livelink"),
		xecm.WithRetryPolicy(xecm.RetryPolicy{MaxRetries: 1, MinBackoff: time.Millisecond, MaxBackoff: time.Millisecond}))
	require.NoError(t, err)
	p := &simPortal{sim: sim, client: c}
	p.policies = sim.AddFolder(xecmtest.EnterpriseWorkspaceID, "Policies")
	p.acme = sim.AddFolder(xecmtest.EnterpriseWorkspaceID, "Acme")
	p.published = p.upload(t, p.policies, "policy.pdf", "policy v1", "EMEA")
	p.addVersion(t, p.published, "policy v2 (current)")
	p.approve(t, p.published, 2)
	p.draft = p.upload(t, p.policies, "draft.pdf", "draft", "APAC")
	p.cert = p.upload(t, p.acme, "cert.pdf", "certificate 2025", "EMEA")

	signer, err := portal.NewSigner(portal.Key{ID: "k1", Secret: []byte("integration secret, 32 bytes long!")})
	require.NoError(t, err)
	p.h, err = portal.New(portal.NewClientSource(c), portal.Config{
		Policy: portal.Policy{
			Roots:   []int64{p.policies, p.acme},
			Require: []portal.Condition{{CategoryID: xecmtest.ContractCategoryID, Attribute: "Region", Values: []string{"EMEA"}}},
			Approval: portal.Approval{CategoryID: xecmtest.DocumentControlCategoryID,
				VersionAttribute: "Approved Version", DateAttribute: "Approved On"},
			Versions:  portal.AllVersions,
			MIMETypes: []string{"application/pdf"},
		},
		DirectAccess: true,
		Collections:  map[string]portal.Collection{"policies": {Folder: p.policies}},
		Signer:       signer,
		Partners:     map[string]portal.Partner{"acme": {Workspaces: []int64{p.acme}}},
		Logger:       slog.New(slog.DiscardHandler),
	})
	require.NoError(t, err)
	p.srv = httptest.NewServer(p.h)
	t.Cleanup(p.srv.Close)
	return p
}

func (p *simPortal) upload(t *testing.T, parent int64, name, content, region string) int64 {
	t.Helper()
	res, err := p.client.Documents.Upload(t.Context(), xecm.DocumentUploadRequest{
		ParentID: parent, Name: name, MimeType: "application/pdf", Content: strings.NewReader(content)})
	require.NoError(t, err)
	vals := xecm.NewCategoryValues(xecmtest.ContractCategoryID).Set("Deal ID", "D-"+name).Set("Region", []string{region})
	require.NoError(t, p.client.Metadata.Apply(t.Context(), res.Node.ID, vals))
	approval := xecm.NewCategoryValues(xecmtest.DocumentControlCategoryID).Set("Status", "Approved").
		Set("Approved Version", 1).Set("Approved On", time.Now())
	require.NoError(t, p.client.Metadata.Apply(t.Context(), res.Node.ID, approval))
	return res.Node.ID
}

// approve records the approval of version n, given now.
func (p *simPortal) approve(t *testing.T, id int64, n int) {
	t.Helper()
	vals := xecm.NewCategoryValues(xecmtest.DocumentControlCategoryID).Set("Approved Version", n).Set("Approved On", time.Now())
	_, err := p.client.Metadata.Update(t.Context(), id, vals, nil)
	require.NoError(t, err)
	if p.h != nil {
		p.h.Invalidate(id) // what the metadata event would do
	}
}

func (p *simPortal) addVersion(t *testing.T, id int64, content string) {
	t.Helper()
	_, err := p.client.Documents.Versions().Add(t.Context(), id, xecm.VersionAddRequest{
		FileName: "policy.pdf", MimeType: "application/pdf", Content: strings.NewReader(content)})
	require.NoError(t, err)
}

func (p *simPortal) get(t *testing.T, path string, header ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), "GET", p.srv.URL+path, nil)
	require.NoError(t, err)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := p.srv.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, string(b)
}

func TestPortalOverTheSimulator(t *testing.T) {
	p := newSimPortal(t)
	doc := "/documents/" + strconv.FormatInt(p.published, 10)

	resp, body := p.get(t, doc)
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	assert.Equal(t, "policy v2 (current)", body)
	assert.Equal(t, "application/pdf", resp.Header.Get("Content-Type"))
	assert.Equal(t, `"d`+strconv.FormatInt(p.published, 10)+`-v2"`, resp.Header.Get("ETag"))
	assert.NotEmpty(t, resp.Header.Get("Last-Modified"))

	resp, _ = p.get(t, doc+"/versions/1")
	assert.Equal(t, http.StatusNotFound, resp.StatusCode, "version 2's approval does not cover version 1")

	resp, _ = p.get(t, doc, "If-None-Match", `"d`+strconv.FormatInt(p.published, 10)+`-v2"`)
	assert.Equal(t, http.StatusNotModified, resp.StatusCode)

	// The range goes to the simulator's Range support.
	p.sim.ResetRequests()
	resp, body = p.get(t, doc, "Range", "bytes=7-8")
	require.Equal(t, http.StatusPartialContent, resp.StatusCode)
	assert.Equal(t, "v2", body)
	assert.Equal(t, "bytes 7-8/19", resp.Header.Get("Content-Range"))
	var ranged bool
	for _, r := range p.sim.Requests() {
		ranged = ranged || strings.HasSuffix(r.APIPath, "/content") && r.Status == http.StatusPartialContent
	}
	assert.True(t, ranged, "the simulator answered the range")

	for _, id := range []int64{p.draft, p.policies, 999999} {
		resp, _ = p.get(t, "/documents/"+strconv.FormatInt(id, 10))
		assert.Equal(t, http.StatusNotFound, resp.StatusCode, id)
	}

	resp, body = p.get(t, "/collections/policies")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, body, `"total":1`)
	assert.Contains(t, body, `"href":"documents/`+strconv.FormatInt(p.published, 10)+`/versions/2"`)
}

func TestPartnerLinkOverTheSimulator(t *testing.T) {
	p := newSimPortal(t)
	l, err := p.h.NewLink(t.Context(), portal.LinkRequest{Document: p.cert, Partner: "acme", TTL: time.Hour})
	require.NoError(t, err)
	assert.Equal(t, 1, l.Version)
	_, err = p.h.NewLink(t.Context(), portal.LinkRequest{Document: p.published, Partner: "acme", TTL: time.Hour})
	assert.ErrorIs(t, err, portal.ErrNotAllowed)

	resp, body := p.get(t, "/"+l.Path)
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	assert.Equal(t, "certificate 2025", body)

	// A new version arrives (with its event): the link still serves v1,
	// and so does the document, until the new version is approved.
	p.addVersion(t, p.cert, "certificate 2026")
	p.h.Invalidate(p.cert)
	resp, body = p.get(t, "/"+l.Path)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "certificate 2025", body)
	cert := "/documents/" + strconv.FormatInt(p.cert, 10)
	_, body = p.get(t, cert)
	assert.Equal(t, "certificate 2025", body)
	resp, _ = p.get(t, cert+"/versions/2")
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	l2, err := p.h.NewLink(t.Context(), portal.LinkRequest{Document: p.cert, Partner: "acme", TTL: time.Hour})
	require.NoError(t, err)
	assert.Equal(t, 1, l2.Version, "a link made now pins the approved version")

	p.approve(t, p.cert, 2)
	_, body = p.get(t, cert)
	assert.Equal(t, "certificate 2026", body)
	resp, _ = p.get(t, "/"+l.Path)
	assert.Equal(t, http.StatusNotFound, resp.StatusCode, "the approval moved on from version 1")
}

// The simulator failing, with its own error text, gives readers a fixed
// 502 and nothing of the text.
func TestSimulatorErrorsStayInside(t *testing.T) {
	p := newSimPortal(t)
	p.sim.InjectFault(xecmtest.Fault{Path: "/v2/nodes/{id}", Status: http.StatusInternalServerError, Times: -1,
		Body: `{"error":"Database error ORA-00942 at otcs-db-01 for user otadmin"}`})
	resp, body := p.get(t, "/documents/"+strconv.FormatInt(p.published, 10))
	assert.Equal(t, http.StatusBadGateway, resp.StatusCode)
	for _, word := range []string{"ORA", "otcs-db", "otadmin", "Database"} {
		assert.NotContains(t, body, word)
	}
	p.sim.ClearFaults()

	// Content that fails after the metadata was read: 502 as well.
	p.sim.InjectFault(xecmtest.Fault{Path: "/v2/nodes/{id}/versions/{n}/content", Status: http.StatusInternalServerError, Times: -1,
		Body: `{"error":"Storage provider at efs01 unreachable"}`})
	resp, body = p.get(t, "/documents/"+strconv.FormatInt(p.published, 10))
	assert.Equal(t, http.StatusBadGateway, resp.StatusCode)
	assert.NotContains(t, body, "efs01")
	assert.NotContains(t, body, "Storage")
}

// A server that leaves file_size out of its version listing: the portal
// serves the content whole, with the length the content download gives,
// and never as an empty document.
func TestVersionsWithoutFileSizeOverTheSimulator(t *testing.T) {
	p := newSimPortal(t)
	id := strconv.FormatInt(p.published, 10)
	p.sim.InjectFault(xecmtest.Fault{Method: "GET", Path: "/v2/nodes/{id}/versions", Status: http.StatusOK, Times: -1,
		Body: `{"results":{"data":{"versions":[` +
			`{"id":` + id + `,"version_number":1,"file_name":"policy.pdf","mime_type":"application/pdf","create_date":"2025-01-01T10:00:00Z"},` +
			`{"id":` + id + `,"version_number":2,"file_name":"policy.pdf","mime_type":"application/pdf","create_date":"2025-01-02T10:00:00Z"}]}}}`})

	for _, hdr := range [][]string{nil, {"Range", "bytes=7-8"}} {
		resp, body := p.get(t, "/documents/"+id, hdr...)
		require.Equal(t, http.StatusOK, resp.StatusCode, body)
		assert.Equal(t, "policy v2 (current)", body, hdr)
		assert.Equal(t, "none", resp.Header.Get("Accept-Ranges"))
	}
	// The handler itself (not net/http's buffering) sets the length the
	// content download gave.
	w := httptest.NewRecorder()
	p.h.ServeHTTP(w, httptest.NewRequest("GET", "/documents/"+id, nil))
	assert.Equal(t, strconv.Itoa(len("policy v2 (current)")), w.Header().Get("Content-Length"))
}
