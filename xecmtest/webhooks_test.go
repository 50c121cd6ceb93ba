package xecmtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/webhook"
)

// receiver is a subscriber endpoint: an httptest server with a mounted
// webhook.Handler verifying with secret.
type receiver struct {
	url    string
	mu     sync.Mutex
	events []xecm.Event
}

func newReceiver(t *testing.T, secret string, wrap func(http.Handler) http.Handler) *receiver {
	t.Helper()
	rc := &receiver{}
	v, err := webhook.NewVerifier([]string{secret})
	require.NoError(t, err)
	h, err := webhook.NewHandler(v, func(_ context.Context, ev xecm.Event) error {
		rc.mu.Lock()
		defer rc.mu.Unlock()
		rc.events = append(rc.events, ev)
		return nil
	})
	require.NoError(t, err)
	var hh http.Handler = h
	if wrap != nil {
		hh = wrap(h)
	}
	mux := http.NewServeMux()
	mux.Handle("/webhooks/xecm", hh)
	ts := httptest.NewServer(mux)
	t.Cleanup(ts.Close)
	rc.url = ts.URL + "/webhooks/xecm"
	return rc
}

func (rc *receiver) got() []xecm.Event {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]xecm.Event(nil), rc.events...)
}

func waitDelivered(t *testing.T, s *Server) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.NoError(t, s.WaitForDeliveries(ctx))
}

// installTestDocumentHook gives the simulator a minimal document create
// hook when no documents area is installed yet, so that an upload
// (multipart POST api/v2/nodes, type 144) can be tested end to end. Once
// the documents area lands, its own hook is used instead.
func installTestDocumentHook(s *Server) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.nodes.hooks.create[TypeDocument] != nil {
		return
	}
	s.nodes.hooks.create[TypeDocument] = func(s *Server, c *call, spec newNode) (*node, error) {
		fh, ok := c.params.file("file")
		if !ok {
			return nil, missing("file")
		}
		spec.Size, spec.MimeType = fh.Size, "application/pdf"
		return s.insertNodeLocked(spec, c.userID())
	}
}

func uploadDocument(t *testing.T, c *client, parentID int64, name string) int64 {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	require.NoError(t, mw.WriteField("body", fmt.Sprintf(`{"type":144,"parent_id":%d,"name":%q}`, parentID, name)))
	fw, err := mw.CreateFormFile("file", name)
	require.NoError(t, err)
	_, _ = fw.Write([]byte("%PDF-1.7 invoice"))
	require.NoError(t, mw.Close())
	resp, m := c.req(http.MethodPost, "/v2/nodes", &buf, mw.FormDataContentType(), nil)
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	return int64(dig(t, m, "results", "data", "properties", "id").(float64))
}

func TestUploadedDocumentReachesMountedHandlerVerified(t *testing.T) {
	s := newServer(t)
	installTestDocumentHook(s)
	secret, err := webhook.NewSecret()
	require.NoError(t, err)
	rc := newReceiver(t, secret, nil)
	_, err = s.AddSubscription(rc.url, secret)
	require.NoError(t, err)

	folder := s.AddFolder(EnterpriseWorkspaceID, "Invoices")
	id := uploadDocument(t, admin(t, s), folder, "invoice-4711.pdf")
	waitDelivered(t, s)

	var created *xecm.Event
	for _, ev := range rc.got() {
		if ev.Type == xecm.EventDocumentCreated {
			created = &ev
		}
	}
	require.NotNil(t, created, "events: %v", rc.got())
	assert.Equal(t, id, created.Data.NodeID)
	assert.Equal(t, folder, created.Data.ParentID)
	assert.Equal(t, "invoice-4711.pdf", created.Data.Name)
	assert.Equal(t, TypeDocument, created.Data.Subtype)
	assert.Equal(t, int64(1000), created.Data.UserID)
	trail := s.AuditTrail(id)
	var entry AuditEntry
	for _, e := range trail {
		if e.EventType == EventCreate {
			entry = e
		}
	}
	assert.Equal(t, xecm.AuditEventID(id, entry.Date, 0, EventCreate), created.ID, "the same ID Watch gives the entry")
	for _, d := range s.Deliveries() {
		assert.NoError(t, d.Err)
	}
}

func TestCallbacksInAuditOrderWithTypeFilter(t *testing.T) {
	s := newServer(t, WithInventedAuditEvents()) // the Delete entry is invented
	secret, _ := webhook.NewSecret()
	all := newReceiver(t, secret, nil)
	onlyCreated := newReceiver(t, secret, nil)
	_, err := s.AddSubscription(all.url, secret)
	require.NoError(t, err)
	_, err = s.AddSubscription(onlyCreated.url, secret, xecm.EventNodeCreated)
	require.NoError(t, err)
	c := admin(t, s)
	id := s.AddFolder(EnterpriseWorkspaceID, "A")
	resp, m := c.body(http.MethodPut, fmt.Sprintf("/v2/nodes/%d", id), map[string]any{"name": "B"})
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	resp, m = c.req(http.MethodDelete, fmt.Sprintf("/v2/nodes/%d", id), nil, "", nil)
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	waitDelivered(t, s)

	var types []xecm.EventType
	for _, ev := range all.got() {
		types = append(types, ev.Type)
	}
	assert.Equal(t, []xecm.EventType{xecm.EventNodeCreated, xecm.EventNodeRenamed, xecm.EventNodeDeleted}, types)
	require.Len(t, onlyCreated.got(), 1)
	assert.Equal(t, xecm.EventNodeCreated, onlyCreated.got()[0].Type)
	assert.Equal(t, "B", all.got()[2].Data.Name, "the deleted node's last name")
}

