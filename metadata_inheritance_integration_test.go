package xecm_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

// inheritingDeals makes a folder whose Contract category (Deal ID D-77,
// Account Name ACME) passes to new items.
func inheritingDeals(t *testing.T, c *xecm.Client, srv *xecmtest.Server) int64 {
	t.Helper()
	ctx := t.Context()
	deals := srv.AddFolder(xecmtest.EnterpriseWorkspaceID, "Deals ACME")
	require.NoError(t, c.Metadata.Apply(ctx, deals, xecm.NewCategoryValues(xecmtest.ContractCategoryID).
		Set("Deal ID", "D-77").Set("Account Name", "ACME")))
	require.NoError(t, c.Metadata.SetInheritance(ctx, deals, xecmtest.ContractCategoryID, true))
	return deals
}

// A folder's category with inheritance on reaches the items created in it
// later, values included; values sent with the create are merged over them.
func TestMetadataInheritanceReachesNewItems(t *testing.T) {
	srv, c := startSim(t)
	ctx := t.Context()
	deals := inheritingDeals(t, c, srv)

	upload := func(parent int64, name string, vals ...*xecm.CategoryValues) int64 {
		t.Helper()
		res, err := c.Documents.Upload(ctx, xecm.DocumentUploadRequest{ParentID: parent, Name: name,
			Content: strings.NewReader("content of " + name), Values: vals})
		require.NoError(t, err)
		return res.Node.ID
	}
	contract := func(id int64) *xecm.Category {
		t.Helper()
		cat, err := c.Metadata.Get(ctx, id, xecmtest.ContractCategoryID)
		require.NoError(t, err, "node %d has the Contract category", id)
		return cat
	}

	plain := upload(deals, "plain.pdf")
	v, _ := contract(plain).Value("Deal ID")
	assert.Equal(t, "D-77", v, "inherited with its values")

	// Only the amount is sent: the required Deal ID comes from the folder.
	priced := upload(deals, "priced.pdf", xecm.NewCategoryValues(xecmtest.ContractCategoryID).Set("Amount", 1200))
	cat := contract(priced)
	v, _ = cat.Value("Deal ID")
	assert.Equal(t, "D-77", v)
	v, _ = cat.Value("Amount")
	assert.Equal(t, json.Number("1200"), v)

	// Where nothing holds the value, it is still missing, and nothing is sent.
	other := srv.AddFolder(xecmtest.EnterpriseWorkspaceID, "No category here")
	srv.ResetRequests()
	_, err := c.Documents.Upload(ctx, xecm.DocumentUploadRequest{ParentID: other, Name: "x.pdf",
		Content: strings.NewReader("x"), Values: []*xecm.CategoryValues{xecm.NewCategoryValues(xecmtest.ContractCategoryID).Set("Amount", 1)}})
	var ae *xecm.AttributeError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "Deal ID", ae.Attribute)
	for _, r := range srv.Requests() {
		assert.NotEqual(t, "POST", r.Method, "no create was sent: %s", r.Path)
	}

	var sub *xecm.Node
	// A sub-folder inherits the category with inheritance on, so it passes down.
	sub, err = c.Nodes.CreateFolder(ctx, deals, "Amendments", nil)
	require.NoError(t, err)
	deep := upload(sub.ID, "amendment-1.pdf")
	v, _ = contract(deep).Value("Account Name")
	assert.Equal(t, "ACME", v)

	// With inheritance off, new items start without it.
	require.NoError(t, c.Metadata.SetInheritance(ctx, deals, xecmtest.ContractCategoryID, false))
	bare := upload(deals, "bare.pdf")
	_, err = c.Metadata.Get(ctx, bare, xecmtest.ContractCategoryID)
	assert.Error(t, err, "no category without inheritance")
	_, ok := srv.CategoryValues(bare, xecmtest.ContractCategoryID)
	assert.False(t, ok)
}

// A new version may change one value of a category the document has; the
// required ones it already holds need not be sent again.
func TestVersionAddChangesOneValueOfTheDocumentsCategory(t *testing.T) {
	srv, c := startSim(t)
	ctx := t.Context()
	folder := srv.AddFolder(xecmtest.EnterpriseWorkspaceID, "Contracts")
	res, err := c.Documents.Upload(ctx, xecm.DocumentUploadRequest{ParentID: folder, Name: "deal.pdf",
		Content: strings.NewReader("v1"), Values: []*xecm.CategoryValues{contractValues()}})
	require.NoError(t, err)
	id := res.Node.ID
	before, ok := srv.CategoryValues(id, xecmtest.ContractCategoryID)
	require.True(t, ok)
	token, err := c.Metadata.Token(ctx, id, xecmtest.ContractCategoryID)
	require.NoError(t, err)

	_, err = c.Documents.Versions().Add(ctx, id, xecm.VersionAddRequest{FileName: "deal-v2.pdf", Content: strings.NewReader("v2"),
		Values: []*xecm.CategoryValues{xecm.NewCategoryValues(xecmtest.ContractCategoryID).Set("Amount", 990)}})
	require.NoError(t, err)
	after, ok := srv.CategoryValues(id, xecmtest.ContractCategoryID)
	require.True(t, ok)
	assert.Equal(t, before["9830_2"], after["9830_2"], "the Deal ID stays")
	assert.EqualValues(t, "990", fmt.Sprint(after["9830_4"]))

	// The version changed the category: a token read before it is stale.
	_, err = c.Metadata.Update(ctx, id, xecm.NewCategoryValues(xecmtest.ContractCategoryID).Set("Amount", 1),
		&xecm.CategoryUpdateOptions{MetadataToken: token})
	assert.ErrorIs(t, err, xecm.ErrConflict)
}

// When the category a new item would take over cannot be read, that
// failure is the answer: not a "value is required" for values the caller
// rightly left to the folder.
func TestMetadataInheritanceReadFailureIsNotAMissingValue(t *testing.T) {
	srv, c := startSim(t)
	ctx := t.Context()
	deals := inheritingDeals(t, c, srv)
	srv.InjectFault(xecmtest.Fault{Method: "GET", Path: fmt.Sprintf("/v2/nodes/%d/categories/%d", deals, xecmtest.ContractCategoryID),
		Times: -1, Status: 503})

	_, err := c.Documents.Upload(ctx, xecm.DocumentUploadRequest{ParentID: deals, Name: "priced.pdf", Content: strings.NewReader("x"),
		Values: []*xecm.CategoryValues{xecm.NewCategoryValues(xecmtest.ContractCategoryID).Set("Amount", 1200)}})
	require.Error(t, err)
	assert.NotErrorIs(t, err, xecm.ErrInvalidArgument, "the values were right; the read failed")
	var ae *xecm.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, 503, ae.StatusCode)
}
