package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/portal"
	"github.com/xecm-go/xecm/xecmtest"
)

// The demo data, on the simulator only: on a real server the supplier's
// folder, the certificate and the approval workflow that records its
// approved version exist already.

// demoApproval reads the approval from the simulator's Document Control
// category: the Approved Version, given On.
func demoApproval() portal.Approval {
	return portal.Approval{CategoryID: xecmtest.DocumentControlCategoryID, VersionAttribute: "Approved Version", DateAttribute: "Approved On"}
}

// seed files a supplier folder with the approved certificate, and another
// supplier next to it, on the simulator.
func seed(ctx context.Context, c *xecm.Client, out io.Writer) (workspace, doc int64, err error) {
	suppliers, err := c.Nodes.CreateFolder(ctx, xecmtest.EnterpriseWorkspaceID, "Suppliers", nil)
	if err != nil {
		return 0, 0, err
	}
	acme, err := c.Nodes.CreateFolder(ctx, suppliers.ID, "Acme Industrial", nil)
	if err != nil {
		return 0, 0, err
	}
	if _, err := c.Nodes.CreateFolder(ctx, suppliers.ID, "Globex", nil); err != nil {
		return 0, 0, err
	}
	res, err := c.Documents.Upload(ctx, xecm.DocumentUploadRequest{ParentID: acme.ID, Name: "ISO 9001 certificate.pdf",
		MimeType: "application/pdf", Content: strings.NewReader("%PDF-1.7 ISO 9001:2015 certificate, valid 2023-2026")})
	if err != nil {
		return 0, 0, err
	}
	// What the approval workflow records when it ends.
	approved := xecm.NewCategoryValues(xecmtest.DocumentControlCategoryID).Set("Status", "Approved").
		Set("Approved Version", 1).Set("Approved On", time.Now())
	if err := c.Metadata.Apply(ctx, res.Node.ID, approved); err != nil {
		return 0, 0, err
	}
	fmt.Fprintf(out, "Filed %q (node %d), approved at version 1, in supplier folder %q (node %d)\n", res.Node.Name, res.Node.ID, acme.Name, acme.ID)
	return acme.ID, res.Node.ID, nil
}
