// Command event-relay watches nodes through their audit trails and
// forwards each event, signed the Standard Webhooks way, to a URL: events
// for servers that send none, such as document status pushed back to the
// source system or a final approval that starts invoice processing.
//
//	ECM_URL=https://ecm.example.com/otcs/cs.exe ECM_USERNAME=svc ECM_PASSWORD=... \
//	XECM_WEBHOOK_SECRET="whsec_..." \
//	go run ./examples/event-relay -path Customers -path "Suppliers/Acme Industrial" -subtree -to https://erp.example.com/hooks/xecm
//
// -path names a node to watch by its path in the Enterprise Workspace ("/"
// for the Enterprise Workspace itself), and may be given several times;
// what was found is printed, and a path that was not is named. -nodes takes
// node IDs instead (comma-separated).
//
// Positions are kept in the -checkpoint file, so a restarted relay resumes
// where it stopped; events carry deterministic IDs, so a receiver drops the
// few a crash makes it send again.
//
// Run as several replicas (for availability), they share Redis
// (-redis redis://host:6379/0) or PostgreSQL (-postgres postgres://user@host/db)
// instead of the file: one replica at a time holds the lease and polls, another
// takes over within the lease TTL when it dies, and every event read is stored
// in the shared outbox before the checkpoint moves past it, then removed once
// the subscriber acknowledged it, so a relay that dies in between loses
// nothing: the next one sends it, with the same webhook-id. With ECM_URL unset it starts the
// embedded simulator, watches a demo folder in it and, without -to, sends to
// a receiver of its own that logs what arrives.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/examples/exampleenv"
	"github.com/xecm-go/xecm/examples/examplestore"
	"github.com/xecm-go/xecm/webhook"
)

type config struct {
	Paths      []string      // -path: the nodes or workspaces to watch, by path in the Enterprise Workspace
	Nodes      []int64       // -nodes: the nodes or workspaces to watch, by ID
	Subtree    bool          // -subtree: and everything below them
	To         string        // -to: the subscriber URL
	Checkpoint string        // -checkpoint: the checkpoint file
	Interval   time.Duration // -interval: the polling interval
	Redis      string        // -redis: URL of the Redis the replicas share
	Postgres   string        // -postgres: DSN of the PostgreSQL the replicas share
	Name       string        // -name: what the replicas' keys or rows are called in the store
	Secrets    []string      // XECM_WEBHOOK_SECRET: signing secrets
	Env        exampleenv.Config
	// demoEvents, in the demo, ends the relay after this many events
	// reached its own receiver (0: run until stopped).
	demoEvents int32
}

func main() {
	var paths []string
	flag.Func("path", `path in the Enterprise Workspace of a node to watch ("/" for the Enterprise Workspace; repeatable)`, func(p string) error {
		paths = append(paths, p)
		return nil
	})
	nodes := flag.String("nodes", "", "comma-separated node IDs to watch (beside -path)")
	subtree := flag.Bool("subtree", false, "also watch everything below the nodes")
	to := flag.String("to", "", "URL to send the signed events to")
	cp := flag.String("checkpoint", "event-relay.checkpoints.json", "checkpoint file")
	interval := flag.Duration("interval", 30*time.Second, "polling interval")
	redisURL := flag.String("redis", "", "Redis URL (redis://host:6379/0) shared by replicas: lease, checkpoints and outbox")
	pgDSN := flag.String("postgres", "", "PostgreSQL DSN (postgres://user@host/db) shared by replicas: lease, checkpoints and outbox")
	name := flag.String("name", "event-relay", "name of the relay's lease, checkpoints and outbox in -redis or -postgres")
	flag.Parse()
	ids, err := parseIDs(*nodes)
	if err != nil {
		fmt.Fprintln(os.Stderr, "event-relay:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cfg := config{Paths: paths, Nodes: ids, Subtree: *subtree, To: *to, Checkpoint: *cp, Interval: *interval,
		Redis: *redisURL, Postgres: *pgDSN, Name: *name,
		Secrets: strings.Fields(os.Getenv("XECM_WEBHOOK_SECRET")), Env: exampleenv.FromEnv()}
	if err := run(ctx, cfg, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "event-relay:", err)
		os.Exit(1)
	}
}

