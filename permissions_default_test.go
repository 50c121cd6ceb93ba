package xecm_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

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
