package main

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/examples/exampleenv"
	"github.com/xecm-go/xecm/internal/simcheck"
	"github.com/xecm-go/xecm/xecmtest"
)

func demoConfig() Config {
	return Config{AccountID: "0015g00000XyZ", ExtSystemID: "SFDC", BOType: "Account", WorkspaceType: "Customer", Watch: true}
}

// TestCRMSyncSendsMilestonesToTheCRM runs the demo against a CRM stand-in
// of the test's own: the contract's milestones arrive once each, in order.
func TestCRMSyncSendsMilestonesToTheCRM(t *testing.T) {
	crm := exampleenv.StartStandIn("CRM", nil)
	defer crm.Close()
	cfg := demoConfig()
	cfg.CRMURL = crm.URL
	var out bytes.Buffer
	require.NoError(t, run(t.Context(), cfg, &out))

	var got []string
	keys := map[string]bool{}
	var doc any
	for _, c := range crm.Calls() {
		assert.Equal(t, "/crm/accounts/0015g00000XyZ/activities", c.Path)
		assert.Equal(t, "MSA ACME.pdf", c.Body["document"])
		if doc == nil {
			doc = c.Body["document_id"]
		}
		assert.Equal(t, doc, c.Body["document_id"])
		key := c.Header.Get("Idempotency-Key")
		assert.False(t, keys[key], "each milestone once")
		keys[key] = true
		got = append(got, c.Body["milestone"].(string))
	}
	assert.Equal(t, []string{"filed", "in approval", "approved"}, got, out.String())
	assert.Contains(t, out.String(), "1 attribute(s) written [Industry=Defense], 2 already up to date")
}

// A CRM that fails a POST is said so, and the milestone is sent again:
// the CRM ends up with each milestone once.
func TestCRMSyncSendsAgainWhatTheCRMRefused(t *testing.T) {
	crm := exampleenv.StartStandIn("CRM", nil)
	defer crm.Close()
	target, err := url.Parse(crm.URL)
	require.NoError(t, err)
	proxy := httputil.NewSingleHostReverseProxy(target)
	var refused atomic.Bool
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if refused.CompareAndSwap(false, true) {
			http.Error(w, "maintenance", http.StatusServiceUnavailable)
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	defer front.Close()
	cfg := demoConfig()
	cfg.CRMURL = front.URL
	var out bytes.Buffer
	require.NoError(t, run(t.Context(), cfg, &out))
	assert.Regexp(t, `node \d+: .*503 Service Unavailable: maintenance \(trying again\)`, out.String())
	var got []string
	for _, c := range crm.Calls() {
		got = append(got, c.Body["milestone"].(string))
	}
	assert.Equal(t, []string{"filed", "in approval", "approved"}, got, out.String())
}

// TestCRMSyncWritesOnlyWhatChanged applies records to a server as the
// command does with -record and -watch=false.
func TestCRMSyncWritesOnlyWhatChanged(t *testing.T) {
	sim := simcheck.Start(t)
	cfg := demoConfig()
	cfg.Config = exampleenv.Config{URL: sim.URL, Username: "Admin", Password: "livelink"}
	cfg.Watch = false
	cfg.RecordFile = filepath.Join(t.TempDir(), "account.json")
	apply := func(record string) string {
		t.Helper()
		require.NoError(t, os.WriteFile(cfg.RecordFile, []byte(record), 0o600))
		var out bytes.Buffer
		require.NoError(t, run(t.Context(), cfg, &out))
		return out.String()
	}
	changes := func(ws int64) int {
		n := 0
		for _, e := range sim.AuditTrail(ws) {
			if e.EventType == xecmtest.EventAttributeValueChanged {
				n++
			}
		}
		return n
	}

	apply(`{"Id":"0015g00000XyZ","Name":"Globex","BillingCountry":"DE","Industry":"Chemicals","Phone":"+49 30 1234"}`)
	require.Len(t, sim.Workspaces(), 1)
	ws := sim.Workspaces()[0].NodeID
	vals, ok := sim.CategoryValues(ws, xecmtest.CategoryCustomer)
	require.True(t, ok)
	assert.Equal(t, "Globex", vals["23228_3"])
	assert.Equal(t, "DE", vals["23228_2"])
	assert.Equal(t, "Chemicals", vals["23228_4"])
	before := changes(ws)

	out := apply(`{"Id":"0015g00000XyZ","Name":"Globex","BillingCountry":"DE","Industry":"Chemicals"}`)
	assert.Contains(t, out, "0 attribute(s) written")
	assert.Equal(t, before, changes(ws), "an unchanged record writes nothing")

	out = apply(`{"Id":"0015g00000XyZ","Name":"Globex","BillingCountry":"AT","Industry":"Chemicals"}`)
	assert.Contains(t, out, "1 attribute(s) written [Country=AT]")
	assert.Equal(t, before+1, changes(ws))
	vals, _ = sim.CategoryValues(ws, xecmtest.CategoryCustomer)
	assert.Equal(t, "AT", vals["23228_2"])
	assert.Equal(t, "Globex", vals["23228_3"])
	assert.Len(t, sim.Workspaces(), 1, "the same workspace every time")

	require.NoError(t, os.WriteFile(cfg.RecordFile, []byte("not json"), 0o600))
	err := run(t.Context(), cfg, &bytes.Buffer{})
	require.Error(t, err)
	assert.True(t, strings.Contains(err.Error(), "account.json"), err)
}

// On a real server the account is required and a workspace type that is
// not there is named, before anything is created.
func TestCRMSyncNamesWhatItDidNotFind(t *testing.T) {
	sim := simcheck.Start(t)
	cfg := demoConfig()
	cfg.Config = exampleenv.Config{URL: sim.URL, Username: "Admin", Password: "livelink"}
	cfg.Watch = false

	noAccount := cfg
	noAccount.AccountID = ""
	err := run(t.Context(), noAccount, io.Discard)
	require.ErrorIs(t, err, xecm.ErrInvalidArgument)
	assert.ErrorContains(t, err, "-account")

	cfg.WorkspaceType = "Customers"
	err = run(t.Context(), cfg, io.Discard)
	require.ErrorIs(t, err, xecm.ErrNotFound)
	assert.ErrorContains(t, err, `workspace type "Customers"`)
	assert.Empty(t, sim.Workspaces())
}
