package xecm_test

import (
	"bytes"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

func newDocsSim(t *testing.T, opts ...xecm.Option) (*xecmtest.Server, *xecm.Client) {
	t.Helper()
	srv := xecmtest.NewServer()
	t.Cleanup(srv.Close)
	all := append([]xecm.Option{xecm.WithPassword("Admin", "livelink"), xecm.WithRetryPolicy(fastRetries)}, opts...)
	c, err := xecm.NewClient(srv.URL, all...)
	require.NoError(t, err)
	t.Cleanup(func() { checkSpecRequests(t, srv) })
	return srv, c
}

func auditTypes(srv *xecmtest.Server, id int64) []int {
	var out []int
	for _, e := range srv.AuditTrail(id) {
		out = append(out, e.EventType)
	}
	return out
}

func TestSimUploadDownloadAndDuplicates(t *testing.T) {
	srv, c := newDocsSim(t)
	folder := srv.AddFolder(xecmtest.EnterpriseWorkspaceID, "Contracts")
	content := testContent(200_000)
	res, err := c.Documents.Upload(t.Context(), xecm.DocumentUploadRequest{ComputeSHA256: true, ParentID: folder, Name: "c.pdf", MimeType: "application/pdf",
		Description: "contract", ExternalSource: "scanner", Content: bytes.NewReader(content)})
	require.NoError(t, err)
	assert.Equal(t, sha(content), res.SHA256)
	assert.Equal(t, int64(len(content)), res.Node.Size)
	assert.Equal(t, "application/pdf", res.Node.MimeType)

	_, err = c.Documents.Upload(t.Context(), xecm.DocumentUploadRequest{ParentID: folder, Name: "c.pdf", Content: bytes.NewReader(content)})
	assert.ErrorIs(t, err, xecm.ErrAlreadyExists, "the server refuses a duplicate name with 500")

	d, err := c.Documents.Download(t.Context(), res.Node.ID, nil)
	require.NoError(t, err)
	got, err := io.ReadAll(d)
	require.NoError(t, err)
	d.Close()
	assert.Equal(t, content, got)
	assert.Equal(t, "application/pdf", d.MimeType)
	assert.Equal(t, "c.pdf", d.FileName)

	d, err = c.Documents.Download(t.Context(), res.Node.ID, &xecm.DownloadOptions{Version: 1, Offset: 1000, Length: 10})
	require.NoError(t, err)
	got, _ = io.ReadAll(d)
	d.Close()
	assert.Equal(t, content[1000:1010], got)
	assert.Equal(t, int64(len(content)), d.TotalSize, "206 with Content-Range")

	types := auditTypes(srv, res.Node.ID)
	assert.Contains(t, types, xecmtest.EventCreate)
	assert.Contains(t, types, xecmtest.EventVersionOpened)
}

func TestSimUploadAppliesCategories(t *testing.T) {
	srv, c := newDocsSim(t)
	res, err := c.Documents.Upload(t.Context(), xecm.DocumentUploadRequest{ComputeSHA256: true, ParentID: xecmtest.EnterpriseWorkspaceID, Name: "k.txt",
		Content: bytes.NewReader([]byte("x")), Categories: map[string]any{"9830_2": "D-42"}})
	require.NoError(t, err)
	vals, ok := srv.CategoryValues(res.Node.ID, xecmtest.ContractCategoryID)
	require.True(t, ok)
	assert.Equal(t, "D-42", vals["9830_2"])
}

func TestSimDownloadToSurvivesTwoDrops(t *testing.T) {
	srv, c := newDocsSim(t)
	content := testContent(2<<20 + 7)
	res, err := c.Documents.Upload(t.Context(), xecm.DocumentUploadRequest{ComputeSHA256: true, ParentID: xecmtest.EnterpriseWorkspaceID, Name: "big.bin", Content: bytes.NewReader(content)})
	require.NoError(t, err)
	srv.InjectFault(xecmtest.Fault{Method: "GET", Path: "/v2/nodes/{id}/versions/{n}/content", Kind: xecmtest.FaultDropAfterBytes, AfterBytes: 700_000, Times: 2})
	var out bytes.Buffer
	dl, err := c.Documents.DownloadTo(t.Context(), res.Node.ID, &out, &xecm.DownloadToOptions{SHA256: res.SHA256})
	require.NoError(t, err)
	assert.Equal(t, 2, dl.Resumes)
	assert.True(t, bytes.Equal(content, out.Bytes()))
	assert.Equal(t, sha(content), dl.SHA256)
}

func TestSimLargeFileUpload(t *testing.T) {
	srv, c := newDocsSim(t)
	srv.SetLargeFileLimits(true, 1<<20, 0, 512<<10, 0)
	content := testContent(3<<20 + 5)
	srv.InjectFault(xecmtest.Fault{Method: "POST", Path: "/v2/multipart/{key}/2", Status: 503})
	res, err := c.Documents.Upload(t.Context(), xecm.DocumentUploadRequest{ComputeSHA256: true, ParentID: xecmtest.EnterpriseWorkspaceID, Name: "lf.bin",
		Content: io.MultiReader(bytes.NewReader(content)), Size: int64(len(content))})
	require.NoError(t, err)
	assert.True(t, res.LargeFile)
	assert.Equal(t, sha(content), res.SHA256)
	var out bytes.Buffer
	_, err = c.Documents.DownloadTo(t.Context(), res.Node.ID, &out, &xecm.DownloadToOptions{SHA256: res.SHA256})
	require.NoError(t, err)
	assert.True(t, bytes.Equal(content, out.Bytes()))
	assert.Empty(t, srv.LargeFileSessions(), "the session was consumed")

	// A version through the large-file API too.
	v2 := testContent(1<<20 + 1)
	add, err := c.Documents.Versions().Add(t.Context(), res.Node.ID, xecm.VersionAddRequest{ComputeSHA256: true, FileName: "lf.bin", Content: bytes.NewReader(v2)})
	require.NoError(t, err)
	assert.True(t, add.LargeFile)
	require.NotNil(t, add.Version)
	assert.Equal(t, 2, add.Version.Number)

	// A part the server refuses for good cancels the session.
	srv.InjectFault(xecmtest.Fault{Method: "POST", Path: "/v2/multipart/{key}/3", Status: 500, Body: `{"error":"Invalid block size"}`})
	_, err = c.Documents.Upload(t.Context(), xecm.DocumentUploadRequest{ParentID: xecmtest.EnterpriseWorkspaceID, Name: "lf2.bin", Content: bytes.NewReader(content)})
	require.Error(t, err)
	assert.Empty(t, srv.LargeFileSessions(), "the failed session was cancelled")
}

func TestSimVersions(t *testing.T) {
	srv, c := newDocsSim(t, xecm.WithLargeFileThreshold(-1))
	vs := c.Documents.Versions()
	ctx := t.Context()
	res, err := c.Documents.Upload(ctx, xecm.DocumentUploadRequest{ParentID: xecmtest.EnterpriseWorkspaceID, Name: "v.txt", Content: bytes.NewReader([]byte("one"))})
	require.NoError(t, err)
	id := res.Node.ID
	for i, body := range []string{"two", "three", "four"} {
		add, err := vs.Add(ctx, id, xecm.VersionAddRequest{ComputeSHA256: true, FileName: "v.txt", MimeType: "text/plain", Description: "rev " + body, Content: bytes.NewReader([]byte(body))})
		require.NoError(t, err)
		require.NotNil(t, add.Version)
		assert.Equal(t, i+2, add.Version.Number)
		assert.Equal(t, sha([]byte(body)), add.SHA256)
	}
	added := 0
	for _, e := range auditTypes(srv, id) {
		if e == xecmtest.EventVersionAdded {
			added++
		}
	}
	assert.Equal(t, 3, added, "one Version Added entry per version")

	page, err := vs.List(ctx, id, &xecm.VersionListOptions{ListOptions: xecm.ListOptions{Limit: 2}, Descending: true})
	require.NoError(t, err)
	require.Len(t, page.Items, 2)
	assert.Equal(t, 4, page.Items[0].Number)
	assert.Equal(t, 4, page.TotalCount)
	var all []int
	for v, err := range vs.ListIter(ctx, id, &xecm.VersionListOptions{ListOptions: xecm.ListOptions{Limit: 1}}) {
		require.NoError(t, err)
		all = append(all, v.Number)
	}
	assert.Equal(t, []int{1, 2, 3, 4}, all)

	v, err := vs.Get(ctx, id, 2)
	require.NoError(t, err)
	assert.Equal(t, "rev two", v.Description)
	assert.Equal(t, int64(3), v.FileSize)
	latest, err := vs.Latest(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, 4, latest.Number)

	require.NoError(t, vs.UpdateDescription(ctx, id, 2, "second"))
	v, _ = vs.Get(ctx, id, 2)
	assert.Equal(t, "second", v.Description)

	require.NoError(t, vs.Lock(ctx, id, 2))
	v, _ = vs.Get(ctx, id, 2)
	assert.True(t, v.Locked)
	assert.Error(t, vs.Delete(ctx, id, 2), "a locked version cannot be deleted")
	require.NoError(t, vs.Unlock(ctx, id, 2))
	require.NoError(t, vs.Delete(ctx, id, 2))
	_, err = vs.Get(ctx, id, 2)
	assert.Error(t, err)

	require.NoError(t, vs.Purge(ctx, id, 1))
	page, err = vs.List(ctx, id, nil)
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	assert.Equal(t, 4, page.Items[0].Number)

	var out bytes.Buffer
	_, err = c.Documents.DownloadTo(ctx, id, &out, nil)
	require.NoError(t, err)
	assert.Equal(t, "four", out.String())

	// Promote needs advanced versioning; standard versioning gets the server's error.
	assert.Error(t, vs.Promote(ctx, id, 4, ""))
	adv, err := c.Documents.Upload(ctx, xecm.DocumentUploadRequest{ParentID: xecmtest.EnterpriseWorkspaceID, Name: "adv.txt", AdvancedVersioning: true, Content: bytes.NewReader([]byte("0.1"))})
	require.NoError(t, err)
	_, err = vs.Add(ctx, adv.Node.ID, xecm.VersionAddRequest{FileName: "adv.txt", Content: bytes.NewReader([]byte("0.2"))})
	require.NoError(t, err)
	require.NoError(t, vs.Promote(ctx, adv.Node.ID, 2, "released"))
	latest, err = vs.Latest(ctx, adv.Node.ID)
	require.NoError(t, err)
	assert.Equal(t, 3, latest.Number)
	assert.Equal(t, 1, latest.Major)
	assert.Equal(t, 0, latest.Minor)
	assert.Equal(t, "released", latest.Description)
}

// Replays soak seed 4: a download answered 200 with an HTML page (a server
// restarting) was refused as an integrity failure; it is asked again.
func TestDownloadToAsksAgainAfterAnErrorPage(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	content := bytes.Repeat([]byte("contract "), 5000)
	res, err := c.Documents.Upload(ctx, xecm.DocumentUploadRequest{ComputeSHA256: true, ParentID: 2000, Name: "c.pdf", Content: bytes.NewReader(content)})
	require.NoError(t, err)
	sim.InjectFault(xecmtest.Fault{Method: "GET", Path: "/v2/nodes/{id}/versions/{n}/content", Kind: xecmtest.FaultHTML})
	var out bytes.Buffer
	got, err := c.Documents.DownloadTo(ctx, res.Node.ID, &out, &xecm.DownloadToOptions{SHA256: res.SHA256})
	require.NoError(t, err)
	assert.Equal(t, content, out.Bytes())
	assert.Equal(t, 1, got.Resumes)
}
