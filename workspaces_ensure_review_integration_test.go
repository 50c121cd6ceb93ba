package xecm_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

// Ensure takes Values like Create: a workspace it creates carries them,
// and a bad name fails before anything is created.
func TestWorkspaceEnsureAppliesValuesByName(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	req := customerRequest("ENS-V1")
	req.Values = []*xecm.CategoryValues{xecm.NewCategoryValues(xecmtest.CategoryCustomer).
		Set("Country", "Norway").Set("Customer Name", "Fjord AS")}
	ws, created, err := c.Workspaces.Ensure(ctx, req)
	require.NoError(t, err)
	require.True(t, created)
	vals, _ := sim.CategoryValues(ws.ID, xecmtest.CategoryCustomer)
	assert.Equal(t, "Norway", vals["23228_2"])
	assert.Equal(t, "Fjord AS", vals["23228_3"])

	bad := customerRequest("ENS-V2")
	bad.Values = []*xecm.CategoryValues{xecm.NewCategoryValues(xecmtest.CategoryCustomer).Set("Colour", "red")}
	_, _, err = c.Workspaces.Ensure(ctx, bad)
	require.ErrorIs(t, err, xecm.ErrInvalidArgument)
	_, err = c.Workspaces.GetByBusinessObject(ctx, *bad.BusinessObject)
	assert.ErrorIs(t, err, xecm.ErrNotFound, "nothing was created")
}

// A create whose answer is lost went through: Ensure finds that workspace
// and there is exactly one.
func TestWorkspaceEnsureAfterALostCreateAnswer(t *testing.T) {
	sim, c := startSim(t)
	req := customerRequest("ENS-LOST")
	sim.InjectFault(xecmtest.Fault{Method: http.MethodPost, Path: "/v2/businessworkspaces", Kind: xecmtest.FaultDropAfterCommit})
	ws, _, err := c.Workspaces.Ensure(t.Context(), req)
	require.NoError(t, err)
	var n int
	for _, w := range sim.Workspaces() {
		if len(w.References) > 0 && w.References[0].BOID == "ENS-LOST" {
			n++
			assert.Equal(t, w.NodeID, ws.ID)
		}
	}
	assert.Equal(t, 1, n)
}
