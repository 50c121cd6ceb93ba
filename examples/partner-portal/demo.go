package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/examples/exampleenv"
	"github.com/xecm-go/xecm/portal"
	"github.com/xecm-go/xecm/xecmtest"
)

// The demo data, on the simulator only: on a real server the supplier's
// folder, the certificate and the approval workflow that records its
// approved version exist already.

// demo has the embedded simulator seeded, shares its certificate unless
// the flags name another, signs with a random key unless PORTAL_LINK_KEY
// is set, and files a renewed certificate during the tour. The
// simulator's Document Control category records the approval date too.
func demo(cfg *config) {
	cfg.ECM.Demo = seed
	cfg.demoStep = renew
	if cfg.FolderID == 0 && cfg.Folder == "" {
		cfg.Folder = "Suppliers/Acme Industrial"
	}
	if cfg.DocumentID == 0 && cfg.Document == "" {
		cfg.Document = "ISO 9001 certificate.pdf"
	}
	if cfg.DateAttribute == "" {
		cfg.DateAttribute = "Approved On"
	}
	if len(cfg.LinkKey) == 0 {
		cfg.LinkKey = make([]byte, 32)
		_, _ = rand.Read(cfg.LinkKey)
	}
}

// seed files a supplier folder with the approved certificate, and another
// supplier next to it, on the simulator.
func seed(ctx context.Context, env *exampleenv.Env, out io.Writer) error {
	c := env.Client
	suppliers, err := c.Nodes.CreateFolder(ctx, xecmtest.EnterpriseWorkspaceID, "Suppliers", nil)
	if err != nil {
		return err
	}
	acme, err := c.Nodes.CreateFolder(ctx, suppliers.ID, "Acme Industrial", nil)
	if err != nil {
		return err
	}
	if _, err := c.Nodes.CreateFolder(ctx, suppliers.ID, "Globex", nil); err != nil {
		return err
	}
	res, err := c.Documents.Upload(ctx, xecm.DocumentUploadRequest{ParentID: acme.ID, Name: "ISO 9001 certificate.pdf",
		MimeType: "application/pdf", Content: strings.NewReader("%PDF-1.7 ISO 9001:2015 certificate, valid 2023-2026")})
	if err != nil {
		return err
	}
	// What the approval workflow records when it ends.
	approved := xecm.NewCategoryValues(xecmtest.DocumentControlCategoryID).Set("Status", "Approved").
		Set("Approved Version", 1).Set("Approved On", time.Now())
	if err := c.Metadata.Apply(ctx, res.Node.ID, approved); err != nil {
		return err
	}
	fmt.Fprintf(out, "Filed %q (node %d), approved at version 1, in supplier folder %q (node %d)\n", res.Node.Name, res.Node.ID, acme.Name, acme.ID)
	return nil
}

// renew files a renewed certificate as a version awaiting approval, in
// the tour after Acme's first download: the link keeps serving the
// approved version, and a link issued now pins it too.
func renew(ctx context.Context, c *xecm.Client, h *portal.Handler, doc int64, url string, out io.Writer) error {
	if _, err := c.Documents.Versions().Add(ctx, doc, xecm.VersionAddRequest{FileName: "ISO 9001 certificate.pdf",
		MimeType: "application/pdf", Content: strings.NewReader("%PDF-1.7 ISO 9001:2015 certificate, valid 2026-2029")}); err != nil {
		return err
	}
	h.Invalidate(doc) // what a version.added event would do
	fmt.Fprintln(out, "3. A renewed certificate was filed as version 2, not yet approved; the link still serves version 1:")
	if err := download(ctx, url, "acme", out); err != nil {
		return err
	}
	again, err := h.NewLink(ctx, portal.LinkRequest{Document: doc, Partner: "acme", TTL: 7 * 24 * time.Hour})
	if err != nil {
		return fmt.Errorf("issuing the link: %w", err)
	}
	fmt.Fprintf(out, "   A link issued now pins version %d, the approved one\n", again.Version)
	return nil
}
