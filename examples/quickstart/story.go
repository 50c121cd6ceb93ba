package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/examples/exampleenv"
	"github.com/xecm-go/xecm/portal"
	"github.com/xecm-go/xecm/webhook"
)

// Settings names what the quickstart needs from the server, read from
// the QUICKSTART_* variables named in the field comments. The names and
// paths are found on the server; an ID variable overrides its name.
type Settings struct {
	WorkspaceType      string // QUICKSTART_WORKSPACE_TYPE (default Customer): its template makes the customer workspace
	ContractCategory   string // QUICKSTART_CONTRACT_CATEGORY (default Contract): Deal ID, Account Name, Amount
	ControlCategory    string // QUICKSTART_CONTROL_CATEGORY (default Document Control): Status (Approved), Approved Version (integer)
	ApprovalMap        string // QUICKSTART_APPROVAL_MAP (default Document Approval): review, then approve
	TemplateID         int64  // QUICKSTART_TEMPLATE_ID: overrides WorkspaceType
	ContractCategoryID int64  // QUICKSTART_CONTRACT_CATEGORY_ID: overrides ContractCategory
	ControlCategoryID  int64  // QUICKSTART_CONTROL_CATEGORY_ID: overrides ControlCategory
	ApprovalMapID      int64  // QUICKSTART_APPROVAL_MAP_ID: overrides ApprovalMap
	RMClassification   string // QUICKSTART_RM_CLASSIFICATION: path of the retention classification in the Classification Volume
	RMClassificationID int64  // QUICKSTART_RM_CLASSIFICATION_ID: overrides RMClassification
	Reviewer, Approver login  // QUICKSTART_REVIEWER / _PASSWORD, QUICKSTART_APPROVER / _PASSWORD
}

type login struct{ user, password string }

// settingsFromEnv reads the Settings from the environment; a malformed ID
// is an error naming its variable.
func settingsFromEnv() (Settings, error) {
	var errs []error
	str := func(name, def string) string {
		if v := os.Getenv(name); v != "" {
			return v
		}
		return def
	}
	id := func(name string) int64 {
		if os.Getenv(name) == "" {
			return 0
		}
		v, err := strconv.ParseInt(os.Getenv(name), 10, 64)
		if err != nil || v <= 0 {
			errs = append(errs, fmt.Errorf("%s must be a node ID: %w", name, xecm.ErrInvalidArgument))
		}
		return v
	}
	return Settings{
		WorkspaceType: str("QUICKSTART_WORKSPACE_TYPE", "Customer"), ContractCategory: str("QUICKSTART_CONTRACT_CATEGORY", "Contract"),
		ControlCategory: str("QUICKSTART_CONTROL_CATEGORY", "Document Control"), ApprovalMap: str("QUICKSTART_APPROVAL_MAP", "Document Approval"),
		TemplateID: id("QUICKSTART_TEMPLATE_ID"), ContractCategoryID: id("QUICKSTART_CONTRACT_CATEGORY_ID"),
		ControlCategoryID: id("QUICKSTART_CONTROL_CATEGORY_ID"), ApprovalMapID: id("QUICKSTART_APPROVAL_MAP_ID"),
		RMClassification: os.Getenv("QUICKSTART_RM_CLASSIFICATION"), RMClassificationID: id("QUICKSTART_RM_CLASSIFICATION_ID"),
		Reviewer: login{os.Getenv("QUICKSTART_REVIEWER"), os.Getenv("QUICKSTART_REVIEWER_PASSWORD")},
		Approver: login{os.Getenv("QUICKSTART_APPROVER"), os.Getenv("QUICKSTART_APPROVER_PASSWORD")},
	}, errors.Join(errs...)
}

// Story is the quickstart's run against one server, with what Settings
// named found there.
type Story struct {
	Settings
	env *exampleenv.Env
	c   *xecm.Client
	// observer, when set, also sees the webhook deliveries (-trace).
	observer xecm.Observer
}

