package xecm_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

func TestSearchAgainstSimulator(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	contracts := sim.AddFolder(2000, "Contracts")
	for _, name := range []string{"Supply contract ACME.pdf", "Service contract Globex.pdf", "Contract draft.docx", "Invoice 42.pdf"} {
		sim.AddEmptyDocument(contracts, name)
	}
	other := sim.AddFolder(2000, "Other")
	sim.AddEmptyDocument(other, "Old contract.pdf")
	ws, err := c.Workspaces.Create(ctx, customerRequest("S-1"))
	require.NoError(t, err)
	_, err = c.Workspaces.UpdateFromRecord(ctx, ws.ID, map[string]any{"c": "Liechtenstein"}, xecm.RecordMapping{"c": "Country"})
	require.NoError(t, err)

	names := func(q xecm.SearchQuery) []string {
		t.Helper()
		var out []string
		for r, err := range c.Search.QueryIter(ctx, q) {
			require.NoError(t, err)
			out = append(out, r.Name)
		}
		return out
	}
	assert.Equal(t, []string{"Supply contract ACME.pdf", "Service contract Globex.pdf", "Contract draft.docx", "Old contract.pdf"},
		names(xecm.SearchQuery{Where: xecm.LQLAnd(xecm.LQLField("OTName", "contract"), "OTSubType:144"), ListOptions: xecm.ListOptions{Limit: 3}}),
		"the iterator stops on the short page although the server answers pages past the end")
	assert.Equal(t, []string{"Supply contract ACME.pdf", "Service contract Globex.pdf", "Contract draft.docx"},
		names(xecm.SearchQuery{Where: xecm.LQLField("OTName", "contract"), LocationID: contracts}))
	assert.Equal(t, []string{"Contracts", "Supply contract ACME.pdf", "Service contract Globex.pdf", "Contract draft.docx", "Old contract.pdf"},
		names(xecm.SearchQuery{Where: "contract", LocationID: 2000}), "a location scopes to its whole subtree")
	assert.Equal(t, []string{"Contract draft.docx"},
		names(xecm.SearchQuery{Where: xecm.LQLAnd("contract", "NOT OTName:pdf"), LocationID: contracts}))
	assert.Equal(t, []string{"Contracts", "Other"},
		names(xecm.SearchQuery{Where: xecm.LQLAnd("OTSubType:0", xecm.LQLOr("OTName:contracts", "OTName:other")), LocationID: 2000}))
	assert.Equal(t, []string{ws.Name}, names(xecm.SearchQuery{Where: "liechtenstein"}), "category values are searched")
	assert.Equal(t, []string{"Invoice 42.pdf", "Invoices"}, names(xecm.SearchQuery{Where: "inv", Modifier: xecm.ModifierWordBeginsWith, LookFor: xecm.LookForAllWords}))
	assert.Empty(t, names(xecm.SearchQuery{Where: "contract", Within: xecm.WithinContent}), "the simulator indexes no content")

	p, err := c.Search.Query(ctx, xecm.SearchQuery{Where: "contract OTSubType:144", Sort: "asc_OTName", ListOptions: xecm.ListOptions{Limit: 2}})
	require.NoError(t, err)
	assert.Equal(t, 4, p.TotalCount)
	assert.Equal(t, "Contract draft.docx", p.Items[0].Name)
	assert.Equal(t, "Enterprise Workspace:Contracts", p.Items[0].Region("OTLocation"))

	// A user sees only what they may see.
	jdoe := clientAs(t, sim, "jdoe", "jdoe-pw")
	hits, err := jdoe.Search.Query(ctx, xecm.SearchQuery{Where: "liechtenstein"})
	require.NoError(t, err)
	assert.Empty(t, hits.Items)

	_, err = c.Search.Query(ctx, xecm.SearchQuery{Where: "(unbalanced"})
	var apiErr *xecm.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 400, apiErr.StatusCode)
}

