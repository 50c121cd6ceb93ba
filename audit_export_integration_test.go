package xecm_test

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

// buildTree makes a subtree of exactly n nodes (the root included) under
// the Enterprise Workspace, with extra audit entries on some of them, and
// returns the root and all ids.
func buildTree(t *testing.T, c *xecm.Client, srv *xecmtest.Server, n int) (int64, []int64) {
	t.Helper()
	root := srv.AddFolder(xecmtest.EnterpriseWorkspaceID, "Export root")
	ids := []int64{root}
	var branches []int64
	for i := 0; i < 9; i++ {
		b := srv.AddFolder(root, fmt.Sprintf("branch %d", i))
		branches = append(branches, b)
		ids = append(ids, b)
	}
	for i := 0; len(ids) < n; i++ {
		ids = append(ids, srv.AddFolder(branches[i%len(branches)], fmt.Sprintf("leaf %d", i)))
	}
	for i, id := range ids {
		if i%97 == 0 {
			require.NoError(t, c.Metadata.Apply(t.Context(), id, xecm.NewCategoryValues(xecmtest.CustomerCategoryID).Set("Customer Number", "X")))
		}
		if i%131 == 0 {
			require.NoError(t, c.Records.ApplyHold(t.Context(), id, xecmtest.HoldTaxAudit))
		}
	}
	return root, ids
}

func TestAuditExportSubtreeJSONLines(t *testing.T) {
	srv, c := startSim(t)
	root, ids := buildTree(t, c, srv, 1000)
	want := map[string]int{} // "node/event" -> count
	wantRows := 0
	for _, id := range ids {
		for _, e := range srv.AuditTrail(id) {
			want[fmt.Sprintf("%d/%d", id, e.EventType)]++
			wantRows++
		}
	}

	var buf bytes.Buffer
	st, err := c.Audit.Export(t.Context(), &buf, xecm.AuditExportOptions{SubtreeOf: root, Concurrency: 8})
	require.NoError(t, err)
	assert.Equal(t, 1000, st.Nodes)
	assert.Equal(t, wantRows, st.AuditRows)

	got := map[string]int{}
	rows := 0
	sc := bufio.NewScanner(&buf)
	for sc.Scan() {
		var row struct {
			Kind      string `json:"kind"`
			NodeID    int64  `json:"node_id"`
			EventType int    `json:"event_type"`
			EventName string `json:"event_name"`
			Time      string `json:"time"`
			UserID    int64  `json:"user_id"`
		}
		require.NoError(t, json.Unmarshal(sc.Bytes(), &row), "line %d is valid JSON", rows+1)
		require.Equal(t, "audit", row.Kind)
		require.NotEmpty(t, row.EventName)
		_, err := time.Parse(time.RFC3339, row.Time)
		require.NoError(t, err)
		require.Equal(t, int64(1000), row.UserID)
		got[fmt.Sprintf("%d/%d", row.NodeID, row.EventType)]++
		rows++
	}
	require.NoError(t, sc.Err())
	assert.Equal(t, wantRows, rows)
	assert.Equal(t, want, got, "one row per audit entry")
}

func TestAuditExportCSVWithRecordsAndHolds(t *testing.T) {
	srv, c := startSim(t)
	ctx := t.Context()
	a := srv.AddFolder(xecmtest.EnterpriseWorkspaceID, "A")
	b := srv.AddFolder(a, "B")
	require.NoError(t, c.Records.Apply(ctx, b, xecmtest.RMClassContracts, nil))
	require.NoError(t, c.Records.ApplyHold(ctx, a, xecmtest.HoldLitigation))

	var buf bytes.Buffer
	st, err := c.Audit.Export(ctx, &buf, xecm.AuditExportOptions{Format: xecm.ExportCSV, NodeIDs: []int64{a, b},
		Records: true, Holds: true, Filter: &xecm.AuditListOptions{Ascending: true}})
	require.NoError(t, err)
	assert.Equal(t, xecm.ExportStats{Nodes: 2, AuditRows: len(srv.AuditTrail(a)) + len(srv.AuditTrail(b)), RecordRows: 1, HoldRows: 2}, st)

	recs, err := csv.NewReader(&buf).ReadAll()
	require.NoError(t, err)
	require.Equal(t, xecm.ExportCSVHeader(), recs[0])
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	kinds := map[string]int{}
	for _, r := range recs[1:] {
		require.Len(t, r, len(xecm.ExportCSVHeader()))
		kinds[r[0]]++
		switch r[0] {
		case "record":
			assert.Equal(t, strconv.FormatInt(b, 10), r[col["node_id"]])
			assert.Equal(t, strconv.FormatInt(xecmtest.RMClassContracts, 10), r[col["class_id"]])
			assert.Equal(t, "CON-7Y", r[col["rsi"]])
		case "hold":
			assert.Equal(t, strconv.FormatInt(xecmtest.HoldLitigation, 10), r[col["hold_id"]])
			if r[col["node_id"]] == strconv.FormatInt(b, 10) {
				assert.Equal(t, "true", r[col["hold_inherited"]])
			}
		case "audit":
			assert.NotEmpty(t, r[col["event_name"]])
		}
	}
	assert.Equal(t, map[string]int{"audit": st.AuditRows, "record": 1, "hold": 2}, kinds)
}

type failingWriter struct{ after int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if w.after <= 0 {
		return 0, errors.New("disk full")
	}
	w.after--
	return len(p), nil
}

func TestAuditExportErrors(t *testing.T) {
	srv, c := startSim(t)
	ctx := t.Context()
	root, _ := buildTree(t, c, srv, 300)

	// A writer failure stops the export and is reported.
	_, err := c.Audit.Export(ctx, &failingWriter{after: 1}, xecm.AuditExportOptions{SubtreeOf: root})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "disk full")

	// A node that does not exist fails the export.
	_, err = c.Audit.Export(ctx, io.Discard, xecm.AuditExportOptions{NodeIDs: []int64{root, 999999}})
	assert.ErrorIs(t, err, xecm.ErrNotFound)

	// Bad input, refused before any request.
	for _, o := range []xecm.AuditExportOptions{
		{},
		{NodeIDs: []int64{0}},
		{SubtreeOf: -1},
		{NodeIDs: []int64{1}, Format: 7},
		{NodeIDs: []int64{1}, Concurrency: -1},
		{NodeIDs: []int64{1}, Filter: &xecm.AuditListOptions{Since: time.Now(), Until: time.Now().Add(-time.Hour)}},
	} {
		_, err := c.Audit.Export(ctx, io.Discard, o)
		assert.ErrorIs(t, err, xecm.ErrInvalidArgument, "%+v", o)
	}
	_, err = c.Audit.Export(ctx, nil, xecm.AuditExportOptions{NodeIDs: []int64{1}})
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
}

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
	srv, c := startSim(t)
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
	srv, c := startSim(t)
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
