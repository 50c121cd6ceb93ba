package xecm_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

func TestRecordsClassifyUpdateRemove(t *testing.T) {
	srv, c := startSim(t)
	ctx := t.Context()
	doc := srv.AddFolder(xecmtest.EnterpriseWorkspaceID, "Contract file")

	rec, err := c.Records.Get(ctx, doc)
	require.NoError(t, err)
	assert.True(t, rec.CanClassify)
	assert.Equal(t, xecmtest.RMClassVolumeID, rec.ClassVolumeID)
	assert.NotEmpty(t, rec.MetadataToken)
	_, ok := rec.Primary()
	assert.False(t, ok)

	signed := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	require.NoError(t, c.Records.Apply(ctx, doc, xecmtest.RMClassContracts, &xecm.RecordApplyOptions{
		Details: &xecm.RecordDetailsUpdate{RecordDate: &signed, Essential: xecm.Ptr("VR")}}))
	rec, err = c.Records.Get(ctx, doc)
	require.NoError(t, err)
	p, ok := rec.Primary()
	require.True(t, ok)
	assert.Equal(t, xecmtest.RMClassContracts, p.ClassID)
	assert.Equal(t, "Contracts", p.Name)
	assert.Equal(t, "CR-CON", p.FileNumber)
	assert.Equal(t, "ACTIVE", p.Status, "read from the server's file_status")
	assert.Equal(t, "VR", p.Essential)
	assert.Equal(t, "CON-7Y", p.RSI)
	assert.True(t, p.RecordDate.Equal(signed))

	// Update with the token read: works; with the old token: conflict.
	old := rec.MetadataToken
	review := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	require.NoError(t, c.Records.UpdateDetails(ctx, doc, xecm.RecordDetailsUpdate{
		Status: xecm.Ptr("CLOSED"), Official: xecm.Ptr(true), Storage: xecm.Ptr("PAPER"), NextReviewDate: &review,
		CyclePeriod: xecm.Ptr(xecm.CycleAnnual), Subject: xecm.Ptr("Globex master agreement")},
		&xecm.RecordUpdateOptions{MetadataToken: old}))
	err = c.Records.UpdateDetails(ctx, doc, xecm.RecordDetailsUpdate{Status: xecm.Ptr("ACTIVE")}, &xecm.RecordUpdateOptions{MetadataToken: old})
	assert.ErrorIs(t, err, xecm.ErrConflict)
	rec, err = c.Records.Get(ctx, doc)
	require.NoError(t, err)
	p, _ = rec.Primary()
	assert.Equal(t, "CLOSED", p.Status)
	assert.True(t, p.Official)
	assert.Equal(t, "PAPER", p.Storage)
	assert.Equal(t, xecm.CycleAnnual, p.CyclePeriod)
	assert.True(t, p.NextReviewDate.Equal(review))
	assert.Equal(t, "Globex master agreement", p.Subject)

	// RSIs on the classification.
	require.NoError(t, c.Records.AssignRSI(ctx, doc, xecmtest.RMClassContracts, "CUS-10Y"))
	_, rsi, _ := srv.RMClassification(doc)
	assert.Equal(t, "CUS-10Y", rsi)
	assert.Error(t, c.Records.AssignRSI(ctx, doc, xecmtest.RMClassContracts, "NO-SUCH-RSI"))
	require.NoError(t, c.Records.RemoveRSI(ctx, doc, xecmtest.RMClassContracts))
	_, rsi, _ = srv.RMClassification(doc)
	assert.Empty(t, rsi)

	require.NoError(t, c.Records.Remove(ctx, doc, xecmtest.RMClassContracts, ""))
	_, _, ok = srv.RMClassification(doc)
	assert.False(t, ok)

	n := 0
	for _, e := range srv.AuditTrail(doc) {
		if e.EventType == xecmtest.EventClassificationApplied {
			n++
		}
	}
	assert.Equal(t, 5, n, "apply, update, assign RSI, remove RSI, remove")

	// Bad input.
	assert.ErrorIs(t, c.Records.Apply(ctx, doc, 0, nil), xecm.ErrInvalidArgument)
	assert.ErrorIs(t, c.Records.Apply(ctx, doc, 1, &xecm.RecordApplyOptions{
		Details: &xecm.RecordDetailsUpdate{CyclePeriod: xecm.Ptr(5)}}), xecm.ErrInvalidArgument)
	assert.ErrorIs(t, c.Records.UpdateDetails(ctx, doc, xecm.RecordDetailsUpdate{}, nil), xecm.ErrInvalidArgument)
	assert.ErrorIs(t, c.Records.UpdateDetails(ctx, doc, xecm.RecordDetailsUpdate{RecordDate: &time.Time{}}, nil), xecm.ErrInvalidArgument)
	assert.ErrorIs(t, c.Records.AssignRSI(ctx, doc, 1, " "), xecm.ErrInvalidArgument)
	_, err = xecm.RMClassificationRole(0, nil)
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
}

