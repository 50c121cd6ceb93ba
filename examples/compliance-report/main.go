// Command compliance-report exports the compliance state of a business
// workspace for a dashboard: the audit trail of every item in it, the
// records management details (classification, record status, retention
// schedule) and the holds, as JSON Lines (audit.jsonl) and CSV (audit.csv),
// plus a summary (summary.json) that it also prints: counts per event type,
// classified records by retention schedule and status, the items on hold,
// and the approval history of each document.
//
//	ECM_URL=https://ecm.example.com/otcs/cs.exe ECM_USERNAME=auditor ECM_PASSWORD=... \
//	go run ./examples/compliance-report -ext-system SFDC -bo-type Account -bo-id 0015g00000XyZ -out ./report
//
// The workspace is found by its business object (-ext-system, -bo-type
// and -bo-id: the CRM or ERP record it stands for) or by its path in the
// Enterprise Workspace (-path "Customers/ACME Corp"); what was found is
// printed, and what was not is named in the error. -workspace-id takes
// the workspace's node ID instead. On a real server the user needs to see
// the workspace, its audit trails and its records management data.
// Without -out the files go to a new temporary directory, whose name is
// printed. With ECM_URL unset it runs against the embedded simulator,
// where the demo (demo.go) first files three classified contracts in the
// workspace of CRM account 0015g00000XyZ, puts one on a legal hold and has
// one approved and one sent for approval.
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
)

// Config says which workspace to report on, and where to.
type Config struct {
	exampleenv.Config
	// BusinessObject finds the workspace by the record it stands for
	// (-ext-system, -bo-type, -bo-id); Path by its path in the Enterprise
	// Workspace (-path); WorkspaceID (-workspace-id) overrides both.
	BusinessObject xecm.BusinessObject
	Path           string
	WorkspaceID    int64
	OutDir         string // -out: the directory of the files; empty: a new temporary one
	// Serve keeps serving the dashboard on Addr until ctx ends (-serve).
	Serve bool
	Addr  string
	// ready, if set, is told the dashboard's URL when it serves (tests).
	ready func(url string)
}

func main() {
	cfg := Config{Config: exampleenv.FromEnv()}
	flag.StringVar(&cfg.BusinessObject.ExtSystemID, "ext-system", "SFDC", "external system of the workspace's business object")
	flag.StringVar(&cfg.BusinessObject.BOType, "bo-type", "Account", "type of the workspace's business object")
	flag.StringVar(&cfg.BusinessObject.BOID, "bo-id", "", "ID of the workspace's business object in its system (such as a CRM account)")
	flag.StringVar(&cfg.Path, "path", "", `path of the workspace in the Enterprise Workspace (such as "Customers/ACME Corp"), instead of -bo-id`)
	flag.Int64Var(&cfg.WorkspaceID, "workspace-id", 0, "node ID of the workspace (overrides -bo-id and -path)")
	flag.StringVar(&cfg.OutDir, "out", "", "output directory (default: a new temporary directory)")
	flag.BoolVar(&cfg.Serve, "serve", false, "serve the dashboard until interrupted")
	flag.StringVar(&cfg.Addr, "addr", "127.0.0.1:8096", "listen address of the dashboard (-serve)")
	flag.Parse()
	if cfg.URL == "" {
		demo(&cfg)
	}
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

// report finds the workspace, writes the exports and the summary, and
// prints the summary.
func report(ctx context.Context, env *exampleenv.Env, cfg *Config, out io.Writer) (*summary, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	c := env.Client
	ws, err := findWorkspace(ctx, c, *cfg)
	if err != nil {
		return nil, err
	}
	cfg.WorkspaceID = ws.ID
	fmt.Fprintf(out, "1. Reporting on %q (node %d), found by %s\n", ws.Name, ws.ID, foundBy(*cfg))
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

// findWorkspace finds the workspace to report on: by its ID when given,
// else by its business object, else by its path.
func findWorkspace(ctx context.Context, c *xecm.Client, cfg Config) (*xecm.Node, error) {
	switch {
	case cfg.WorkspaceID != 0:
		ws, err := c.Nodes.Get(ctx, cfg.WorkspaceID, nil)
		if err != nil {
			return nil, fmt.Errorf("the workspace with node ID %d (-workspace-id): %w", cfg.WorkspaceID, err)
		}
		return ws, nil
	case cfg.BusinessObject.BOID != "":
		ws, err := c.Workspaces.GetByBusinessObject(ctx, cfg.BusinessObject)
		if err != nil {
			return nil, fmt.Errorf("finding the workspace of business object %s: %w", cfg.BusinessObject, err)
		}
		return &ws.Node, nil
	case cfg.Path != "":
		ws, err := c.Nodes.ByVolumePath(ctx, xecm.VolumeEnterprise, cfg.Path)
		if err != nil {
			return nil, fmt.Errorf("finding the workspace %q in the Enterprise Workspace: %w", cfg.Path, err)
		}
		return ws, nil
	}
	return nil, fmt.Errorf("say which workspace to report on: -bo-id (with -ext-system and -bo-type), -path or -workspace-id: %w", xecm.ErrInvalidArgument)
}

// foundBy says how findWorkspace found the workspace of cfg.
func foundBy(cfg Config) string {
	switch {
	case cfg.Path != "" && cfg.BusinessObject.BOID == "":
		return fmt.Sprintf("its path %q", cfg.Path)
	case cfg.BusinessObject.BOID != "":
		return "its business object " + cfg.BusinessObject.String()
	}
	return "its node ID"
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
