package main

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/examples/exampleenv"
	"github.com/xecm-go/xecm/internal/simcheck"
	"github.com/xecm-go/xecm/webhook"
	"github.com/xecm-go/xecm/xecmtest"
)

func TestApprovalBridgeDemo(t *testing.T) {
	ap := exampleenv.StartStandIn("AP", nil)
	defer ap.Close()
	var out bytes.Buffer
	cfg := Config{Addr: "127.0.0.1:0", InvoiceURL: ap.URL + "/invoices", MapName: "Document Approval"}
	demo(&cfg)
	require.NoError(t, run(t.Context(), cfg, &out))
	assert.Contains(t, out.String(), `Folder "Incoming Invoices": node `)
	assert.Contains(t, out.String(), fmt.Sprintf(`Workflow map "Document Approval": node %d`, xecmtest.ApprovalMapID))
	calls := ap.Calls()
	require.Len(t, calls, 1, out.String())
	assert.Equal(t, "/invoices", calls[0].Path)
	assert.Equal(t, "Invoice INV-2025-0042.pdf", calls[0].Body["document"])
	assert.Equal(t, float64(1002), calls[0].Body["approved_by"], "msmith's final approval")
	assert.True(t, strings.HasPrefix(calls[0].Header.Get("Idempotency-Key"), "audit_"))
	assert.Contains(t, out.String(), "is completed")
}

