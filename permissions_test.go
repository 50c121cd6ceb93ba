package xecm_test

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

func TestPermissionsGetSplitsEntriesByKind(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	mt.RegisterResponder("GET", api("v2/nodes/77/permissions"), jsonResp(200, `{"results":[
	  {"data":{"permissions":{"permissions":["see","see_contents","modify"],"right_id":1000,"type":"owner"}}},
	  {"data":{"permissions":{"permissions":["see","see_contents"],"right_id":2001,"type":"group"}}},
	  {"data":{"permissions":{"permissions":[],"right_id":null,"type":"public"}}},
	  {"data":{"permissions":{"permissions":["see"],"right_id":"1001","type":"custom"}}}]}`))
	p, err := c.Permissions.Get(t.Context(), 77)
	require.NoError(t, err)
	require.NotNil(t, p.Owner)
	assert.Equal(t, int64(1000), p.Owner.MemberID)
	assert.True(t, p.Owner.Has(xecm.PermModify))
	assert.Equal(t, int64(2001), p.OwnerGroup.MemberID)
	assert.Empty(t, p.Public.Permissions)
	e, ok := p.Assignee(1001)
	require.True(t, ok)
	assert.Equal(t, []xecm.Permission{xecm.PermSee}, e.Permissions)
}

func TestPermissionsAssignedAccessWithApplyTo(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	var rec recorder
	mt.RegisterResponder("POST", api("v2/nodes/77/permissions/custom"), rec.answer(t, 200, `{"results":{}}`))
	mt.RegisterResponder("PUT", api("v2/nodes/77/permissions/custom/1001"), rec.answer(t, 200, `{"results":{}}`))
	mt.RegisterResponder("DELETE", api("v2/nodes/77/permissions/custom/1001"), rec.answer(t, 200, `{"results":{}}`))
	mt.RegisterResponder("GET", api("v2/nodes/77/permissions/custom/1001"), rec.answer(t, 200, `{"results":{"data":{"permissions":{"permissions":["see"],"right_id":1001,"type":"custom"}}}}`))
	mt.RegisterResponder("GET", api("v2/nodes/77/permissions/effective/1001"), rec.answer(t, 200, `{"results":{"data":{"permissions":{"permissions":["see","see_contents"],"right_id":1001}}}}`))
	ctx := t.Context()

	require.NoError(t, c.Permissions.AddAssigned(ctx, 77, 1001, xecm.ReadPermissions(), &xecm.PermissionOptions{ApplyTo: xecm.ApplyToThisItemAndSubItems}))
	body := rec.last(t).Body(t)
	assert.EqualValues(t, 1001, body["right_id"])
	assert.Equal(t, []any{"see", "see_contents"}, body["permissions"])
	assert.EqualValues(t, 2, body["apply_to"])

	require.NoError(t, c.Permissions.UpdateAssigned(ctx, 77, 1001, nil, nil))
	assert.Equal(t, []any{}, rec.last(t).Body(t)["permissions"], "an empty list, not null")

	require.NoError(t, c.Permissions.RemoveAssigned(ctx, 77, 1001, &xecm.PermissionOptions{ApplyTo: xecm.ApplyToSubItems}))
	assert.Equal(t, "1", rec.last(t).Query.Get("apply_to"))

	e, err := c.Permissions.GetAssigned(ctx, 77, 1001)
	require.NoError(t, err)
	assert.Equal(t, []xecm.Permission{xecm.PermSee}, e.Permissions)
	eff, err := c.Permissions.Effective(ctx, 77, 1001)
	require.NoError(t, err)
	assert.Equal(t, xecm.ReadPermissions(), eff)

	err = c.Permissions.AddAssigned(ctx, 77, 1001, []xecm.Permission{"admin"}, nil)
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	assert.ErrorContains(t, err, `"admin"`)
	assert.ErrorContains(t, c.Permissions.AddAssigned(ctx, 77, 0, nil, nil), "member ID")
	assert.ErrorContains(t, c.Permissions.RemoveAssigned(ctx, 77, 1001, &xecm.PermissionOptions{ApplyTo: -1}), "apply_to")
}

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
	err = c.Permissions.AddAssigned(ctx, 77, 1001, xecm.ReadPermissions(), &xecm.PermissionOptions{IncludeSubTypes: sub})
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	assert.ErrorContains(t, err, "IncludeSubTypes")
	assert.Zero(t, mt.GetTotalCallCount())

	var rec recorder
	mt.RegisterResponder("PUT", api("v2/nodes/77/permissions/custom/1001"), rec.answer(t, 200, `{"results":{}}`))
	require.NoError(t, c.Permissions.UpdateAssigned(ctx, 77, 1001, xecm.ReadPermissions(), &xecm.PermissionOptions{ApplyTo: xecm.ApplyToSubItems, IncludeSubTypes: sub}))
	assert.Equal(t, []any{204.0, 207.0}, rec.last(t).Body(t)["include_sub_types"])
}

// The permission lists are the caller's own: changing one changes neither
// the next caller's list nor how the SDK decodes (it walks its own table).
func TestPermissionListsAreTheCallersCopy(t *testing.T) {
	all := xecm.AllPermissions()
	require.Len(t, all, 10)
	slices.Reverse(all)
	all[0] = "nothing"
	assert.Equal(t, xecm.PermSee, xecm.AllPermissions()[0])
	assert.Equal(t, xecm.PermEditPermissions, xecm.AllPermissions()[9])
	read := xecm.ReadPermissions()
	read[0] = xecm.PermDelete
	assert.Equal(t, []xecm.Permission{xecm.PermSee, xecm.PermSeeContents}, xecm.ReadPermissions())
}
