// Command approval-bridge connects Extended ECM approvals with the systems
// around them, both ways:
//
//   - ECM to invoice processing: when a workflow gives final approval to an
//     invoice (the document.approved event, received as a signed callback
//     at /webhooks/xecm), the invoice-processing service is told with a
//     JSON POST to -invoices, keyed by the event ID (Idempotency-Key).
//
//   - An external app to ECM: POST /reviews with {"document_id": 123,
//     "title": "...", "comment": "..."} starts the approval workflow (-map)
//     on that document and answers 201 with {"process_id": ...}; bad input
//     answers 400 naming the field, an unknown document 404.
//
//     ECM_URL=https://ecm.example.com/otcs/cs.exe ECM_USERNAME=svc ECM_PASSWORD=... \
//     XECM_WEBHOOK_SECRET="whsec_..." go run ./examples/approval-bridge \
//     -addr 127.0.0.1:8093 -map "Document Approval" -folder "Finance/Incoming Invoices" -invoices https://ap.example.com/invoices
//
// Extended ECM sends no callbacks of its own, and no audit entry of its that
// means "approved" is public (the simulator's are inventions, written with
// xecmtest.WithInventedAuditEvents), so
// on a real server document.approved has to come from a sender built on the
// server's workflow event hooks (a workflow event script posting signed
// events to http://ADDR/webhooks/xecm, see webhook.Signer). Only documents
// directly in -folder (a path in the Enterprise Workspace; -folder-id
// takes its ID; neither: any document) count as invoices. The map and the
// folder are found by name, what was found is printed, and what was not is
// named. Put /reviews behind your own authentication: it
// starts workflows as the configured user. With ECM_URL unset it runs
// against the embedded simulator: it files an invoice (demo.go), requests its review
// as an external app would, has the simulated users approve it, shows what
// the invoice service (a stand-in unless -invoices is set) received and
// exits.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/examples/exampleenv"
	"github.com/xecm-go/xecm/webhook"
)

// Config says where to listen, which workflow to start and whom to tell.
type Config struct {
	exampleenv.Config
	Addr       string // -addr: listen address
	InvoiceURL string // -invoices: the invoice-processing endpoint; empty in the demo plays one
	MapName    string // -map: the name of the approval workflow map
	MapID      int64  // -map-id: the map's ID, instead of its name
	// Folder is the path in the Enterprise Workspace of the folder where
	// invoices are filed (-folder); FolderID (-folder-id) overrides it;
	// neither: any document.
	Folder   string
	FolderID int64
	Secrets  []string // XECM_WEBHOOK_SECRET
}

func main() {
	cfg := Config{Config: exampleenv.FromEnv(), Secrets: strings.Fields(os.Getenv("XECM_WEBHOOK_SECRET"))}
	flag.StringVar(&cfg.Addr, "addr", "127.0.0.1:8093", "listen address")
	flag.StringVar(&cfg.InvoiceURL, "invoices", "", "URL of the invoice-processing endpoint")
	flag.StringVar(&cfg.MapName, "map", "Document Approval", "name of the approval workflow map")
	flag.Int64Var(&cfg.MapID, "map-id", 0, "approval workflow map ID (overrides -map)")
	flag.StringVar(&cfg.Folder, "folder", "", "path of the invoices' folder in the Enterprise Workspace (empty: any document)")
	flag.Int64Var(&cfg.FolderID, "folder-id", 0, "node ID of the invoices' folder (overrides -folder)")
	flag.Parse()
	if cfg.URL == "" {
		demo(&cfg)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, cfg, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "approval-bridge:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, cfg Config, out io.Writer) error {
	out = exampleenv.SyncWriter(out)
	demo := cfg.URL == ""
	if !demo && (len(cfg.Secrets) == 0 || cfg.InvoiceURL == "") {
		return errors.New("set XECM_WEBHOOK_SECRET and -invoices")
	}
	if len(cfg.Secrets) == 0 {
		s, err := webhook.NewSecret()
		if err != nil {
			return err
		}
		cfg.Secrets = []string{s}
	}
	if demo {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, time.Minute)
		defer cancel()
	}
	env, err := exampleenv.Connect(ctx, cfg.Config, out)
	if err != nil {
		return err
	}
	defer env.Close()
	c := env.Client
	if cfg.MapID == 0 {
		m, err := c.Workflows.MapByName(ctx, cfg.MapName)
		if err != nil {
			return fmt.Errorf("finding the workflow map %q: %w", cfg.MapName, err)
		}
		cfg.MapID = m.ID
		fmt.Fprintf(out, "Workflow map %q: node %d\n", cfg.MapName, m.ID)
	}
	if cfg.InvoiceURL == "" {
		ap := exampleenv.StartStandIn("invoice processing", out)
		defer ap.Close()
		cfg.InvoiceURL = ap.URL + "/invoices"
	}
	if cfg.FolderID == 0 && cfg.Folder != "" {
		f, err := c.Nodes.ByVolumePath(ctx, xecm.VolumeEnterprise, cfg.Folder)
		if err != nil {
			return fmt.Errorf("finding the invoices' folder %q in the Enterprise Workspace: %w", cfg.Folder, err)
		}
		cfg.FolderID = f.ID
		fmt.Fprintf(out, "Folder %q: node %d\n", cfg.Folder, f.ID)
	}
	h, err := newBridge(c, cfg, out)
	if err != nil {
		return err
	}
	l, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	srv := exampleenv.NewServer(h)
	base := "http://" + l.Addr().String()
	fmt.Fprintf(out, "1. Bridge listening at %s: callbacks at /webhooks/xecm, review requests at /reviews; approved invoices go to %s\n", base, cfg.InvoiceURL)
	if !demo {
		return exampleenv.Serve(ctx, srv, l)
	}
	go func() { _ = srv.Serve(l) }() // the demo's own server, closed when it ends
	defer srv.Close()

	if _, err := env.Sim.AddSubscription(base+"/webhooks/xecm", cfg.Secrets[0], xecm.EventDocumentApproved); err != nil {
		return err
	}
	invoice, err := c.Nodes.ChildByName(ctx, cfg.FolderID, demoInvoice)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "2. Filed %q (node %d); the simulator calls the bridge back on approvals\n", invoice.Name, invoice.ID)
	var started struct {
		ProcessID int64 `json:"process_id"`
	}
	if err := exampleenv.PostJSON(ctx, nil, base+"/reviews", "", map[string]any{"document_id": invoice.ID,
		"title": "Review " + invoice.Name, "comment": "please check against PO 4500012345"}, &started); err != nil {
		return fmt.Errorf("requesting the review: %w", err)
	}
	fmt.Fprintf(out, "3. An external app requested a review: workflow %d started\n", started.ProcessID)
	if err := exampleenv.ApproveAsDemoUsers(ctx, env, started.ProcessID, out); err != nil {
		return err
	}
	if err := env.Sim.WaitForDeliveries(ctx); err != nil {
		return err
	}
	for _, d := range env.Sim.Deliveries() {
		if d.Err != nil {
			return fmt.Errorf("the bridge did not take event %s: %w", d.Event.ID, d.Err)
		}
	}
	wf, err := c.Workflows.Status(ctx, started.ProcessID)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "4. Workflow %d is %s; the invoice service was told of the approval\n", wf.ProcessID, wf.Status)
	return nil
}
