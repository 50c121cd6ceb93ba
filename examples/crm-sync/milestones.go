package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/examples/exampleenv"
)

// milestones are the events the CRM hears of, and what it calls them.
var milestones = map[xecm.EventType]string{
	xecm.EventDocumentCreated: "filed", xecm.EventVersionAdded: "new version",
	xecm.EventWorkflowInitiated: "in approval", xecm.EventDocumentApproved: "approved", xecm.EventDocumentRejected: "rejected",
}

// milestoneSync posts the document milestones of a workspace to the CRM
// as activities of its account.
type milestoneSync struct {
	c          *xecm.Client
	workspace  int64
	activities string // the account's activities URL
	hc         *http.Client
	out        io.Writer
	// sent, if set, is told of every milestone the CRM took.
	sent func(xecm.Event)
	// names maps the audit event names beyond the vendor's (the workflow
	// steps the simulator invents; on a real server, your event scripts').
	names xecm.AuditEventTypes
}

func newMilestoneSync(c *xecm.Client, workspace int64, crmURL, accountID string, out io.Writer) *milestoneSync {
	return &milestoneSync{c: c, workspace: workspace, hc: &http.Client{Timeout: 10 * time.Second}, out: out,
		activities: fmt.Sprintf("%s/crm/accounts/%s/activities", strings.TrimRight(crmURL, "/"), accountID)}
}

// run reads the workspace's audit trails with Events.Watch until ctx
// ends; the checkpoints in store make a restarted sync resume where it
// stopped. What fails (a trail, the CRM) is said and tried again.
func (m *milestoneSync) run(ctx context.Context, store xecm.CheckpointStore, interval time.Duration) error {
	return m.c.Events.Watch(ctx, xecm.WatchOptions{NodeIDs: []int64{m.workspace}, Subtree: true, Checkpoints: store, Interval: interval,
		AuditEventTypes: m.names, OnError: func(nodeID int64, err error) {
			fmt.Fprintf(m.out, "   node %d: %v (trying again)\n", nodeID, err)
		}}, m.send)
}

func (m *milestoneSync) send(ctx context.Context, ev xecm.Event) error {
	milestone, ok := milestones[ev.Type]
	if !ok || ev.Data.Subtype != xecm.TypeDocument {
		return nil
	}
	// A failed POST fails the event: Watch delivers it again. The event ID
	// as Idempotency-Key lets the CRM drop the few a restart repeats.
	err := exampleenv.PostJSON(ctx, m.hc, m.activities, ev.ID, map[string]any{"milestone": milestone, "document_id": ev.Data.NodeID,
		"document": ev.Data.Name, "user_id": ev.Data.UserID, "time": ev.Time, "workspace_id": m.workspace}, nil)
	if err == nil && m.sent != nil {
		m.sent(ev)
	}
	return err
}
