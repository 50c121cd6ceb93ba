package exampleenv

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"
)

// ShutdownTimeout is how long Serve lets the requests under way finish
// once its context ends.
const ShutdownTimeout = 10 * time.Second

// Timeouts of the servers the examples start. A receiver reads request
// bodies (webhook deliveries, form posts): without ReadTimeout a client
// trickling a body a byte at a time holds a connection, and a goroutine,
// for as long as it likes. ReadHeaderTimeout alone bounds only the headers.
const (
	ReadHeaderTimeout = 10 * time.Second
	ReadTimeout       = 30 * time.Second // headers and body
	IdleTimeout       = 2 * time.Minute
)

// NewServer returns an http.Server for h with the examples' timeouts, so
// that a slow or hostile client cannot hold a connection by trickling its
// headers or its body.
func NewServer(h http.Handler) *http.Server {
	return &http.Server{Handler: h, ReadHeaderTimeout: ReadHeaderTimeout, ReadTimeout: ReadTimeout, IdleTimeout: IdleTimeout}
}

// Serve serves srv on l until ctx ends (SIGINT or SIGTERM in the
// examples), then shuts it down gracefully: it stops accepting
// connections and waits up to ShutdownTimeout for the requests under way
// to finish, so that a workspace half created or an event half processed
// is not cut off. It returns nil after a clean shutdown, or the error that
// stopped the server.
func Serve(ctx context.Context, srv *http.Server, l net.Listener) error {
	served := make(chan error, 1)
	go func() { served <- srv.Serve(l) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutting the server down: %w", err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// ServeInBackground serves srv on l through Serve until ctx ends or the
// returned stop is called, for a program that serves while it does other
// work (a demo tour first, then serving on). stop shuts the server down
// gracefully if it still runs, waits for it and returns Serve's error.
func ServeInBackground(ctx context.Context, srv *http.Server, l net.Listener) (stop func() error) {
	ctx, cancel := context.WithCancel(ctx)
	served := make(chan error, 1)
	go func() { served <- Serve(ctx, srv, l) }()
	// Safe to call more than once (a deferred stop after an explicit one):
	// every call waits for the one shutdown and returns its result.
	return sync.OnceValue(func() error {
		cancel()
		return <-served
	})
}
