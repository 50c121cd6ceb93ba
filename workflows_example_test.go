package xecm_test

import (
	"context"
	"fmt"
	"log"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

// An app acting for jdoe asks msmith to review jdoe's task, but only if
// the task offers a review.
func ExampleWorkflowsService_TaskForm() {
	sim := xecmtest.NewServer()
	defer sim.Close()
	ctx := context.Background()
	admin, _ := xecm.NewClient(sim.URL, xecm.WithPassword("Admin", "livelink"))
	doc := sim.AddEmptyDocument(sim.AddFolder(2000, "Contracts"), "MSA.pdf")
	if _, err := admin.Workflows.Start(ctx, xecm.WorkflowStartRequest{MapID: xecmtest.ApprovalMapID, DocumentIDs: []int64{doc}}); err != nil {
		log.Fatal(err)
	}

	jdoe, _ := xecm.NewClient(sim.URL, xecm.WithPassword("jdoe", "jdoe-pw"))
	tasks, err := jdoe.Workflows.Assignments(ctx)
	if err != nil || len(tasks) == 0 {
		log.Fatal("no task: ", err)
	}
	form, err := jdoe.Workflows.TaskForm(ctx, tasks[0].TaskRef)
	if err != nil {
		log.Fatal(err)
	}
	for _, a := range form.Actions {
		fmt.Printf("%s (%q)\n", a.Key, a.Label)
	}
	review := xecm.TaskAction{Action: xecm.TaskReview, AssigneeID: 1002, Comment: "Please check clause 7."}
	if err := form.Check(review); err != nil {
		log.Fatal(err)
	}
	if err := jdoe.Workflows.ActOnTask(ctx, tasks[0].TaskRef, review); err != nil {
		log.Fatal(err)
	}
	// Output:
	// SendOn ("Send On")
	// Review ("Send for Review")
	// Delegate ("Forward")
}

// A compliance report prints who approved a document, and when, from the
// workflow's history.
func ExampleWorkflowsService_Activities() {
	sim := xecmtest.NewServer()
	defer sim.Close()
	ctx := context.Background()
	admin, _ := xecm.NewClient(sim.URL, xecm.WithPassword("Admin", "livelink"))
	doc := sim.AddEmptyDocument(sim.AddFolder(2000, "Contracts"), "MSA.pdf")
	st, err := admin.Workflows.Start(ctx, xecm.WorkflowStartRequest{MapID: xecmtest.ApprovalMapID, DocumentIDs: []int64{doc}, Comment: "for signature"})
	if err != nil {
		log.Fatal(err)
	}
	jdoe, _ := xecm.NewClient(sim.URL, xecm.WithPassword("jdoe", "jdoe-pw"))
	tasks, err := jdoe.Workflows.Assignments(ctx)
	if err != nil || len(tasks) == 0 {
		log.Fatal("no task: ", err)
	}
	if err := jdoe.Workflows.ActOnTask(ctx, tasks[0].TaskRef, xecm.TaskAction{CustomAction: xecm.TaskApprove, Comment: "ok"}); err != nil {
		log.Fatal(err)
	}

	history, err := admin.Workflows.Activities(ctx, st.ProcessID, st.ProcessID, nil)
	if err != nil {
		log.Fatal(err)
	}
	for i := len(history) - 1; i >= 0; i-- { // oldest first
		a := history[i]
		fmt.Printf("user %d: %s %s %q\n", a.UserID, a.Action, a.Event, a.Comment)
	}
	// Output:
	// user 1000: start  "for signature"
	// user 1001: disposition approve "ok"
}