func TestRecordsStandardClassifications(t *testing.T) {
	srv, c := startSim(t)
	ctx := t.Context()
	node := srv.AddFolder(xecmtest.EnterpriseWorkspaceID, "Invoices")
	require.NoError(t, c.Records.AddClassifications(ctx, node, xecmtest.ClassificationFinance))
	// The server's call replaces the set; Add keeps what is there.
	require.NoError(t, c.Records.AddClassifications(ctx, node, xecmtest.ClassificationLegal, xecmtest.ClassificationFinance))
	list, err := c.Records.ListClassifications(ctx, node)
	require.NoError(t, err)
	ids := []int64{}
	for _, cl := range list {
		ids = append(ids, cl.ID)
	}
	assert.Equal(t, []int64{xecmtest.ClassificationFinance, xecmtest.ClassificationLegal}, ids)
	assert.Equal(t, "Finance", list[0].Name)

	require.NoError(t, c.Records.RemoveClassification(ctx, node, xecmtest.ClassificationFinance))
	list, err = c.Records.ListClassifications(ctx, node)
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.Equal(t, xecmtest.ClassificationLegal, list[0].ID)

	require.NoError(t, c.Records.SetClassifications(ctx, node, []int64{xecmtest.ClassificationSales}))
	list, _ = c.Records.ListClassifications(ctx, node)
	require.Len(t, list, 1)
	assert.Equal(t, xecmtest.ClassificationSales, list[0].ID)
	require.NoError(t, c.Records.SetClassifications(ctx, node, nil))
	list, _ = c.Records.ListClassifications(ctx, node)
	assert.Empty(t, list)
	assert.ErrorIs(t, c.Records.AddClassifications(ctx, node), xecm.ErrInvalidArgument)
}

