package xecm_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

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
