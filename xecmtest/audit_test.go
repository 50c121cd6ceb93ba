package xecmtest

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func auditTypes(t *testing.T, m map[string]any) []int {
	t.Helper()
	var out []int
	for _, e := range dig(t, m, "results", "data", "audit").([]any) {
		out = append(out, int(e.(map[string]any)["event_type"].(float64)))
	}
	return out
}

func TestAuditTrail(t *testing.T) {
	clk := newFakeClock()
	s := newServer(t, WithClock(clk.Now), WithTicketLifetime(100*time.Hour))
	var heard []AuditEntry
	s.mu.Lock()
	s.onAuditLocked(func(e AuditEntry) { heard = append(heard, e) })
	s.mu.Unlock()

	c := login(t, s, "jdoe", "jdoe-pw")
	id := c.createFolder(2000, "Audited")
	clk.Advance(24 * time.Hour)
	c.body(http.MethodPut, fmt.Sprintf("/v2/nodes/%d", id), map[string]any{"name": "Renamed"})
	clk.Advance(time.Hour)
	c.body(http.MethodPut, fmt.Sprintf("/v2/nodes/%d", id), map[string]any{"reserved_user_id": 1002})
	a := admin(t, s)
	a.body(http.MethodPut, fmt.Sprintf("/v2/nodes/%d", id), map[string]any{"reserved_user_id": "null"})
	a.body(http.MethodPost, "/v2/nodes", map[string]any{"original_id": id, "parent_id": 2000, "name": "Copy"})

	resp, m := c.get(fmt.Sprintf("/v2/nodes/%d/audit", id))
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, []int{EventCopy, EventUnreserve, EventReserve, EventRename, EventCreate}, auditTypes(t, m))
	first := dig(t, m, "results", "data", "audit").([]any)[2].(map[string]any)
	assert.Equal(t, float64(id), first["id"])
	assert.Equal(t, "Reserve", first["audit_name"])
	assert.Equal(t, float64(1001), first["user_id"])
	assert.Equal(t, float64(1002), first["target_user_id"])
	assert.Nil(t, first["agent_id"])
	assert.Regexp(t, noZoneDate, first["audit_date"])
	assert.Equal(t, float64(5), dig(t, m, "collection", "paging", "total_count"))
	ev := dig(t, m, "results", "data", "audit_event_types").([]any)
	assert.Contains(t, ev, map[string]any{"id": float64(1), "name": "Create"})

	_, m = c.get(fmt.Sprintf("/v2/nodes/%d/audit?sort=asc_audit_date&limit=2&page=1", id))
	assert.Equal(t, []int{EventCreate, EventRename}, auditTypes(t, m))
	assert.Equal(t, float64(3), dig(t, m, "collection", "paging", "page_total"))

	_, m = c.get(fmt.Sprintf("/v2/nodes/%d/audit?where_type=6&where_type=7", id))
	assert.Equal(t, []int{EventUnreserve, EventReserve}, auditTypes(t, m))
	_, m = c.get(fmt.Sprintf("/v2/nodes/%d/audit?where_user_id=1000", id))
	assert.Equal(t, []int{EventCopy, EventUnreserve}, auditTypes(t, m))
	_, m = c.get(fmt.Sprintf("/v2/nodes/%d/audit?where_audit_date_end=2025-01-19", id))
	assert.Equal(t, []int{EventCreate}, auditTypes(t, m))
	_, m = c.get(fmt.Sprintf("/v2/nodes/%d/audit?where_audit_date_start=2025-01-20&sort=asc_audit_date", id))
	assert.Equal(t, []int{EventRename, EventReserve, EventUnreserve, EventCopy}, auditTypes(t, m))
	_, m = c.get(fmt.Sprintf("/v2/nodes/%d/audit?where_audit_date_start=2025-01-20T07:30:00", id))
	assert.Equal(t, []int{EventCopy, EventUnreserve, EventReserve}, auditTypes(t, m))
	_, m = c.get(fmt.Sprintf("/v2/nodes/%d/audit?expand=audit{user_id}&limit=1", id))
	assert.Equal(t, "Admin", dig(t, dig(t, m, "results", "data", "audit").([]any)[0], "user_id_expand", "name"))

	resp, _ = c.get(fmt.Sprintf("/v2/nodes/%d/audit?where_audit_date_start=yesterday", id))
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	resp, _ = c.get("/v2/nodes/1/audit")
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)

	// The listener saw everything, in order, including the copy's own event.
	require.NotEmpty(t, heard)
	for i := 1; i < len(heard); i++ {
		assert.Less(t, heard[i-1].Seq, heard[i].Seq)
	}
	assert.Equal(t, EventCreateFromCopy, heard[len(heard)-1].EventType)
	assert.Len(t, s.AuditTrail(id), 5)
}

func TestAuditDeleteAndMoveAreInventionsWrittenOnlyOnRequest(t *testing.T) {
	for _, tc := range []struct {
		opts []Option
		want []int
	}{
		{nil, []int{EventCreate, EventAttributeValueChanged}},
		{[]Option{WithInventedAuditEvents()}, []int{EventCreate, EventAttributeValueChanged, EventMove, EventDelete}},
	} {
		s := newServer(t, tc.opts...)
		c := admin(t, s)
		id := s.AddFolder(2000, "X")
		to := s.AddFolder(2000, "To")
		c.body(http.MethodPut, fmt.Sprintf("/v2/nodes/%d", id), map[string]any{"parent_id": to, "description": "moved"})
		c.req(http.MethodDelete, fmt.Sprintf("/v2/nodes/%d", id), nil, "", nil)
		var types []int
		for _, e := range s.AuditTrail(id) {
			types = append(types, e.EventType)
		}
		assert.Equal(t, tc.want, types)
	}
	assert.Equal(t, "Delete", AuditEventName(EventDelete))
}

func TestAuditEventIDsAreRenumberedOnTheWire(t *testing.T) {
	s := newServer(t, WithAuditEventIDs(map[string]int{"Create": 7001, "Rename": 7004}))
	c := admin(t, s)
	id := c.createFolder(2000, "Renumbered")
	c.body(http.MethodPut, fmt.Sprintf("/v2/nodes/%d", id), map[string]any{"name": "Renamed"})

	resp, m := c.get(fmt.Sprintf("/v2/nodes/%d/audit?sort=asc_audit_date", id))
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	assert.Equal(t, []int{7001, 7004}, auditTypes(t, m))
	assert.Equal(t, []any{map[string]any{"id": 7001.0, "name": "Create"}, map[string]any{"id": 7004.0, "name": "Rename"}},
		dig(t, m, "results", "data", "audit_event_types"))
	_, m = c.get(fmt.Sprintf("/v2/nodes/%d/audit?where_type=7004", id))
	assert.Equal(t, []int{7004}, auditTypes(t, m), "where_type takes the wire's numbers")
	_, m = c.get(fmt.Sprintf("/v2/nodes/%d/audit?where_type=%d", id, EventRename))
	assert.Empty(t, auditTypes(t, m))
	assert.Equal(t, EventRename, s.AuditTrail(id)[1].EventType, "AuditTrail keeps the simulator's numbers")
}
