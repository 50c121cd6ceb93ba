package xecmtest

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// POST api/v1/recordsmanagement/rmcodes/{name} refuses a table outside the
// spec's list and the field a table requires, and adds nothing then.
func TestAddRMCodeRefusals(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	resp, m := c.form(http.MethodPost, "/v1/recordsmanagement/rmcodes/retention", url.Values{"code": {"X"}})
	require.Equal(t, http.StatusBadRequest, resp.StatusCode, m)
	assert.Equal(t, "Could not get table description", errMsg(m))

	for table, form := range map[string]url.Values{
		"storage":   {"description": {"no code"}},
		"essential": {"code": {"VR"}},
		"hold_type": {"code": {"REG"}},
		"xref_type": {"code": {"SUP"}},
		"stage":     {"code": {"ARCHIVE"}},
	} {
		resp, m = c.form(http.MethodPost, "/v1/recordsmanagement/rmcodes/"+table, form)
		assert.Equal(t, http.StatusBadRequest, resp.StatusCode, table)
		assert.Contains(t, errMsg(m), "Missing required parameter", table)
	}
	resp, m = c.form(http.MethodPost, "/v1/recordsmanagement/rmcodes/stage", url.Values{"code": {"X"}, "stageOrder": {"first"}})
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode, m)

	resp, m = c.get("/v2/recordsmanagement/rmcodes")
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	assert.Len(t, dig(t, m, "results", "data", "storage", "values"), 1)
	assert.Empty(t, dig(t, m, "results", "data", "cross_reference", "values"))
	assert.Len(t, dig(t, m, "results", "data", "retention_stage", "values"), 3)
}
