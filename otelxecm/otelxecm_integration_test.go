package otelxecm_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/propagation"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/internal/simcheck"
	"github.com/xecm-go/xecm/otelxecm"
	"github.com/xecm-go/xecm/webhook"
	"github.com/xecm-go/xecm/xecmtest"
)

// telemetry is an Observer over in-memory trace and metric exporters.
type telemetry struct {
	obs    *otelxecm.Observer
	spans  *tracetest.SpanRecorder
	reader *sdkmetric.ManualReader
	tp     *sdktrace.TracerProvider
}

func newTelemetry(t *testing.T) *telemetry {
	t.Helper()
	tm := &telemetry{spans: tracetest.NewSpanRecorder(), reader: sdkmetric.NewManualReader()}
	tm.tp = sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(tm.spans))
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(tm.reader))
	t.Cleanup(func() { _ = tm.tp.Shutdown(context.Background()); _ = mp.Shutdown(context.Background()) })
	obs, err := otelxecm.New(otelxecm.WithTracerProvider(tm.tp), otelxecm.WithMeterProvider(mp),
		otelxecm.WithPropagator(propagation.TraceContext{}))
	require.NoError(t, err)
	tm.obs = obs
	return tm
}

func (tm *telemetry) metrics(t *testing.T) metricdata.ResourceMetrics {
	t.Helper()
	var rm metricdata.ResourceMetrics
	require.NoError(t, tm.reader.Collect(context.Background(), &rm))
	return rm
}

// sum adds up the data points of an Int64 counter whose attributes
// include every one of want.
func sum(rm metricdata.ResourceMetrics, name string, want ...attribute.KeyValue) int64 {
	var n int64
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			s, ok := m.Data.(metricdata.Sum[int64])
			if m.Name != name || !ok {
				continue
			}
			for _, dp := range s.DataPoints {
				match := true
				for _, kv := range want {
					if v, ok := dp.Attributes.Value(kv.Key); !ok || v != kv.Value {
						match = false
					}
				}
				if match {
					n += dp.Value
				}
			}
		}
	}
	return n
}

func attr(s sdktrace.ReadOnlySpan, k attribute.Key) (attribute.Value, bool) {
	for _, kv := range s.Attributes() {
		if kv.Key == k {
			return kv.Value, true
		}
	}
	return attribute.Value{}, false
}

func fastRetries() xecm.RetryPolicy {
	return xecm.RetryPolicy{MaxRetries: 3, MinBackoff: time.Millisecond, MaxBackoff: 2 * time.Millisecond}
}

// simClient is a client of a fresh simulator, observed by tm; every
// request the simulator received is held to the vendor specs at the end.
func simClient(t *testing.T, tm *telemetry) (*xecmtest.Server, *xecm.Client) {
	t.Helper()
	sim := xecmtest.NewServer()
	t.Cleanup(sim.Close)
	t.Cleanup(func() { simcheck.Requests(t, sim) })
	c, err := xecm.NewClient(sim.URL, xecm.WithPassword("Admin", "livelink"), xecm.WithRetryPolicy(fastRetries()),
		xecm.WithObserver(tm.obs))
	require.NoError(t, err)
	return sim, c
}

