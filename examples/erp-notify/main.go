// Command erp-notify keeps an ERP system up to date with what happens in
// Extended ECM: it receives the signed xecm event callbacks (Standard
// Webhooks, verified by webhook.Handler) and turns approvals, new versions,
// retention changes and new workspaces into JSON POSTs to the ERP:
//
//	workspace.created                          POST {erp}/erp/workspaces/{id}
//	document.approved, document.rejected       POST {erp}/erp/documents/{id}/status
//	version.added                              POST {erp}/erp/documents/{id}/versions
//	retention.changed, hold.applied/removed    POST {erp}/erp/documents/{id}/retention
//
// An event says what happened; the details the ERP needs (the version
// number, the retention schedule, whether a hold applies) are read from
// Extended ECM when it arrives, so the user needs to see the documents.
// Each POST carries the event ID as its Idempotency-Key, so the ERP can
// drop the few a redelivery repeats. A failed POST answers 500, so the
// sender delivers the event again later.
//
//	ECM_URL=https://ecm.example.com/otcs/cs.exe ECM_USERNAME=svc ECM_PASSWORD=... \
//	XECM_WEBHOOK_SECRET="whsec_..." go run ./examples/erp-notify -addr 127.0.0.1:8091 -erp https://erp.example.com
//
// Extended ECM sends no callbacks of its own: point examples/event-relay
// at http://ADDR/webhooks/xecm. With ECM_URL unset it starts the embedded
// simulator, subscribes to its callbacks, plays an ERP of its own (unless
// -erp is set), creates a supplier workspace with a purchase order, adds a
// version, classifies it and has it approved by the simulated users, shows
// what the ERP received and exits.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/examples/exampleenv"
	"github.com/xecm-go/xecm/webhook"
	"github.com/xecm-go/xecm/xecmtest"
)

// Config says where to listen and whom to tell.
type Config struct {
	exampleenv.Config
	Addr    string   // -addr: listen address of the receiver
	ERPURL  string   // -erp: base URL of the ERP; empty in the demo plays one
	Secrets []string // XECM_WEBHOOK_SECRET: space-separated whsec_ secrets
	// ready, if set, is told the demo receiver's URL once it serves (tests).
	ready func(url string)
}

const path = "/webhooks/xecm"

func main() {
	cfg := Config{Config: exampleenv.FromEnv(), Secrets: strings.Fields(os.Getenv("XECM_WEBHOOK_SECRET"))}
	flag.StringVar(&cfg.Addr, "addr", "127.0.0.1:8091", "listen address")
	flag.StringVar(&cfg.ERPURL, "erp", "", "base URL of the ERP")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, cfg, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "erp-notify:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, cfg Config, out io.Writer) error {
	out = exampleenv.SyncWriter(out) // written by the handler too
	demo := cfg.URL == ""
	if !demo && (len(cfg.Secrets) == 0 || cfg.ERPURL == "") {
		return errors.New("set XECM_WEBHOOK_SECRET and -erp")
	}
	if len(cfg.Secrets) == 0 {
		s, err := webhook.NewSecret()
		if err != nil {
			return err
		}
		cfg.Secrets = []string{s}
	}
	env, err := exampleenv.Connect(ctx, cfg.Config, out)
	if err != nil {
		return err
	}
	defer env.Close()
	if cfg.ERPURL == "" {
		erp := exampleenv.StartStandIn("ERP", out)
		defer erp.Close()
		cfg.ERPURL = erp.URL
	}
	v, err := webhook.NewVerifier(cfg.Secrets)
	if err != nil {
		return err
	}
	h, err := webhook.NewHandler(v, erpMux(env.Client, cfg.ERPURL).HandleEvent)
	if err != nil {
		return err
	}
	l, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.Handle(path, h)
	srv := exampleenv.NewServer(mux)
	url := "http://" + l.Addr().String() + path
	fmt.Fprintf(out, "1. Receiving signed xecm events at %s, updating the ERP at %s\n", url, cfg.ERPURL)
	if !demo {
		return exampleenv.Serve(ctx, srv, l)
	}
	go func() { _ = srv.Serve(l) }() // the demo's own server, closed when it ends
	defer srv.Close()
	if cfg.ready != nil {
		cfg.ready(url)
	}

	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if _, err := env.Sim.AddSubscription(url, cfg.Secrets[0], xecm.EventWorkspaceCreated, xecm.EventDocumentApproved,
		xecm.EventDocumentRejected, xecm.EventVersionAdded, xecm.EventRetentionChanged, xecm.EventHoldApplied, xecm.EventHoldRemoved); err != nil {
		return err
	}
	fmt.Fprintln(out, "2. Subscribed to the simulator's callbacks; now working in Extended ECM:")
	if err := work(ctx, env, out); err != nil {
		return err
	}
	if err := env.Sim.WaitForDeliveries(ctx); err != nil {
		return err
	}
	fmt.Fprintln(out, "3. Every event was delivered and the ERP updated.")
	return nil
}

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
