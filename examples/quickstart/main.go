// Command quickstart tells the whole story of the SDK in one run: a CRM
// account gets its customer workspace, a signed contract is filed into it
// with its deal metadata and retention classification, the signed
// document.created callback arrives, the approval workflow runs, the final
// approval triggers invoice processing in another system, a portal serves
// the approved contract to readers without ECM access, and a compliance
// summary is printed.
//
//	go run ./examples/quickstart [-trace]
//
// With -trace, the SDK's OpenTelemetry spans (one per SDK call, one per
// HTTP attempt beneath it, one per webhook delivery) and metrics are
// printed to standard output as JSON, through package otelxecm.
//
// With ECM_URL unset it runs on the embedded simulator with its demo data
// (demo.go). Against a real server, set ECM_URL, ECM_USERNAME and
// ECM_PASSWORD and the QUICKSTART_* variables of the Settings type's
// fields: the workspace type, the categories and the approval map are
// found by name (defaults Customer, Contract, Document Control and
// Document Approval; what was found is printed, and what was not is
// named), an ID variable overrides a name; the RM classification of
// contracts is an ID, and the reviewer's and approver's logins are needed.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/examples/exampleenv"
)

func main() {
	trace := flag.Bool("trace", false, "print the SDK's OpenTelemetry spans and metrics to standard output")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	cfg := exampleenv.FromEnv()
	set, err := settingsFromEnv()
	if err == nil {
		if cfg.URL == "" {
			demo(&set)
		}
		err = runMain(ctx, cfg, set, *trace)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func runMain(ctx context.Context, cfg exampleenv.Config, set Settings, trace bool) (err error) {
	if !trace {
		return run(ctx, cfg, set, os.Stdout, nil)
	}
	obs, shutdown, err := stdoutTelemetry(os.Stdout)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, shutdown(context.WithoutCancel(ctx))) }()
	return run(ctx, cfg, set, os.Stdout, obs)
}

// run tells the story; obs, when not nil, observes the client and the
// webhook receiver.
func run(ctx context.Context, cfg exampleenv.Config, set Settings, out io.Writer, obs xecm.Observer) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	var opts []xecm.Option
	if obs != nil {
		opts = append(opts, xecm.WithObserver(obs))
	}
	env, err := exampleenv.Connect(ctx, cfg, out, opts...)
	if err != nil {
		return err
	}
	defer env.Close()
	story, err := storyFor(ctx, env, set, out)
	if err != nil {
		return err
	}
	story.observer = obs
	return story.tell(ctx, out)
}
