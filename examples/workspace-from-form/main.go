// Command workspace-from-form turns a service-portal request form into a
// structured business workspace: a customer onboarding, a supplier
// qualification or a legal matter. The workspace comes from the type's
// template (its folders, roles and category), the form's values fill the
// category, the people named become members of the workspace roles, and
// the access chosen for external parties sets that role's permissions.
//
// GET / serves the form; POST /workspaces (form.go) takes it (form-encoded) and
// answers 201 with the new workspace as JSON, or 400 naming the field that
// is wrong (before anything is created), or 409 when the name is taken.
//
//	ECM_URL=https://ecm.example.com/otcs/cs.exe ECM_USERNAME=svc ECM_PASSWORD=... \
//	go run ./examples/workspace-from-form -addr 127.0.0.1:8092
//
// On a real server it needs the workspace types "Customer", "Supplier" and
// "Legal Matter" with the roles, categories and attributes named in kinds
// (adjust the table to yours). It needs no IDs: templates are found by
// their type's name, categories by name in each template's create form. Put it behind the portal's authentication:
// it creates workspaces as the configured user. With ECM_URL unset it runs
// against the embedded simulator, submits three forms as a browser would
// (two good, one naming an unknown user) and exits.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/xecm-go/xecm/examples/exampleenv"
)

// Config says where to listen.
type Config struct {
	exampleenv.Config
	Addr string // -addr: listen address
	// ready, if set, is told the form's URL once it listens (tests).
	ready func(url string)
}

func main() {
	cfg := Config{Config: exampleenv.FromEnv()}
	flag.StringVar(&cfg.Addr, "addr", "127.0.0.1:8092", "listen address")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, cfg, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "workspace-from-form:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, cfg Config, out io.Writer) error {
	out = exampleenv.SyncWriter(out)
	env, err := exampleenv.Connect(ctx, cfg.Config, out)
	if err != nil {
		return err
	}
	defer env.Close()
	h, err := newFormHandler(ctx, env.Client, out)
	if err != nil {
		return err
	}
	if env.Sim == nil {
		l, err := net.Listen("tcp", cfg.Addr)
		if err != nil {
			return err
		}
		url := "http://" + l.Addr().String() + "/"
		fmt.Fprintf(out, "Serving the request form at %s until interrupted\n", url)
		if cfg.ready != nil {
			cfg.ready(url)
		}
		// A form being processed when the signal comes is finished, not
		// cut off between the workspace and its roles.
		return exampleenv.Serve(ctx, exampleenv.NewServer(h), l)
	}

	ts := httptest.NewServer(h)
	defer ts.Close()
	fmt.Fprintf(out, "1. Serving the request form at %s/; a browser submits three forms:\n", ts.URL)
	for i, form := range []url.Values{
		{"kind": {"customer"}, "name": {"Onboarding ACME Corp"}, "country": {"US"}, "lead": {"jdoe"}, "team": {"msmith"}, "external_access": {"read"}},
		{"kind": {"supplier"}, "name": {"Qualification Globex"}, "country": {"DE"}, "reference": {"S-1001"}, "lead": {"msmith"}, "external": {"nobody"}},
		{"kind": {"legal-matter"}, "name": {"Initech v. Example"}, "reference": {"LM-2025-017"}, "court": {"District Court"},
			"lead": {"jdoe"}, "team": {"msmith"}, "external": {"Admin"}, "external_access": {"contribute"}},
	} {
		resp, err := http.PostForm(ts.URL+"/workspaces", form)
		if err != nil {
			return err
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		fmt.Fprintf(out, "%d. %s %q: %s %s\n", i+2, form.Get("kind"), form.Get("name"), resp.Status, strings.TrimSpace(string(body)))
	}
	return nil
}