// storyFor finds on the server what set names, and says what it found.
func storyFor(ctx context.Context, env *exampleenv.Env, set Settings, out io.Writer) (*Story, error) {
	s := &Story{Settings: set, env: env, c: env.Client}
	if s.RMClassificationID == 0 && s.RMClassification == "" {
		return nil, fmt.Errorf("QUICKSTART_RM_CLASSIFICATION must be set to the path of the contracts' classification in the Classification Volume (or QUICKSTART_RM_CLASSIFICATION_ID to its ID): %w", xecm.ErrInvalidArgument)
	}
	if s.Reviewer.user == "" || s.Approver.user == "" {
		return nil, fmt.Errorf("QUICKSTART_REVIEWER and QUICKSTART_APPROVER must be set: %w", xecm.ErrInvalidArgument)
	}
	if s.TemplateID == 0 {
		tpl, err := s.c.Workspaces.TemplateByName(ctx, s.WorkspaceType, "")
		if err != nil {
			return nil, fmt.Errorf("finding the template of workspace type %q (QUICKSTART_WORKSPACE_TYPE): %w", s.WorkspaceType, err)
		}
		s.TemplateID = tpl.ID
		fmt.Fprintf(out, "Workspace type %q: template %q (node %d)\n", s.WorkspaceType, tpl.Name, tpl.ID)
	}
	for _, c := range []struct {
		name, variable string
		id             *int64
	}{{s.ContractCategory, "QUICKSTART_CONTRACT_CATEGORY", &s.ContractCategoryID}, {s.ControlCategory, "QUICKSTART_CONTROL_CATEGORY", &s.ControlCategoryID}} {
		if *c.id != 0 {
			continue
		}
		cat, err := s.c.Metadata.CategoryByName(ctx, c.name)
		if err != nil {
			return nil, fmt.Errorf("finding the category %q (%s): %w", c.name, c.variable, err)
		}
		*c.id = cat.ID
		fmt.Fprintf(out, "Category %q: node %d\n", c.name, cat.ID)
	}
	if s.RMClassificationID == 0 {
		cl, err := s.c.Records.ClassificationByPath(ctx, s.RMClassification)
		if err != nil {
			return nil, fmt.Errorf("finding the RM classification %q (QUICKSTART_RM_CLASSIFICATION): %w", s.RMClassification, err)
		}
		s.RMClassificationID = cl.ID
		fmt.Fprintf(out, "RM classification %q: node %d\n", s.RMClassification, cl.ID)
	}
	if s.ApprovalMapID == 0 {
		m, err := s.c.Workflows.MapByName(ctx, s.ApprovalMap)
		if err != nil {
			return nil, fmt.Errorf("finding the workflow map %q (QUICKSTART_APPROVAL_MAP): %w", s.ApprovalMap, err)
		}
		s.ApprovalMapID = m.ID
		fmt.Fprintf(out, "Workflow map %q: node %d\n", s.ApprovalMap, m.ID)
	}
	return s, nil
}

