package xecmtest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A workspace by business object, as pyxecm asks for it.
func TestWorkspaceByBusinessObjectRoute(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	ws := s.AddWorkspace(TemplateCustomer, "ACME", &BusinessObject{ExtSystemID: "SAP", BOType: "KNA1", BOID: "0000050031"})

	resp, body := c.get("/v2/externalsystems/SAP/botypes/KNA1/boids/0000050031")
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	results := body["results"].([]any)
	require.Len(t, results, 1)
	assert.EqualValues(t, ws, dig(t, results[0], "data", "properties", "id"))
	assert.NotNil(t, body["paging"])

	resp, body = c.get("/v2/externalsystems/SAP/botypes/KNA1/boids/0000099999")
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	assert.Empty(t, body["results"])

	resp, body = c.get("/v1/nodes/2000/businessworkspace")
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Contains(t, errMsg(body), "could not be found")
}
