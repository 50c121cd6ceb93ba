// Package otelxecm reports what an xecm client and a webhook handler do as
// OpenTelemetry traces and metrics. It is the xecm.Observer for
// OpenTelemetry, in a package of its own so that the SDK's core does not
// depend on OpenTelemetry:
//
//	obs, err := otelxecm.New() // the global tracer and meter providers
//	c, err := xecm.NewClient(url, xecm.WithPassword(user, pw), xecm.WithObserver(obs))
//	h, err := webhook.NewHandler(scheme, fn, webhook.WithObserver(obs))
//
// Traces: one span per SDK operation (named after the method, such as
// "Documents.Upload"), a child client span per HTTP attempt following the
// HTTP semantic conventions (each retry, login and replay after a 401 is
// an attempt of its own, "GET /v2/nodes/{id}"), and a server span per
// webhook delivery that continues the sender's trace. Trace context flows
// from the caller's ctx to the operation, and from there into the outgoing
// requests' headers.
//
// Metrics: http.client.request.duration and xecm.client.requests by
// method, route template and status; xecm.client.retries and
// xecm.client.logins by operation; xecm.client.body.size by route and
// direction; xecm.operation.duration by operation and error class; and
// xecm.webhook.deliveries by result and reason.
//
// No attribute or metric label carries a credential, ticket, password,
// token or query string: URLs are reported without their query, and
// errors by their class.
package otelxecm

import (
	"context"
	"net"
	"strconv"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/propagation"
	semconv "go.opentelemetry.io/otel/semconv/v1.39.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/xecm-go/xecm"
)

// ScopeName is the instrumentation scope of the tracer and the meter.
const ScopeName = "github.com/xecm-go/xecm/otelxecm"

// Attribute keys of the SDK's own (the others are semantic conventions).
const (
	AttrOperation     = attribute.Key("xecm.operation")
	AttrNodeID        = attribute.Key("xecm.node_id")
	AttrAttempts      = attribute.Key("xecm.attempts")
	AttrRetries       = attribute.Key("xecm.retries")
	AttrLogins        = attribute.Key("xecm.logins")
	AttrBytesSent     = attribute.Key("xecm.bytes_sent")
	AttrBytesReceived = attribute.Key("xecm.bytes_received")
	AttrLogin         = attribute.Key("xecm.login")
	AttrReplay        = attribute.Key("xecm.replay")
	AttrDirection     = attribute.Key("xecm.direction")
	AttrResult        = attribute.Key("xecm.webhook.result")
	AttrReason        = attribute.Key("xecm.webhook.reason")
	AttrEventID       = attribute.Key("xecm.event.id")
	AttrEventType     = attribute.Key("xecm.event.type")
)

// Option configures New.
type Option func(*config)

type config struct {
	tp   trace.TracerProvider
	mp   metric.MeterProvider
	prop propagation.TextMapPropagator
}

// WithTracerProvider sets the tracer provider; the global one by default.
func WithTracerProvider(tp trace.TracerProvider) Option { return func(c *config) { c.tp = tp } }

// WithMeterProvider sets the meter provider; the global one by default.
func WithMeterProvider(mp metric.MeterProvider) Option { return func(c *config) { c.mp = mp } }

// WithPropagator sets how trace context goes into outgoing requests and
// comes out of webhook deliveries; the global propagator by default.
func WithPropagator(p propagation.TextMapPropagator) Option {
	return func(c *config) { c.prop = p }
}

// Observer is an xecm.Observer that records spans and metrics. Give it to
// xecm.WithObserver and webhook.WithObserver.
type Observer struct {
	tracer trace.Tracer
	prop   propagation.TextMapPropagator

	reqDuration metric.Float64Histogram
	requests    metric.Int64Counter
	retries     metric.Int64Counter
	logins      metric.Int64Counter
	bodySize    metric.Int64Counter
	opDuration  metric.Float64Histogram
	deliveries  metric.Int64Counter
}

var _ xecm.Observer = (*Observer)(nil)

