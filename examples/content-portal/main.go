// Command content-portal publishes approved policy documents to an
// intranet that has no Extended ECM access: an HTML page of the approved
// documents at / (name, version, approval date, size, download link) and a
// page per document with its version history, for people; a JSON page of
// the same documents for headless front ends; and their content, streamed
// with ETags and ranges, through a portal.Handler mounted at /policies/.
// The pages are in pages.go and templates/, rendered on the server, and
// need no JavaScript.
//
//	go run ./examples/content-portal           # demo: files documents, reads the page, exits
//	go run ./examples/content-portal -serve    # keeps serving on -addr
//
// With ECM_URL unset it runs on the embedded simulator with demo data
// (demo.go). Publication is decided by a category: a document whose
// status says it is approved, and of it only the version the approval
// covers, so that a version added since is not published until it is
// approved in turn. On a real server set PORTAL_FOLDER (the folder to
// publish) and PORTAL_CATEGORY_ID, PORTAL_ATTRIBUTE and PORTAL_VALUE (say
// your document-control category, "Status", "Approved"); the approved
// version number is read from that category's "Approved Version" (or
// PORTAL_APPROVED_VERSION_ATTRIBUTE), and PORTAL_APPROVED_ON_ATTRIBUTE
// may name a date attribute with a time of day that the approved
// version must not be newer than. The demo publishes the documents whose
// Document Control category says Status = Approved, at their Approved
// Version.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"

	"github.com/xecm-go/xecm/examples/exampleenv"
	"github.com/xecm-go/xecm/portal"
)

// config is what run needs.
type config struct {
	ECM exampleenv.Config
	// Folder is the folder to publish; 0 in demo mode (one is created).
	Folder int64
	// Require is the category value that publishes a document.
	Require portal.Condition
	// Approval is where the category records which version is approved.
	Approval portal.Approval
	// Addr is where to listen; Serve keeps serving until ctx ends.
	Addr  string
	Serve bool
	// ready, if set, is told the portal's URL when it serves on (tests).
	ready func(base string)
}

func main() {
	serve := flag.Bool("serve", false, "keep serving until interrupted")
	addr := flag.String("addr", "127.0.0.1:8094", "listen address")
	flag.Parse()
	cfg := config{ECM: exampleenv.FromEnv(), Addr: *addr, Serve: *serve}
	cfg.Folder, _ = strconv.ParseInt(os.Getenv("PORTAL_FOLDER"), 10, 64)
	catID, _ := strconv.ParseInt(os.Getenv("PORTAL_CATEGORY_ID"), 10, 64)
	if catID > 0 {
		cfg.Require = portal.Condition{CategoryID: catID, Attribute: os.Getenv("PORTAL_ATTRIBUTE"), Values: []string{os.Getenv("PORTAL_VALUE")}}
		cfg.Approval = portal.Approval{CategoryID: catID, VersionAttribute: os.Getenv("PORTAL_APPROVED_VERSION_ATTRIBUTE"),
			DateAttribute: os.Getenv("PORTAL_APPROVED_ON_ATTRIBUTE")}
		if cfg.Approval.VersionAttribute == "" {
			cfg.Approval.VersionAttribute = "Approved Version"
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, cfg, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "content-portal:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, cfg config, out io.Writer) error {
	env, err := exampleenv.Connect(ctx, cfg.ECM, out)
	if err != nil {
		return err
	}
	defer env.Close()
	if env.Sim != nil {
		if cfg.Folder, err = seed(ctx, env.Client, out); err != nil {
			return fmt.Errorf("filing demo documents: %w", err)
		}
		cfg.Require, cfg.Approval = demoPolicy()
	}
	if cfg.Folder <= 0 || cfg.Require.Attribute == "" {
		return errors.New("set PORTAL_FOLDER, PORTAL_CATEGORY_ID, PORTAL_ATTRIBUTE and PORTAL_VALUE")
	}

	log := slog.New(slog.NewTextHandler(out, &slog.HandlerOptions{Level: slog.LevelWarn}))
	h, err := portal.New(portal.NewClientSource(env.Client), portal.Config{
		Policy: portal.Policy{
			Roots:   []int64{cfg.Folder},
			Require: []portal.Condition{cfg.Require},
			// Status says the document is approved; the approval's
			// version number says which version: one added since waits
			// for its own approval.
			Approval:  cfg.Approval,
			MIMETypes: []string{"application/pdf", "text/plain"},
		},
		// The intranet's own single sign-on sits in front of this server.
		DirectAccess: true,
		Collections:  map[string]portal.Collection{"latest": {Folder: cfg.Folder, Title: "Latest policy documents"}},
		Logger:       log,
	})
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.Handle("/policies/", http.StripPrefix("/policies", h))
	// The HTML pages for people, beside the JSON for headless front ends.
	pg, err := newPages(h, "/policies/", "latest", env.Client, cfg.Approval, log)
	if err != nil {
		return err
	}
	pg.register(mux)

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	// Serve until the tour is over, or with -serve until interrupted; a
	// download under way then finishes before the server stops.
	stop := exampleenv.ServeInBackground(ctx, exampleenv.NewServer(mux), ln)
	base := "http://" + ln.Addr().String() + "/policies/"
	fmt.Fprintf(out, "Serving approved policy documents at %scollections/latest\n", base)
	fmt.Fprintf(out, "The intranet page: http://%s/\n", ln.Addr())

	err = tour(ctx, base, out)
	if err == nil && cfg.Serve {
		fmt.Fprintln(out, "Serving until interrupted (Ctrl-C).")
		if cfg.ready != nil {
			cfg.ready(base)
		}
		<-ctx.Done()
	}
	return errors.Join(err, stop())
}

// tour reads the page as an intranet would, and each document twice.
func tour(ctx context.Context, base string, out io.Writer) error {
	var page portal.CollectionPage
	if err := getJSON(ctx, base+"collections/latest", &page); err != nil {
		return err
	}
	fmt.Fprintf(out, "%s (%d):\n", page.Title, page.Total)
	for _, it := range page.Items {
		fmt.Fprintf(out, "  - %-28s v%d  %6d bytes  %s\n", it.Name, it.Version, it.Size, it.Href)
	}
	for _, it := range page.Items {
		if err := fetchTwice(ctx, base, it.Href, out); err != nil {
			return err
		}
	}
	return nil
}

// fetchTwice reads a document, then asks again with its ETag, as a
// browser revalidating its cache does.
func fetchTwice(ctx context.Context, base, href string, out io.Writer) error {
	resp, err := get(ctx, base+href, "")
	if err != nil {
		return err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "GET %s: %s, %s, %q\n", href, resp.Status, resp.Header.Get("Content-Type"), body)
	again, err := get(ctx, base+href, resp.Header.Get("ETag"))
	if err != nil {
		return err
	}
	again.Body.Close()
	fmt.Fprintf(out, "GET %s again with If-None-Match: %s\n", href, again.Status)
	return nil
}

func get(ctx context.Context, url, etag string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	return http.DefaultClient.Do(req)
}

func getJSON(ctx context.Context, url string, v any) error {
	resp, err := get(ctx, url, "")
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}
