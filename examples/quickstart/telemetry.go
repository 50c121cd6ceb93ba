package main

import (
	"context"
	"errors"
	"io"

	"go.opentelemetry.io/otel/exporters/stdout/stdoutmetric"
	"go.opentelemetry.io/otel/exporters/stdout/stdouttrace"
	"go.opentelemetry.io/otel/propagation"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/xecm-go/xecm/otelxecm"
)

// stdoutTelemetry is the -trace flag: an otelxecm.Observer whose spans and
// metrics go to w as JSON. In a service, the providers would export to a
// collector (OTLP) instead; the Observer is made the same way.
func stdoutTelemetry(w io.Writer) (*otelxecm.Observer, func(context.Context) error, error) {
	spans, err := stdouttrace.New(stdouttrace.WithWriter(w), stdouttrace.WithPrettyPrint())
	if err != nil {
		return nil, nil, err
	}
	metrics, err := stdoutmetric.New(stdoutmetric.WithWriter(w), stdoutmetric.WithPrettyPrint())
	if err != nil {
		return nil, nil, err
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans))
	// The metrics are printed once, when the program ends.
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewPeriodicReader(metrics)))
	obs, err := otelxecm.New(otelxecm.WithTracerProvider(tp), otelxecm.WithMeterProvider(mp),
		otelxecm.WithPropagator(propagation.TraceContext{}))
	if err != nil {
		return nil, nil, err
	}
	shutdown := func(ctx context.Context) error {
		return errors.Join(tp.Shutdown(ctx), mp.Shutdown(ctx))
	}
	return obs, shutdown, nil
}
