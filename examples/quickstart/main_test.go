package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/examples/exampleenv"
	"github.com/xecm-go/xecm/internal/simcheck"
	"github.com/xecm-go/xecm/xecmtest"
)

func TestQuickstartTellsTheWholeStory(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(t.Context(), exampleenv.Config{}, demoSettings(t), &out, nil))
	s := out.String()
	for _, want := range []string{
		"embedded Extended ECM simulator",
		"Customer workspace",
		"Contract filed as node",
		"Received document.created", "from a signed callback, signature verified",
		"jdoe approved", "msmith approved",
		"document.approved received: invoice processing started",
		"Portal served the approved contract: 92 bytes",
		"RM classification 41320",
	} {
		assert.Contains(t, s, want)
	}
	assert.Regexp(t, regexp.MustCompile(`(?m)^11\. Compliance summary`), s, "every step narrated")
}

// The story's state, checked on a simulator the test keeps.
func TestQuickstartState(t *testing.T) {
	sim := simcheck.Start(t)
	var out bytes.Buffer
	cfg := exampleenv.Config{URL: sim.URL, Username: "Admin", Password: "livelink"}
	// A real-server configuration without the QUICKSTART_* variables that
	// have no default is refused, naming them.
	set, err := settingsFromEnv()
	require.NoError(t, err)
	err = run(t.Context(), cfg, set, &out, nil)
	require.ErrorContains(t, err, "QUICKSTART_RM_CLASSIFICATION")

	for k, v := range map[string]string{
		"QUICKSTART_RM_CLASSIFICATION": "RM Classifications/Corporate Records/Contracts",
		"QUICKSTART_REVIEWER":          "jdoe", "QUICKSTART_REVIEWER_PASSWORD": "jdoe-pw",
		"QUICKSTART_APPROVER": "msmith", "QUICKSTART_APPROVER_PASSWORD": "msmith-pw",
	} {
		t.Setenv(k, v)
	}
	set, err = settingsFromEnv()
	require.NoError(t, err)
	// On a real server the reviewer's inbox holds other work too: an older
	// approval of another document must be left alone.
	admin, err := exampleenv.Connect(t.Context(), cfg, io.Discard)
	require.NoError(t, err)
	other := sim.AddEmptyDocument(xecmtest.EnterpriseWorkspaceID, "Other contract.pdf")
	otherWF, err := admin.Client.Workflows.Start(t.Context(), xecm.WorkflowStartRequest{MapID: xecmtest.ApprovalMapID, DocumentIDs: []int64{other}})
	require.NoError(t, err)

	// Against a "real" server the events come from the audit trail (Watch),
	// not callbacks; a trail that cannot be read is said, and read again.
	sim.InjectFault(xecmtest.Fault{Method: "GET", Path: "/v2/nodes/{id}/audit", Status: 403})
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	require.NoError(t, run(ctx, cfg, set, &out, nil))
	for _, found := range []string{`Workspace type "Customer": template `, fmt.Sprintf(`Category "Contract": node %d`, xecmtest.ContractCategoryID),
		fmt.Sprintf(`Category "Document Control": node %d`, xecmtest.DocumentControlCategoryID),
		fmt.Sprintf(`Workflow map "Document Approval": node %d`, xecmtest.ApprovalMapID),
		fmt.Sprintf(`RM classification "RM Classifications/Corporate Records/Contracts": node %d`, xecmtest.RMClassContracts)} {
		assert.Contains(t, out.String(), found, "what was found by name is said")
	}
	st, err := admin.Client.Workflows.Status(t.Context(), otherWF.ProcessID)
	require.NoError(t, err)
	assert.False(t, st.Done(), "the other workflow is still waiting for its reviewer")
	assert.Regexp(t, `reading the audit trail of node \d+ failed, retrying: .*403`, out.String())
	assert.Contains(t, out.String(), "from the audit trail)")
	assert.Contains(t, out.String(), "completed (read from its status", "the approval is confirmed as a real server allows")
	ws := sim.Workspaces()
	require.Len(t, ws, 1)
	m := regexp.MustCompile(`Contract filed as node (\d+)`).FindStringSubmatch(out.String())
	require.Len(t, m, 2)
	doc, _ := strconv.ParseInt(m[1], 10, 64)
	vals, ok := sim.CategoryValues(doc, xecmtest.ContractCategoryID)
	require.True(t, ok)
	assert.Equal(t, "D-2026-0042", vals["9830_2"])
	status, _ := sim.CategoryValues(doc, xecmtest.DocumentControlCategoryID)
	assert.Equal(t, "Approved", status["9900_2"])
	assert.EqualValues(t, 1, status["9900_4"], "the approval names the version reviewed, which the portal publishes")
	class, _, ok := sim.RMClassification(doc)
	require.True(t, ok)
	assert.Equal(t, xecmtest.RMClassContracts, class)
}

