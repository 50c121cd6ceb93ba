// Command xecmsim serves the in-memory Extended ECM simulator (package
// xecmtest) as a standalone server:
//
//	go run ./cmd/xecmsim -addr 127.0.0.1:8080
//
// It prints the base URL (with the CGI path the SDK expects) and the demo
// credentials, and shuts down gracefully on SIGINT or SIGTERM.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/xecm-go/xecm/xecmtest"
)

// Demo OAuth2 client registered at the simulated OTDS.
const (
	demoClientID     = "xecmsim"
	demoClientSecret = "xecmsim-secret"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "xecmsim:", err)
		os.Exit(1)
	}
}

// run parses args, serves until ctx is done, then shuts down gracefully.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("xecmsim", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "listen address")
	cgiPath := fs.String("cgi-path", "/otcs/cs.exe", "CGI path of the simulated deployment (e.g. /cs/cs)")
	lifetime := fs.Duration("ticket-lifetime", 30*time.Minute, "OTCS ticket lifetime (sliding)")
	verbose := fs.Bool("v", false, "log every request to stderr")
	invented := fs.Bool("invented-audit-events", false,
		"write audit entries for deletions, moves, holds and workflow steps under this project's invented ids and names (a real server's are not public; for demos)")
	if err := fs.Parse(args); err != nil {
		return err
	}

	level := slog.LevelInfo
	if *verbose {
		level = slog.LevelDebug
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	opts := []xecmtest.Option{
		xecmtest.WithCGIPath(*cgiPath),
		xecmtest.WithTicketLifetime(*lifetime),
		xecmtest.WithLogger(logger),
		xecmtest.WithOAuthClient(demoClientID, demoClientSecret, "Admin"),
	}
	if *invented {
		opts = append(opts, xecmtest.WithInventedAuditEvents())
	}
	sim := xecmtest.New(opts...)
	defer sim.Close() // stops callbacks and removes spooled content

	l, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	sim.SetURL("http://" + l.Addr().String())
	srv := &http.Server{Handler: sim.Handler(), ReadHeaderTimeout: 10 * time.Second}

	fmt.Fprintf(stdout, "xecmsim: Extended ECM simulator\n")
	fmt.Fprintf(stdout, "  base URL (ECM_URL): %s\n", sim.URL)
	fmt.Fprintf(stdout, "  OTDS URL:           %s\n", sim.OTDSURL())
	fmt.Fprintf(stdout, "  users:              Admin/livelink (1000), jdoe/jdoe-pw (1001), msmith/msmith-pw (1002)\n")
	fmt.Fprintf(stdout, "  OAuth2 client:      %s/%s (acts as Admin)\n", demoClientID, demoClientSecret)
	fmt.Fprintf(stdout, "  Enterprise Workspace node: %d\n", xecmtest.EnterpriseWorkspaceID)
	fmt.Fprintf(stdout, "press Ctrl-C to stop\n")

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(l) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	fmt.Fprintln(stdout, "xecmsim: stopped")
	return nil
}
