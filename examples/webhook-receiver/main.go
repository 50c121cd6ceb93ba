// Command webhook-receiver receives the signed event callbacks of the xecm
// SDK (Standard Webhooks) and logs each event: the template for a service
// that updates an ERP or project system when content changes.
//
//	XECM_WEBHOOK_SECRET="whsec_..." go run ./examples/webhook-receiver -addr 127.0.0.1:8090
//
// Run as several replicas behind a load balancer, they share their
// deduplication in Redis (-redis redis://host:6379/0) or PostgreSQL
// (-postgres postgres://user@host/db), so that a delivery retried on another
// replica is handled once; while the store cannot be reached, deliveries are
// answered 503 with Retry-After, never acknowledged unhandled.
//
// It listens at /webhooks/xecm. XECM_WEBHOOK_SECRET holds one or more
// space-separated "whsec_" secrets (during a rotation, the new and the old).
// Extended ECM sends no callbacks of its own: point a relay
// (examples/event-relay) or the simulator at it. With ECM_URL unset it
// starts the embedded simulator, subscribes itself to its callbacks (with a
// generated secret if none is set) and creates a folder so that an event
// arrives.
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
	"strings"
	"syscall"
	"time"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/examples/exampleenv"
	"github.com/xecm-go/xecm/examples/examplestore"
	"github.com/xecm-go/xecm/webhook"
)

// path is where the receiver listens.
const path = "/webhooks/xecm"

type config struct {
	Addr     string   // listen address (-addr)
	Redis    string   // -redis: URL of the Redis the replicas share
	Postgres string   // -postgres: DSN of the PostgreSQL the replicas share
	Secrets  []string // XECM_WEBHOOK_SECRET, space-separated
	Env      exampleenv.Config
	// ready, if set, is told the receiver's URL once it listens (tests).
	ready func(url string)
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8090", "listen address")
	redisURL := flag.String("redis", "", "Redis URL (redis://host:6379/0) to deduplicate in, shared by replicas")
	pgDSN := flag.String("postgres", "", "PostgreSQL DSN (postgres://user@host/db) to deduplicate in, shared by replicas")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cfg := config{Addr: *addr, Redis: *redisURL, Postgres: *pgDSN, Secrets: strings.Fields(os.Getenv("XECM_WEBHOOK_SECRET")), Env: exampleenv.FromEnv()}
	if err := run(ctx, cfg, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "webhook-receiver:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, cfg config, out io.Writer) error {
	log := slog.New(slog.NewTextHandler(out, nil))
	demo := cfg.Env.URL == ""
	if len(cfg.Secrets) == 0 {
		if !demo {
			return errors.New("XECM_WEBHOOK_SECRET is not set (space-separated whsec_ secrets)")
		}
		s, err := webhook.NewSecret()
		if err != nil {
			return err
		}
		cfg.Secrets = []string{s}
		fmt.Fprintln(out, "XECM_WEBHOOK_SECRET is not set: using a generated secret for the demo")
	}
	v, err := webhook.NewVerifier(cfg.Secrets)
	if err != nil {
		return err
	}
	opts := []webhook.HandlerOption{webhook.WithLogger(log)}
	store, err := examplestore.Open(ctx, cfg.Redis, cfg.Postgres)
	if err != nil {
		return err
	}
	if store != nil {
		defer store.Close()
		d, err := store.Deduper("webhook-receiver")
		if err != nil {
			return err
		}
		opts = append(opts, webhook.WithDeduper(d))
		fmt.Fprintf(out, "deduplicating deliveries in %s, shared with the other replicas\n", store.Kind)
	}
	h, err := webhook.NewHandler(v, func(_ context.Context, ev xecm.Event) error {
		// A real receiver would update the ERP or project system here, or
		// queue the work: the sender waits for the answer.
		log.Info("event", "id", ev.ID, "type", ev.Type, "node", ev.Data.NodeID, "name", ev.Data.Name,
			"parent", ev.Data.ParentID, "workspace", ev.Data.WorkspaceID, "user", ev.Data.UserID, "time", ev.Time)
		return nil
	}, opts...)
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.Handle(path, h)
	l, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	srv := exampleenv.NewServer(mux)
	url := "http://" + l.Addr().String() + path
	fmt.Fprintf(out, "receiving signed xecm events at %s until interrupted (Ctrl-C)\n", url)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(l) }()

	if demo {
		env, err := exampleenv.Connect(ctx, cfg.Env, out)
		if err != nil {
			_ = srv.Close()
			return err
		}
		defer env.Close()
		if _, err := env.Sim.AddSubscription(url, cfg.Secrets[0]); err != nil {
			_ = srv.Close()
			return err
		}
		f, err := env.Client.Nodes.CreateFolder(ctx, 2000, "webhook demo "+time.Now().UTC().Format("15.04.05.000"), nil)
		if err != nil {
			_ = srv.Close()
			return err
		}
		fmt.Fprintf(out, "the simulator will call back for its events; created folder %d to make one\n", f.ID)
	}
	if cfg.ready != nil {
		cfg.ready(url)
	}

	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	return srv.Shutdown(sctx)
}
