package xecmtest

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The bulk route takes its list in the query; a bad entry, an unknown
// member or an apply_to the route does not take changes nothing.
func TestSimulatorBulkAssignedIsAllOrNothing(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	id := c.createFolder(2000, "Bulk")
	bulk := fmt.Sprintf("/v2/nodes/%d/permissions/custom/bulk?", id)
	good := `{"permissions":["see"],"right_id":1001}`
	for name, q := range map[string]url.Values{
		"missing":        {},
		"not JSON":       {"permissions_array": {"[{"}},
		"empty":          {"permissions_array": {"[]"}},
		"no permissions": {"permissions_array": {`[` + good + `,{"right_id":1002}]`}},
		"unknown member": {"permissions_array": {`[` + good + `,{"permissions":["see"],"right_id":424242}]`}},
		"bad permission": {"permissions_array": {`[` + good + `,{"permissions":["admin"],"right_id":1002}]`}},
		"apply_to 3":     {"permissions_array": {`[` + good + `]`}, "apply_to": {"3"}},
	} {
		resp, m := c.req(http.MethodPost, bulk+q.Encode(), nil, "", nil)
		assert.Equal(t, http.StatusBadRequest, resp.StatusCode, "%s: %v", name, m)
	}
	resp, m := c.get(fmt.Sprintf("/v2/nodes/%d/permissions/custom/1001", id))
	assert.NotEqual(t, http.StatusOK, resp.StatusCode, "nothing was granted: %v", m)

	resp, m = c.req(http.MethodPost, bulk+url.Values{"permissions_array": {`[` + good + `]`}}.Encode(), nil, "", nil)
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	assert.Equal(t, []string{"see"}, s.EffectivePermissions(id, 1001)[:1])
}

// "permissions":[] keeps an empty entry; DELETE removes it.
func TestSimulatorDefaultEntryEmptyIsNotRemoved(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	id := c.createFolder(2000, "Public")
	public := fmt.Sprintf("/v2/nodes/%d/permissions/public", id)
	entries := func() []any {
		_, m := c.get(fmt.Sprintf("/v2/nodes/%d/permissions", id))
		return dig(t, m, "results").([]any)
	}
	n := len(entries())
	resp, m := c.body(http.MethodPut, public, map[string]any{"permissions": []string{}})
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	assert.Len(t, entries(), n, "the entry stays")
	_, m = c.get(public)
	assert.Equal(t, []any{}, dig(t, m, "results", "data", "permissions", "permissions"))
	resp, m = c.req(http.MethodDelete, public, nil, "", nil)
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	assert.Len(t, entries(), n-1, "the entry is gone")
}