// Three Gets under one caller span: the first logs in, the second meets a
// 503 and is retried, the third meets an expired ticket and is replayed
// after a fresh login. Each is one operation span under the caller's, with
// one client span per attempt beneath it; the request metrics count what
// the simulator logged, and trace context reached the server.
func TestOperationAndAttemptSpans(t *testing.T) {
	tm := newTelemetry(t)
	sim, c := simClient(t, tm)
	ctx, caller := tm.tp.Tracer("test").Start(t.Context(), "caller")

	_, err := c.Nodes.Get(ctx, xecmtest.EnterpriseWorkspaceID, nil)
	require.NoError(t, err)
	sim.InjectFault(xecmtest.Fault{Method: http.MethodGet, Path: "/v2/nodes/{id}", Status: http.StatusServiceUnavailable})
	_, err = c.Nodes.Get(ctx, xecmtest.EnterpriseWorkspaceID, nil)
	require.NoError(t, err)
	sim.ExpireTickets()
	_, err = c.Nodes.Get(ctx, xecmtest.EnterpriseWorkspaceID, nil)
	require.NoError(t, err)
	_, err = c.Nodes.Get(ctx, 987654321, nil)
	require.ErrorIs(t, err, xecm.ErrNotFound)
	caller.End()

	var ops []sdktrace.ReadOnlySpan
	children := map[trace.SpanID][]sdktrace.ReadOnlySpan{}
	for _, s := range tm.spans.Ended() {
		if s.SpanKind() == trace.SpanKindInternal && s.Name() == "Nodes.Get" {
			ops = append(ops, s)
		}
		if s.SpanKind() == trace.SpanKindClient {
			children[s.Parent().SpanID()] = append(children[s.Parent().SpanID()], s)
		}
	}
	require.Len(t, ops, 4, "one operation span per call")
	type want struct {
		attempts, retries, logins int64
		names                     []string
	}
	wants := []want{
		{2, 0, 1, []string{"POST /v1/auth", "GET /v2/nodes/{id}"}},
		{2, 1, 0, []string{"GET /v2/nodes/{id}", "GET /v2/nodes/{id}"}},
		{3, 0, 1, []string{"GET /v2/nodes/{id}", "POST /v1/auth", "GET /v2/nodes/{id}"}},
		{1, 0, 0, []string{"GET /v2/nodes/{id}"}},
	}
	for i, op := range ops {
		w := wants[i]
		assert.Equal(t, caller.SpanContext().SpanID(), op.Parent().SpanID(), "call %d: under the caller's span", i)
		for k, v := range map[attribute.Key]int64{otelxecm.AttrAttempts: w.attempts, otelxecm.AttrRetries: w.retries, otelxecm.AttrLogins: w.logins} {
			got, ok := attr(op, k)
			assert.True(t, ok, "call %d: %s", i, k)
			assert.Equal(t, v, got.AsInt64(), "call %d: %s", i, k)
		}
		route, _ := attr(op, "url.template")
		assert.Equal(t, "/v2/nodes/{id}", route.AsString(), "call %d", i)
		if i < 3 {
			node, _ := attr(op, otelxecm.AttrNodeID)
			assert.Equal(t, int64(xecmtest.EnterpriseWorkspaceID), node.AsInt64(), "call %d", i)
		}
		kids := children[op.SpanContext().SpanID()]
		var names []string
		for _, k := range kids {
			names = append(names, k.Name())
		}
		assert.Equal(t, w.names, names, "call %d: one client span per attempt", i)
	}
	// The retried attempt says so; the replay after the 401 says so.
	retried := children[ops[1].SpanContext().SpanID()]
	require.Len(t, retried, 2)
	status, _ := attr(retried[0], "http.response.status_code")
	assert.Equal(t, int64(503), status.AsInt64())
	resend, ok := attr(retried[1], "http.request.resend_count")
	assert.True(t, ok && resend.AsInt64() == 1, "the retry carries http.request.resend_count")
	replayed := children[ops[2].SpanContext().SpanID()]
	require.Len(t, replayed, 3)
	status, _ = attr(replayed[0], "http.response.status_code")
	assert.Equal(t, int64(401), status.AsInt64())
	login, _ := attr(replayed[1], otelxecm.AttrLogin)
	assert.True(t, login.AsBool())
	replay, _ := attr(replayed[2], otelxecm.AttrReplay)
	assert.True(t, replay.AsBool())
	errType, _ := attr(ops[3], "error.type")
	assert.Equal(t, "not_found", errType.AsString())

	// The metrics count exactly the requests the simulator logged, by
	// status; and each request carried the caller's trace.
	reqs := sim.Requests()
	rm := tm.metrics(t)
	assert.Equal(t, int64(len(reqs)), sum(rm, "xecm.client.requests"))
	byStatus := map[int]int64{}
	for _, r := range reqs {
		byStatus[r.Status]++
		assert.Contains(t, r.Header.Get("Traceparent"), caller.SpanContext().TraceID().String(), "%s %s", r.Method, r.Path)
	}
	for status, n := range byStatus {
		assert.Equal(t, n, sum(rm, "xecm.client.requests", attribute.Int("http.response.status_code", status)), "status %d", status)
	}
	assert.Equal(t, int64(1), sum(rm, "xecm.client.retries", otelxecm.AttrOperation.String("Nodes.Get")))
	assert.Equal(t, int64(2), sum(rm, "xecm.client.logins", otelxecm.AttrOperation.String("Nodes.Get")))
}