// New returns an Observer over the given or global providers.
func New(opts ...Option) (*Observer, error) {
	var cfg config
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	if cfg.tp == nil {
		cfg.tp = otel.GetTracerProvider()
	}
	if cfg.mp == nil {
		cfg.mp = otel.GetMeterProvider()
	}
	if cfg.prop == nil {
		cfg.prop = otel.GetTextMapPropagator()
	}
	o := &Observer{tracer: cfg.tp.Tracer(ScopeName), prop: cfg.prop}
	m := cfg.mp.Meter(ScopeName)
	var err error
	if o.reqDuration, err = m.Float64Histogram("http.client.request.duration", metric.WithUnit("s"),
		metric.WithDescription("Duration of HTTP client requests."),
		metric.WithExplicitBucketBoundaries(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10)); err != nil {
		return nil, err
	}
	if o.requests, err = m.Int64Counter("xecm.client.requests", metric.WithUnit("{request}"),
		metric.WithDescription("HTTP requests sent, by method, route and status.")); err != nil {
		return nil, err
	}
	if o.retries, err = m.Int64Counter("xecm.client.retries", metric.WithUnit("{retry}"),
		metric.WithDescription("Requests sent again after a failure, by operation.")); err != nil {
		return nil, err
	}
	if o.logins, err = m.Int64Counter("xecm.client.logins", metric.WithUnit("{login}"),
		metric.WithDescription("Login requests, by the operation that waited for them.")); err != nil {
		return nil, err
	}
	if o.bodySize, err = m.Int64Counter("xecm.client.body.size", metric.WithUnit("By"),
		metric.WithDescription("Request and response body bytes, by route and direction.")); err != nil {
		return nil, err
	}
	if o.opDuration, err = m.Float64Histogram("xecm.operation.duration", metric.WithUnit("s"),
		metric.WithDescription("Duration of SDK operations, by operation and error class.")); err != nil {
		return nil, err
	}
	if o.deliveries, err = m.Int64Counter("xecm.webhook.deliveries", metric.WithUnit("{delivery}"),
		metric.WithDescription("Webhook deliveries received, by result and reason.")); err != nil {
		return nil, err
	}
	return o, nil
}

// StartOperation starts the operation's span as a child of ctx's.
func (o *Observer) StartOperation(ctx context.Context, op *xecm.Operation) context.Context {
	ctx, _ = o.tracer.Start(ctx, op.Name, trace.WithSpanKind(trace.SpanKindInternal), trace.WithTimestamp(op.Start),
		trace.WithAttributes(AttrOperation.String(op.Name)))
	return ctx
}

// EndOperation ends the operation's span with its counters and outcome.
func (o *Observer) EndOperation(ctx context.Context, op *xecm.Operation) {
	span := trace.SpanFromContext(ctx)
	attrs := []attribute.KeyValue{
		AttrAttempts.Int(op.Attempts), AttrRetries.Int(op.Retries), AttrLogins.Int(op.Logins),
		AttrBytesSent.Int64(op.BytesSent), AttrBytesReceived.Int64(op.BytesReceived),
	}
	if op.Route != "" {
		attrs = append(attrs, semconv.HTTPRequestMethodKey.String(op.Method), semconv.URLTemplate(op.Route))
	}
	if op.NodeID != 0 {
		attrs = append(attrs, AttrNodeID.Int64(op.NodeID))
	}
	if op.ErrorClass != "" {
		attrs = append(attrs, semconv.ErrorTypeKey.String(op.ErrorClass))
		span.SetStatus(codes.Error, op.ErrorClass)
	}
	span.SetAttributes(attrs...)
	span.End(trace.WithTimestamp(op.Start.Add(op.Duration)))

	opAttr := AttrOperation.String(op.Name)
	metricAttrs := []attribute.KeyValue{opAttr}
	if op.ErrorClass != "" {
		metricAttrs = append(metricAttrs, semconv.ErrorTypeKey.String(op.ErrorClass))
	}
	o.opDuration.Record(ctx, op.Duration.Seconds(), metric.WithAttributes(metricAttrs...))
	if op.Retries > 0 {
		o.retries.Add(ctx, int64(op.Retries), metric.WithAttributes(opAttr))
	}
	if op.Logins > 0 {
		o.logins.Add(ctx, int64(op.Logins), metric.WithAttributes(opAttr))
	}
}

// StartAttempt starts a client span for the attempt and writes its trace
// context into the request's headers.
func (o *Observer) StartAttempt(ctx context.Context, a *xecm.Attempt) context.Context {
	ctx, _ = o.tracer.Start(ctx, a.Method+" "+a.Route, trace.WithSpanKind(trace.SpanKindClient),
		trace.WithTimestamp(a.Start), trace.WithAttributes(attemptAttrs(a)...))
	o.prop.Inject(ctx, propagation.HeaderCarrier(a.Header))
	return ctx
}

// attemptAttrs are the semantic-convention attributes of an attempt known
// before it is sent: no query string, no header.
func attemptAttrs(a *xecm.Attempt) []attribute.KeyValue {
	host, port := splitHostPort(a.Scheme, a.Host)
	attrs := []attribute.KeyValue{
		semconv.HTTPRequestMethodKey.String(a.Method),
		semconv.URLTemplate(a.Route),
		semconv.ServerAddress(host),
		semconv.ServerPort(port),
		semconv.URLFull(a.Scheme + "://" + a.Host + a.Path),
		AttrLogin.Bool(a.Login),
		AttrReplay.Bool(a.Replay),
	}
	if a.Operation != "" {
		attrs = append(attrs, AttrOperation.String(a.Operation))
	}
	if a.Retry {
		attrs = append(attrs, semconv.HTTPRequestResendCount(1))
	}
	return attrs
}

