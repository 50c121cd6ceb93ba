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
// On a real server it needs a Customer workspace type whose template (ID
// -template) carries the attributes "Customer Name", "Country" and
// "Industry", and the CRM's connection (-ext-system, -bo-type). -watch=false
// only applies the record. With ECM_URL unset it runs against the embedded
// simulator: it applies a record and a change of it, files a contract, has
// it approved by the simulated users, shows what the CRM (a stand-in
// unless -crm is set) was told and exits.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/examples/exampleenv"
	"github.com/xecm-go/xecm/xecmtest"
)

// Config says which account to sync, and with what.
type Config struct {
	exampleenv.Config
	AccountID   string        // -account: the CRM account (business object key)
	ExtSystemID string        // -ext-system
	BOType      string        // -bo-type
	TemplateID  int64         // -template: for a workspace the account does not have yet
	RecordFile  string        // -record: the changed account record (JSON)
	CRMURL      string        // -crm: base URL of the CRM; empty in the demo plays one
	Watch       bool          // -watch: send document milestones to the CRM until stopped
	Checkpoint  string        // -checkpoint: the checkpoint file
	Interval    time.Duration // -interval: how often the audit trails are read
}

// mapping says which CRM field feeds which workspace attribute.
var mapping = xecm.RecordMapping{"Name": "Customer Name", "BillingCountry": "Country", "Industry": "Industry"}

// milestones are the events the CRM hears of, and what it calls them.
var milestones = map[xecm.EventType]string{
	xecm.EventDocumentCreated: "filed", xecm.EventVersionAdded: "new version",
	xecm.EventWorkflowInitiated: "in approval", xecm.EventDocumentApproved: "approved", xecm.EventDocumentRejected: "rejected",
}

