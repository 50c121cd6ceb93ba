package xecmtest

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// only when changing a classification); a change needs it.
func TestFirstRMClassificationWithoutToken(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	folder := c.createFolder(2000, "Records")
	path := fmt.Sprintf("/v1/nodes/%d/rmclassifications", folder)
	resp, m := c.body(http.MethodPost, path, map[string]any{"class_id": RMClassContracts})
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	resp, m = c.body(http.MethodPost, path, map[string]any{"class_id": RMClassContracts})
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode, m)
	assert.Equal(t, "Missing required parameter 'rm_metadataToken'", errMsg(m))
	resp, m = c.body(http.MethodPost, path, map[string]any{"class_id": RMClassContracts, "rm_metadataToken": "stale"})
	assert.Equal(t, http.StatusConflict, resp.StatusCode, m)
}

// A record's dates are days: classified without them, a record is dated
// the day it was classified (midnight, as the reference's samples show
// "2026-04-16T00:00:00"), not the instant.
func TestSimulatorRecordDatesAreDays(t *testing.T) {
	at := time.Date(2025, 5, 1, 8, 13, 22, 0, time.UTC)
	s := newServer(t, WithClock(func() time.Time { return at }))
	c := admin(t, s)
	doc := s.AddFolder(EnterpriseWorkspaceID, "Undated")
	path := fmt.Sprintf("/v1/nodes/%d/rmclassifications", doc)

	resp, m := c.get(path)
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	tok, _ := m["rm_metadataToken"].(string)
	resp, m = c.form(http.MethodPost, path, url.Values{"class_id": {strconv.FormatInt(RMClassContracts, 10)}, "rm_metadataToken": {tok}})
	require.Equal(t, http.StatusOK, resp.StatusCode, m)

	resp, m = c.get(path)
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	data, _ := m["data"].([]any)
	require.Len(t, data, 1, "%v", m)
	rec, _ := data[0].(map[string]any)
	assert.Equal(t, "2025-05-01T00:00:00", rec["record_date"])
	assert.Equal(t, "2025-05-01T00:00:00", rec["status_date"])
}
