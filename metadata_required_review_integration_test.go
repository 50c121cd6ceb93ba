package xecm_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

// On update, required attributes need not be given, but clearing one
// (nil or "") is a missing required value: refused before anything is sent.
func TestMetadataUpdateRefusesToClearARequiredValue(t *testing.T) {
	c, srv := newSimClient(t)
	ctx := t.Context()
	folder := srv.AddFolder(xecmtest.EnterpriseWorkspaceID, "Deal")
	require.NoError(t, c.Metadata.Apply(ctx, folder, contractValues()))
	for name, v := range map[string]*xecm.CategoryValues{
		"nil":        xecm.NewCategoryValues(xecmtest.ContractCategoryID).Set("Deal ID", nil),
		"empty":      xecm.NewCategoryValues(xecmtest.ContractCategoryID).Set("Deal ID", ""),
		"set member": xecm.NewCategoryValues(xecmtest.ContractCategoryID).SetRow("Parties", 1, "Name", ""),
	} {
		_, err := c.Metadata.Update(ctx, folder, v, nil)
		assert.ErrorIs(t, err, xecm.ErrInvalidArgument, name)
		assert.ErrorContains(t, err, "required", name)
	}
	vals, _ := srv.CategoryValues(folder, xecmtest.ContractCategoryID)
	assert.Equal(t, "D-1042", vals["9830_2"])
	assert.Equal(t, "Globex Ltd", vals["9830_7_1_8"])
}
