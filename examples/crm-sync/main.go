// Command crm-sync keeps a CRM account and its Customer workspace in step,
// both ways:
//
//   - CRM to ECM: a changed account record (a JSON object, as the CRM's
//     outbound message sends it) updates the workspace's category values
//     through a field-to-attribute mapping; only attributes whose value
//     differs are written, so an unchanged record writes nothing.
//
//   - ECM to CRM: document milestones in the workspace (filed, new
//     version, sent for approval, approved, rejected) are posted to the
//     CRM as account activities. They are read from the audit trails with
//     c.Events.Watch, whose checkpoint file makes a restarted sync resume
//     where it stopped (the first run sends the workspace's history once).
//
//     ECM_URL=https://ecm.example.com/otcs/cs.exe ECM_USERNAME=svc ECM_PASSWORD=... \
//     go run ./examples/crm-sync -account 0015g00000XyZ -record account.json \
//     -crm https://crm.example.com -checkpoint /var/lib/crm-sync/checkpoints.json
//
// On a real server it needs the account (-account, required), a workspace
// type (-workspace-type, default "Customer", found by name and printed;
// -template takes a template ID instead) whose template carries the
// attributes "Customer Name", "Country" and "Industry", and the CRM's
// connection (-ext-system, -bo-type). -watch=false only applies the record.
// With ECM_URL unset it runs against the embedded simulator for a demo
// account (demo.go): it applies a record and a change of it, files a
// contract, has it approved by the simulated users, shows what the CRM (a
// stand-in unless -crm is set) was told and exits.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/examples/exampleenv"
)

// Config says which account to sync, and with what.
type Config struct {
	exampleenv.Config
	AccountID   string // -account: the CRM account (business object key)
	ExtSystemID string // -ext-system
	BOType      string // -bo-type
	// WorkspaceType names the type whose template makes the workspace an
	// account does not have yet (-workspace-type); TemplateID (-template)
	// overrides it with an ID.
	WorkspaceType string
	TemplateID    int64
	RecordFile    string        // -record: the changed account record (JSON)
	CRMURL        string        // -crm: base URL of the CRM; empty in the demo plays one
	Watch         bool          // -watch: send document milestones to the CRM until stopped
	Checkpoint    string        // -checkpoint: the checkpoint file
	Interval      time.Duration // -interval: how often the audit trails are read
}

func main() {
	cfg := Config{Config: exampleenv.FromEnv()}
	flag.StringVar(&cfg.AccountID, "account", "", "CRM account ID (required)")
	flag.StringVar(&cfg.ExtSystemID, "ext-system", "SFDC", "external system ID of the CRM")
	flag.StringVar(&cfg.BOType, "bo-type", "Account", "business object type of CRM accounts")
	flag.StringVar(&cfg.WorkspaceType, "workspace-type", "Customer", "workspace type of accounts (its template makes new workspaces)")
	flag.Int64Var(&cfg.TemplateID, "template", 0, "workspace template ID (overrides -workspace-type)")
	flag.StringVar(&cfg.RecordFile, "record", "", "JSON file with the changed account record")
	flag.StringVar(&cfg.CRMURL, "crm", "", "base URL of the CRM")
	flag.BoolVar(&cfg.Watch, "watch", true, "send document milestones to the CRM until stopped")
	flag.StringVar(&cfg.Checkpoint, "checkpoint", "crm-sync.checkpoints.json", "checkpoint file")
	flag.DurationVar(&cfg.Interval, "interval", 30*time.Second, "how often the audit trails are read")
	flag.Parse()
	if cfg.URL == "" {
		demo(&cfg)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, cfg, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "crm-sync:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, cfg Config, out io.Writer) error {
	out = exampleenv.SyncWriter(out)
	if cfg.AccountID == "" {
		return fmt.Errorf("say which CRM account to sync: -account: %w", xecm.ErrInvalidArgument)
	}
	demo := cfg.URL == ""
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
	if cfg.TemplateID == 0 {
		tpl, err := c.Workspaces.TemplateByName(ctx, cfg.WorkspaceType, "")
		if err != nil {
			return fmt.Errorf("finding the template of workspace type %q: %w", cfg.WorkspaceType, err)
		}
		cfg.TemplateID = tpl.ID
		fmt.Fprintf(out, "Workspace type %q: template %q (node %d)\n", cfg.WorkspaceType, tpl.Name, tpl.ID)
	}

	// CRM to ECM: the account's workspace, with its record applied.
	step := 0
	say := func(format string, args ...any) {
		step++
		fmt.Fprintf(out, "%d. %s\n", step, fmt.Sprintf(format, args...))
	}
	records, err := accountRecords(cfg, demo)
	if err != nil {
		return err
	}
	ws, err := syncAccount(ctx, c, cfg, records, say)
	if err != nil {
		return err
	}
	if !cfg.Watch && !demo {
		return nil
	}

	// ECM to CRM: the workspace's document milestones.
	if cfg.CRMURL == "" {
		if !demo {
			return errors.New("no CRM to send milestones to (-crm)")
		}
		crm := exampleenv.StartStandIn("CRM", out)
		defer crm.Close()
		cfg.CRMURL = crm.URL
	}
	interval := cfg.Interval
	if demo {
		// A fresh simulator reuses node IDs: an old checkpoint would skip events.
		dir, err := os.MkdirTemp("", "crm-sync-demo-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		cfg.Checkpoint = filepath.Join(dir, "checkpoints.json")
		interval = 200 * time.Millisecond
	}
	store, err := xecm.OpenFileCheckpointStore(cfg.Checkpoint)
	if err != nil {
		return err
	}
	ms := newMilestoneSync(c, ws.ID, cfg.CRMURL, cfg.AccountID, out)
	ms.names = env.AuditEventTypes
	watchCtx, stop := context.WithCancel(ctx)
	defer stop()
	if demo {
		ms.sent = func(ev xecm.Event) {
			if ev.Type == xecm.EventDocumentApproved {
				stop() // the demo ends with the approval
			}
		}
	}
	say("Sending document milestones of workspace %d to %s (checkpoints in %s)", ws.ID, ms.activities, store.Path())
	done := make(chan error, 1)
	go func() { done <- ms.run(watchCtx, store, interval) }()
	if demo {
		if err := fileAndApprove(ctx, env, ws.ID, say, out); err != nil {
			return err
		}
	}
	if err := <-done; err != nil {
		return err
	}
	if demo && ctx.Err() != nil {
		return fmt.Errorf("the approval did not reach the CRM: %w", ctx.Err())
	}
	return nil
}