func TestFailedCallbacksAreRetried(t *testing.T) {
	s := newServer(t, WithWebhookRetries(5, time.Millisecond))
	secret, _ := webhook.NewSecret()
	var calls atomic.Int32
	rc := newReceiver(t, secret, func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if calls.Add(1) <= 2 {
				http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
				return
			}
			h.ServeHTTP(w, r)
		})
	})
	_, err := s.AddSubscription(rc.url, secret)
	require.NoError(t, err)
	s.AddFolder(EnterpriseWorkspaceID, "Retried")
	waitDelivered(t, s)
	assert.Equal(t, int32(3), calls.Load())
	require.Len(t, rc.got(), 1)
	d := s.Deliveries()
	require.Len(t, d, 1)
	assert.NoError(t, d[0].Err)

	// A subscriber that never answers well: given up, and recorded.
	bad := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusInternalServerError) }))
	defer bad.Close()
	sub, err := s.AddSubscription(bad.URL, secret)
	require.NoError(t, err)
	s.AddFolder(EnterpriseWorkspaceID, "Lost")
	waitDelivered(t, s)
	var failed []CallbackDelivery
	for _, d := range s.Deliveries() {
		if d.SubscriptionID == sub.ID {
			failed = append(failed, d)
		}
	}
	require.Len(t, failed, 1)
	var de *webhook.DeliveryError
	require.ErrorAs(t, failed[0].Err, &de)
	assert.Equal(t, 5, de.Attempts)
}

func TestWebhookAdminEndpoint(t *testing.T) {
	s := newServer(t, WithWebhookRetries(1, time.Millisecond))
	secret, _ := webhook.NewSecret()
	rc := newReceiver(t, secret, nil)
	root := strings.TrimSuffix(s.URL, s.cfg.cgiPath)
	ticket := admin(t, s).ticket
	send := func(method, path string, body io.Reader) *http.Response {
		req, err := http.NewRequest(method, root+path, body)
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("OTCSTicket", ticket)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		return resp
	}
	post := func(body string) (*http.Response, map[string]any) {
		resp := send(http.MethodPost, "/xecmsim/webhooks", strings.NewReader(body))
		defer resp.Body.Close()
		var m map[string]any
		raw, _ := io.ReadAll(resp.Body)
		_ = json.Unmarshal(raw, &m)
		return resp, m
	}
	resp, m := post(`{"url":` + fmt.Sprintf("%q", rc.url) + `,"secret":` + fmt.Sprintf("%q", secret) + `,"types":["node.created"]}`)
	require.Equal(t, http.StatusCreated, resp.StatusCode, m)
	id := m["id"].(string)
	assert.Equal(t, secret, m["secret"])
	resp, m = post(`{"url":"ftp://nowhere"}`)
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode, m)
	resp, m = post(`{"url":"http://127.0.0.1:1/x"}`)
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	assert.True(t, strings.HasPrefix(m["secret"].(string), "whsec_"), "a secret is generated")

	resp = send(http.MethodGet, "/xecmsim/webhooks", nil)
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, string(raw), id)
	assert.NotContains(t, string(raw), "whsec_", "listing shows no secrets")

	s.AddFolder(EnterpriseWorkspaceID, "Via admin")
	waitDelivered(t, s)
	require.Len(t, rc.got(), 1)

	resp = send(http.MethodDelete, "/xecmsim/webhooks/"+id, nil)
	resp.Body.Close()
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)
	resp = send(http.MethodDelete, "/xecmsim/webhooks/"+id, nil)
	resp.Body.Close()
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	assert.Len(t, s.Subscriptions(), 1)
}

// The admin endpoint makes the simulator call any URL: without a login it
// refuses everything, and adds nothing.
func TestWebhookAdminEndpointRequiresLogin(t *testing.T) {
	s := newServer(t)
	root := strings.TrimSuffix(s.URL, s.cfg.cgiPath)
	for _, tc := range []struct{ method, path, body, ticket string }{
		{http.MethodPost, "/xecmsim/webhooks", `{"url":"http://169.254.169.254/latest"}`, ""},
		{http.MethodPost, "/xecmsim/webhooks", `{"url":"http://169.254.169.254/latest"}`, "forged-ticket"},
		{http.MethodGet, "/xecmsim/webhooks", "", ""},
		{http.MethodDelete, "/xecmsim/webhooks/sub_1", "", ""},
	} {
		req, err := http.NewRequest(tc.method, root+tc.path, strings.NewReader(tc.body))
		require.NoError(t, err)
		if tc.ticket != "" {
			req.Header.Set("OTCSTicket", tc.ticket)
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, "%s %s", tc.method, tc.path)
	}
	assert.Empty(t, s.Subscriptions())
}
