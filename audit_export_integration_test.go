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
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

// steppingClock is a simulator clock that the test moves on.
type steppingClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *steppingClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *steppingClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// newClockedSim starts a simulator on clock with a client logged in as
// Admin; its requests are held to the vendor specs when the test ends.
func newClockedSim(t *testing.T, clock *steppingClock) (*xecm.Client, *xecmtest.Server) {
	t.Helper()
	srv := xecmtest.NewServer(xecmtest.WithClock(clock.Now))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { checkSpecRequests(t, srv) })
	c, err := xecm.NewClient(srv.URL, xecm.WithPassword("Admin", "livelink"), xecm.WithRetryPolicy(fastRetries))
	require.NoError(t, err)
	return c, srv
}

func TestAuditIterPagesAndFilters(t *testing.T) {
	clock := &steppingClock{now: time.Date(2025, 5, 1, 8, 0, 0, 0, time.UTC)}
	c, srv := newClockedSim(t, clock)
	jdoe, err := xecm.NewClient(srv.URL, xecm.WithPassword("jdoe", "jdoe-pw"), xecm.WithRetryPolicy(fastRetries))
	require.NoError(t, err)
	ctx := t.Context()

	node := srv.AddFolder(xecmtest.EnterpriseWorkspaceID, "Audited") // Create, May 1
	require.NoError(t, c.Metadata.Apply(ctx, node, xecm.NewCategoryValues(xecmtest.CustomerCategoryID).Set("Customer Number", "1")))
	for day := 2; day <= 8; day++ {
		clock.Set(time.Date(2025, 5, day, 9, 0, 0, 0, time.UTC))
		writer, writerID := c, int64(1000)
		if day%2 == 0 {
			writer, writerID = jdoe, 1001
		}
		_, err := writer.Metadata.Update(ctx, node, xecm.NewCategoryValues(xecmtest.CustomerCategoryID).Set("Customer Name", strconv.Itoa(day)), nil)
		require.NoError(t, err)
		require.NoError(t, writer.Nodes.Reserve(ctx, node, writerID))
		require.NoError(t, writer.Nodes.Unreserve(ctx, node))
	}
	total := len(srv.AuditTrail(node))
	require.Equal(t, 2+7*3, total)

	// Every entry, across pages of 4, newest first.
	var all []xecm.AuditEvent
	for ev, err := range c.Audit.ListIter(ctx, node, &xecm.AuditListOptions{ListOptions: xecm.ListOptions{Limit: 4}}) {
		require.NoError(t, err)
		all = append(all, ev)
	}
	require.Len(t, all, total)
	for i := 1; i < len(all); i++ {
		assert.False(t, all[i].Time.After(all[i-1].Time.Time), "newest first")
	}
	assert.Equal(t, node, all[0].NodeID)

	count := func(o xecm.AuditListOptions) int {
		o.Limit = 3
		n := 0
		for _, err := range c.Audit.ListIter(ctx, node, &o) {
			require.NoError(t, err)
			n++
		}
		return n
	}
	assert.Equal(t, 7, count(xecm.AuditListOptions{EventType: xecm.AuditReserve}))
	assert.Equal(t, 8, count(xecm.AuditListOptions{EventType: xecm.AuditAttributeChanged}))
	assert.Equal(t, 4*3, count(xecm.AuditListOptions{UserID: 1001}), "jdoe on days 2, 4, 6, 8")
	assert.Equal(t, 3*3, count(xecm.AuditListOptions{
		Since: time.Date(2025, 5, 3, 0, 0, 0, 0, time.UTC), Until: time.Date(2025, 5, 5, 23, 0, 0, 0, time.UTC)}))
	assert.Equal(t, 2, count(xecm.AuditListOptions{EventType: xecm.AuditUnreserve, UserID: 1000,
		Since: time.Date(2025, 5, 4, 0, 0, 0, 0, time.UTC), Until: time.Date(2025, 5, 7, 23, 0, 0, 0, time.UTC)}), "days 5 and 7")

	asc, err := c.Audit.List(ctx, node, &xecm.AuditListOptions{Ascending: true, ListOptions: xecm.ListOptions{Limit: 2}})
	require.NoError(t, err)
	assert.Equal(t, xecm.AuditCreate, asc.Items[0].EventType)
	assert.Equal(t, "Create", asc.Items[0].EventName)
	names := map[int]string{}
	for _, et := range asc.EventTypes {
		names[et.ID] = et.Name
	}
	assert.Equal(t, "Reserve", names[xecm.AuditReserve])
	assert.Equal(t, "Unreserve", names[xecm.AuditUnreserve])
	assert.Equal(t, "Attribute Value Changed", names[10])
}

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
	c, srv := newSimClient(t)
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
	c, srv := newSimClient(t)
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
	require.Equal(t, xecm.ExportCSVHeader, recs[0])
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	kinds := map[string]int{}
	for _, r := range recs[1:] {
		require.Len(t, r, len(xecm.ExportCSVHeader))
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
	c, srv := newSimClient(t)
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