func (s *Story) tell(ctx context.Context, out io.Writer) error {
	out = exampleenv.SyncWriter(out) // the event sources write too
	step := 0
	say := func(format string, args ...any) {
		step++
		fmt.Fprintf(out, "%2d. %s\n", step, fmt.Sprintf(format, args...))
	}

	// Events arrive as signed callbacks (simulator) or from the audit trail.
	events := newEventFeed()
	receiver, err := webhookReceiver(events, s.observer)
	if err != nil {
		return err
	}
	defer receiver.Close()
	invoices := exampleenv.StartStandIn("invoice processing", nil)
	defer invoices.Close()

	// 1. The CRM account gets its customer workspace.
	account := map[string]any{"Id": "0015g00000ACME", "Name": "ACME Corp", "BillingCountry": "US"}
	ws, created, err := s.c.Workspaces.Ensure(ctx, xecm.WorkspaceCreateRequest{TemplateID: s.TemplateID,
		BusinessObject: &xecm.BusinessObject{ExtSystemID: "SFDC", BOType: "Account", BOID: account["Id"].(string)}})
	if err != nil {
		return fmt.Errorf("ensuring the customer workspace: %w", err)
	}
	say("Customer workspace %q (node %d) for CRM account %s: %s", ws.Name, ws.ID, account["Id"], map[bool]string{true: "created", false: "already there"}[created])
	if _, err := s.c.Workspaces.UpdateFromRecord(ctx, ws.ID, account, xecm.RecordMapping{"Name": "Customer Name", "BillingCountry": "Country"}); err != nil {
		return fmt.Errorf("filling the workspace from the CRM record: %w", err)
	}
	say("Workspace metadata filled from the CRM record (Customer Name, Country)")
	stopEvents, err := s.subscribe(ctx, ws.ID, receiver.URL, events, out)
	if err != nil {
		return err
	}
	defer stopEvents()

	// 2. The signed contract lands in the workspace's Contracts folder.
	folder, err := s.c.Nodes.ChildByName(ctx, ws.ID, "Contracts")
	if err != nil {
		return err
	}
	deal := xecm.NewCategoryValues(s.ContractCategoryID).Set("Deal ID", "D-2026-0042").Set("Account Name", "ACME Corp").Set("Amount", 120000)
	up, err := s.c.Documents.Upload(ctx, xecm.DocumentUploadRequest{ComputeSHA256: true, ParentID: folder.ID, Name: "MSA ACME Corp.pdf", MimeType: "application/pdf",
		Content: strings.NewReader(contractPDF), Values: []*xecm.CategoryValues{deal}, RMClassificationID: s.RMClassificationID,
		RecordDetails: &xecm.RecordDetailsUpdate{Official: xecm.Ptr(true)}})
	if err != nil {
		return fmt.Errorf("filing the contract: %w", err)
	}
	doc := up.Node.ID
	say("Contract filed as node %d with Deal ID, Account Name, Amount and retention classification %d (SHA-256 %s…)", doc, s.RMClassificationID, up.SHA256[:12])

	ev, err := events.await(ctx, xecm.EventDocumentCreated, doc)
	if err != nil {
		return err
	}
	source := "a signed callback, signature verified"
	if s.env.Sim == nil {
		source = "the audit trail"
	}
	say("Received %s for %q (event %s, from %s)", ev.Type, ev.Data.Name, ev.ID, source)

	// 3. Review and approval; the final approval triggers invoice processing.
	// The approval is of the version the reviewers see: the latest now.
	reviewed, err := s.c.Documents.Versions().Latest(ctx, doc)
	if err != nil {
		return fmt.Errorf("reading the version to review: %w", err)
	}
	wf, err := s.c.Workflows.Start(ctx, xecm.WorkflowStartRequest{MapID: s.ApprovalMapID, DocumentIDs: []int64{doc}, Title: "Approve MSA ACME Corp"})
	if err != nil {
		return fmt.Errorf("starting the approval: %w", err)
	}
	say("Approval workflow %d started", wf.ProcessID)
	for _, who := range []login{s.Reviewer, s.Approver} {
		if err := s.approveAs(ctx, who, wf.ProcessID); err != nil {
			return err
		}
		say("%s approved their task", who.user)
	}
	ev, err = s.approval(ctx, events, wf.ProcessID, doc)
	if err != nil {
		return err
	}
	if s.env.Sim == nil {
		say("Approval workflow %d completed (read from its status: a real server audits no approval)", wf.ProcessID)
	}
	invoice := map[string]any{"deal": "D-2026-0042", "document": doc, "approved_at": ev.Time}
	if err := exampleenv.PostJSON(ctx, http.DefaultClient, invoices.URL+"/invoices", ev.ID, invoice, nil); err != nil {
		return fmt.Errorf("triggering invoice processing: %w", err)
	}
	say("%s received: invoice processing started for deal D-2026-0042 (%d request to the invoice system)", ev.Type, len(invoices.Calls()))
	approved := xecm.NewCategoryValues(s.ControlCategoryID).Set("Status", "Approved").Set("Approved Version", reviewed.Number)
	if err := s.c.Metadata.Apply(ctx, doc, approved); err != nil {
		return fmt.Errorf("marking the contract approved: %w", err)
	}
	say("Contract marked Status = Approved, Approved Version = %d", reviewed.Number)

	// 4. A portal publishes approved contracts to readers without ECM
	// access: the approved version only, so a version added since waits
	// for its own approval.
	h, err := portal.New(portal.NewClientSource(s.c), portal.Config{DirectAccess: true, Policy: portal.Policy{
		Roots:     []int64{ws.ID},
		Require:   []portal.Condition{{CategoryID: s.ControlCategoryID, Attribute: "Status", Values: []string{"Approved"}}},
		Approval:  portal.Approval{CategoryID: s.ControlCategoryID, VersionAttribute: "Approved Version"},
		MIMETypes: []string{"application/pdf"},
	}})
	if err != nil {
		return err
	}
	site := httptest.NewServer(h)
	defer site.Close()
	body, etag, err := fetch(ctx, site.URL+"/documents/"+strconv.FormatInt(doc, 10))
	if err != nil {
		return fmt.Errorf("fetching through the portal: %w", err)
	}
	say("Portal served the approved contract: %d bytes, ETag %s", len(body), etag)

	// 5. The compliance summary for dashboards.
	return s.summary(ctx, ws.ID, doc, say)
}

// subscribe makes the events of the workspace arrive in events, and
// returns the function that stops them.
func (s *Story) subscribe(ctx context.Context, wsID int64, url string, events *eventFeed, out io.Writer) (func(), error) {
	if s.env.Sim != nil {
		_, err := s.env.Sim.AddSubscription(url, receiverSecret)
		return func() {}, err
	}
	// A real server sends no callbacks: read the same events from the
	// workspace's audit trail instead. Watch retries what fails; say so,
	// or a trail the user may not read would look like a silent wait.
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = s.c.Events.Watch(ctx, xecm.WatchOptions{NodeIDs: []int64{wsID}, Subtree: true, Interval: time.Second,
			OnError: func(nodeID int64, err error) {
				fmt.Fprintf(out, "    reading the audit trail of node %d failed, retrying: %v\n", nodeID, err)
			}},
			func(_ context.Context, ev xecm.Event) error { events.add(ev); return nil })
	}()
	return func() { cancel(); <-done }, nil
}

