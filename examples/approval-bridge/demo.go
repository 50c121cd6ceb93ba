package main

import (
	"context"
	"io"
	"strings"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/examples/exampleenv"
	"github.com/xecm-go/xecm/xecmtest"
)

// The demo data, on the simulator only: on a real server the invoices'
// folder and the invoices in it exist already.

// demoInvoice is the invoice the demo files and has reviewed.
const demoInvoice = "Invoice INV-2025-0042.pdf"

// demo has the embedded simulator seeded, and takes the invoices from the
// demo's folder unless the flags name another.
func demo(cfg *Config) {
	cfg.Demo = seed
	if cfg.FolderID == 0 && cfg.Folder == "" {
		cfg.Folder = "Incoming Invoices"
	}
}

// seed files an invoice in the folder "Incoming Invoices".
func seed(ctx context.Context, env *exampleenv.Env, _ io.Writer) error {
	f, err := env.Client.Nodes.CreateFolder(ctx, xecmtest.EnterpriseWorkspaceID, "Incoming Invoices", nil)
	if err != nil {
		return err
	}
	_, err = env.Client.Documents.Upload(ctx, xecm.DocumentUploadRequest{ParentID: f.ID, Name: demoInvoice,
		MimeType: "application/pdf", Content: strings.NewReader("%PDF-1.7 invoice INV-2025-0042, EUR 12,400.00")})
	return err
}
