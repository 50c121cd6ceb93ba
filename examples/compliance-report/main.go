// Command compliance-report exports the compliance state of a business
// workspace for a dashboard: the audit trail of every item in it, the
// records management details (classification, record status, retention
// schedule) and the holds, as JSON Lines (audit.jsonl) and CSV (audit.csv),
// plus a summary (summary.json) that it also prints: counts per event type,
// classified records by retention schedule and status, the items on hold,
// and the approval history of each document.
//
//	ECM_URL=https://ecm.example.com/otcs/cs.exe ECM_USERNAME=auditor ECM_PASSWORD=... \
//	go run ./examples/compliance-report -workspace 12345 -out ./report
//
// On a real server the user needs to see the workspace, its audit trails
// and its records management data. Without -out the files go to a new
// temporary directory, whose name is printed. With ECM_URL unset it runs
// against the embedded simulator, where it first files three classified
// contracts in a customer workspace, puts one on a legal hold and has one
// approved and one sent for approval.
//
// With -serve it then serves a dashboard on -addr (dashboard.go,
// templates/dashboard.html): documents by retention classification as a
// server-rendered SVG chart, active holds with their items, documents
// awaiting approval, the approval history of the last 30 days, and the
// latest events of Events.Watch, pushed to the page as server-sent events;
// the exports are linked under /exports/. Nothing comes from a CDN.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/examples/exampleenv"
	"github.com/xecm-go/xecm/xecmtest"
)

// Config says which workspace to report on, and where to.
type Config struct {
	exampleenv.Config
	WorkspaceID int64  // -workspace
	OutDir      string // -out: the directory of the files; empty: a new temporary one
	// Serve keeps serving the dashboard on Addr until ctx ends (-serve).
	Serve bool
	Addr  string
	// ready, if set, is told the dashboard's URL when it serves (tests).
	ready func(url string)
}