func main() {
	cfg := Config{Config: exampleenv.FromEnv()}
	flag.StringVar(&cfg.AccountID, "account", "0015g00000XyZ", "CRM account ID")
	flag.StringVar(&cfg.ExtSystemID, "ext-system", "SFDC", "external system ID of the CRM")
	flag.StringVar(&cfg.BOType, "bo-type", "Account", "business object type of CRM accounts")
	flag.Int64Var(&cfg.TemplateID, "template", xecmtest.TemplateCustomer, "Customer workspace template ID")
	flag.StringVar(&cfg.RecordFile, "record", "", "JSON file with the changed account record")
	flag.StringVar(&cfg.CRMURL, "crm", "", "base URL of the CRM")
	flag.BoolVar(&cfg.Watch, "watch", true, "send document milestones to the CRM until stopped")
	flag.StringVar(&cfg.Checkpoint, "checkpoint", "crm-sync.checkpoints.json", "checkpoint file")
	flag.DurationVar(&cfg.Interval, "interval", 30*time.Second, "how often the audit trails are read")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, cfg, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "crm-sync:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, cfg Config, out io.Writer) error {
	out = exampleenv.SyncWriter(out)
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

	var records []map[string]any
	switch {
	case cfg.RecordFile != "":
		b, err := os.ReadFile(cfg.RecordFile)
		if err != nil {
			return err
		}
		var rec map[string]any
		if err := json.Unmarshal(b, &rec); err != nil {
			return fmt.Errorf("%s: %w", cfg.RecordFile, err)
		}
		records = append(records, rec)
	case demo: // the record as the CRM first sends it, then after a change of industry
		records = append(records, map[string]any{"Id": cfg.AccountID, "Name": "ACME Corp", "BillingCountry": "US", "Industry": "Aerospace"},
			map[string]any{"Id": cfg.AccountID, "Name": "ACME Corp", "BillingCountry": "US", "Industry": "Defense"})
	}
	bo := xecm.BusinessObject{ExtSystemID: cfg.ExtSystemID, BOType: cfg.BOType, BOID: cfg.AccountID}
	name := ""
	if len(records) > 0 {
		name, _ = records[0]["Name"].(string)
	}
	ws, _, err := c.Workspaces.Ensure(ctx, xecm.WorkspaceCreateRequest{TemplateID: cfg.TemplateID, Name: name, BusinessObject: &bo})
	if err != nil {
		return fmt.Errorf("the workspace of %s: %w", bo, err)
	}
	step := 1
	fmt.Fprintf(out, "%d. Account %s has workspace %q (node %d)\n", step, bo, ws.Name, ws.ID)

	for _, rec := range records {
		res, err := c.Workspaces.UpdateFromRecord(ctx, ws.ID, rec, mapping)
		if err != nil {
			return fmt.Errorf("applying the account record: %w", err)
		}
		keys := make([]string, 0, len(res.Changed))
		for k, v := range res.Changed {
			keys = append(keys, fmt.Sprintf("%s=%v", k, v))
		}
		sort.Strings(keys)
		step++
		fmt.Fprintf(out, "%d. Account record applied: %d attribute(s) written [%s], %d already up to date\n", step, len(keys), strings.Join(keys, " "), res.Unchanged)
	}
	if !cfg.Watch && !demo {
		return nil
	}

	if cfg.CRMURL == "" {
		if !demo {
			return errors.New("no CRM to send milestones to (-crm)")
		}
		crm := exampleenv.StartStandIn("CRM", out)
		defer crm.Close()
		cfg.CRMURL = crm.URL
	}
	if demo {
		// A fresh simulator reuses node IDs: an old checkpoint would skip events.
		dir, err := os.MkdirTemp("", "crm-sync-demo-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		cfg.Checkpoint = filepath.Join(dir, "checkpoints.json")
	}
	store, err := xecm.OpenFileCheckpointStore(cfg.Checkpoint)
	if err != nil {
		return err
	}
	watchCtx, stop := context.WithCancel(ctx)
	defer stop()
	hc := &http.Client{Timeout: 10 * time.Second}
	activities := fmt.Sprintf("%s/crm/accounts/%s/activities", strings.TrimRight(cfg.CRMURL, "/"), cfg.AccountID)
	interval := cfg.Interval
	if demo {
		interval = 200 * time.Millisecond
	}
	step++
	fmt.Fprintf(out, "%d. Sending document milestones of workspace %d to %s (checkpoints in %s)\n", step, ws.ID, activities, store.Path())
	done := make(chan error, 1)
	go func() {
		done <- c.Events.Watch(watchCtx, xecm.WatchOptions{NodeIDs: []int64{ws.ID}, Subtree: true, Checkpoints: store, Interval: interval},
			func(ctx context.Context, ev xecm.Event) error {
				m, ok := milestones[ev.Type]
				if !ok || ev.Data.Subtype != xecm.TypeDocument {
					return nil
				}
				// A failed POST fails the event: Watch delivers it again.
				err := exampleenv.PostJSON(ctx, hc, activities, ev.ID, map[string]any{"milestone": m, "document_id": ev.Data.NodeID,
					"document": ev.Data.Name, "user_id": ev.Data.UserID, "time": ev.Time, "workspace_id": ws.ID}, nil)
				if err == nil && demo && ev.Type == xecm.EventDocumentApproved {
					stop() // the demo ends with the approval
				}
				return err
			})
	}()
	if demo {
		if err := fileAndApprove(ctx, env, ws.ID, step+1, out); err != nil {
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

// fileAndApprove is the demo's activity in the workspace: a contract is
// filed and approved by the simulated users.
func fileAndApprove(ctx context.Context, env *exampleenv.Env, wsID int64, step int, out io.Writer) error {
	c := env.Client
	folder, err := exampleenv.FindChild(ctx, c, wsID, "Contracts")
	if err != nil {
		return err
	}
	up, err := c.Documents.Upload(ctx, xecm.DocumentUploadRequest{ParentID: folder.ID, Name: "MSA ACME.pdf",
		MimeType: "application/pdf", Content: strings.NewReader("%PDF-1.7 master services agreement")})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%d. Filed %q (node %d) and sent it for approval\n", step, up.Node.Name, up.Node.ID)
	wf, err := c.Workflows.Start(ctx, xecm.WorkflowStartRequest{MapID: xecmtest.ApprovalMapID, DocumentIDs: []int64{up.Node.ID}, Title: "Approve MSA ACME"})
	if err != nil {
		return err
	}
	return exampleenv.ApproveAsDemoUsers(ctx, env, wf.ProcessID, out)
}
