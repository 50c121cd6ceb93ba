package xecm_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

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

// A workflow on a document that does not exist (or that the user cannot
// see) is refused with 400 "Error getting node from ID": not found.
func TestWorkflowStartOnAMissingDocumentIsNotFound(t *testing.T) {
	_, c := startSim(t)
	_, err := c.Workflows.Start(t.Context(), xecm.WorkflowStartRequest{MapID: xecmtest.ApprovalMapID, DocumentIDs: []int64{999999}})
	assert.ErrorIs(t, err, xecm.ErrNotFound)
	assert.NotErrorIs(t, err, xecm.ErrForbidden)
}

// The status of a process that is not there for the caller is refused
// with 400 "Could not access task status": not found, so that a poller can
// tell it from a failing server.
func TestWorkflowStatusOfAMissingProcessIsNotFound(t *testing.T) {
	_, c := startSim(t)
	_, err := c.Workflows.Status(t.Context(), 424242)
	assert.ErrorIs(t, err, xecm.ErrNotFound)
}

// formKeys lists the keys of a task form's actions.
func formKeys(actions []xecm.TaskFormAction) []string {
	out := []string{}
	for _, a := range actions {
		out = append(out, a.Key)
	}
	return out
}

// approvalRun is a run of the seeded approval map on one document, with
// clients for its two approvers: jdoe reviews, then msmith approves.
type approvalRun struct {
	sim                 *xecmtest.Server
	admin, jdoe, msmith *xecm.Client
	doc, processID      int64
}

// startApprovalRun files the document name in a new folder and starts
// the approval map on it as Admin.
func startApprovalRun(t *testing.T, folder, name string) approvalRun {
	t.Helper()
	// The workflow's steps are read back from the simulator's invented
	// audit entries (a real server's are not public).
	sim, admin := startSimWith(t, []xecmtest.Option{xecmtest.WithInventedAuditEvents()})
	r := approvalRun{sim: sim, admin: admin, jdoe: clientAs(t, sim, "jdoe", "jdoe-pw"), msmith: clientAs(t, sim, "msmith", "msmith-pw"),
		doc: sim.AddEmptyDocument(sim.AddFolder(2000, folder), name)}
	st, err := admin.Workflows.Start(t.Context(), xecm.WorkflowStartRequest{MapID: xecmtest.ApprovalMapID, DocumentIDs: []int64{r.doc}})
	require.NoError(t, err)
	r.processID = st.ProcessID
	return r
}

// onlyAssignment returns the user's single assignment.
func onlyAssignment(t *testing.T, c *xecm.Client) xecm.Assignment {
	t.Helper()
	tasks, err := c.Workflows.Assignments(t.Context())
	require.NoError(t, err)
	require.Len(t, tasks, 1)
	return tasks[0]
}