func main() {
	cfg := Config{Config: exampleenv.FromEnv()}
	flag.Int64Var(&cfg.WorkspaceID, "workspace", 0, "the business workspace to report on")
	flag.StringVar(&cfg.OutDir, "out", "", "output directory (default: a new temporary directory)")
	flag.BoolVar(&cfg.Serve, "serve", false, "serve the dashboard until interrupted")
	flag.StringVar(&cfg.Addr, "addr", "127.0.0.1:8096", "listen address of the dashboard (-serve)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, cfg, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "compliance-report:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, cfg Config, out io.Writer) error {
	env, err := exampleenv.Connect(ctx, cfg.Config, out)
	if err != nil {
		return err
	}
	defer env.Close()
	sum, err := report(ctx, env, &cfg, out)
	if err != nil || !cfg.Serve {
		return err
	}
	return serve(ctx, env, cfg, sum, out)
}

// report seeds the demo on the simulator, writes the exports and the
// summary, and prints the summary.
func report(ctx context.Context, env *exampleenv.Env, cfg *Config, out io.Writer) (*summary, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	var err error
	c := env.Client
	if env.Sim != nil {
		if cfg.WorkspaceID, err = seed(ctx, env, out); err != nil {
			return nil, fmt.Errorf("seeding the demo: %w", err)
		}
	}
	if cfg.WorkspaceID <= 0 {
		return nil, fmt.Errorf("no workspace to report on (-workspace)")
	}
	if cfg.OutDir == "" {
		cfg.OutDir, err = os.MkdirTemp("", "compliance-report-")
	} else {
		err = os.MkdirAll(cfg.OutDir, 0o755)
	}
	if err != nil {
		return nil, err
	}

	// Oldest first, so that each item's rows read as its history.
	opts := xecm.AuditExportOptions{SubtreeOf: cfg.WorkspaceID, Records: true, Holds: true, Filter: &xecm.AuditListOptions{Ascending: true}}
	fmt.Fprintf(out, "2. Exporting workspace %d to %s:\n", cfg.WorkspaceID, cfg.OutDir)
	for _, f := range []struct {
		name   string
		format xecm.ExportFormat
	}{{"audit.jsonl", xecm.ExportJSONLines}, {"audit.csv", xecm.ExportCSV}} {
		opts.Format = f.format
		st, err := export(ctx, c, filepath.Join(cfg.OutDir, f.name), opts)
		if err != nil {
			return nil, fmt.Errorf("exporting %s: %w", f.name, err)
		}
		fmt.Fprintf(out, "   %-11s %d items, %d audit, %d record and %d hold rows\n",
			f.name, st.Nodes, st.AuditRows, st.RecordRows, st.HoldRows)
	}

	sum, err := summarize(ctx, c, cfg.WorkspaceID, filepath.Join(cfg.OutDir, "audit.jsonl"), env.AuditEventTypes)
	if err != nil {
		return nil, err
	}
	b, err := json.MarshalIndent(sum, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(cfg.OutDir, "summary.json"), b, 0o644); err != nil {
		return nil, err
	}
	fmt.Fprintf(out, "3. Summary of workspace %d (%d items), also in summary.json:\n", sum.WorkspaceID, sum.Items)
	fmt.Fprintf(out, "   events:    %s\n", counts(sum.Events))
	fmt.Fprintf(out, "   records:   %s\n", counts(sum.Records))
	fmt.Fprintf(out, "   on hold:   %d item(s)\n", len(sum.OnHold))
	for _, id := range slices.Sorted(maps.Keys(sum.OnHold)) {
		fmt.Fprintf(out, "              %q: %s\n", sum.Names[id], strings.Join(sum.OnHold[id], ", "))
	}
	fmt.Fprintf(out, "   approvals: %d document(s)\n", len(sum.Approvals))
	for _, id := range slices.Sorted(maps.Keys(sum.Approvals)) {
		fmt.Fprintf(out, "              %q: %s\n", sum.Names[id], strings.Join(sum.Approvals[id], " → "))
	}
	return sum, nil
}

// export writes one export file; the file is complete only if it succeeds.
func export(ctx context.Context, c *xecm.Client, path string, opts xecm.AuditExportOptions) (xecm.ExportStats, error) {
	f, err := os.Create(path)
	if err != nil {
		return xecm.ExportStats{}, err
	}
	st, err := c.Audit.Export(ctx, f, opts)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return st, err
}

// seed files the demo's contracts in a new customer workspace, through
// the SDK, and returns the workspace.
func seed(ctx context.Context, env *exampleenv.Env, out io.Writer) (int64, error) {
	c := env.Client
	ws, err := c.Workspaces.Create(ctx, xecm.WorkspaceCreateRequest{TemplateID: xecmtest.TemplateCustomer, Name: "ACME Corp",
		BusinessObject: &xecm.BusinessObject{ExtSystemID: "SFDC", BOType: "Account", BOID: "0015g00000XyZ"}})
	if err != nil {
		return 0, err
	}
	folder, err := c.Nodes.ChildByName(ctx, ws.ID, "Contracts")
	if err != nil {
		return 0, err
	}
	var docs []int64
	for _, name := range []string{"MSA.pdf", "SOW 1.pdf", "NDA.pdf"} {
		up, err := c.Documents.Upload(ctx, xecm.DocumentUploadRequest{ParentID: folder.ID, Name: name, MimeType: "application/pdf",
			Content: strings.NewReader("%PDF-1.7 " + name), RMClassificationID: xecmtest.RMClassContracts,
			RecordDetails: &xecm.RecordDetailsUpdate{Status: xecm.Ptr("ACTIVE")}})
		if err != nil {
			return 0, err
		}
		docs = append(docs, up.Node.ID)
	}
	if err := c.Records.ApplyHold(ctx, docs[2], xecmtest.HoldLitigation); err != nil {
		return 0, err
	}
	wf, err := c.Workflows.Start(ctx, xecm.WorkflowStartRequest{MapID: xecmtest.ApprovalMapID, DocumentIDs: docs[:1], Title: "Approve MSA"})
	if err != nil {
		return 0, err
	}
	if err := exampleenv.ApproveAsDemoUsers(ctx, env, wf.ProcessID, io.Discard); err != nil {
		return 0, err
	}
	if _, err := c.Workflows.Start(ctx, xecm.WorkflowStartRequest{MapID: xecmtest.ApprovalMapID, DocumentIDs: docs[1:2], Title: "Approve SOW 1"}); err != nil {
		return 0, err
	}
	fmt.Fprintf(out, "1. Demo data: workspace %q (node %d) with 3 classified contracts; NDA.pdf on hold, MSA.pdf approved, SOW 1.pdf in approval\n", ws.Name, ws.ID)
	return ws.ID, nil
}
