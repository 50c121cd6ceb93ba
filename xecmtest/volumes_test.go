package xecmtest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestVolumes(t *testing.T) {
	s := newServer(t)
	adm, jdoe := admin(t, s), login(t, s, "jdoe", "jdoe-pw")

	resp, body := adm.get("/v2/volumes/133")
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	assert.EqualValues(t, CategoriesVolumeID, dig(t, body, "results", "data", "properties", "id"))

	// Browsing a volume is browsing its root: the category nodes.
	resp, body = adm.get("/v2/volumes/133/nodes?where_name=Contract")
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	results := body["results"].([]any)
	require.Len(t, results, 1)
	assert.EqualValues(t, ContractCategoryID, dig(t, results[0], "data", "properties", "id"))
	resp, body = adm.get("/v1/volumes/141/nodes")
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	assert.NotNil(t, body["data"])

	// Each user has a Personal Workspace of their own.
	_, a := adm.get("/v2/volumes/142")
	_, j := jdoe.get("/v2/volumes/142")
	assert.NotEqual(t, dig(t, a, "results", "data", "properties", "id"), dig(t, j, "results", "data", "properties", "id"))

	resp, body = adm.get("/v1/volumes/141")
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	assert.EqualValues(t, EnterpriseWorkspaceID, dig(t, body, "data", "id"))

	resp, body = adm.get("/v1/volumes")
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	assert.GreaterOrEqual(t, len(body["data"].([]any)), 3)

	resp, body = adm.get("/v2/volumes/144")
	assert.Equal(t, http.StatusInternalServerError, resp.StatusCode)
	assert.Equal(t, "Subtype 144 is not a root subtype", errMsg(body))
	resp, body = adm.get("/v2/volumes/abc")
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Contains(t, errMsg(body), "Invalid datatype")
}