// EndAttempt ends the attempt's span and records its request metrics.
func (o *Observer) EndAttempt(ctx context.Context, a *xecm.Attempt) {
	span := trace.SpanFromContext(ctx)
	var attrs []attribute.KeyValue
	errType := ""
	switch {
	case a.StatusCode != 0:
		attrs = append(attrs, semconv.HTTPResponseStatusCode(a.StatusCode))
		if a.StatusCode >= 400 {
			errType = strconv.Itoa(a.StatusCode)
		}
	case a.Err != nil:
		errType = a.ErrorClass
	}
	if errType != "" {
		attrs = append(attrs, semconv.ErrorTypeKey.String(errType))
		span.SetStatus(codes.Error, errType)
	}
	if a.Err != nil && a.StatusCode != 0 {
		// The body broke off after the status.
		span.SetStatus(codes.Error, a.ErrorClass)
	}
	attrs = append(attrs, semconv.HTTPRequestBodySize(int(a.BytesSent)), semconv.HTTPResponseBodySize(int(a.BytesReceived)))
	span.SetAttributes(attrs...)
	span.End(trace.WithTimestamp(a.Start.Add(a.Duration)))

	labels := []attribute.KeyValue{semconv.HTTPRequestMethodKey.String(a.Method), semconv.URLTemplate(a.Route)}
	host, port := splitHostPort(a.Scheme, a.Host)
	labels = append(labels, semconv.ServerAddress(host), semconv.ServerPort(port))
	if a.StatusCode != 0 {
		labels = append(labels, semconv.HTTPResponseStatusCode(a.StatusCode))
	}
	if errType != "" {
		labels = append(labels, semconv.ErrorTypeKey.String(errType))
	}
	set := metric.WithAttributes(labels...)
	o.reqDuration.Record(ctx, a.Duration.Seconds(), set)
	o.requests.Add(ctx, 1, set)
	route := []attribute.KeyValue{semconv.HTTPRequestMethodKey.String(a.Method), semconv.URLTemplate(a.Route)}
	if a.BytesSent > 0 {
		o.bodySize.Add(ctx, a.BytesSent, metric.WithAttributes(append(route, AttrDirection.String("sent"))...))
	}
	if a.BytesReceived > 0 {
		o.bodySize.Add(ctx, a.BytesReceived, metric.WithAttributes(append(route, AttrDirection.String("received"))...))
	}
}

// StartDelivery starts a server span for a webhook delivery, continuing
// the trace whose context the request carries.
func (o *Observer) StartDelivery(ctx context.Context, d *xecm.Delivery) context.Context {
	ctx = o.prop.Extract(ctx, propagation.HeaderCarrier(d.Header))
	ctx, _ = o.tracer.Start(ctx, "webhook delivery", trace.WithSpanKind(trace.SpanKindServer), trace.WithTimestamp(d.Start),
		trace.WithAttributes(semconv.HTTPRequestMethodKey.String("POST")))
	return ctx
}

// EndDelivery ends the delivery's span and counts it by result and reason.
func (o *Observer) EndDelivery(ctx context.Context, d *xecm.Delivery) {
	span := trace.SpanFromContext(ctx)
	attrs := []attribute.KeyValue{AttrResult.String(d.Result), semconv.HTTPResponseStatusCode(d.StatusCode)}
	if d.Reason != "" {
		attrs = append(attrs, AttrReason.String(d.Reason))
	}
	if d.ID != "" {
		attrs = append(attrs, AttrEventID.String(d.ID), AttrEventType.String(d.Type))
	}
	if d.Result == xecm.DeliveryRefused || d.Result == xecm.DeliveryFailed {
		span.SetStatus(codes.Error, d.Result+": "+d.Reason)
	}
	span.SetAttributes(attrs...)
	span.End(trace.WithTimestamp(d.Start.Add(d.Duration)))

	labels := []attribute.KeyValue{AttrResult.String(d.Result)}
	if d.Reason != "" {
		labels = append(labels, AttrReason.String(d.Reason))
	}
	o.deliveries.Add(ctx, 1, metric.WithAttributes(labels...))
}

// splitHostPort splits host[:port], with the scheme's default port.
func splitHostPort(scheme, hostport string) (string, int) {
	host, p, err := net.SplitHostPort(hostport)
	if err != nil {
		if scheme == "https" {
			return hostport, 443
		}
		return hostport, 80
	}
	port, _ := strconv.Atoi(p)
	return host, port
}
