package xecm_test

import (
	"encoding/json"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

// The route takes the list in the query string: a long list is split so
// that no request line grows past what servers take, and every member is
// sent once, in order.
func TestSetAssignedManySplitsLongLists(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	var rec recorder
	mt.RegisterResponder("POST", api("v2/nodes/77/permissions/custom/bulk"), rec.answer(t, 200, `{"results":{}}`))
	var members []xecm.MemberAccess
	for i := range 300 {
		members = append(members, xecm.MemberAccess{MemberID: int64(10000 + i), Permissions: xecm.AllPermissions()})
	}
	require.NoError(t, c.Permissions.SetAssignedMany(t.Context(), 77, members, &xecm.PermissionOptions{ApplyTo: xecm.ApplyToSubItems}))

	reqs := rec.all()
	require.Greater(t, len(reqs), 1)
	var sent []int64
	for _, r := range reqs {
		assert.Equal(t, "1", r.Query.Get("apply_to"))
		raw := r.Query.Get("permissions_array")
		assert.LessOrEqual(t, len(url.QueryEscape(raw)), 4000)
		var list []struct {
			Permissions []string `json:"permissions"`
			RightID     int64    `json:"right_id"`
		}
		require.NoError(t, json.Unmarshal([]byte(raw), &list))
		for _, e := range list {
			assert.Len(t, e.Permissions, 10)
			sent = append(sent, e.RightID)
		}
	}
	require.Len(t, sent, len(members))
	for i, m := range members {
		assert.Equal(t, m.MemberID, sent[i])
	}
}

func TestSetAssignedManyBody(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	var rec recorder
	mt.RegisterResponder("POST", api("v2/nodes/77/permissions/custom/bulk"), rec.answer(t, 200, `{"results":{}}`))
	require.NoError(t, c.Permissions.SetAssignedMany(t.Context(), 77, []xecm.MemberAccess{{MemberID: 1001}, {MemberID: 1002, Permissions: xecm.ReadPermissions()}}, nil))
	r := rec.last(t)
	assert.JSONEq(t, `[{"permissions":[],"right_id":1001},{"permissions":["see","see_contents"],"right_id":1002}]`, r.Query.Get("permissions_array"))
	assert.False(t, r.Query.Has("apply_to"), "0 is the default")
	assert.Empty(t, r.Form, "the spec declares no body")
}

func TestSetAssignedManyRefusesBadInput(t *testing.T) {
	c, _ := newMockClient(t, xecm.WithTicket("t")) // no responder: nothing may be sent
	ctx := t.Context()
	one := []xecm.MemberAccess{{MemberID: 1001, Permissions: xecm.ReadPermissions()}}
	for name, err := range map[string]error{
		"node":        c.Permissions.SetAssignedMany(ctx, 0, one, nil),
		"empty":       c.Permissions.SetAssignedMany(ctx, 77, nil, nil),
		"member":      c.Permissions.SetAssignedMany(ctx, 77, []xecm.MemberAccess{{MemberID: 0}}, nil),
		"permission":  c.Permissions.SetAssignedMany(ctx, 77, []xecm.MemberAccess{{MemberID: 1, Permissions: []xecm.Permission{"all"}}}, nil),
		"apply_to 3":  c.Permissions.SetAssignedMany(ctx, 77, one, &xecm.PermissionOptions{ApplyTo: xecm.ApplyToThisItemAndChildren}),
		"sub types":   c.Permissions.SetAssignedMany(ctx, 77, one, &xecm.PermissionOptions{ApplyTo: xecm.ApplyToSubItems, IncludeSubTypes: []int{204}}),
		"apply_to -1": c.Permissions.SetAssignedMany(ctx, 77, one, &xecm.PermissionOptions{ApplyTo: -1}),
	} {
		assert.ErrorIs(t, err, xecm.ErrInvalidArgument, name)
	}
}
