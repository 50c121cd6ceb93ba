package xecmtest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A create that applies a category records Create first, then the category;
// a create whose roles fail records nothing.
func TestCreateRecordsCreateBeforeItsRoles(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	resp, m := c.body(http.MethodPost, "/v2/nodes", map[string]any{"type": 0, "parent_id": 2000, "name": "Deals",
		"roles": map[string]any{"categories": map[string]any{"9830_2": "D-1", "9830_3": "Globex"}}})
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	kids := s.Children(2000)
	require.Len(t, kids, 1)
	trail := s.AuditTrail(kids[0].ID)
	require.Len(t, trail, 2)
	assert.Equal(t, EventCreate, trail[0].EventType)
	assert.Equal(t, EventAttributeValueChanged, trail[1].EventType)

	resp, _ = c.body(http.MethodPost, "/v2/nodes", map[string]any{"type": 0, "parent_id": 2000, "name": "Bad",
		"roles": map[string]any{"categories": map[string]any{"9830_2": "D-2"}, "rmclassifications": map[string]any{"rmclassification_id": 1}}})
	assert.NotEqual(t, http.StatusOK, resp.StatusCode)
	assert.Len(t, s.Children(2000), 1, "the failed create left no node")
}