func TestWorkflowRunsFromStartToApprovalByTwoUsers(t *testing.T) {
	sim, admin := startSimWith(t, []xecmtest.Option{xecmtest.WithInventedAuditEvents()})
	ctx := t.Context()
	folder := sim.AddFolder(2000, "Contracts")
	doc := sim.AddEmptyDocument(folder, "Contract.pdf")
	jdoe := clientAs(t, sim, "jdoe", "jdoe-pw")
	msmith := clientAs(t, sim, "msmith", "msmith-pw")

	st, err := admin.Workflows.Start(ctx, xecm.WorkflowStartRequest{MapID: xecmtest.ApprovalMapID, DocumentIDs: []int64{doc}, Title: "Approve Contract.pdf", Comment: "please review"})
	require.NoError(t, err)
	require.Positive(t, st.ProcessID)

	wf, err := admin.Workflows.Status(ctx, st.ProcessID)
	require.NoError(t, err)
	assert.Equal(t, "Approve Contract.pdf", wf.Name)
	require.Len(t, wf.Current, 1)
	assert.Equal(t, "Review", wf.Current[0].Name)
	assert.Equal(t, "jdoe", wf.Current[0].Assignees[0].LoginName)
	assert.Len(t, wf.Next, 1)

	// msmith has nothing to do yet and cannot act on jdoe's task.
	mine, err := msmith.Workflows.Assignments(ctx)
	require.NoError(t, err)
	assert.Empty(t, mine)
	err = msmith.Workflows.ActOnTask(ctx, wf.Current[0].TaskRef, xecm.TaskAction{CustomAction: xecm.TaskApprove})
	var apiErr *xecm.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 400, apiErr.StatusCode)

	tasks, err := jdoe.Workflows.Assignments(ctx)
	require.NoError(t, err)
	require.Len(t, tasks, 1)
	assert.Equal(t, "Review", tasks[0].Name)
	require.NoError(t, jdoe.Workflows.ActOnTask(ctx, tasks[0].TaskRef, xecm.TaskAction{CustomAction: xecm.TaskApprove, Comment: "looks fine"}))

	tasks, err = msmith.Workflows.Assignments(ctx)
	require.NoError(t, err)
	require.Len(t, tasks, 1)
	assert.Equal(t, "Approve", tasks[0].Name)
	require.NoError(t, msmith.Workflows.ActOnTask(ctx, tasks[0].TaskRef, xecm.TaskAction{CustomAction: xecm.TaskApprove, Comment: "approved"}))

	wf, err = admin.Workflows.Status(ctx, st.ProcessID)
	require.NoError(t, err)
	assert.True(t, wf.Done())
	assert.Equal(t, "completed", wf.Status)
	assert.Len(t, wf.Completed, 2)
	done, err := admin.Workflows.StatusList(ctx, &xecm.WorkflowStatusOptions{Kind: xecm.WorkflowsInitiated, Status: xecm.WorkflowCompleted})
	require.NoError(t, err)
	require.Len(t, done, 1)
	assert.Equal(t, st.ProcessID, done[0].ProcessID)

	var events []int
	for _, e := range sim.AuditTrail(doc) {
		if e.EventType >= 3000 {
			events = append(events, e.EventType)
		}
	}
	assert.Equal(t, []int{xecmtest.EventWorkflowInitiated, xecmtest.EventWorkflowTaskCompleted, xecmtest.EventWorkflowTaskCompleted, xecmtest.EventWorkflowApproved}, events)
	// The trail reads back through the SDK as well.
	approved := 0
	for e, err := range admin.Audit.ListIter(ctx, doc, &xecm.AuditListOptions{EventType: xecmtest.EventWorkflowApproved}) {
		require.NoError(t, err)
		assert.Equal(t, "Workflow Approved", e.EventName)
		assert.Equal(t, int64(1002), e.UserID)
		approved++
	}
	assert.Equal(t, 1, approved)
}

