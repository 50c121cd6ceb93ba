package xecm_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

// seqOf finds the simulator's sequence number of an audit event by its
// time, which the test makes unique.
func seqOf(t *testing.T, srv *xecmtest.Server, node int64, ev xecm.AuditEvent) uint64 {
	t.Helper()
	for _, e := range srv.AuditTrail(node) {
		if e.Date.Equal(ev.Time.Time) {
			return e.Seq
		}
	}
	t.Fatalf("no entry %+v", ev)
	return 0
}

func TestAuditIterPagesAndFilters(t *testing.T) {
	clock := &steppingClock{now: time.Date(2025, 5, 1, 8, 0, 0, 0, time.UTC)}
	srv, c := startSimWith(t, []xecmtest.Option{xecmtest.WithClock(clock.Now)})
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

// Newest first, entries written while an iteration runs push the older
// ones to later pages; the iterator must not yield an entry twice, nor
// skip one that was there when it started, and it must end.
func TestAuditIterNewestFirstWhileTheTrailGrows(t *testing.T) {
	// Each change gets its own second, which tells the entries apart.
	clock := &steppingClock{now: time.Date(2025, 5, 1, 8, 0, 0, 0, time.UTC)}
	tick := func() { clock.Set(clock.Now().Add(time.Second)) }
	srv, c := startSimWith(t, []xecmtest.Option{xecmtest.WithClock(clock.Now)})
	ctx := t.Context()
	node := srv.AddFolder(xecmtest.EnterpriseWorkspaceID, "Busy")
	for range 3 {
		tick()
		require.NoError(t, c.Nodes.Reserve(ctx, node, 1000))
		tick()
		require.NoError(t, c.Nodes.Unreserve(ctx, node))
	}
	before := srv.AuditTrail(node) // 7 entries, oldest first
	require.Len(t, before, 7)

	var got []uint64
	held := false
	for ev, err := range c.Audit.ListIter(ctx, node, &xecm.AuditListOptions{ListOptions: xecm.ListOptions{Limit: 2}}) {
		require.NoError(t, err)
		got = append(got, seqOf(t, srv, node, ev))
		require.Less(t, len(got), 50, "the iteration does not end")
		if len(got)%2 == 1 { // within every page, someone changes the node
			tick()
			if held {
				require.NoError(t, c.Nodes.Unreserve(ctx, node))
			} else {
				require.NoError(t, c.Nodes.Reserve(ctx, node, 1000))
			}
			held = !held
		}
	}
	var want []uint64
	for i := len(before) - 1; i >= 0; i-- {
		want = append(want, before[i].Seq)
	}
	assert.Equal(t, want, got, "each entry of the trail as it stood, newest first, once")
}
