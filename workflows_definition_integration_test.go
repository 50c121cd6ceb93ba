package xecm_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

func TestWorkflowDefinitionAgainstSimulator(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	def, err := c.Workflows.Definition(ctx, xecmtest.ApprovalMapID)
	require.NoError(t, err)
	assert.Equal(t, xecmtest.ApprovalMapID, def.MapID)
	require.Len(t, def.Tasks, 2)
	assert.Equal(t, "Review", def.Tasks[0].Title)
	assert.Equal(t, "Approve", def.Tasks[1].Title)
	assert.Equal(t, int64(2), def.Tasks[1].TaskID)
	assert.Empty(t, def.DataPackages)

	_, err = c.Workflows.Definition(ctx, 424242)
	assert.ErrorIs(t, err, xecm.ErrNotFound)
	folder := sim.AddFolder(2000, "Not a map")
	_, err = c.Workflows.Definition(ctx, folder)
	var apiErr *xecm.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 400, apiErr.StatusCode)
	assert.ErrorIs(t, func() error { _, err := c.Workflows.Definition(ctx, 0); return err }(), xecm.ErrInvalidArgument)
}
