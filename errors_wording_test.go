package xecm_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

// Refusals name the caller's operation and field once, and say
// "invalid argument" once.
func TestRefusalsAreWordedOnce(t *testing.T) {
	c, _ := newMockClient(t, xecm.WithTicket("t"))
	ctx := t.Context()
	_, err := c.Documents.Versions().Add(ctx, 9, xecm.VersionAddRequest{Content: strings.NewReader("x")})
	require.ErrorIs(t, err, xecm.ErrInvalidArgument)
	assert.Equal(t, "xecm: Versions.Add: FileName is required: xecm: invalid argument", err.Error())

	_, err = c.Documents.Upload(ctx, xecm.DocumentUploadRequest{ParentID: 2000, Name: "a.pdf", Content: strings.NewReader("x"),
		RMClassificationID: -4})
	require.ErrorIs(t, err, xecm.ErrInvalidArgument)
	assert.Equal(t, 1, strings.Count(err.Error(), "invalid argument"), err.Error())
	assert.Contains(t, err.Error(), "Documents.Upload: RMClassificationID must be a positive ID, got -4")

}

func TestUpdateRetryRefusesValuesByNameSayingSo(t *testing.T) {
	c, srv := newSimClient(t)
	ctx := t.Context()
	folder := srv.AddFolder(xecmtest.EnterpriseWorkspaceID, "Deals")
	require.NoError(t, c.Metadata.Apply(ctx, folder, contractValues()))
	err := c.Metadata.UpdateRetry(ctx, folder, xecmtest.ContractCategoryID, func(*xecm.Category) (*xecm.CategoryValues, error) {
		return xecm.NewCategoryValuesByName("Contract").Set("Amount", 1), nil
	}, nil)
	require.ErrorIs(t, err, xecm.ErrInvalidArgument)
	assert.Contains(t, err.Error(), `category "Contract" by name`)
}