// With -trace the story prints its spans and metrics: the SDK's calls as
// operations with their HTTP attempts beneath, the signed callback as a
// webhook delivery, and the request metrics.
func TestQuickstartTrace(t *testing.T) {
	// The story and the exporters write from different goroutines (the
	// webhook delivery's span ends on the receiver's), as to os.Stdout in
	// main: one lock for both.
	out := &lockedBuffer{}
	obs, shutdown, err := stdoutTelemetry(out)
	require.NoError(t, err)
	require.NoError(t, run(t.Context(), exampleenv.Config{}, demoSettings(t), out, obs))
	require.NoError(t, shutdown(context.Background()))
	s := out.String()
	for _, want := range []string{
		`"Name": "Documents.Upload"`, `"Name": "Workspaces.Ensure"`, `"Name": "POST /v2/nodes"`,
		`"Name": "webhook delivery"`, `"Value": "accepted"`,
		`"Name": "xecm.client.requests"`, `"Name": "http.client.request.duration"`, `"Name": "xecm.webhook.deliveries"`,
	} {
		assert.Contains(t, s, want)
	}
	assert.NotContains(t, s, "livelink", "no password in the telemetry")
}

// lockedBuffer is a bytes.Buffer safe for writers on several goroutines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// demoSettings are the settings main gives run on the embedded simulator.
func demoSettings(t *testing.T) Settings {
	t.Helper()
	set, err := settingsFromEnv()
	require.NoError(t, err)
	demo(&set)
	return set
}

// What is not found by name is named, with the variable that names it.
func TestQuickstartNamesWhatItDidNotFind(t *testing.T) {
	sim := simcheck.Start(t)
	cfg := exampleenv.Config{URL: sim.URL, Username: "Admin", Password: "livelink"}
	for variable, value := range map[string]string{
		"QUICKSTART_WORKSPACE_TYPE":    "Customers",
		"QUICKSTART_CONTRACT_CATEGORY": "Contracts",
		"QUICKSTART_CONTROL_CATEGORY":  "Document Kontrol",
		"QUICKSTART_APPROVAL_MAP":      "Invoice Approval",
		"QUICKSTART_RM_CLASSIFICATION": "RM Classifications/Corporate Records/Invoices",
	} {
		t.Run(variable, func(t *testing.T) {
			t.Setenv(variable, value)
			set, err := settingsFromEnv()
			require.NoError(t, err)
			demo(&set) // the other settings as in the demo
			err = run(t.Context(), cfg, set, io.Discard, nil)
			require.Error(t, err)
			assert.Contains(t, err.Error(), strconv.Quote(value[strings.LastIndex(value, "/")+1:]))
			assert.Contains(t, err.Error(), variable)
			assert.Empty(t, sim.Workspaces(), "nothing is done before everything is found")
		})
	}
	t.Setenv("QUICKSTART_APPROVAL_MAP_ID", "the approval map")
	_, err := settingsFromEnv()
	assert.ErrorContains(t, err, "QUICKSTART_APPROVAL_MAP_ID must be a node ID")
}