// An external app acting for the reviewer of an approval reads what the
// task offers, asks another user for a review, the review reaches that
// user and comes back, and the workflow goes on to its approval.
func TestWorkflowTaskReviewByAnotherUserAgainstSimulator(t *testing.T) {
	run := startApprovalRun(t, "Contracts", "MSA.pdf")
	ctx, jdoe, msmith := t.Context(), run.jdoe, run.msmith
	legalID := run.sim.AddUser("lcarter", "lcarter-pw")
	legal := clientAs(t, run.sim, "lcarter", "lcarter-pw")

	// The app learns what jdoe's step offers instead of guessing.
	task := onlyAssignment(t, jdoe).TaskRef
	form, err := jdoe.Workflows.TaskForm(ctx, task)
	require.NoError(t, err)
	assert.Equal(t, "Review", form.Title)
	assert.Equal(t, []string{xecm.TaskSendOn, xecm.TaskReview, xecm.TaskDelegate}, formKeys(form.Actions))
	assert.Equal(t, []xecm.TaskFormAction{{Key: xecm.TaskApprove, Label: "Approve"}, {Key: xecm.TaskReject, Label: "Reject"}}, form.CustomActions)
	assert.Equal(t, "Forward", form.Actions[2].Label)
	assert.True(t, form.CommentsEnabled)
	assert.Nil(t, form.Message)
	ask := xecm.TaskAction{Action: xecm.TaskReview, AssigneeID: legalID, Comment: "Please check clause 7."}
	require.NoError(t, form.Check(ask))
	require.NoError(t, jdoe.Workflows.ActOnTask(ctx, task, ask))

	// The review task reaches lcarter, and it is no longer jdoe's.
	mine, err := jdoe.Workflows.Assignments(ctx)
	require.NoError(t, err)
	assert.Empty(t, mine)
	_, err = jdoe.Workflows.TaskForm(ctx, task)
	assert.ErrorIs(t, err, xecm.ErrNotFound)
	wf, err := jdoe.Workflows.Status(ctx, run.processID)
	require.NoError(t, err, "the one who asked still follows the workflow")
	require.Len(t, wf.Current, 1)
	assert.Equal(t, "lcarter", wf.Current[0].Assignees[0].LoginName)

	review := onlyAssignment(t, legal)
	assert.Equal(t, task, review.TaskRef)
	assert.Equal(t, int64(1001), review.FromUserID, "from jdoe")
	form, err = legal.Workflows.TaskForm(ctx, review.TaskRef)
	require.NoError(t, err)
	assert.Equal(t, &xecm.TaskMessage{Type: xecm.TaskMessageReview, FromUserID: 1001, Text: "Please check clause 7."}, form.Message)
	assert.Equal(t, []string{xecm.TaskSendOn}, formKeys(form.Actions), "a reviewer sends it back")
	assert.Empty(t, form.CustomActions, "a reviewer does not decide")
	approve := xecm.TaskAction{CustomAction: xecm.TaskApprove}
	assert.ErrorIs(t, form.Check(approve), xecm.ErrInvalidArgument)
	var apiErr *xecm.APIError
	require.ErrorAs(t, legal.Workflows.ActOnTask(ctx, review.TaskRef, approve), &apiErr, "the server holds the reviewer to the form too")
	assert.Equal(t, 400, apiErr.StatusCode)
	require.NoError(t, legal.Workflows.ActOnTask(ctx, review.TaskRef, xecm.TaskAction{Action: xecm.TaskSendOn, Comment: "Clause 7 is fine."}))

	// Back with jdoe, who now decides; the workflow goes on to msmith.
	back := onlyAssignment(t, jdoe)
	assert.Equal(t, legalID, back.FromUserID)
	form, err = jdoe.Workflows.TaskForm(ctx, back.TaskRef)
	require.NoError(t, err)
	assert.Equal(t, &xecm.TaskMessage{Type: xecm.TaskMessageReviewReturn, FromUserID: legalID, Text: "Clause 7 is fine."}, form.Message)
	require.NoError(t, form.Check(approve))
	require.NoError(t, jdoe.Workflows.ActOnTask(ctx, back.TaskRef, approve))

	final := onlyAssignment(t, msmith)
	assert.Equal(t, "Approve", final.Name)
	form, err = msmith.Workflows.TaskForm(ctx, final.TaskRef)
	require.NoError(t, err)
	assert.Equal(t, []string{xecm.TaskSendOn, xecm.TaskDelegate}, formKeys(form.Actions), "the approval step offers no review")
	assert.Nil(t, form.Message)
	require.NoError(t, msmith.Workflows.ActOnTask(ctx, final.TaskRef, approve))

	wf, err = run.admin.Workflows.Status(ctx, run.processID)
	require.NoError(t, err)
	assert.Equal(t, "completed", wf.Status)
	require.Len(t, wf.Completed, 2)
	assert.Equal(t, "jdoe", wf.Completed[0].Assignees[0].LoginName, "the step was completed by the one who asked for the review")
	var events []int
	for _, e := range run.sim.AuditTrail(run.doc) {
		if e.EventType >= 3000 {
			events = append(events, e.EventType)
		}
	}
	assert.Equal(t, []int{xecmtest.EventWorkflowInitiated, xecmtest.EventWorkflowTaskCompleted, xecmtest.EventWorkflowTaskCompleted,
		xecmtest.EventWorkflowApproved}, events, "a review and its return complete no task")
}

