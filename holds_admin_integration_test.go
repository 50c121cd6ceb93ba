package xecm_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

func TestHoldFindUpdateDelete(t *testing.T) {
	srv, c := startSim(t)
	ctx := t.Context()

	h, err := c.Records.HoldByName(ctx, "Tax Audit")
	require.NoError(t, err)
	assert.Equal(t, xecmtest.HoldTaxAudit, h.ID)
	assert.Equal(t, "AUDIT", h.Type)
	assert.Equal(t, "TAX-2025", h.AlternateID)

	_, err = c.Records.HoldByName(ctx, "No such hold")
	require.ErrorIs(t, err, xecm.ErrNotFound)
	assert.Contains(t, err.Error(), "No such hold")

	id, err := c.Records.CreateHold(ctx, xecm.HoldCreateRequest{Name: "Merger review", Type: "LEGAL"})
	require.NoError(t, err)
	due := time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC)
	require.NoError(t, c.Records.UpdateHold(ctx, id, xecm.HoldUpdate{
		Name: xecm.Ptr("Merger review 2026"), Comment: xecm.Ptr("Board request"), DateToRemove: &due}))
	h, err = c.Records.GetHold(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, "Merger review 2026", h.Name)
	assert.Equal(t, "Board request", h.Comment)
	assert.Equal(t, "LEGAL", h.Type, "fields not set stay as they are")
	assert.True(t, h.DateToRemove.Equal(due))
	assert.Equal(t, "Admin", h.EditedBy)

	// A name another hold has is refused (ok:false in a 200).
	err = c.Records.UpdateHold(ctx, id, xecm.HoldUpdate{Name: xecm.Ptr("Tax Audit")})
	require.ErrorIs(t, err, xecm.ErrAlreadyExists)
	assert.ErrorIs(t, c.Records.UpdateHold(ctx, id, xecm.HoldUpdate{}), xecm.ErrInvalidArgument)
	assert.ErrorIs(t, c.Records.UpdateHold(ctx, id, xecm.HoldUpdate{Name: xecm.Ptr(" ")}), xecm.ErrInvalidArgument)
	assert.Error(t, c.Records.UpdateHold(ctx, 999999, xecm.HoldUpdate{Comment: xecm.Ptr("x")}))

	// A hold in use cannot be deleted; released, it can.
	doc := srv.AddFolder(xecmtest.EnterpriseWorkspaceID, "Merger file")
	require.NoError(t, c.Records.ApplyHold(ctx, doc, id))
	assert.Error(t, c.Records.DeleteHold(ctx, id))
	require.NoError(t, c.Records.RemoveHold(ctx, doc, id, nil))
	require.NoError(t, c.Records.DeleteHold(ctx, id))
	_, err = c.Records.HoldByName(ctx, "Merger review 2026")
	assert.ErrorIs(t, err, xecm.ErrNotFound)
	assert.Error(t, c.Records.DeleteHold(ctx, id), "deleted already")

	// By name, in one call.
	_, err = c.Records.CreateHold(ctx, xecm.HoldCreateRequest{Name: "Short-lived", Type: "LEGAL"})
	require.NoError(t, err)
	require.NoError(t, c.Records.DeleteHoldByName(ctx, "Short-lived"))
	err = c.Records.DeleteHoldByName(ctx, "Short-lived")
	assert.ErrorIs(t, err, xecm.ErrNotFound)
	assert.ErrorIs(t, c.Records.DeleteHoldByName(ctx, ""), xecm.ErrInvalidArgument)
}

func TestHoldItemsPages(t *testing.T) {
	srv, c := startSim(t)
	ctx := t.Context()
	var want []int64
	for _, name := range []string{"Alpha", "Bravo", "Charlie", "Delta", "Echo"} {
		id := srv.AddFolder(xecmtest.EnterpriseWorkspaceID, name)
		require.NoError(t, c.Records.ApplyHold(ctx, id, xecmtest.HoldLitigation))
		want = append(want, id)
	}
	other := srv.AddFolder(xecmtest.EnterpriseWorkspaceID, "Other")
	require.NoError(t, c.Records.ApplyHold(ctx, other, xecmtest.HoldTaxAudit))

	p, err := c.Records.HoldItems(ctx, xecmtest.HoldLitigation, &xecm.RMItemsOptions{Limit: 2, Sort: "desc_name"})
	require.NoError(t, err)
	require.Len(t, p.Items, 2)
	assert.Equal(t, "Echo", p.Items[0].Name)
	assert.Equal(t, 5, p.TotalCount)
	assert.Equal(t, 3, p.PageTotal)
	p, err = c.Records.HoldItems(ctx, xecmtest.HoldLitigation, &xecm.RMItemsOptions{Page: 3, Limit: 2, Sort: "desc_name"})
	require.NoError(t, err)
	require.Len(t, p.Items, 1)
	assert.Equal(t, "Alpha", p.Items[0].Name)

	var got []int64
	for n, err := range c.Records.HoldItemsIter(ctx, xecmtest.HoldLitigation, &xecm.RMItemsOptions{Limit: 2}) {
		require.NoError(t, err)
		got = append(got, n.ID)
	}
	assert.ElementsMatch(t, want, got)

	_, err = c.Records.HoldItems(ctx, 999999, nil)
	assert.ErrorIs(t, err, xecm.ErrNotFound)
	_, err = c.Records.HoldItems(ctx, 0, nil)
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	_, err = c.Records.HoldItems(ctx, xecmtest.HoldLitigation, &xecm.RMItemsOptions{Limit: -1})
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
}
