package xecm_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

func TestVersionsCategories(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	folder := sim.AddFolder(xecmtest.EnterpriseWorkspaceID, "Customers")
	up, err := c.Documents.Upload(ctx, xecm.DocumentUploadRequest{ParentID: folder, Name: "master.txt", Content: bytes.NewReader([]byte("v1"))})
	require.NoError(t, err)
	doc := up.Node.ID

	cats, err := c.Documents.Versions().Categories(ctx, doc, 1)
	require.NoError(t, err)
	assert.Empty(t, cats, "no categories yet")

	name := func(cats []*xecm.Category) any {
		require.Len(t, cats, 1)
		assert.Equal(t, "Customer Master Data", cats[0].Name)
		v, ok := cats[0].Value("Customer Name")
		require.True(t, ok)
		return v
	}
	require.NoError(t, c.Metadata.Apply(ctx, doc, xecm.NewCategoryValues(xecmtest.CustomerCategoryID).
		Set("Customer Number", "C-1").Set("Customer Name", "Acme")))

	// Version 2 brings its own values; version 1 keeps Acme.
	_, err = c.Documents.Versions().Add(ctx, doc, xecm.VersionAddRequest{FileName: "master.txt", Content: strings.NewReader("v2"),
		Values: []*xecm.CategoryValues{xecm.NewCategoryValues(xecmtest.CustomerCategoryID).Set("Customer Name", "Acme Corp")}})
	require.NoError(t, err)
	cats, err = c.Documents.Versions().Categories(ctx, doc, 1)
	require.NoError(t, err)
	assert.Equal(t, "Acme", name(cats))
	cats, err = c.Documents.Versions().Categories(ctx, doc, 2)
	require.NoError(t, err)
	assert.Equal(t, "Acme Corp", name(cats))

	// A change to the document's values is a change to its latest
	// version's; a version added without values carries them forward.
	_, err = c.Metadata.Update(ctx, doc, xecm.NewCategoryValues(xecmtest.CustomerCategoryID).Set("Customer Name", "Acme AG"), nil)
	require.NoError(t, err)
	_, err = c.Documents.Versions().Add(ctx, doc, xecm.VersionAddRequest{FileName: "master.txt", Content: strings.NewReader("v3")})
	require.NoError(t, err)
	for number, want := range map[int]string{1: "Acme", 2: "Acme AG", 3: "Acme AG", 0: "Acme AG"} {
		cats, err = c.Documents.Versions().Categories(ctx, doc, number)
		require.NoError(t, err)
		assert.Equal(t, want, name(cats), "version %d", number)
	}
	_, err = c.Metadata.Update(ctx, doc, xecm.NewCategoryValues(xecmtest.CustomerCategoryID).Set("Customer Name", "Acme SE"), nil)
	require.NoError(t, err)
	cats, err = c.Documents.Versions().Categories(ctx, doc, 2)
	require.NoError(t, err)
	assert.Equal(t, "Acme AG", name(cats), "a superseded version keeps its values")
	cats, err = c.Documents.Versions().Categories(ctx, doc, 0)
	require.NoError(t, err)
	assert.Equal(t, "Acme SE", name(cats))

	_, err = c.Documents.Versions().Categories(ctx, doc, 9)
	assert.ErrorIs(t, err, xecm.ErrNotFound)
	_, err = c.Documents.Versions().Categories(ctx, 987654, 1)
	assert.ErrorIs(t, err, xecm.ErrNotFound)
	_, err = c.Documents.Versions().Categories(ctx, doc, -1)
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
}
