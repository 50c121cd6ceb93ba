package xecm_test

import (
	"bytes"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

func TestNodesActions(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	folder := sim.AddFolder(xecmtest.EnterpriseWorkspaceID, "Shared")
	up, err := c.Documents.Upload(ctx, xecm.DocumentUploadRequest{ParentID: folder, Name: "a.txt", MimeType: "text/plain", Content: bytes.NewReader([]byte("a"))})
	require.NoError(t, err)
	doc := up.Node.ID

	all, err := c.Nodes.Actions(ctx, []int64{folder, doc, 987654})
	require.NoError(t, err)
	require.Len(t, all, 2, "the missing node is left out")
	keys := func(as []xecm.NodeAction) []string {
		var out []string
		for _, a := range as {
			out = append(out, a.Key)
		}
		return out
	}
	assert.Contains(t, keys(all[folder]), "open")
	assert.NotContains(t, keys(all[folder]), "download", "a folder has no content")
	assert.Contains(t, keys(all[doc]), "download")
	assert.Contains(t, keys(all[doc]), "delete")

	// jdoe may read the document but not delete it or change its permissions.
	jdoe := clientAs(t, sim, "jdoe", "jdoe-pw")
	some, err := jdoe.Nodes.Actions(ctx, []int64{doc}, "download", "delete", "permissions")
	require.NoError(t, err)
	require.Len(t, some[doc], 1)
	assert.Equal(t, xecm.NodeAction{Key: "download", Name: "Download", Method: "GET", Href: "/api/v2/nodes/" + strconv.FormatInt(doc, 10) + "/content"}, some[doc][0])

	_, err = c.Nodes.Actions(ctx, nil)
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
}