func TestWorkflowRejectAndDelegate(t *testing.T) {
	run := startApprovalRun(t, "Drafts", "Draft.docx")
	ctx, sim, admin, jdoe, msmith, doc := t.Context(), run.sim, run.admin, run.jdoe, run.msmith, run.doc

	tasks, err := jdoe.Workflows.Assignments(ctx)
	require.NoError(t, err)
	require.Len(t, tasks, 1)
	require.NoError(t, jdoe.Workflows.ActOnTask(ctx, tasks[0].TaskRef, xecm.TaskAction{Action: xecm.TaskDelegate, AssigneeID: 1002}))
	tasks, err = msmith.Workflows.Assignments(ctx)
	require.NoError(t, err)
	require.Len(t, tasks, 1, "the review was delegated to msmith")
	form, err := msmith.Workflows.TaskForm(ctx, tasks[0].TaskRef)
	require.NoError(t, err)
	assert.Equal(t, &xecm.TaskMessage{Type: xecm.TaskMessageDelegate, FromUserID: 1001}, form.Message, "delegated by jdoe")
	assert.True(t, form.HasAction(xecm.TaskReview), "a delegate has the step's actions")
	require.NoError(t, msmith.Workflows.ActOnTask(ctx, tasks[0].TaskRef, xecm.TaskAction{CustomAction: xecm.TaskReject, Comment: "wrong terms"}))

	wf, err := admin.Workflows.Status(ctx, run.processID)
	require.NoError(t, err)
	assert.Equal(t, "stopped", wf.Status)
	assert.Equal(t, 1, countEvents(sim.AuditTrail(doc), xecmtest.EventWorkflowRejected))
	assert.Zero(t, countEvents(sim.AuditTrail(doc), xecmtest.EventWorkflowApproved))

	_, err = admin.Workflows.Start(ctx, xecm.WorkflowStartRequest{MapID: 424242})
	require.Error(t, err)
	_, err = jdoe.Workflows.Start(ctx, xecm.WorkflowStartRequest{MapID: xecmtest.ApprovalMapID, DocumentIDs: []int64{999999}})
	require.Error(t, err)
}

// TestCRMAccountWorkspaceEndToEnd is the done-when flow through
// the SDK alone: ensure the workspace of a CRM account, fill it from the
// account record, give it a document and run its approval workflow.
func TestCRMAccountWorkspaceEndToEnd(t *testing.T) {
	sim, c := startSimWith(t, []xecmtest.Option{xecmtest.WithInventedAuditEvents()})
	ctx := t.Context()
	account := map[string]any{"Id": "0015g00000XyZ", "Name": "ACME Corp", "BillingCountry": "US", "Industry": "Aerospace"}

	ws, created, err := c.Workspaces.Ensure(ctx, customerRequest(account["Id"].(string)))
	require.NoError(t, err)
	assert.True(t, created)
	again, created, err := c.Workspaces.Ensure(ctx, customerRequest(account["Id"].(string)))
	require.NoError(t, err)
	assert.False(t, created)
	assert.Equal(t, ws.ID, again.ID)

	upd, err := c.Workspaces.UpdateFromRecord(ctx, ws.ID, account,
		xecm.RecordMapping{"Name": "Customer Name", "BillingCountry": "Country", "Industry": "Industry"})
	require.NoError(t, err)
	assert.Len(t, upd.Changed, 3)

	contracts, err := c.Nodes.ListChildren(ctx, ws.ID, &xecm.NodeListOptions{WhereName: "Contracts"})
	require.NoError(t, err)
	require.Len(t, contracts.Items, 1)
	up, err := c.Documents.Upload(ctx, xecm.DocumentUploadRequest{ParentID: contracts.Items[0].ID, Name: "MSA ACME.pdf",
		MimeType: "application/pdf", Content: strings.NewReader("%PDF-1.7 master services agreement")})
	require.NoError(t, err)
	doc := up.Node.ID

	st, err := c.Workflows.Start(ctx, xecm.WorkflowStartRequest{MapID: xecmtest.ApprovalMapID, DocumentIDs: []int64{doc}, Title: "MSA ACME"})
	require.NoError(t, err)
	for _, who := range [][2]string{{"jdoe", "jdoe-pw"}, {"msmith", "msmith-pw"}} {
		u := clientAs(t, sim, who[0], who[1])
		tasks, err := u.Workflows.Assignments(ctx)
		require.NoError(t, err)
		require.Len(t, tasks, 1, who[0])
		require.NoError(t, u.Workflows.ActOnTask(ctx, tasks[0].TaskRef, xecm.TaskAction{CustomAction: xecm.TaskApprove}))
	}
	wf, err := c.Workflows.Status(ctx, st.ProcessID)
	require.NoError(t, err)
	assert.Equal(t, "completed", wf.Status)
	assert.Equal(t, 1, countEvents(sim.AuditTrail(doc), xecmtest.EventWorkflowApproved))
}
