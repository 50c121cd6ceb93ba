package xecm_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

func TestParseEvent(t *testing.T) {
	ev, err := xecm.ParseEvent([]byte(`{"type":"document.created","timestamp":"2025-03-01T10:00:00.5Z",
		"data":{"node_id":"4711","parent_id":2000,"name":"a.pdf","subtype":144,"workspace_id":9,"future":{"x":1}},"extra":1}`))
	require.NoError(t, err)
	assert.Equal(t, xecm.EventDocumentCreated, ev.Type)
	assert.Equal(t, time.Date(2025, 3, 1, 10, 0, 0, 5e8, time.UTC), ev.Time)
	assert.Equal(t, xecm.EventData{NodeID: 4711, ParentID: 2000, Name: "a.pdf", Subtype: 144, WorkspaceID: 9}, ev.Data)
	assert.Empty(t, ev.ID, "the ID travels in a header")

	for name, body := range map[string]string{
		"empty":           ``,
		"not JSON":        `hello`,
		"array":           `[]`,
		"no type":         `{"data":{}}`,
		"empty type":      `{"type":""}`,
		"type not string": `{"type":7}`,
		"type with space": `{"type":"a b"}`,
		"bad timestamp":   `{"type":"a","timestamp":"yesterday"}`,
		"data not object": `{"type":"a","data":[1]}`,
		"bad node id":     `{"type":"a","data":{"node_id":"x"}}`,
		"truncated":       `{"type":"a","data":{`,
	} {
		_, err := xecm.ParseEvent([]byte(body))
		assert.ErrorIs(t, err, xecm.ErrInvalidEvent, name)
	}
}

func TestEventJSONRoundTripKeepsUnknownMembersAndTypes(t *testing.T) {
	in := []byte(`{"type":"custom.thing","timestamp":"2025-03-01T10:00:00Z","data":{"node_id":5,"subtype":0,"invoice":"R-1"}}`)
	ev, err := xecm.ParseEvent(in)
	require.NoError(t, err)
	ev.Data.Name = "renamed"
	out, err := json.Marshal(ev)
	require.NoError(t, err)
	var back xecm.Event
	require.NoError(t, json.Unmarshal(out, &back))
	assert.Equal(t, xecm.EventType("custom.thing"), back.Type)
	assert.Equal(t, "renamed", back.Data.Name)
	var extra struct{ Invoice string }
	require.NoError(t, back.DecodeData(&extra))
	assert.Equal(t, "R-1", extra.Invoice, "unknown data members survive a relay")

	local := xecm.Event{Type: xecm.EventHoldApplied, Time: time.Unix(1700000000, 0), Data: xecm.EventData{NodeID: 1, HoldID: 3}}
	out, err = json.Marshal(local)
	require.NoError(t, err)
	assert.JSONEq(t, `{"type":"hold.applied","timestamp":"2023-11-14T22:13:20Z","data":{"node_id":1,"subtype":0,"hold_id":3}}`, string(out))
}

func TestEventTypeForAudit(t *testing.T) {
	cases := []struct {
		audit, subtype int
		want           xecm.EventType
	}{
		{xecm.AuditCreate, xecm.TypeDocument, xecm.EventDocumentCreated},
		{xecm.AuditCreate, xecm.TypeBusinessWorkspace, xecm.EventWorkspaceCreated},
		{xecm.AuditCreate, xecm.TypeFolder, xecm.EventNodeCreated},
		{xecm.AuditCreateFromCopy, xecm.TypeDocument, xecm.EventDocumentCreated},
		{xecm.AuditVersionAdded, xecm.TypeDocument, xecm.EventVersionAdded},
		{xecm.AuditAttributeChanged, xecm.TypeDocument, xecm.EventMetadataChanged},
		{xecm.AuditClassificationSet, xecm.TypeDocument, xecm.EventRetentionChanged},
		{2001, xecm.TypeDocument, xecm.EventHoldApplied},
		{2002, xecm.TypeDocument, xecm.EventHoldRemoved},
		{3003, xecm.TypeDocument, xecm.EventDocumentApproved},
		{3004, xecm.TypeDocument, xecm.EventDocumentRejected},
		{2, xecm.TypeFolder, xecm.EventNodeDeleted},
		{xecm.AuditPermissionChanged, xecm.TypeFolder, xecm.EventPermissionsChanged},
		{xecm.AuditRename, xecm.TypeFolder, xecm.EventNodeRenamed},
		{xecm.AuditXMLImport, xecm.TypeFolder, "audit.416"},
		{99999, xecm.TypeFolder, "audit.99999"},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, xecm.EventTypeForAudit(tc.audit, tc.subtype), "audit %d on subtype %d", tc.audit, tc.subtype)
	}
}

func TestEventFromAudit(t *testing.T) {
	at := xecm.Time{Time: time.Date(2025, 6, 30, 1, 14, 59, 0, time.UTC)}
	e := xecm.AuditEvent{NodeID: 42, EventType: xecm.AuditCreate, EventName: "Create", Time: at, UserID: 1000}
	ws := &xecm.Node{ID: 42, Name: "ACME", Type: xecm.TypeBusinessWorkspace, ParentID: 2000}
	ev := xecm.EventFromAudit(e, 1, ws)
	assert.Equal(t, "audit_42_1751246099_1_1", ev.ID)
	assert.Equal(t, xecm.EventWorkspaceCreated, ev.Type)
	assert.Equal(t, at.Time, ev.Time)
	assert.Equal(t, xecm.EventData{NodeID: 42, ParentID: 2000, Name: "ACME", Subtype: xecm.TypeBusinessWorkspace,
		UserID: 1000, WorkspaceID: 42, AuditType: 1, AuditName: "Create"}, ev.Data)
	assert.Equal(t, xecm.EventNodeCreated, xecm.EventFromAudit(e, 0, nil).Type, "unknown subtype")
	assert.NotEqual(t, xecm.EventFromAudit(e, 0, nil).ID, xecm.EventFromAudit(e, 1, nil).ID)
	assert.NotContains(t, ev.ID, ".")
}

// FuzzParseEvent: any body either parses into an event with a type that
// encodes and parses back to the same event, or fails with ErrInvalidEvent.
func FuzzParseEvent(f *testing.F) {
	for _, s := range []string{
		`{"type":"document.created","timestamp":"2025-03-01T10:00:00Z","data":{"node_id":4711,"subtype":144}}`,
		`{"type":"x"}`,
		`{"type":"x","data":null}`,
		`{"type":"a.b","data":{"node_id":"12","extra":[1,2,{"k":"v"}]}}`,
		`{"type":1}`,
		`[]`,
		`{"type":"x","timestamp":"bad"}`,
		`{"type":"x","data":{"node_id":1e3}}`,
		"\xff\xfe",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		ev, err := xecm.ParseEvent(body)
		if err != nil {
			if !assert.ErrorIs(t, err, xecm.ErrInvalidEvent) {
				t.FailNow()
			}
			return
		}
		if ev.Type == "" {
			t.Fatal("parsed an event without a type")
		}
		out, err := json.Marshal(ev)
		if err != nil {
			t.Fatalf("cannot encode a parsed event: %v", err)
		}
		back, err := xecm.ParseEvent(out)
		if err != nil {
			t.Fatalf("cannot parse an encoded event %s: %v", out, err)
		}
		if back.Type != ev.Type || back.Data != ev.Data || !back.Time.Equal(ev.Time) {
			t.Fatalf("round trip changed the event: %+v -> %+v", ev, back)
		}
	})
}
