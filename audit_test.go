package xecm_test

import (
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xecm-go/xecm"
)

// auditBody renders a one-page audit response of entries on node 5.
func auditBody(t *testing.T, dates []time.Time) string {
	t.Helper()
	rows := make([]map[string]any, 0, len(dates))
	for _, d := range dates {
		rows = append(rows, map[string]any{"id": 5, "event_type": 10, "audit_name": "Attribute Value Changed",
			"audit_date": d.UTC().Format("2006-01-02T15:04:05"), "user_id": 1000})
	}
	b, err := json.Marshal(map[string]any{
		"collection": map[string]any{"paging": map[string]any{"page": 1, "page_total": 1, "limit": 100, "total_count": len(rows)}},
		"results":    map[string]any{"data": map[string]any{"audit": rows, "audit_event_types": []any{}}}})
	require.NoError(t, err)
	return string(b)
}

// The spec says where_audit_date_start keeps events "after the supplied
// date" and where_audit_date_end those "before" it. Read strictly, a
// server sent the days of Since and Until leaves those days out; the SDK
// must ask for a range that covers them and cut the exact bounds itself.
func TestAuditDateFilterCoversTheBoundaryDays(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	day := func(d, h int) time.Time { return time.Date(2025, 5, d, h, 0, 0, 0, time.UTC) }
	trail := []time.Time{day(2, 12), day(3, 9), day(4, 9), day(5, 9), day(6, 12)}
	mt.RegisterResponder("GET", api("v2/nodes/5/audit"), func(r *http.Request) (*http.Response, error) {
		start, err := time.Parse(time.DateOnly, r.URL.Query().Get("where_audit_date_start"))
		if err != nil {
			return nil, err
		}
		end, err := time.Parse(time.DateOnly, r.URL.Query().Get("where_audit_date_end"))
		if err != nil {
			return nil, err
		}
		var kept []time.Time
		for _, d := range trail {
			if !d.Before(start.AddDate(0, 0, 1)) && d.Before(end) { // strictly after start's day, before end's
				kept = append(kept, d)
			}
		}
		return jsonResp(200, auditBody(t, kept))(r)
	})

	var got []time.Time
	for ev, err := range c.Audit.ListIter(t.Context(), 5, &xecm.AuditListOptions{Since: day(3, 0), Until: day(5, 23)}) {
		require.NoError(t, err)
		got = append(got, ev.Time.Time)
	}
	assert.Equal(t, []time.Time{day(3, 9), day(4, 9), day(5, 9)}, got)
}

// Filters the server cannot mean are refused before any request, naming
// the field.
func TestAuditRefusesNegativeFilters(t *testing.T) {
	c, _ := newMockClient(t, xecm.WithTicket("t")) // any request fails the test
	ctx := t.Context()
	for field, o := range map[string]xecm.AuditListOptions{"UserID": {UserID: -1}, "EventType": {EventType: -3}} {
		_, err := c.Audit.List(ctx, 5, &o)
		require.ErrorIs(t, err, xecm.ErrInvalidArgument, field)
		assert.Contains(t, err.Error(), field)
		_, err = c.Audit.Export(ctx, io.Discard, xecm.AuditExportOptions{SubtreeOf: 5, Filter: &o})
		require.ErrorIs(t, err, xecm.ErrInvalidArgument, field)
		assert.Contains(t, err.Error(), field)
	}
	err := c.Records.RemoveHold(ctx, 5, 13, &xecm.HoldRemoveOptions{QueryID: -7})
	require.ErrorIs(t, err, xecm.ErrInvalidArgument)
	assert.Contains(t, err.Error(), "QueryID")
}

// An audit entry's value is text; a number keeps its JSON text, and an
// object is malformed.
func TestAuditEventValue(t *testing.T) {
	var e xecm.AuditEvent
	require.NoError(t, json.Unmarshal([]byte(`{"id":5,"value":12.5}`), &e))
	assert.Equal(t, "12.5", e.Value)
	assert.Error(t, json.Unmarshal([]byte(`{"id":5,"value":{"a":1}}`), &e))
}
