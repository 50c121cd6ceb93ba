package xecm_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
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
		name           string
		audit, subtype int
		want           xecm.EventType
	}{
		{"Create", xecm.AuditCreate, xecm.TypeDocument, xecm.EventDocumentCreated},
		{"Create", xecm.AuditCreate, xecm.TypeBusinessWorkspace, xecm.EventWorkspaceCreated},
		{"Create", xecm.AuditCreate, xecm.TypeFolder, xecm.EventNodeCreated},
		{"Create from Copy", xecm.AuditCreateFromCopy, xecm.TypeDocument, xecm.EventDocumentCreated},
		{"Version Added", xecm.AuditVersionAdded, xecm.TypeDocument, xecm.EventVersionAdded},
		{"Attribute Value Changed", xecm.AuditAttributeChanged, xecm.TypeDocument, xecm.EventMetadataChanged},
		{"Classification Applied", xecm.AuditClassificationSet, xecm.TypeDocument, xecm.EventRetentionChanged},
		{"Permission Changed", xecm.AuditPermissionChanged, xecm.TypeFolder, xecm.EventPermissionsChanged},
		{"Rename", xecm.AuditRename, xecm.TypeFolder, xecm.EventNodeRenamed},
		{"XML Import", xecm.AuditXMLImport, xecm.TypeFolder, "audit.416"},
		// The name decides, whatever the server numbers it.
		{"version added", 7011, xecm.TypeDocument, xecm.EventVersionAdded},
		{" Rename ", 42, xecm.TypeFolder, xecm.EventNodeRenamed},
		{"Create", 9001, xecm.TypeDocument, xecm.EventDocumentCreated},
		// A name the vendor's answers do not show is not guessed from its ID.
		{"Fetch", xecm.AuditRename, xecm.TypeFolder, "audit.5"},
		// The project's former inventions map to nothing on their own.
		{"Hold Applied", 2001, xecm.TypeDocument, "audit.2001"},
		{"Workflow Approved", 3003, xecm.TypeDocument, "audit.3003"},
		{"", 2, xecm.TypeFolder, "audit.2"},
		// Without a name, the vendor's IDs.
		{"", xecm.AuditVersionAdded, xecm.TypeDocument, xecm.EventVersionAdded},
		{"", xecm.AuditCreate, xecm.TypeBusinessWorkspace, xecm.EventWorkspaceCreated},
		{"", 99999, xecm.TypeFolder, "audit.99999"},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, xecm.EventTypeForAudit(tc.name, tc.audit, tc.subtype), "audit %q (%d) on subtype %d", tc.name, tc.audit, tc.subtype)
	}
}

func TestAuditEventTypesAddNamesAndComeFirst(t *testing.T) {
	m := xecm.AuditEventTypes{"Freigabe erteilt": xecm.EventDocumentApproved, "RENAME": "custom.renamed"}
	assert.Equal(t, xecm.EventDocumentApproved, m.EventType("freigabe erteilt", 5301, xecm.TypeDocument))
	assert.Equal(t, xecm.EventType("custom.renamed"), m.EventType("Rename", xecm.AuditRename, xecm.TypeFolder))
	assert.Equal(t, xecm.EventVersionAdded, m.EventType("Version Added", 11, xecm.TypeDocument), "the vendor's names still map")
	at := xecm.Time{Time: time.Date(2025, 6, 30, 1, 14, 59, 0, time.UTC)}
	ev := m.Event(xecm.AuditEvent{NodeID: 7, EventType: 5301, EventName: "Freigabe erteilt", Time: at}, 0, nil)
	assert.Equal(t, xecm.EventDocumentApproved, ev.Type)
	assert.Equal(t, "audit_7_1751246099_0_5301", ev.ID)
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

// An entry without audit_name takes the name the trail's table gives its
// ID, and that name, not the ID, decides its event.
func TestAuditListNamesEntriesFromTheTableOfEventTypes(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	mt.RegisterResponder("GET", api("v2/nodes/5/audit"), httpmock.NewStringResponder(200, `{
		"collection":{"paging":{"page":1,"page_total":1,"limit":100,"total_count":2}},
		"results":{"data":{"audit":[
			{"id":5,"event_type":811,"audit_date":"2025-05-02T10:00:00","user_id":1000},
			{"id":5,"event_type":812,"audit_name":"Rename","audit_date":"2025-05-02T10:00:01","user_id":1000}],
		"audit_event_types":[{"id":811,"name":"Version Added"},{"id":812,"name":"Rename"}]}}}`))
	page, err := c.Audit.List(t.Context(), 5, nil)
	require.NoError(t, err)
	require.Len(t, page.Items, 2)
	assert.Equal(t, "Version Added", page.Items[0].EventName)
	assert.Equal(t, xecm.EventVersionAdded, xecm.EventFromAudit(page.Items[0], 0, &xecm.Node{ID: 5, Type: xecm.TypeDocument}).Type)
	assert.Equal(t, xecm.EventNodeRenamed, xecm.EventFromAudit(page.Items[1], 0, nil).Type)
}

// An event whose RawData is not a JSON object cannot be encoded: its
// members would be lost without a word.
func TestEventWithMalformedRawDataIsNotEncoded(t *testing.T) {
	ev := xecm.Event{ID: "e1", Type: xecm.EventNodeCreated, RawData: json.RawMessage(`[1,2]`)}
	_, err := json.Marshal(ev)
	assert.ErrorIs(t, err, xecm.ErrInvalidEvent)
}