func parseIDs(s string) ([]int64, error) {
	var ids []int64
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' }) {
		id, err := strconv.ParseInt(f, 10, 64)
		if err != nil || id <= 0 {
			return nil, fmt.Errorf("-nodes: %q is not a node ID", f)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// run relays until ctx ends. An interruption while starting or stopping
// (a store or login cut off by the cancelled context) is a normal stop,
// not a failure.
func run(ctx context.Context, cfg config, out io.Writer) error {
	err := relayEvents(ctx, cfg, out)
	if ctx.Err() != nil && errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

func relayEvents(ctx context.Context, cfg config, out io.Writer) error {
	log := slog.New(slog.NewTextHandler(out, nil))
	demo := cfg.Env.URL == ""
	if len(cfg.Secrets) == 0 {
		if !demo {
			return errors.New("XECM_WEBHOOK_SECRET is not set (the whsec_ secret(s) to sign with)")
		}
		s, err := webhook.NewSecret()
		if err != nil {
			return err
		}
		cfg.Secrets = []string{s}
		fmt.Fprintln(out, "XECM_WEBHOOK_SECRET is not set: signing with a generated secret for the demo")
	}
	env, err := exampleenv.Connect(ctx, cfg.Env, out)
	if err != nil {
		return err
	}
	defer env.Close()
	c := env.Client

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if demo {
		if err := seedDemo(ctx, c, &cfg, log, cancel); err != nil {
			return err
		}
		// A fresh simulator reuses node IDs: old checkpoints would skip events.
		cfg.Checkpoint = filepath.Join(os.TempDir(), fmt.Sprintf("event-relay-demo-%d.json", time.Now().UnixNano()))
		cfg.Name = fmt.Sprintf("event-relay-demo-%d", time.Now().UnixNano())
		defer os.Remove(cfg.Checkpoint)
	}
	for _, p := range cfg.Paths {
		n, err := c.Nodes.ByVolumePath(ctx, xecm.VolumeEnterprise, p)
		if err != nil {
			return fmt.Errorf("finding %q in the Enterprise Workspace (-path): %w", p, err)
		}
		fmt.Fprintf(out, "Watching %q: node %d\n", p, n.ID)
		cfg.Nodes = append(cfg.Nodes, n.ID)
	}
	if len(cfg.Nodes) == 0 {
		return errors.New("no nodes to watch (-path or -nodes)")
	}
	if cfg.To == "" {
		return errors.New("no URL to send to (-to)")
	}

	signer, err := webhook.NewSigner(cfg.Secrets...)
	if err != nil {
		return err
	}
	sender, err := webhook.NewSender(signer)
	if err != nil {
		return err
	}
	shared, err := examplestore.Open(ctx, cfg.Redis, cfg.Postgres)
	if err != nil {
		return err
	}
	if shared != nil {
		defer shared.Close()
		return relayShared(ctx, cfg, shared, c, env.AuditEventTypes, sender, out, log)
	}
	store, err := xecm.OpenFileCheckpointStore(cfg.Checkpoint)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "relaying events of nodes %v (subtree: %t) to %s until interrupted (Ctrl-C); checkpoints in %s\n", cfg.Nodes, cfg.Subtree, cfg.To, store.Path())
	return c.Events.Watch(ctx, xecm.WatchOptions{
		NodeIDs: cfg.Nodes, Subtree: cfg.Subtree, Checkpoints: store, Interval: cfg.Interval,
		AuditEventTypes: env.AuditEventTypes,
		OnError:         func(nodeID int64, err error) { log.Warn("relay", "node", nodeID, "error", err) },
	}, func(ctx context.Context, ev xecm.Event) error {
		// A failed send fails the event: Watch delivers it again next round,
		// and the node's later events wait for it.
		if err := sender.Send(ctx, cfg.To, ev); err != nil {
			return err
		}
		log.Info("relayed", "id", ev.ID, "type", ev.Type, "node", ev.Data.NodeID)
		return nil
	})
}

// seedDemo creates a folder with some history in the simulator, watches
// it, and, without -to, starts a receiver that logs what arrives.
func seedDemo(ctx context.Context, c *xecm.Client, cfg *config, log *slog.Logger, stop context.CancelFunc) error {
	f, err := c.Nodes.CreateFolder(ctx, 2000, "relay demo "+time.Now().UTC().Format("15.04.05.000"), nil)
	if err != nil {
		return err
	}
	if _, err := c.Nodes.CreateFolder(ctx, f.ID, "Incoming", nil); err != nil {
		return err
	}
	if err := c.Nodes.Update(ctx, f.ID, xecm.NodeUpdateRequest{Description: xecm.Ptr("watched by event-relay")}); err != nil {
		return err
	}
	cfg.Nodes, cfg.Subtree = []int64{f.ID}, true
	if cfg.Interval == 0 || cfg.Interval > time.Second {
		cfg.Interval = time.Second
	}
	if cfg.To != "" {
		return nil
	}
	v, err := webhook.NewVerifier(cfg.Secrets)
	if err != nil {
		return err
	}
	var received atomic.Int32
	h, err := webhook.NewHandler(v, func(_ context.Context, ev xecm.Event) error {
		log.Info("demo receiver got a verified event", "id", ev.ID, "type", ev.Type, "node", ev.Data.NodeID, "name", ev.Data.Name)
		// Called concurrently for events of different nodes.
		if n := received.Add(1); cfg.demoEvents > 0 && n >= cfg.demoEvents {
			stop()
		}
		return nil
	})
	if err != nil {
		return err
	}
	ts := httptest.NewServer(h)
	go func() { <-ctx.Done(); ts.Close() }()
	cfg.To = ts.URL + "/webhooks/xecm"
	return nil
}

// relayShared is the relay of one of several replicas sharing a store: it
// competes for the lease, and while it holds it, stores the events it reads
// in the outbox, which every replica sends from.
func relayShared(ctx context.Context, cfg config, shared *examplestore.Store, c *xecm.Client, types xecm.AuditEventTypes,
	sender *webhook.Sender, out io.Writer, log *slog.Logger) error {
	if cfg.Name == "" {
		return errors.New("-name is empty")
	}
	cps, err := shared.Checkpoints(cfg.Name)
	if err != nil {
		return err
	}
	lease, err := shared.Lease(cfg.Name)
	if err != nil {
		return err
	}
	outbox, err := shared.Outbox(cfg.Name)
	if err != nil {
		return err
	}
	relay, err := webhook.NewRelay(sender, outbox, cfg.To,
		webhook.WithRelayErrors(func(err error) { log.Warn("relay", "error", err) }))
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "relaying events of nodes %v (subtree: %t) to %s until interrupted (Ctrl-C); lease, checkpoints and outbox %q in %s\n",
		cfg.Nodes, cfg.Subtree, cfg.To, cfg.Name, shared.Kind)
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	sent := make(chan error, 1)
	go func() { sent <- relay.Run(ctx) }()
	err = c.Events.Watch(ctx, xecm.WatchOptions{
		NodeIDs: cfg.Nodes, Subtree: cfg.Subtree, Checkpoints: cps, Interval: cfg.Interval,
		Lease: lease, AuditEventTypes: types,
		OnError: func(nodeID int64, err error) { log.Warn("relay", "node", nodeID, "error", err) },
	}, func(ctx context.Context, ev xecm.Event) error {
		// Stored before the checkpoint moves past it; sent by Run.
		if err := relay.Enqueue(ctx, ev); err != nil {
			return err
		}
		log.Info("stored", "id", ev.ID, "type", ev.Type, "node", ev.Data.NodeID)
		return nil
	})
	stop() // Watch returned: so does Run
	return errors.Join(err, <-sent)
}
