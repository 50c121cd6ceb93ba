package main

import (
	"context"
	"io"
	"strings"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/examples/exampleenv"
	"github.com/xecm-go/xecm/xecmtest"
)

// demo completes the flags for the embedded simulator (main calls it when
// ECM_URL is unset): the demo syncs CRM account 0015g00000XyZ.
func demo(cfg *Config) {
	if cfg.AccountID == "" {
		cfg.AccountID = "0015g00000XyZ"
	}
}

// fileAndApprove is the demo's activity in the workspace: a contract is
// filed and approved by the simulated users.
func fileAndApprove(ctx context.Context, env *exampleenv.Env, wsID int64, say func(string, ...any), out io.Writer) error {
	c := env.Client
	folder, err := c.Nodes.ChildByName(ctx, wsID, "Contracts")
	if err != nil {
		return err
	}
	up, err := c.Documents.Upload(ctx, xecm.DocumentUploadRequest{ParentID: folder.ID, Name: "MSA ACME.pdf",
		MimeType: "application/pdf", Content: strings.NewReader("%PDF-1.7 master services agreement")})
	if err != nil {
		return err
	}
	say("Filed %q (node %d) and sent it for approval", up.Node.Name, up.Node.ID)
	wf, err := c.Workflows.Start(ctx, xecm.WorkflowStartRequest{MapID: xecmtest.ApprovalMapID, DocumentIDs: []int64{up.Node.ID}, Title: "Approve MSA ACME"})
	if err != nil {
		return err
	}
	return exampleenv.ApproveAsDemoUsers(ctx, env, wf.ProcessID, out)
}