// An upload is one operation however many requests it makes, and counts
// the bytes it sent.
func TestUploadOperationCountsBytes(t *testing.T) {
	tm := newTelemetry(t)
	_, c := simClient(t, tm)
	content := strings.Repeat("x", 100_000)
	_, err := c.Documents.Upload(t.Context(), xecm.DocumentUploadRequest{ParentID: xecmtest.EnterpriseWorkspaceID, Name: "a.txt",
		Content: strings.NewReader(content)})
	require.NoError(t, err)
	var ops []sdktrace.ReadOnlySpan
	for _, s := range tm.spans.Ended() {
		if s.SpanKind() == trace.SpanKindInternal {
			ops = append(ops, s)
		}
	}
	require.Len(t, ops, 1)
	assert.Equal(t, "Documents.Upload", ops[0].Name())
	sent, _ := attr(ops[0], otelxecm.AttrBytesSent)
	assert.Greater(t, sent.AsInt64(), int64(len(content)), "the multipart body carries the content")
	route, _ := attr(ops[0], "url.template")
	assert.Equal(t, "/v2/nodes", route.AsString())
}

// No span name, attribute, event, status or metric label carries the
// password, a ticket, a credential header or a query string, after calls
// that log in, send query strings and fail.
func TestNoSecretInTelemetry(t *testing.T) {
	tm := newTelemetry(t)
	sim, c := simClient(t, tm)
	ctx := t.Context()
	_, err := c.Nodes.ListChildren(ctx, xecmtest.EnterpriseWorkspaceID, &xecm.NodeListOptions{WhereName: "needle-in-query",
		ListOptions: xecm.ListOptions{Limit: 7, Page: 1}})
	require.NoError(t, err)
	sim.ExpireTickets()
	_, err = c.Nodes.Get(ctx, xecmtest.EnterpriseWorkspaceID, &xecm.NodeGetOptions{Fields: []string{"properties"}})
	require.NoError(t, err)
	_, err = c.Nodes.Get(ctx, 987654321, nil)
	require.Error(t, err)
	bad, err := xecm.NewClient(sim.URL, xecm.WithPassword("Admin", "wrong-password-123"), xecm.WithObserver(tm.obs),
		xecm.WithRetryPolicy(fastRetries()))
	require.NoError(t, err)
	_, err = bad.Nodes.Get(ctx, 2000, nil)
	require.Error(t, err)

	var secrets []string
	for _, r := range sim.Requests() {
		for _, h := range []string{"OTCSTicket", "Authorization", "OTDSTicket"} {
			if v := r.Header.Get(h); v != "" {
				secrets = append(secrets, v)
			}
		}
	}
	require.NotEmpty(t, secrets, "the requests carried credentials")
	secrets = append(secrets, "livelink", "wrong-password-123", "needle-in-query", "limit=", "?", "OTCSTicket", "otcsticket")

	var texts []string
	for _, s := range tm.spans.Ended() {
		texts = append(texts, s.Name(), s.Status().Description)
		for _, kv := range s.Attributes() {
			texts = append(texts, string(kv.Key)+"="+kv.Value.Emit())
		}
		for _, ev := range s.Events() {
			texts = append(texts, ev.Name)
			for _, kv := range ev.Attributes {
				texts = append(texts, string(kv.Key)+"="+kv.Value.Emit())
			}
		}
	}
	rm := tm.metrics(t)
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			texts = append(texts, m.Name)
			for _, set := range metricAttrSets(m) {
				for _, kv := range set.ToSlice() {
					texts = append(texts, string(kv.Key)+"="+kv.Value.Emit())
				}
			}
		}
	}
	require.Greater(t, len(texts), 50)
	for _, text := range texts {
		for _, s := range secrets {
			assert.NotContains(t, text, s)
		}
	}
}

