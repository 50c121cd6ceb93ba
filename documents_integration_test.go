package xecm_test

import (
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

// Documents and their versions answer a user as the server would: not at
// all without access, read-only with read permissions.
func TestDocumentsHonourPermissions(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	ws, err := c.Workspaces.Create(ctx, xecm.WorkspaceCreateRequest{TemplateID: xecmtest.TemplateLegalMatter, Name: "Sealed matter"})
	require.NoError(t, err)
	res, err := c.Documents.Upload(ctx, xecm.DocumentUploadRequest{ParentID: ws.ID, Name: "brief.txt",
		Content: strings.NewReader("privileged")})
	require.NoError(t, err)
	doc := res.Node.ID
	jdoe := clientAs(t, sim, "jdoe", "jdoe-pw")
	versions := jdoe.Documents.Versions()

	// No access: the document does not exist for jdoe, content included.
	_, err = jdoe.Documents.Download(ctx, doc, nil)
	assert.ErrorIs(t, err, xecm.ErrNotFound)
	_, err = versions.List(ctx, doc, nil)
	assert.ErrorIs(t, err, xecm.ErrNotFound)
	_, err = versions.Add(ctx, doc, xecm.VersionAddRequest{FileName: "brief.txt", Content: strings.NewReader("forged")})
	assert.ErrorIs(t, err, xecm.ErrNotFound)

	// Read access: content yes, a new version no.
	require.NoError(t, c.Permissions.AddAssigned(ctx, doc, 1001, xecm.ReadPermissions(), nil))
	d, err := jdoe.Documents.Download(ctx, doc, nil)
	require.NoError(t, err)
	body, err := io.ReadAll(d)
	require.NoError(t, err)
	require.NoError(t, d.Close())
	assert.Equal(t, "privileged", string(body))
	_, err = versions.Add(ctx, doc, xecm.VersionAddRequest{FileName: "brief.txt", Content: strings.NewReader("forged")})
	assert.ErrorIs(t, err, xecm.ErrForbidden)
	err = versions.Delete(ctx, doc, 1)
	assert.ErrorIs(t, err, xecm.ErrForbidden)

	all, err := c.Documents.Versions().List(ctx, doc, nil)
	require.NoError(t, err)
	assert.Len(t, all.Items, 1, "nothing was added or deleted")
}
