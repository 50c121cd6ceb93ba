package xecm_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

func TestDefaultAccessRefusesBadInputBeforeSending(t *testing.T) {
	c, _ := newMockClient(t, xecm.WithTicket("t")) // no responder: nothing may be sent
	ctx := t.Context()
	assert.ErrorIs(t, c.Permissions.UpdateOwner(ctx, 0, nil, nil), xecm.ErrInvalidArgument)
	assert.ErrorIs(t, c.Permissions.ChangeOwner(ctx, 2000, 0, nil, nil), xecm.ErrInvalidArgument)
	assert.ErrorIs(t, c.Permissions.ChangeOwnerGroup(ctx, 2000, -1, nil, nil), xecm.ErrInvalidArgument)
	assert.ErrorIs(t, c.Permissions.UpdatePublic(ctx, 2000, []xecm.Permission{"read"}, nil), xecm.ErrInvalidArgument)
	assert.ErrorIs(t, c.Permissions.RemoveOwner(ctx, 2000, &xecm.PermissionOptions{IncludeSubTypes: []int{204}}), xecm.ErrInvalidArgument)
	assert.ErrorIs(t, c.Permissions.RemovePublic(ctx, 2000, &xecm.PermissionOptions{ApplyTo: 7}), xecm.ErrInvalidArgument)
	_, err := c.Permissions.GetOwnerGroup(ctx, 0)
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
}

// right_id goes only with ChangeOwner and ChangeOwnerGroup: without it the
// server keeps the owner; apply_to of a removal goes in the query.
func TestDefaultAccessWireFormat(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	var rec recorder
	for _, kind := range []string{"owner", "group", "public"} {
		mt.RegisterResponder("PUT", api("v2/nodes/77/permissions/"+kind), rec.answer(t, 200, `{"results":{}}`))
		mt.RegisterResponder("DELETE", api("v2/nodes/77/permissions/"+kind), rec.answer(t, 200, `{"results":{}}`))
	}
	mt.RegisterResponder("GET", api("v2/nodes/77/permissions/public"), rec.answer(t, 200,
		`{"results":{"data":{"permissions":{"permissions":["see"],"right_id":null,"type":"public"}}}}`))
	ctx := t.Context()

	require.NoError(t, c.Permissions.ChangeOwner(ctx, 77, 1001, xecm.ReadPermissions(), nil))
	body := rec.last(t).Body(t)
	assert.EqualValues(t, 1001, body["right_id"])
	assert.Equal(t, []any{"see", "see_contents"}, body["permissions"])
	require.NoError(t, c.Permissions.UpdateOwner(ctx, 77, nil, nil))
	body = rec.last(t).Body(t)
	assert.NotContains(t, body, "right_id")
	assert.Equal(t, []any{}, body["permissions"], "an empty list, not null")
	require.NoError(t, c.Permissions.ChangeOwnerGroup(ctx, 77, 2001, nil, &xecm.PermissionOptions{ApplyTo: xecm.ApplyToThisItemAndChildren}))
	body = rec.last(t).Body(t)
	assert.EqualValues(t, 2001, body["right_id"])
	assert.EqualValues(t, 3, body["apply_to"])
	require.NoError(t, c.Permissions.UpdatePublic(ctx, 77, xecm.ReadPermissions(), &xecm.PermissionOptions{ApplyTo: xecm.ApplyToThisItemAndSubItems, IncludeSubTypes: []int{204}}))
	body = rec.last(t).Body(t)
	assert.NotContains(t, body, "right_id")
	assert.Equal(t, []any{float64(204)}, body["include_sub_types"])

	require.NoError(t, c.Permissions.RemoveOwnerGroup(ctx, 77, &xecm.PermissionOptions{ApplyTo: xecm.ApplyToSubItems}))
	r := rec.last(t)
	assert.Equal(t, "/otcs/cs.exe/api/v2/nodes/77/permissions/group", r.Path)
	assert.Equal(t, "1", r.Query.Get("apply_to"))
	require.NoError(t, c.Permissions.RemovePublic(ctx, 77, nil))
	assert.Empty(t, rec.last(t).Query, "apply_to 0 is the default")

	e, err := c.Permissions.GetPublic(ctx, 77)
	require.NoError(t, err)
	assert.Equal(t, xecm.AccessPublic, e.Kind)
	assert.Zero(t, e.MemberID)
	assert.Equal(t, []xecm.Permission{xecm.PermSee}, e.Permissions)
}
