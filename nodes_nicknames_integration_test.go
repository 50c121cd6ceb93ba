package xecm_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

func TestNodesNicknames(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	folder := sim.AddFolder(xecmtest.EnterpriseWorkspaceID, "Contracts")
	other := sim.AddFolder(xecmtest.EnterpriseWorkspaceID, "Other")

	_, err := c.Nodes.ByNickname(ctx, "contracts_root")
	require.ErrorIs(t, err, xecm.ErrNotFound, "no node has it yet")

	require.NoError(t, c.Nodes.SetNickname(ctx, folder, "contracts_root"))
	n, err := c.Nodes.ByNickname(ctx, "contracts_root")
	require.NoError(t, err)
	assert.Equal(t, folder, n.ID)
	assert.Equal(t, "Contracts", n.Name)

	err = c.Nodes.SetNickname(ctx, other, "contracts_root")
	require.ErrorIs(t, err, xecm.ErrAlreadyExists, "a nickname is unique")
	require.NoError(t, c.Nodes.SetNickname(ctx, folder, "contracts_root"), "setting its own nickname again is no conflict")

	// A new nickname replaces the old one, which is free again.
	require.NoError(t, c.Nodes.SetNickname(ctx, folder, "contracts_v2"))
	_, err = c.Nodes.ByNickname(ctx, "contracts_root")
	require.ErrorIs(t, err, xecm.ErrNotFound)
	require.NoError(t, c.Nodes.SetNickname(ctx, other, "contracts_root"))
	n, err = c.Nodes.ByNickname(ctx, "contracts_root")
	require.NoError(t, err)
	assert.Equal(t, other, n.ID)

	// A number is a nickname only for the node whose ID it is.
	require.NoError(t, c.Nodes.SetNickname(ctx, folder, strconv.FormatInt(folder, 10)))
	err = c.Nodes.SetNickname(ctx, other, strconv.FormatInt(folder, 10))
	require.ErrorIs(t, err, xecm.ErrInvalidArgument)

	// A deleted node keeps its nickname in the Recycle Bin: not found, and
	// not free for another node; restored, it is found again.
	require.NoError(t, c.Nodes.Delete(ctx, other))
	_, err = c.Nodes.ByNickname(ctx, "contracts_root")
	require.ErrorIs(t, err, xecm.ErrNotFound)
	err = c.Nodes.SetNickname(ctx, folder, "contracts_root")
	require.ErrorIs(t, err, xecm.ErrAlreadyExists)
	_, err = c.Nodes.Restore(ctx, other)
	require.NoError(t, err)
	n, err = c.Nodes.ByNickname(ctx, "contracts_root")
	require.NoError(t, err)
	assert.Equal(t, other, n.ID)

	// jdoe may not see the workspace (its template removes public
	// access): not found for jdoe, found for Admin.
	ws, err := c.Workspaces.Create(ctx, xecm.WorkspaceCreateRequest{TemplateID: xecmtest.TemplateLegalMatter, Name: "Confidential matter"})
	require.NoError(t, err)
	require.NoError(t, c.Nodes.SetNickname(ctx, ws.ID, "confidential_matter"))
	jdoe := clientAs(t, sim, "jdoe", "jdoe-pw")
	_, err = jdoe.Nodes.ByNickname(ctx, "confidential_matter")
	require.ErrorIs(t, err, xecm.ErrNotFound)
	n, err = c.Nodes.ByNickname(ctx, "confidential_matter")
	require.NoError(t, err)
	assert.Equal(t, ws.ID, n.ID)
	err = jdoe.Nodes.SetNickname(ctx, ws.ID, "jdoe_was_here")
	require.ErrorIs(t, err, xecm.ErrNotFound)

	_, err = c.Nodes.ByNickname(ctx, "no_such_nickname")
	require.ErrorIs(t, err, xecm.ErrNotFound)
}

func TestNodesNicknameArguments(t *testing.T) {
	c, err := xecm.NewClient("http://127.0.0.1:1/otcs/cs.exe", xecm.WithTicket("t"))
	require.NoError(t, err)
	ctx := t.Context()
	for _, bad := range []string{"", "has space", "a-b", "a/b", "a.b", "50%", "#1", strings.Repeat("n", xecm.MaxNameLength+1), "12345"} {
		assert.ErrorIs(t, c.Nodes.SetNickname(ctx, 2000, bad), xecm.ErrInvalidArgument, "%q", bad)
	}
	for _, bad := range []string{"", "has space", "a/b", "a?b"} {
		_, err := c.Nodes.ByNickname(ctx, bad)
		assert.ErrorIs(t, err, xecm.ErrInvalidArgument, "%q", bad)
	}
	assert.ErrorIs(t, c.Nodes.SetNickname(ctx, 0, "ok"), xecm.ErrInvalidArgument)
}
