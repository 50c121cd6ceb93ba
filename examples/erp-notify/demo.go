package main

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/examples/exampleenv"
	"github.com/xecm-go/xecm/xecmtest"
)

// The demo's activity, on the simulator only: on a real server people
// create the workspaces and documents whose events arrive.

// work does, through the SDK, what people would do: a supplier workspace,
// a purchase order in it, a new version, its classification and approval.
func work(ctx context.Context, env *exampleenv.Env, out io.Writer) error {
	c := env.Client
	ws, err := c.Workspaces.Create(ctx, xecm.WorkspaceCreateRequest{TemplateID: xecmtest.TemplateSupplier, Name: "Globex Supplies",
		BusinessObject: &xecm.BusinessObject{ExtSystemID: "SAP", BOType: "LFA1", BOID: "0000300042"}})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "   created supplier workspace %q (node %d)\n", ws.Name, ws.ID)
	orders, err := c.Nodes.ChildByName(ctx, ws.ID, "Orders")
	if err != nil {
		return err
	}
	up, err := c.Documents.Upload(ctx, xecm.DocumentUploadRequest{ParentID: orders.ID, Name: "PO 4500012345.pdf",
		MimeType: "application/pdf", Content: bytes.NewReader([]byte("%PDF-1.7 purchase order, draft"))})
	if err != nil {
		return err
	}
	doc := up.Node.ID
	fmt.Fprintf(out, "   uploaded %q (node %d)\n", up.Node.Name, doc)
	if _, err := c.Documents.Versions().Add(ctx, doc, xecm.VersionAddRequest{FileName: "PO 4500012345.pdf", MimeType: "application/pdf",
		Content: bytes.NewReader([]byte("%PDF-1.7 purchase order, final")), Description: "final terms"}); err != nil {
		return err
	}
	fmt.Fprintln(out, "   added version 2")
	class, err := c.Records.ClassificationByPath(ctx, "RM Classifications/Corporate Records/Contracts")
	if err != nil {
		return err
	}
	if err := c.Records.Apply(ctx, doc, class.ID, &xecm.RecordApplyOptions{FirstClassification: true}); err != nil {
		return err
	}
	fmt.Fprintf(out, "   classified it under %q (node %d), the Contracts retention schedule\n", class.Name, class.ID)
	hold, err := c.Records.HoldByName(ctx, "Tax Audit")
	if err != nil {
		return err
	}
	if err := c.Records.ApplyHold(ctx, doc, hold.ID); err != nil {
		return err
	}
	fmt.Fprintf(out, "   put it on the %q hold (%d)\n", hold.Name, hold.ID)
	wf, err := c.Workflows.Start(ctx, xecm.WorkflowStartRequest{MapID: xecmtest.ApprovalMapID, DocumentIDs: []int64{doc}, Title: "Approve PO 4500012345"})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "   started approval workflow %d\n", wf.ProcessID)
	return exampleenv.ApproveAsDemoUsers(ctx, env, wf.ProcessID, out)
}
