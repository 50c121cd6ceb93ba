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
