package xecm_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

func TestSimVersions(t *testing.T) {
	srv, c := startSim(t, xecm.WithLargeFileThreshold(-1))
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
