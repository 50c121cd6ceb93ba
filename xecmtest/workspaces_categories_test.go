package xecmtest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The simulator answers the create form for a business object type as for
// its template, and refuses what it cannot serve.
func TestSimulatorWorkspaceCreateForm(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	customerForm := func(m map[string]any) any {
		t.Helper()
		forms, _ := m["forms"].([]any)
		for _, f := range forms {
			if f, _ := f.(map[string]any); f["role_name"] == "categories" {
				return dig(t, f, "schema", "properties", "23228", "title")
			}
		}
		t.Fatalf("no categories form in %v", m)
		return nil
	}
	for _, q := range []string{"template_id=21001&parent_id=2000", "ext_system_id=SFDC&bo_type=Account&parent_id=2000"} {
		resp, m := c.get("/v2/forms/businessworkspaces/create?" + q)
		require.Equal(t, http.StatusOK, resp.StatusCode, "%s: %v", q, m)
		assert.Equal(t, "Customer", customerForm(m), q)
		assert.EqualValues(t, TemplateCustomer, dig(t, m["forms"].([]any)[0], "data", "template_id"), q)
	}

	// The values of the form's categories are what a create takes.
	resp, m := c.body(http.MethodPost, "/v2/businessworkspaces", map[string]any{
		"template_id": TemplateCustomer, "parent_id": EnterpriseWorkspaceID, "name": "Customer 7",
		"ext_system_id": "SFDC", "bo_type": "Account", "bo_id": "7",
		"roles": map[string]any{"categories": map[string]any{"23228": map[string]any{"23228_2": "FR"}}}})
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	id := int64(dig(t, m, "results", "id").(float64))
	vals, ok := s.CategoryValues(id, CategoryCustomer)
	require.True(t, ok)
	assert.Equal(t, "FR", vals["23228_2"])

	resp, m = c.get("/v2/forms/businessworkspaces/create?template_id=999")
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Contains(t, errMsg(m), "template 999 could not be found")
}
