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

func TestMembersPhotoAgainstSimulator(t *testing.T) {
	sim, admin := startSim(t)
	ctx := t.Context()
	const pixels = "\x89PNG\r\n\x1a\nnot really a picture"
	up, err := admin.Documents.Upload(ctx, xecm.DocumentUploadRequest{ParentID: 2000, Name: "jdoe.png",
		MimeType: "image/png", Content: strings.NewReader(pixels)})
	require.NoError(t, err)

	// No photo yet: the server's 404.
	_, err = admin.Members.Photo(ctx, 1001)
	assert.ErrorIs(t, err, xecm.ErrNotFound)

	u, err := admin.Members.Update(ctx, 1001, xecm.MemberUpdate{PhotoID: up.Node.ID})
	require.NoError(t, err)
	assert.Equal(t, up.Node.ID, u.PhotoID)
	p, err := clientAs(t, sim, "msmith", "msmith-pw").Members.Photo(ctx, 1001)
	require.NoError(t, err)
	defer p.Close()
	b, err := io.ReadAll(p)
	require.NoError(t, err)
	assert.Equal(t, pixels, string(b))
	assert.Equal(t, "image/png", p.MimeType)
	assert.Equal(t, int64(len(pixels)), p.Size)

	// A photo in a place the reader cannot see: the server's bare 500.
	ws, err := admin.Workspaces.Create(ctx, xecm.WorkspaceCreateRequest{TemplateID: xecmtest.TemplateLegalMatter, Name: "HR files"})
	require.NoError(t, err)
	hidden, err := admin.Documents.Upload(ctx, xecm.DocumentUploadRequest{ParentID: ws.ID, Name: "msmith.png",
		MimeType: "image/png", Content: strings.NewReader(pixels)})
	require.NoError(t, err)
	_, err = admin.Members.Update(ctx, 1002, xecm.MemberUpdate{PhotoID: hidden.Node.ID})
	require.NoError(t, err)
	var apiErr *xecm.APIError
	_, err = clientAs(t, sim, "jdoe", "jdoe-pw").Members.Photo(ctx, 1002)
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 500, apiErr.StatusCode)

	// A photo that is no document is refused; nothing changes.
	_, err = admin.Members.Update(ctx, 1001, xecm.MemberUpdate{PhotoID: 2000})
	require.ErrorAs(t, err, &apiErr)
	got, err := admin.Members.Get(ctx, 1001)
	require.NoError(t, err)
	assert.Equal(t, up.Node.ID, got.PhotoID)

	_, err = admin.Members.Photo(ctx, 999999)
	assert.ErrorIs(t, err, xecm.ErrNotFound)
	_, err = admin.Members.Photo(ctx, -1)
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	_, err = admin.Members.Update(ctx, 1001, xecm.MemberUpdate{PhotoID: -3})
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
}