// On a server of its own, a map or folder that is not there is named, and
// nothing is served.
func TestApprovalBridgeNamesWhatItDidNotFind(t *testing.T) {
	sim := simcheck.Start(t)
	ecm := exampleenv.Config{URL: sim.URL, Username: "Admin", Password: "livelink"}
	sim.AddFolder(xecmtest.EnterpriseWorkspaceID, "Finance")
	for _, c := range []struct {
		cfg  Config
		want string
	}{
		{Config{MapName: "Invoice Approval"}, `"Invoice Approval"`},
		{Config{MapName: "Document Approval", Folder: "Finance/Incoming Invoices"}, `"Incoming Invoices"`},
	} {
		c.cfg.Config, c.cfg.Addr, c.cfg.InvoiceURL, c.cfg.Secrets = ecm, "127.0.0.1:0", "http://127.0.0.1:1/invoices", []string{"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}
		err := run(t.Context(), c.cfg, io.Discard)
		require.ErrorIs(t, err, xecm.ErrNotFound)
		assert.ErrorContains(t, err, c.want)
	}
}

// bridge serves the bridge against a simulator of the test's own.
type bridge struct {
	sim    *xecmtest.Server
	c      *xecm.Client
	ap     *exampleenv.StandIn
	ts     *httptest.Server
	folder int64
	sender *webhook.Sender
}

func newTestBridge(t *testing.T) *bridge {
	t.Helper()
	b := &bridge{sim: simcheck.Start(t, xecmtest.WithInventedAuditEvents()), ap: exampleenv.StartStandIn("AP", nil)}
	t.Cleanup(b.ap.Close)
	env, err := exampleenv.Connect(t.Context(), exampleenv.Config{URL: b.sim.URL, Username: "Admin", Password: "livelink"}, io.Discard)
	require.NoError(t, err)
	b.c = env.Client
	secret, err := webhook.NewSecret()
	require.NoError(t, err)
	b.folder = b.sim.AddFolder(xecmtest.EnterpriseWorkspaceID, "Invoices")
	h, err := newBridge(b.c, Config{InvoiceURL: b.ap.URL + "/invoices", MapID: xecmtest.ApprovalMapID, FolderID: b.folder, Secrets: []string{secret}}, io.Discard)
	require.NoError(t, err)
	b.ts = httptest.NewServer(h)
	t.Cleanup(b.ts.Close)
	signer, err := webhook.NewSigner(secret)
	require.NoError(t, err)
	b.sender, err = webhook.NewSender(signer, webhook.WithAttempts(1))
	require.NoError(t, err)
	return b
}

func (b *bridge) review(t *testing.T, body string) (int, string) {
	t.Helper()
	resp, err := http.Post(b.ts.URL+"/reviews", "application/json", strings.NewReader(body))
	require.NoError(t, err)
	defer resp.Body.Close()
	got, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(got)
}

func TestReviewRequestStartsTheWorkflow(t *testing.T) {
	b := newTestBridge(t)
	doc := b.sim.AddEmptyDocument(b.folder, "Invoice 7.pdf")
	status, body := b.review(t, `{"document_id":`+itoa(doc)+`,"title":"Review invoice 7","comment":"urgent"}`)
	require.Equal(t, http.StatusCreated, status, body)
	var process int64
	for _, f := range strings.FieldsFunc(body, func(r rune) bool { return r < '0' || r > '9' }) {
		process = atoi(f)
	}
	wf, err := b.c.Workflows.Status(t.Context(), process)
	require.NoError(t, err)
	assert.Equal(t, "Review invoice 7", wf.Name)
	require.Len(t, wf.Current, 1)
	assert.Equal(t, "jdoe", wf.Current[0].Assignees[0].LoginName)
	var started int
	for _, e := range b.sim.AuditTrail(doc) {
		if e.EventType == xecmtest.EventWorkflowInitiated {
			started++
		}
	}
	assert.Equal(t, 1, started)

	for body, field := range map[string]string{
		`{}`:                     "document_id",
		`{"document_id":-3}`:     "document_id",
		`{"document_id":"x"}`:    "body",
		`{"document":5}`:         "body",
		`not json`:               "body",
		`{"document_id":999999}`: "document_id",
		`{"document_id":1,"title":"` + strings.Repeat("t", 249) + `"}`: "title",
	} {
		status, got := b.review(t, body)
		assert.Contains(t, []int{http.StatusBadRequest, http.StatusNotFound}, status, body)
		assert.True(t, strings.HasPrefix(got, field+":"), "%s: %q", body, got)
	}
	status, _ = b.review(t, `{"document_id":999999}`)
	assert.Equal(t, http.StatusNotFound, status)
}

func TestOnlyApprovedInvoicesStartProcessing(t *testing.T) {
	b := newTestBridge(t)
	other := b.sim.AddFolder(xecmtest.EnterpriseWorkspaceID, "Contracts")
	send := func(id string, parent int64) {
		t.Helper()
		require.NoError(t, b.sender.Send(t.Context(), b.ts.URL+"/webhooks/xecm", xecm.Event{ID: id, Type: xecm.EventDocumentApproved,
			Time: time.Now(), Data: xecm.EventData{NodeID: 42, ParentID: parent, Name: "x.pdf", Subtype: xecm.TypeDocument, UserID: 1002}}))
	}
	send("evt_contract", other)
	assert.Empty(t, b.ap.Calls(), "a contract's approval is not an invoice")
	send("evt_invoice", b.folder)
	send("evt_invoice", b.folder) // delivered again
	calls := b.ap.Calls()
	require.Len(t, calls, 1, "a redelivery is dropped")
	assert.Equal(t, "evt_invoice", calls[0].Header.Get("Idempotency-Key"))
	assert.Equal(t, float64(42), calls[0].Body["document_id"])
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func atoi(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}

// A review whose start lost its answer may have started: the caller is told
// to look before asking again, since a retry could start a second workflow.
func TestReviewWhoseAnswerWasLostSaysSo(t *testing.T) {
	b := newTestBridge(t)
	doc := b.sim.AddEmptyDocument(b.folder, "Invoice 8.pdf")
	b.sim.InjectFault(xecmtest.Fault{Method: "PUT", Path: "/v2/draftprocesses/{id}", Kind: xecmtest.FaultDropAfterCommit, Times: -1})
	status, body := b.review(t, `{"document_id":`+itoa(doc)+`}`)
	assert.Equal(t, http.StatusGatewayTimeout, status)
	assert.Contains(t, body, "may have started")
}

// An answer lost by a gateway, then "not found" from the attempt after it,
// is still a review that may have started: not a 404 that says the
// document does not exist.
func TestReviewWhoseOutcomeIsUnknownIsNotReportedMissing(t *testing.T) {
	var puts int
	ecm := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.Method == "POST" && strings.HasSuffix(r.URL.Path, "/api/v2/draftprocesses"):
			_, _ = io.WriteString(w, `{"results":{"draftprocess_id":5}}`)
		case r.Method == "PUT" && strings.HasSuffix(r.URL.Path, "/api/v2/draftprocesses/5"):
			puts++
			if puts == 1 {
				w.WriteHeader(http.StatusGatewayTimeout) // the form was filled, the answer lost
				_, _ = io.WriteString(w, `{"error":"Gateway Timeout"}`)
				return
			}
			w.WriteHeader(http.StatusBadRequest)
			_, _ = io.WriteString(w, `{"error":"Error getting node from ID"}`)
		default:
			t.Errorf("unexpected %s %s", r.Method, r.URL.Path)
			w.WriteHeader(http.StatusTeapot)
		}
	}))
	defer ecm.Close()
	c, err := xecm.NewClient(ecm.URL+"/otcs/cs.exe", xecm.WithTicket("t"),
		xecm.WithRetryPolicy(xecm.RetryPolicy{MaxRetries: 2, MinBackoff: time.Millisecond, MaxBackoff: time.Millisecond, MaxRetryAfter: time.Second}))
	require.NoError(t, err)
	secret, err := webhook.NewSecret()
	require.NoError(t, err)
	h, err := newBridge(c, Config{InvoiceURL: "http://127.0.0.1:1/invoices", MapID: 2200, Secrets: []string{secret}}, io.Discard)
	require.NoError(t, err)
	ts := httptest.NewServer(h)
	defer ts.Close()
	resp, err := http.Post(ts.URL+"/reviews", "application/json", strings.NewReader(`{"document_id":77,"title":"Review 77"}`))
	require.NoError(t, err)
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	assert.Equal(t, http.StatusGatewayTimeout, resp.StatusCode, string(body))
	assert.Equal(t, 2, puts)
}