// A review goes to a user who exists; an action the step does not offer
// is refused by the server, whatever the client.
func TestWorkflowTaskReviewRefusalsAgainstSimulator(t *testing.T) {
	run := startApprovalRun(t, "Drafts", "Draft.docx")
	ctx, jdoe, msmith := t.Context(), run.jdoe, run.msmith
	task := onlyAssignment(t, jdoe).TaskRef

	err := jdoe.Workflows.ActOnTask(ctx, task, xecm.TaskAction{Action: xecm.TaskReview, AssigneeID: 999999})
	assert.ErrorContains(t, err, "Could not get a member for the assignee")
	_, err = msmith.Workflows.TaskForm(ctx, task)
	assert.ErrorIs(t, err, xecm.ErrNotFound, "only the assignee reads the form")

	require.NoError(t, jdoe.Workflows.ActOnTask(ctx, task, xecm.TaskAction{CustomAction: xecm.TaskApprove}))
	final := onlyAssignment(t, msmith).TaskRef
	err = msmith.Workflows.ActOnTask(ctx, final, xecm.TaskAction{Action: xecm.TaskReview, AssigneeID: 1001})
	assert.ErrorContains(t, err, "The action 'Review' is not available for this task.")
}

// Against the simulator: the answer to Initiate is lost after the server
// started the workflow. The caller learns the outcome is unknown, and
// exactly one workflow runs.
func TestWorkflowsStartWithALostInitiateAnswerAgainstSimulator(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	doc := sim.AddEmptyDocument(sim.AddFolder(2000, "Invoices in"), "INV-1.pdf")
	sim.InjectFault(xecmtest.Fault{Method: "PUT", Path: "/v2/draftprocesses/{id}", Kind: xecmtest.FaultDropAfterCommit})
	// No title or values: the first PUT is the Initiate.
	_, err := c.Workflows.Start(ctx, xecm.WorkflowStartRequest{MapID: xecmtest.ApprovalMapID, DocumentIDs: []int64{doc}})
	require.ErrorIs(t, err, xecm.ErrOutcomeUnknown)
	running, err := c.Workflows.StatusList(ctx, &xecm.WorkflowStatusOptions{Kind: xecm.WorkflowsInitiated})
	require.NoError(t, err)
	require.Len(t, running, 1)
	assert.Equal(t, "Document Approval", running[0].Name)
	puts := 0
	for _, r := range sim.Requests() {
		if r.Method == "PUT" && strings.HasPrefix(r.APIPath, "/v2/draftprocesses/") {
			puts++
		}
	}
	assert.Equal(t, 1, puts, "Initiate is sent once")
}

// StatusList's sort is one of the spec's orders; the simulator honours it.
func TestWorkflowsStatusListSortsAgainstSimulator(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	doc := sim.AddEmptyDocument(sim.AddFolder(2000, "Orders"), "PO-1.pdf")
	for _, title := range []string{"b second", "a first", "c third"} {
		_, err := c.Workflows.Start(ctx, xecm.WorkflowStartRequest{MapID: xecmtest.ApprovalMapID, DocumentIDs: []int64{doc}, Title: title})
		require.NoError(t, err)
	}
	names := func(sort string) []string {
		list, err := c.Workflows.StatusList(ctx, &xecm.WorkflowStatusOptions{Sort: sort})
		require.NoError(t, err)
		var out []string
		for _, w := range list {
			out = append(out, w.Name)
		}
		return out
	}
	assert.Equal(t, []string{"a first", "b second", "c third"}, names("wf_name asc"))
	assert.Equal(t, []string{"c third", "b second", "a first"}, names("wf_name desc"))
	assert.Equal(t, []string{"b second", "a first", "c third"}, names("date_initiated asc"))
}
