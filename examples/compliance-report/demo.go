package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/examples/exampleenv"
	"github.com/xecm-go/xecm/xecmtest"
)

// The demo data, on the simulator only: on a real server the workspace,
// its classified documents, the holds and the approvals exist already,
// and the flags say which workspace to report on.

// demoAccount is the CRM account whose workspace the demo reports on.
func demoAccount() xecm.BusinessObject {
	return xecm.BusinessObject{ExtSystemID: "SFDC", BOType: "Account", BOID: "0015g00000XyZ"}
}

// demo has the embedded simulator seeded, and reports on the demo
// workspace unless the flags name another.
func demo(cfg *Config) {
	cfg.Demo = seed
	if cfg.WorkspaceID == 0 && cfg.Path == "" && cfg.BusinessObject.BOID == "" {
		cfg.BusinessObject = demoAccount()
	}
}

// seed files the demo's contracts in a new customer workspace, through
// the SDK.
func seed(ctx context.Context, env *exampleenv.Env, out io.Writer) error {
	c := env.Client
	ws, err := c.Workspaces.Create(ctx, xecm.WorkspaceCreateRequest{TemplateID: xecmtest.TemplateCustomer, Name: "ACME Corp",
		BusinessObject: xecm.Ptr(demoAccount())})
	if err != nil {
		return err
	}
	folder, err := c.Nodes.ChildByName(ctx, ws.ID, "Contracts")
	if err != nil {
		return err
	}
	var docs []int64
	for _, name := range []string{"MSA.pdf", "SOW 1.pdf", "NDA.pdf"} {
		up, err := c.Documents.Upload(ctx, xecm.DocumentUploadRequest{ParentID: folder.ID, Name: name, MimeType: "application/pdf",
			Content: strings.NewReader("%PDF-1.7 " + name), RMClassificationID: xecmtest.RMClassContracts,
			RecordDetails: &xecm.RecordDetailsUpdate{Status: xecm.Ptr("ACTIVE")}})
		if err != nil {
			return err
		}
		docs = append(docs, up.Node.ID)
	}
	if err := c.Records.ApplyHold(ctx, docs[2], xecmtest.HoldLitigation); err != nil {
		return err
	}
	wf, err := c.Workflows.Start(ctx, xecm.WorkflowStartRequest{MapID: xecmtest.ApprovalMapID, DocumentIDs: docs[:1], Title: "Approve MSA"})
	if err != nil {
		return err
	}
	if err := exampleenv.ApproveAsDemoUsers(ctx, env, wf.ProcessID, io.Discard); err != nil {
		return err
	}
	if _, err := c.Workflows.Start(ctx, xecm.WorkflowStartRequest{MapID: xecmtest.ApprovalMapID, DocumentIDs: docs[1:2], Title: "Approve SOW 1"}); err != nil {
		return err
	}
	fmt.Fprintf(out, "Demo data: workspace %q (node %d) with 3 classified contracts; NDA.pdf on hold, MSA.pdf approved, SOW 1.pdf in approval\n", ws.Name, ws.ID)
	return nil
}
