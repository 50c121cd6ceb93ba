package xecm_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

// An answer without the entry must not read as "no permissions": for
// Effective that is a wrong answer to an access question.
func TestPermissionsGetOneRefusesAnAnswerWithoutTheEntry(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	for _, body := range []string{`{}`, `{"results":{}}`, `{"results":[{"data":{}}]}`} {
		mt.RegisterResponder("GET", api("v2/nodes/77/permissions/effective/1001"), jsonResp(200, body))
		mt.RegisterResponder("GET", api("v2/nodes/77/permissions/custom/1001"), jsonResp(200, body))
		eff, err := c.Permissions.Effective(t.Context(), 77, 1001)
		assert.Nil(t, eff, body)
		assert.ErrorContains(t, err, "malformed response", body)
		e, err := c.Permissions.GetAssigned(t.Context(), 77, 1001)
		assert.Nil(t, e, body)
		assert.ErrorContains(t, err, "malformed response", body)
	}

	// No permissions at all is an answer.
	mt.RegisterResponder("GET", api("v2/nodes/77/permissions/effective/1001"),
		jsonResp(200, `{"results":{"data":{"permissions":{"permissions":[],"right_id":1001,"type":"custom"}}}}`))
	eff, err := c.Permissions.Effective(t.Context(), 77, 1001)
	require.NoError(t, err)
	assert.Empty(t, eff)
}

// IncludeSubTypes widens a change to special sub-items; where it cannot
// (no sub-items in reach, or a removal, whose route takes only apply_to)
// it is refused instead of dropped.
func TestPermissionsRefuseIncludeSubTypesTheyCannotApply(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	ctx := t.Context()
	sub := []int{204, 207}
	err := c.Permissions.RemoveAssigned(ctx, 77, 1001, &xecm.PermissionOptions{ApplyTo: xecm.ApplyToThisItemAndSubItems, IncludeSubTypes: sub})
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	assert.ErrorContains(t, err, "IncludeSubTypes")
	err = c.Permissions.AddAssigned(ctx, 77, 1001, xecm.ReadPermissions, &xecm.PermissionOptions{IncludeSubTypes: sub})
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	assert.ErrorContains(t, err, "IncludeSubTypes")
	assert.Zero(t, mt.GetTotalCallCount())

	var rec recorder
	mt.RegisterResponder("PUT", api("v2/nodes/77/permissions/custom/1001"), rec.answer(t, 200, `{"results":{}}`))
	require.NoError(t, c.Permissions.UpdateAssigned(ctx, 77, 1001, xecm.ReadPermissions, &xecm.PermissionOptions{ApplyTo: xecm.ApplyToSubItems, IncludeSubTypes: sub}))
	assert.Equal(t, []any{204.0, 207.0}, rec.last(t).Body(t)["include_sub_types"])
}

// The spec: apply_to other than 0 on an item that is not a container is
// an error, for removals (a query parameter) as for grants.
func TestSimulatorRefusesApplyToSubItemsOnADocument(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	doc := sim.AddEmptyDocument(sim.AddFolder(2000, "Letters"), "Letter.docx")
	sim.GrantAccess(doc, 1001, false, "see", "see_contents")
	for _, reach := range []xecm.ApplyTo{xecm.ApplyToSubItems, xecm.ApplyToThisItemAndSubItems, xecm.ApplyToThisItemAndChildren} {
		err := c.Permissions.AddAssigned(ctx, doc, 1002, xecm.ReadPermissions, &xecm.PermissionOptions{ApplyTo: reach})
		assert.Error(t, err, "grant, apply_to %d", reach)
		err = c.Permissions.RemoveAssigned(ctx, doc, 1001, &xecm.PermissionOptions{ApplyTo: reach})
		assert.Error(t, err, "removal, apply_to %d", reach)
	}
	e, err := c.Permissions.GetAssigned(ctx, doc, 1001)
	require.NoError(t, err, "the refused removals removed nothing")
	assert.Equal(t, xecm.ReadPermissions, e.Permissions)
}
