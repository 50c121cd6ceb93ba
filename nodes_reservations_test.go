package xecm_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

func TestNodesReservationStatusMalformed(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	mt.RegisterResponder("GET", api("v2/reservemanagement/nodes/5"), jsonResp(200, `{"results":{}}`))
	mt.RegisterResponder("GET", api("v2/reservemanagement/nodes/6"), jsonResp(400, `{"error":"This node is not reserved"}`))
	mt.RegisterResponder("GET", api("v2/reservemanagement/nodes/7"), jsonResp(400,
		`{"error":"Failed to get the reservation request information as reservation management is not enabled."}`))
	_, err := c.Nodes.ReservationStatus(t.Context(), 5)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "no data")
	_, err = c.Nodes.ReservationStatus(t.Context(), 6)
	assert.ErrorIs(t, err, xecm.ErrNotReserved)
	_, err = c.Nodes.ReservationStatus(t.Context(), 7)
	require.Error(t, err)
	assert.NotErrorIs(t, err, xecm.ErrNotReserved, "a server without the feature is another failure")
}
