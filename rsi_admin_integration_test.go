package xecm_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

func TestRSICreateStagesApproveDelete(t *testing.T) {
	srv, c := startSim(t)
	ctx := t.Context()

	id, err := c.Records.CreateRSI(ctx, xecm.RSICreateRequest{Name: "INV-10Y", Status: "ACTIVE", Title: "Invoices",
		Description: "Keep invoices ten years", DispositionControl: true})
	require.NoError(t, err)
	_, err = c.Records.CreateRSI(ctx, xecm.RSICreateRequest{Name: "INV-10Y", Status: "ACTIVE"})
	assert.ErrorIs(t, err, xecm.ErrAlreadyExists)
	_, err = c.Records.CreateRSI(ctx, xecm.RSICreateRequest{Name: "X"})
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)

	active, err := c.Records.AddRSIStage(ctx, id, xecm.RSIStage{Stage: "ACTIVE", EventType: xecm.RSIEventCalculatedDate,
		DateToUse: 95, RetentionYears: 3, ActionCode: 1, NewStatus: "INACTIVE"})
	require.NoError(t, err)
	final, err := c.Records.AddRSIStage(ctx, id, xecm.RSIStage{Stage: "INACTIVE", EventType: xecm.RSIEventCalculatedDate,
		DateToUse: 95, RetentionYears: 7, ActionCode: 32, Disposition: "DESTROY"})
	require.NoError(t, err)
	_, err = c.Records.AddRSIStage(ctx, id, xecm.RSIStage{Stage: "ACTIVE", EventType: xecm.RSIEventPermanent})
	assert.Error(t, err, "a stage code is unique within its RSI")
	_, err = c.Records.AddRSIStage(ctx, id, xecm.RSIStage{Stage: "X", EventType: 9})
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	_, err = c.Records.AddRSIStage(ctx, id, xecm.RSIStage{Stage: "X", EventType: 1, ObjectType: "DOC"})
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)

	r, err := c.Records.GetRSI(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, "INV-10Y", r.Name)
	assert.Equal(t, "Invoices", r.Title)
	require.Len(t, r.Schedules, 2)
	assert.Equal(t, active, r.Schedules[0].ID)
	assert.Equal(t, 3, r.Schedules[0].RetentionYears)
	assert.Equal(t, "LIV", r.Schedules[0].ObjectType, "the default object type")
	assert.False(t, r.Schedules[0].Approved, "a new stage waits for approval")

	require.NoError(t, c.Records.UpdateRSIStage(ctx, id, final, xecm.RSIStageUpdate{RetentionYears: xecm.Ptr(10), RetentionMonths: xecm.Ptr(6)}))
	day := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
	require.NoError(t, c.Records.ApproveRSIStage(ctx, id, final, &xecm.RSIApprovalOptions{Comment: "Legal signed off", Date: day}))
	require.NoError(t, c.Records.ApproveRSIStage(ctx, id, active, nil))
	require.NoError(t, c.Records.RemoveRSIStageApproval(ctx, id, active, nil))
	r, err = c.Records.GetRSI(ctx, id)
	require.NoError(t, err)
	require.Len(t, r.Schedules, 2)
	assert.False(t, r.Schedules[0].Approved)
	assert.True(t, r.Schedules[1].Approved)
	assert.Equal(t, 10, r.Schedules[1].RetentionYears)
	assert.Equal(t, 6, r.Schedules[1].RetentionMonths)

	h, err := c.Records.RSIApprovalHistory(ctx, id, nil)
	require.NoError(t, err)
	require.Len(t, h.Items, 2)
	assert.Equal(t, "ACTIVE", h.Items[0].Stage, "newest first")
	assert.Equal(t, "INACTIVE", h.Items[1].Stage)
	assert.Equal(t, "Legal signed off", h.Items[1].Comment)
	assert.True(t, h.Items[1].ApprovedDate.Equal(day))
	assert.Equal(t, 2, h.TotalCount)

	require.NoError(t, c.Records.UpdateRSI(ctx, id, xecm.RSIUpdate{NewName: xecm.Ptr("INV-11Y"), Subject: xecm.Ptr("Invoices, AP and AR")}))
	r, err = c.Records.GetRSI(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, "INV-11Y", r.Name)
	assert.Equal(t, "Invoices, AP and AR", r.Subject)
	assert.ErrorIs(t, c.Records.UpdateRSI(ctx, id, xecm.RSIUpdate{}), xecm.ErrInvalidArgument)

	// An RSI a record carries cannot be deleted; stages and unused RSIs can.
	doc := srv.AddFolder(xecmtest.EnterpriseWorkspaceID, "Invoices 2026")
	require.NoError(t, c.Records.Apply(ctx, doc, xecmtest.RMClassContracts, &xecm.RecordApplyOptions{
		Details: &xecm.RecordDetailsUpdate{RSI: xecm.Ptr("INV-11Y")}}))
	assert.Error(t, c.Records.DeleteRSI(ctx, id))
	require.NoError(t, c.Records.Remove(ctx, doc, xecmtest.RMClassContracts, ""))
	require.NoError(t, c.Records.DeleteRSIStage(ctx, id, active))
	assert.Error(t, c.Records.DeleteRSIStage(ctx, id, active), "deleted already")
	require.NoError(t, c.Records.DeleteRSI(ctx, id))
	_, err = c.Records.GetRSI(ctx, id)
	assert.ErrorIs(t, err, xecm.ErrNotFound)

	other, err := c.Records.CreateRSI(ctx, xecm.RSICreateRequest{Name: "TMP-1Y", Status: "ACTIVE", StatusDate: day})
	require.NoError(t, err)
	require.NoError(t, c.Records.DeleteRSIByName(ctx, "TMP-1Y"))
	_, err = c.Records.GetRSI(ctx, other)
	assert.ErrorIs(t, err, xecm.ErrNotFound)
	assert.Error(t, c.Records.DeleteRSIByName(ctx, "TMP-1Y"))
}
