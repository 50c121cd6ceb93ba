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
	"github.com/xecm-go/xecm/xecmtest"
)

// Story holds what the quickstart needs from the server: on the simulator
// its seeded demo data, elsewhere the QUICKSTART_* variables named in the
// field comments.
type Story struct {
	env *exampleenv.Env
	c   *xecm.Client
	// observer, when set, also sees the webhook deliveries (-trace).
	observer xecm.Observer

	TemplateID         int64 // QUICKSTART_TEMPLATE_ID: a customer workspace template
	ContractCategory   int64 // QUICKSTART_CONTRACT_CATEGORY_ID: Deal ID, Account Name, Amount
	ControlCategory    int64 // QUICKSTART_CONTROL_CATEGORY_ID: Status (Approved), Approved Version (integer)
	ApprovalMapID      int64 // QUICKSTART_APPROVAL_MAP_ID: review, then approve
	Reviewer, Approver login // QUICKSTART_REVIEWER / _PASSWORD, QUICKSTART_APPROVER / _PASSWORD

	// RMClassificationPath is the path of the retention classification in
	// the Classification Volume (QUICKSTART_RM_CLASSIFICATION);
	// RMClassificationID (QUICKSTART_RM_CLASSIFICATION_ID) overrides it.
	RMClassificationPath string
	RMClassificationID   int64
}

type login struct{ user, password string }

func storyFor(env *exampleenv.Env) (*Story, error) {
	s := &Story{env: env, c: env.Client}
	if env.Sim != nil {
		s.TemplateID, s.ContractCategory, s.ControlCategory = xecmtest.TemplateCustomer, xecmtest.ContractCategoryID, xecmtest.DocumentControlCategoryID
		s.RMClassificationPath, s.ApprovalMapID = "RM Classifications/Corporate Records/Contracts", xecmtest.ApprovalMapID
		s.Reviewer, s.Approver = login{"jdoe", "jdoe-pw"}, login{"msmith", "msmith-pw"}
		return s, nil
	}
	var errs []error
	id := func(name string) int64 {
		v, err := strconv.ParseInt(os.Getenv(name), 10, 64)
		if err != nil || v <= 0 {
			errs = append(errs, fmt.Errorf("%s must be set to a node ID", name))
		}
		return v
	}
	s.TemplateID, s.ContractCategory, s.ControlCategory = id("QUICKSTART_TEMPLATE_ID"), id("QUICKSTART_CONTRACT_CATEGORY_ID"), id("QUICKSTART_CONTROL_CATEGORY_ID")
	s.ApprovalMapID = id("QUICKSTART_APPROVAL_MAP_ID")
	if os.Getenv("QUICKSTART_RM_CLASSIFICATION_ID") != "" {
		s.RMClassificationID = id("QUICKSTART_RM_CLASSIFICATION_ID")
	} else if s.RMClassificationPath = os.Getenv("QUICKSTART_RM_CLASSIFICATION"); s.RMClassificationPath == "" {
		errs = append(errs, errors.New("QUICKSTART_RM_CLASSIFICATION must be set to the path of a classification in the Classification Volume (or QUICKSTART_RM_CLASSIFICATION_ID to its ID)"))
	}
	s.Reviewer = login{os.Getenv("QUICKSTART_REVIEWER"), os.Getenv("QUICKSTART_REVIEWER_PASSWORD")}
	s.Approver = login{os.Getenv("QUICKSTART_APPROVER"), os.Getenv("QUICKSTART_APPROVER_PASSWORD")}
	if s.Reviewer.user == "" || s.Approver.user == "" {
		errs = append(errs, errors.New("QUICKSTART_REVIEWER and QUICKSTART_APPROVER must be set"))
	}
	return s, errors.Join(errs...)
}

func (s *Story) tell(ctx context.Context, out io.Writer) error {
	out = exampleenv.SyncWriter(out) // the event sources write too
	step := 0
	say := func(format string, args ...any) {
		step++
		fmt.Fprintf(out, "%2d. %s\n", step, fmt.Sprintf(format, args...))
	}

	if s.RMClassificationID == 0 {
		cl, err := s.c.Records.ClassificationByPath(ctx, s.RMClassificationPath)
		if err != nil {
			return fmt.Errorf("finding the RM classification %q: %w", s.RMClassificationPath, err)
		}
		s.RMClassificationID = cl.ID
		fmt.Fprintf(out, "RM classification %q: node %d\n", s.RMClassificationPath, cl.ID)
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
	deal := xecm.NewCategoryValues(s.ContractCategory).Set("Deal ID", "D-2026-0042").Set("Account Name", "ACME Corp").Set("Amount", 120000)
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
	approved := xecm.NewCategoryValues(s.ControlCategory).Set("Status", "Approved").Set("Approved Version", reviewed.Number)
	if err := s.c.Metadata.Apply(ctx, doc, approved); err != nil {
		return fmt.Errorf("marking the contract approved: %w", err)
	}
	say("Contract marked Status = Approved, Approved Version = %d", reviewed.Number)

	// 4. A portal publishes approved contracts to readers without ECM
	// access: the approved version only, so a version added since waits
	// for its own approval.
	h, err := portal.New(portal.NewClientSource(s.c), portal.Config{DirectAccess: true, Policy: portal.Policy{
		Roots:     []int64{ws.ID},
		Require:   []portal.Condition{{CategoryID: s.ControlCategory, Attribute: "Status", Values: []string{"Approved"}}},
		Approval:  portal.Approval{CategoryID: s.ControlCategory, VersionAttribute: "Approved Version"},
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