// metricAttrSets returns the attribute sets of every data point of m.
func metricAttrSets(m metricdata.Metrics) []attribute.Set {
	var out []attribute.Set
	switch d := m.Data.(type) {
	case metricdata.Sum[int64]:
		for _, dp := range d.DataPoints {
			out = append(out, dp.Attributes)
		}
	case metricdata.Histogram[float64]:
		for _, dp := range d.DataPoints {
			out = append(out, dp.Attributes)
		}
	}
	return out
}

const testSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

// A delivery refused for a bad signature is counted under that reason; an
// accepted one and its duplicate under theirs; the delivery's span
// continues the sender's trace.
func TestWebhookDeliveries(t *testing.T) {
	tm := newTelemetry(t)
	v, err := webhook.NewVerifier([]string{testSecret})
	require.NoError(t, err)
	h, err := webhook.NewHandler(v, func(context.Context, xecm.Event) error { return nil }, webhook.WithObserver(tm.obs))
	require.NoError(t, err)
	signer, err := webhook.NewSigner(testSecret)
	require.NoError(t, err)
	other, err := webhook.NewSigner("whsec_dGhpcyBpcyBhbm90aGVyIHNlY3JldCBvZiAzMiBieXRlcw==")
	require.NoError(t, err)
	body := `{"type":"document.created","timestamp":"2023-11-14T22:13:20Z","data":{"node_id":4711,"parent_id":2000,"name":"a.pdf","subtype":144}}`

	ctx, sender := tm.tp.Tracer("test").Start(t.Context(), "sender")
	deliver := func(s *webhook.Signer, id string) int {
		hdr, err := s.Headers(id, time.Now(), []byte(body))
		require.NoError(t, err)
		r := httptest.NewRequestWithContext(context.Background(), http.MethodPost, "/hook", strings.NewReader(body))
		for k, vs := range hdr {
			r.Header[k] = vs
		}
		propagation.TraceContext{}.Inject(ctx, propagation.HeaderCarrier(r.Header))
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Code
	}
	assert.Equal(t, http.StatusUnauthorized, deliver(other, "evt_bad"))
	assert.Equal(t, http.StatusNoContent, deliver(signer, "evt_1"))
	assert.Equal(t, http.StatusNoContent, deliver(signer, "evt_1"))
	sender.End()

	rm := tm.metrics(t)
	assert.Equal(t, int64(1), sum(rm, "xecm.webhook.deliveries", otelxecm.AttrResult.String("refused"), otelxecm.AttrReason.String("bad signature")))
	assert.Equal(t, int64(1), sum(rm, "xecm.webhook.deliveries", otelxecm.AttrResult.String("accepted")))
	assert.Equal(t, int64(1), sum(rm, "xecm.webhook.deliveries", otelxecm.AttrResult.String("duplicate")))

	var servers int
	for _, s := range tm.spans.Ended() {
		if s.SpanKind() == trace.SpanKindServer {
			servers++
			assert.Equal(t, sender.SpanContext().TraceID(), s.SpanContext().TraceID(), "the delivery continues the sender's trace")
		}
	}
	assert.Equal(t, 3, servers)
}
