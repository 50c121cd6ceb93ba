package xecm_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/xecm-go/xecm"
)

// The argument errors of UpdateRolePermissions name its own fields (a
// workspace and a role), not those of the node permission calls it shares
// code with; nothing is sent.
func TestUpdateRolePermissionsNamesItsFields(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	err := c.Workspaces.UpdateRolePermissions(t.Context(), 9, 0, []xecm.Permission{xecm.PermSee}, nil)
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	assert.ErrorContains(t, err, "role ID")
	err = c.Workspaces.UpdateRolePermissions(t.Context(), -1, 5, []xecm.Permission{xecm.PermSee}, nil)
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	assert.ErrorContains(t, err, "workspace ID")
	assert.Zero(t, mt.GetTotalCallCount())
}