// approval waits for the final approval of doc by workflow processID. On
// the simulator it is the document.approved event. No audit entry of a real
// server that says "approved" is public (the simulator's workflow entries
// are inventions: xecmtest.WithInventedAuditEvents), so there the
// workflow's status says it: done,
// and not stopped. The event made of it has an ID of its own, so that the
// invoice system can still deduplicate.
func (s *Story) approval(ctx context.Context, events *eventFeed, processID, doc int64) (xecm.Event, error) {
	if s.env.Sim != nil {
		return events.await(ctx, xecm.EventDocumentApproved, doc)
	}
	tick := time.NewTicker(2 * time.Second)
	defer tick.Stop()
	for {
		wf, err := s.c.Workflows.Status(ctx, processID)
		if err != nil {
			return xecm.Event{}, fmt.Errorf("reading the approval workflow's status: %w", err)
		}
		if wf.Done() {
			if wf.Status == string(xecm.WorkflowStopped) {
				return xecm.Event{}, fmt.Errorf("the approval workflow %d was stopped, not approved", processID)
			}
			return xecm.Event{ID: fmt.Sprintf("workflow_%d_completed", processID), Type: xecm.EventDocumentApproved,
				Time: time.Now().UTC(), Data: xecm.EventData{NodeID: doc, WorkflowID: processID}}, nil
		}
		select {
		case <-tick.C:
		case <-ctx.Done():
			return xecm.Event{}, fmt.Errorf("waiting for workflow %d to complete: %w", processID, ctx.Err())
		}
	}
}

// approveAs approves, as who, their task of the workflow processID. Their
// inbox may hold other work: only this workflow's task is acted on.
func (s *Story) approveAs(ctx context.Context, who login, processID int64) error {
	c, err := xecm.NewClient(s.env.URL, xecm.WithPassword(who.user, who.password))
	if err != nil {
		return err
	}
	tasks, err := c.Workflows.Assignments(ctx)
	if err != nil {
		return fmt.Errorf("%s's assignments: %w", who.user, err)
	}
	for _, t := range tasks {
		if t.ProcessID == processID {
			if err := c.Workflows.ActOnTask(ctx, t.TaskRef, xecm.TaskAction{CustomAction: xecm.TaskApprove, Comment: "looks good"}); err != nil {
				return fmt.Errorf("%s approving %q: %w", who.user, t.Name, err)
			}
			return nil
		}
	}
	return fmt.Errorf("%s has no task of workflow %d", who.user, processID)
}

func (s *Story) summary(ctx context.Context, wsID, doc int64, say func(string, ...any)) error {
	perType := map[string]int{}
	for e, err := range s.c.Audit.ListIter(ctx, doc, &xecm.AuditListOptions{Ascending: true}) {
		if err != nil {
			return err
		}
		perType[e.EventName]++
	}
	rec, err := s.c.Records.Get(ctx, doc)
	if err != nil {
		return err
	}
	class := "none"
	if p, ok := rec.Primary(); ok {
		class = fmt.Sprintf("%d (RSI %s, official %t)", p.ClassID, p.RSI, p.Official)
	}
	holds, err := s.c.Records.NodeHolds(ctx, doc)
	if err != nil {
		return err
	}
	stats, err := s.c.Audit.Export(ctx, io.Discard, xecm.AuditExportOptions{Format: xecm.ExportJSONLines, SubtreeOf: wsID, Records: true, Holds: true})
	if err != nil {
		return err
	}
	say("Compliance summary: contract audit %v; RM classification %s; %d hold(s); workspace export: %d nodes, %d audit rows, %d record rows",
		perType, class, len(holds), stats.Nodes, stats.AuditRows, stats.RecordRows)
	return nil
}

func fetch(ctx context.Context, url string) ([]byte, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, "", err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, "", err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, "", fmt.Errorf("portal answered %s", resp.Status)
	}
	return body, resp.Header.Get("ETag"), nil
}

// receiverSecret signs the simulator's callbacks to this program.
const receiverSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

// webhookReceiver mounts a signature-verifying webhook.Handler.
func webhookReceiver(events *eventFeed, obs xecm.Observer) (*httptest.Server, error) {
	v, err := webhook.NewVerifier([]string{receiverSecret})
	if err != nil {
		return nil, err
	}
	var opts []webhook.HandlerOption
	if obs != nil {
		opts = append(opts, webhook.WithObserver(obs))
	}
	h, err := webhook.NewHandler(v, func(_ context.Context, ev xecm.Event) error { events.add(ev); return nil }, opts...)
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("POST /webhooks/xecm", h)
	srv := httptest.NewServer(mux)
	srv.URL += "/webhooks/xecm"
	return srv, nil
}

const contractPDF = "%PDF-1.7\n% Master Services Agreement between ACME Corp and Initech, signed 2026-11-30\n%%EOF\n"
