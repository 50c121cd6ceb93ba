package main

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/examples/exampleenv"
	"github.com/xecm-go/xecm/webhook"
)

// TestERPNotifyUpdatesTheERP runs the demo against an ERP stand-in of the
// test's own and checks what the ERP was told, and that a forged callback
// told it nothing.
func TestERPNotifyUpdatesTheERP(t *testing.T) {
	erp := exampleenv.StartStandIn("ERP", nil)
	defer erp.Close()
	// A callback signed with a secret the receiver does not know.
	other, err := webhook.NewSecret()
	require.NoError(t, err)
	signer, err := webhook.NewSigner(other)
	require.NoError(t, err)
	sender, err := webhook.NewSender(signer, webhook.WithAttempts(1))
	require.NoError(t, err)
	var forged, elsewhere error
	cfg := Config{Addr: "127.0.0.1:0", ERPURL: erp.URL, ready: func(url string) {
		ev := xecm.Event{ID: "msg_forged", Type: xecm.EventDocumentApproved, Time: time.Now(), Data: xecm.EventData{NodeID: 1}}
		forged = sender.Send(t.Context(), url, ev)
		elsewhere = sender.Send(t.Context(), strings.TrimSuffix(url, path)+"/", ev)
	}}
	var out bytes.Buffer
	require.NoError(t, run(t.Context(), cfg, &out))
	var de *webhook.DeliveryError
	require.ErrorAs(t, forged, &de)
	assert.Equal(t, 401, de.StatusCode, "a callback signed with another secret is refused")
	require.ErrorAs(t, elsewhere, &de)
	assert.Equal(t, 404, de.StatusCode, "callbacks are received at "+path+" only")

	// One POST per event, keyed by the event's ID.
	calls := erp.Calls()
	require.Len(t, calls, 5, out.String())
	byEvent := map[string]exampleenv.Call{}
	keys := map[string]bool{}
	for _, c := range calls {
		byEvent[c.Body["event"].(string)] = c
		key := c.Header.Get("Idempotency-Key")
		assert.True(t, strings.HasPrefix(key, "audit_"), key)
		assert.False(t, keys[key], "one POST per event")
		keys[key] = true
	}
	created := byEvent["workspace.created"]
	ws, ok := strings.CutPrefix(created.Path, "/erp/workspaces/")
	require.True(t, ok, created.Path)
	assert.Equal(t, "Globex Supplies", created.Body["name"])

	status := byEvent["document.approved"]
	doc, ok := strings.CutSuffix(strings.TrimPrefix(status.Path, "/erp/documents/"), "/status")
	require.True(t, ok, status.Path)
	assert.Equal(t, "approved", status.Body["status"])
	assert.Equal(t, "PO 4500012345.pdf", status.Body["name"])
	assert.Equal(t, ws, jsonID(status.Body["workspace_id"]), "the event knows the document's workspace")
	assert.Equal(t, float64(1002), status.Body["user_id"], "msmith gave the final approval")

	version := byEvent["version.added"]
	assert.Equal(t, "/erp/documents/"+doc+"/versions", version.Path)
	assert.Equal(t, "2", version.Body["version"], "read from Extended ECM when the event arrived")
	for _, typ := range []string{"retention.changed", "hold.applied"} {
		r := byEvent[typ]
		assert.Equal(t, "/erp/documents/"+doc+"/retention", r.Path, typ)
		assert.Equal(t, "Contracts", r.Body["classification"], typ)
		assert.Equal(t, "CON-7Y", r.Body["rsi"], typ)
	}
	assert.Equal(t, true, byEvent["hold.applied"].Body["on_hold"])
	assert.Contains(t, out.String(), "3. Every event was delivered")
}

func jsonID(v any) string {
	f, _ := v.(float64)
	return strconv.FormatInt(int64(f), 10)
}

func TestERPNotifyNeedsASecretAndAnERP(t *testing.T) {
	cfg := Config{Config: exampleenv.Config{URL: "https://ecm.example.com/otcs/cs.exe", Username: "svc"}, ERPURL: "https://erp.example.com"}
	assert.ErrorContains(t, run(t.Context(), cfg, &bytes.Buffer{}), "XECM_WEBHOOK_SECRET")
}
