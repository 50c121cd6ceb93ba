package xecm_test

import (
	"bytes"
	"image"
	"image/color"
	"image/gif"
	"image/png"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

// tinyImage encodes a 2x2 picture with encode.
func tinyImage(t *testing.T, encode func(io.Writer, image.Image) error) []byte {
	t.Helper()
	img := image.NewPaletted(image.Rect(0, 0, 2, 2), color.Palette{color.White, color.Black})
	img.SetColorIndex(1, 1, 1)
	var buf bytes.Buffer
	require.NoError(t, encode(&buf, img))
	return buf.Bytes()
}

func TestWorkspaceIconAgainstSimulator(t *testing.T) {
	_, c := startSim(t)
	ctx := t.Context()
	ws, err := c.Workspaces.Create(ctx, customerRequest("ICON-1"))
	require.NoError(t, err)
	pngData := tinyImage(t, png.Encode)
	gifData := tinyImage(t, func(w io.Writer, m image.Image) error { return gif.Encode(w, m, nil) })

	_, err = c.Workspaces.Icon(ctx, ws.ID)
	assert.ErrorIs(t, err, xecm.ErrNotFound, "neither the workspace nor its type has an icon")
	_, err = c.Workspaces.UpdateIcon(ctx, ws.ID, xecm.WorkspaceIconUpload{FileName: "a.png", MimeType: "image/png", Content: bytes.NewReader(pngData)})
	require.Error(t, err, "no icon to update yet")

	added, err := c.Workspaces.AddIcon(ctx, ws.ID, xecm.WorkspaceIconUpload{FileName: "acme.png", MimeType: "image/png", Content: bytes.NewReader(pngData)})
	require.NoError(t, err)
	assert.NotZero(t, added.NodeID)
	icon, err := c.Workspaces.Icon(ctx, ws.ID)
	require.NoError(t, err)
	assert.Equal(t, "image/png", icon.MimeType)
	assert.Equal(t, pngData, icon.Content)
	assert.False(t, icon.FromType)

	// A new version of the same icon node, from a one-shot reader of unknown size.
	updated, err := c.Workspaces.UpdateIcon(ctx, ws.ID, xecm.WorkspaceIconUpload{FileName: "acme.gif", MimeType: "image/gif",
		Content: io.MultiReader(bytes.NewReader(gifData))})
	require.NoError(t, err)
	assert.Equal(t, added.NodeID, updated.NodeID)
	assert.NotZero(t, updated.VersionID)
	icon, err = c.Workspaces.Icon(ctx, ws.ID)
	require.NoError(t, err)
	assert.Equal(t, "image/gif", icon.MimeType)
	assert.Equal(t, gifData, icon.Content)

	// The server tells the format from the content.
	_, err = c.Workspaces.AddIcon(ctx, ws.ID, xecm.WorkspaceIconUpload{FileName: "fake.png", MimeType: "image/png",
		Content: io.MultiReader(strings.NewReader("not a picture at all"))})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "JPEG, PNG or GIF")

	deleted, err := c.Workspaces.DeleteIcon(ctx, ws.ID)
	require.NoError(t, err)
	assert.Equal(t, added.NodeID, deleted)
	_, err = c.Workspaces.Icon(ctx, ws.ID)
	assert.ErrorIs(t, err, xecm.ErrNotFound)
	_, err = c.Workspaces.DeleteIcon(ctx, ws.ID)
	require.Error(t, err, "nothing left to delete")

	_, err = c.Workspaces.AddIcon(ctx, 987654, xecm.WorkspaceIconUpload{FileName: "a.png", MimeType: "image/png", Content: bytes.NewReader(pngData)})
	assert.ErrorIs(t, err, xecm.ErrNotFound)
}

func TestWorkspaceIconRefusesBadInputBeforeSending(t *testing.T) {
	_, c := startSim(t)
	ctx := t.Context()
	for name, up := range map[string]xecm.WorkspaceIconUpload{
		"no name":    {MimeType: "image/png", Content: strings.NewReader("x")},
		"bmp":        {FileName: "a.bmp", MimeType: "image/bmp", Content: strings.NewReader("x")},
		"no content": {FileName: "a.png", MimeType: "image/png"},
		"too large":  {FileName: "a.png", MimeType: "image/png", Content: bytes.NewReader(make([]byte, xecm.MaxWorkspaceIconSize))},
	} {
		_, err := c.Workspaces.AddIcon(ctx, 1234, up)
		assert.ErrorIs(t, err, xecm.ErrInvalidArgument, name)
	}
	_, err := c.Workspaces.DeleteIcon(ctx, 0)
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	_, err = c.Workspaces.Icon(ctx, -2)
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
}
