package xecm_test

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

// exportedNodes returns the node IDs of the audit rows of a JSON Lines export.
func exportedNodes(t *testing.T, buf *bytes.Buffer) map[int64]bool {
	t.Helper()
	out := map[int64]bool{}
	sc := bufio.NewScanner(buf)
	for sc.Scan() {
		var row struct {
			NodeID int64 `json:"node_id"`
		}
		require.NoError(t, json.Unmarshal(sc.Bytes(), &row))
		out[row.NodeID] = true
	}
	require.NoError(t, sc.Err())
	return out
}

// A node named in NodeIDs that is also the subtree root, or inside the
// subtree, is exported once, and the nodes below it are still walked.
func TestAuditExportNodeIDsInsideTheSubtree(t *testing.T) {
	c, srv := newSimClient(t)
	root := srv.AddFolder(xecmtest.EnterpriseWorkspaceID, "Root")
	a := srv.AddFolder(root, "A")
	a1 := srv.AddFolder(a, "A1")
	b := srv.AddFolder(root, "B")
	all := map[int64]bool{root: true, a: true, a1: true, b: true}

	for name, ids := range map[string][]int64{"the root": {root}, "a branch": {a}, "both": {a, root}} {
		var buf bytes.Buffer
		st, err := c.Audit.Export(t.Context(), &buf, xecm.AuditExportOptions{NodeIDs: ids, SubtreeOf: root})
		require.NoError(t, err, name)
		assert.Equal(t, 4, st.Nodes, name)
		assert.Equal(t, 4, st.AuditRows, "%s: one Create each, none twice", name)
		assert.Equal(t, all, exportedNodes(t, &buf), name)
	}
}

// The record and hold rows carry what the SDK read of them: review dates,
// cycle and the descriptive record fields, who applied a hold, how, and
// whether it is active; not a few of them.
func TestAuditExportKeepsRecordAndHoldDetails(t *testing.T) {
	c, srv := newSimClient(t)
	ctx := t.Context()
	doc := srv.AddFolder(xecmtest.EnterpriseWorkspaceID, "Reviewed")
	review := time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)
	received := time.Date(2025, 2, 3, 0, 0, 0, 0, time.UTC)
	require.NoError(t, c.Records.Apply(ctx, doc, xecmtest.RMClassContracts, &xecm.RecordApplyOptions{Details: &xecm.RecordDetailsUpdate{
		NextReviewDate: &review, ReceivedDate: &received, CyclePeriod: xecm.Ptr(xecm.CycleAnnual),
		Subject: xecm.Ptr("Master agreement"), Originator: xecm.Ptr("Legal")}}))
	require.NoError(t, c.Records.ApplyHold(ctx, doc, xecmtest.HoldLitigation))

	opts := xecm.AuditExportOptions{NodeIDs: []int64{doc}, Records: true, Holds: true}
	var js bytes.Buffer
	_, err := c.Audit.Export(ctx, &js, opts)
	require.NoError(t, err)
	rows := map[string]map[string]any{}
	sc := bufio.NewScanner(&js)
	for sc.Scan() {
		var row map[string]any
		require.NoError(t, json.Unmarshal(sc.Bytes(), &row))
		rows[row["kind"].(string)] = row
	}
	rec, hold := rows["record"], rows["hold"]
	require.NotNil(t, rec)
	require.NotNil(t, hold)
	assert.Equal(t, "2026-01-15T00:00:00Z", rec["next_review_date"])
	assert.Equal(t, "2025-02-03T00:00:00Z", rec["received_date"])
	assert.EqualValues(t, xecm.CycleAnnual, rec["cycle_period"])
	assert.Equal(t, "Master agreement", rec["subject"])
	assert.Equal(t, "Legal", rec["originator"])
	assert.Equal(t, "Admin", hold["hold_applied_by"])
	assert.Equal(t, true, hold["hold_active"])
	assert.NotEmpty(t, hold["hold_applied_method"])

	opts.Format = xecm.ExportCSV
	var cs bytes.Buffer
	_, err = c.Audit.Export(ctx, &cs, opts)
	require.NoError(t, err)
	recs, err := csv.NewReader(&cs).ReadAll()
	require.NoError(t, err)
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	for _, r := range recs[1:] {
		switch r[0] {
		case "record":
			assert.Equal(t, "2026-01-15T00:00:00Z", r[col["next_review_date"]])
			assert.Equal(t, "12", r[col["cycle_period"]])
			assert.Equal(t, "Master agreement", r[col["subject"]])
		case "hold":
			assert.Equal(t, "Admin", r[col["hold_applied_by"]])
			assert.Equal(t, "true", r[col["hold_active"]])
		}
	}
}