func TestRecordsHolds(t *testing.T) {
	srv, c := startSim(t)
	ctx := t.Context()

	page, err := c.Records.ListHolds(ctx, &xecm.ListOptions{Limit: 2})
	require.NoError(t, err)
	assert.Len(t, page.Items, 2)
	assert.Equal(t, 2, page.PageTotal)
	var names []string
	for h, err := range c.Records.ListHoldsIter(ctx, &xecm.ListOptions{Limit: 1}) {
		require.NoError(t, err)
		names = append(names, h.Name)
	}
	assert.Equal(t, []string{"Litigation 2025", "Tax Audit", "Closed Matter"}, names)

	h, err := c.Records.GetHold(ctx, xecmtest.HoldTaxAudit)
	require.NoError(t, err)
	assert.Equal(t, "Tax Audit", h.Name)
	assert.Equal(t, "AUDIT", h.Type)
	assert.True(t, h.Active)
	assert.Equal(t, "TAX-2025", h.AlternateID)
	_, err = c.Records.GetHold(ctx, 9999)
	assert.ErrorIs(t, err, xecm.ErrNotFound, "an ok:false body is an error")

	id, err := c.Records.CreateHold(ctx, xecm.HoldCreateRequest{Name: "Merger review", Type: "LEGAL", Comment: "M&A",
		DateApplied: time.Date(2025, 7, 1, 9, 0, 0, 0, time.UTC)})
	require.NoError(t, err)
	h, err = c.Records.GetHold(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, "Merger review", h.Name)
	assert.Equal(t, "M&A", h.Comment)
	_, err = c.Records.CreateHold(ctx, xecm.HoldCreateRequest{Name: "Merger review", Type: "LEGAL"})
	assert.ErrorIs(t, err, xecm.ErrAlreadyExists)
	_, err = c.Records.CreateHold(ctx, xecm.HoldCreateRequest{Name: "No type"})
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)

	parent := srv.AddFolder(xecmtest.EnterpriseWorkspaceID, "Matter")
	child := srv.AddFolder(parent, "Evidence")
	require.NoError(t, c.Records.ApplyHold(ctx, parent, xecmtest.HoldLitigation))
	err = c.Records.ApplyHold(ctx, parent, xecmtest.HoldLitigation)
	require.Error(t, err, "applying twice is an ok:false body")
	var ae *xecm.APIError
	require.ErrorAs(t, err, &ae)
	assert.Contains(t, ae.Message, "already has the hold")
	assert.Error(t, c.Records.ApplyHold(ctx, parent, xecmtest.HoldClosedMatter), "inactive hold")

	holds, err := c.Records.NodeHolds(ctx, child)
	require.NoError(t, err)
	require.Len(t, holds, 1)
	assert.Equal(t, xecmtest.HoldLitigation, holds[0].HoldID)
	assert.True(t, holds[0].Inherited)
	assert.Equal(t, parent, holds[0].SourceID)
	assert.False(t, holds[0].Removable)
	holds, err = c.Records.NodeHolds(ctx, parent)
	require.NoError(t, err)
	require.Len(t, holds, 1)
	assert.False(t, holds[0].Inherited)

	require.NoError(t, c.Records.RemoveHold(ctx, parent, xecmtest.HoldLitigation, nil))
	assert.Error(t, c.Records.RemoveHold(ctx, parent, xecmtest.HoldLitigation, nil))
	assert.Empty(t, srv.HoldIDs(parent))

	// The audit entries of holds are not public: the simulator writes its
	// invented ones only when asked to (WithInventedAuditEvents).
	for _, e := range srv.AuditTrail(parent) {
		assert.NotContains(t, []int{xecmtest.EventHoldApplied, xecmtest.EventHoldRemoved}, e.EventType)
	}
}

func TestRecordsHoldBulkOneFailing(t *testing.T) {
	srv, c := startSim(t)
	ctx := t.Context()
	var ids []int64
	for _, name := range []string{"a", "b", "c", "d"} {
		ids = append(ids, srv.AddFolder(xecmtest.EnterpriseWorkspaceID, name))
	}
	// Node c is already held: its apply fails with an ok:false body.
	require.NoError(t, c.Records.ApplyHold(ctx, ids[2], xecmtest.HoldTaxAudit))

	for _, conc := range []int{0, 3} {
		res, err := c.Records.ApplyHoldBulk(ctx, xecmtest.HoldTaxAudit, ids, &xecm.BulkOptions{Concurrency: conc})
		require.NoError(t, err)
		require.Len(t, res, 4)
		for i, r := range res {
			assert.Equal(t, ids[i], r.NodeID, "results keep the order given")
		}
		failed := res.Failed()
		if conc == 0 {
			require.Len(t, failed, 1)
			assert.Equal(t, ids[2], failed[0].NodeID)
			assert.Contains(t, res.Err().Error(), "already has the hold")
		} else {
			assert.Len(t, failed, 4, "second run: all already held")
		}
	}
	for _, id := range ids {
		assert.Equal(t, []int64{xecmtest.HoldTaxAudit}, srv.HoldIDs(id))
	}

	res, err := c.Records.RemoveHoldBulk(ctx, xecmtest.HoldTaxAudit, append(ids, 987654), nil)
	require.NoError(t, err)
	require.Len(t, res.Failed(), 1)
	assert.Equal(t, int64(987654), res.Failed()[0].NodeID)
	assert.ErrorIs(t, res.Failed()[0].Err, xecm.ErrNotFound)
	assert.NoError(t, res[:4].Err())

	// A cancelled context fails the remaining items, not the call.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	res, err = c.Records.ApplyHoldBulk(cctx, xecmtest.HoldTaxAudit, ids, nil)
	require.NoError(t, err)
	for _, r := range res {
		assert.ErrorIs(t, r.Err, context.Canceled)
	}

	_, err = c.Records.ApplyHoldBulk(ctx, xecmtest.HoldTaxAudit, nil, nil)
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	_, err = c.Records.ApplyHoldBulk(ctx, xecmtest.HoldTaxAudit, []int64{1, -2}, nil)
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	_, err = c.Records.ApplyHoldBulk(ctx, 0, ids, nil)
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	_, err = c.Records.ApplyHoldBulk(ctx, 1, ids, &xecm.BulkOptions{Concurrency: -1})
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
}

func TestRecordsRSIs(t *testing.T) {
	_, c := startSim(t)
	ctx := t.Context()
	page, err := c.Records.ListRSIs(ctx, &xecm.ListOptions{Limit: 2})
	require.NoError(t, err)
	assert.Len(t, page.Items, 2)
	assert.Equal(t, 4, page.TotalCount, "one row per stage")
	var rows []string
	for r, err := range c.Records.ListRSIsIter(ctx, &xecm.ListOptions{Limit: 3}) {
		require.NoError(t, err)
		rows = append(rows, r.Name)
	}
	assert.Equal(t, []string{"CON-7Y", "CON-7Y", "CUS-10Y", "HR-PERM"}, rows)

	r, err := c.Records.GetRSI(ctx, xecmtest.RSIContractsID)
	require.NoError(t, err)
	assert.Equal(t, "CON-7Y", r.Name)
	assert.Equal(t, "Contracts", r.Title)
	require.Len(t, r.Schedules, 2)
	assert.Equal(t, 2, r.Schedules[0].RetentionYears)
	assert.Equal(t, "DESTROY", r.Schedules[1].Disposition)
	assert.Equal(t, "32", r.Schedules[1].ActionCode)
	_, err = c.Records.GetRSI(ctx, 4242)
	assert.ErrorIs(t, err, xecm.ErrNotFound)
	_, err = c.Records.GetRSI(ctx, 0)
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
}

func TestRecordsFirstClassificationWithoutToken(t *testing.T) {
	srv, c := startSim(t)
	ctx := t.Context()
	doc := srv.AddFolder(xecmtest.EnterpriseWorkspaceID, "New contract")

	before := len(srv.Requests())
	require.NoError(t, c.Records.Apply(ctx, doc, xecmtest.RMClassContracts, &xecm.RecordApplyOptions{FirstClassification: true}))
	sent := srv.Requests()[before:]
	var calls []string
	for _, r := range sent {
		if strings.Contains(r.Path, "rmclassifications") {
			calls = append(calls, r.Method)
		}
	}
	assert.Equal(t, []string{"POST"}, calls, "one call, no token read first")
	class, _, ok := srv.RMClassification(doc)
	require.True(t, ok)
	assert.Equal(t, xecmtest.RMClassContracts, class)

	// Once classified, the server wants the token: a change without it is refused.
	err := c.Records.Apply(ctx, doc, xecmtest.RMClassCustomerFiles, &xecm.RecordApplyOptions{FirstClassification: true})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "rm_metadataToken")
	require.NoError(t, c.Records.Apply(ctx, doc, xecmtest.RMClassCustomerFiles, nil))
	class, _, _ = srv.RMClassification(doc)
	assert.Equal(t, xecmtest.RMClassCustomerFiles, class)

	err = c.Records.Apply(ctx, doc, xecmtest.RMClassContracts, &xecm.RecordApplyOptions{FirstClassification: true, MetadataToken: "x"})
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
}
