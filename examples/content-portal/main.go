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
// Publication is decided by a category: a document whose status says it
// is approved, and of it only the version the approval covers, so that a
// version added since is not published until it is approved in turn. The
// folder to publish (-folder, a path in the Enterprise Workspace, default
// "Policies") and the category (-category, a name or path in the
// Categories Volume, default "Document Control") are found by name, and
// what was found is printed; -folder-id and -category-id take IDs
// instead. A document is published when the category's -attribute
// (default "Status") is -value (default "Approved"), at the version its
// -approved-version-attribute holds (default "Approved Version");
// -approved-on-attribute may name a date attribute with a time of day
// that the approved version must not be newer than:
//
//	ECM_URL=https://ecm.example.com/otcs/cs.exe ECM_USERNAME=svc ECM_PASSWORD=... \
//	go run ./examples/content-portal -serve -folder "Corporate/Policies" -category "Document Control"
//
// With ECM_URL unset it runs on the embedded simulator, where the demo
// (demo.go) first files documents in the "Policies" folder, approved
// through the simulator's Document Control category (which records the
// date too, "Approved On").
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
	"syscall"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/examples/exampleenv"
	"github.com/xecm-go/xecm/portal"
)

// config is what run needs.
type config struct {
	ECM exampleenv.Config
	// Folder is the path of the folder to publish in the Enterprise
	// Workspace (-folder); FolderID (-folder-id) overrides it.
	Folder   string
	FolderID int64
	// Category is the name or path of the document-control category in
	// the Categories Volume (-category); CategoryID (-category-id)
	// overrides it.
	Category   string
	CategoryID int64
	// Attribute and Value are the category value that publishes a
	// document (-attribute, -value).
	Attribute, Value string
	// VersionAttribute and DateAttribute are where the category records
	// which version is approved, and when (-approved-version-attribute,
	// -approved-on-attribute; the date is optional).
	VersionAttribute, DateAttribute string
	// Addr is where to listen; Serve keeps serving until ctx ends.
	Addr  string
	Serve bool
	// ready, if set, is told the portal's URL when it serves on (tests).
	ready func(base string)
}

func main() {
	cfg, err := parseFlags(os.Args[1:])
	if err != nil {
		os.Exit(2)
	}
	if cfg.ECM.URL == "" {
		demo(&cfg)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, cfg, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "content-portal:", err)
		os.Exit(1)
	}
}

func parseFlags(args []string) (config, error) {
	cfg := config{ECM: exampleenv.FromEnv()}
	fs := flag.NewFlagSet("content-portal", flag.ContinueOnError)
	fs.BoolVar(&cfg.Serve, "serve", false, "keep serving until interrupted")
	fs.StringVar(&cfg.Addr, "addr", "127.0.0.1:8094", "listen address")
	fs.StringVar(&cfg.Folder, "folder", "Policies", "path of the folder to publish in the Enterprise Workspace")
	fs.Int64Var(&cfg.FolderID, "folder-id", 0, "node ID of the folder to publish (overrides -folder)")
	fs.StringVar(&cfg.Category, "category", "Document Control", "name or path of the document-control category in the Categories Volume")
	fs.Int64Var(&cfg.CategoryID, "category-id", 0, "document-control category ID (overrides -category)")
	fs.StringVar(&cfg.Attribute, "attribute", "Status", "the category attribute that says a document is approved")
	fs.StringVar(&cfg.Value, "value", "Approved", "its value for an approved document")
	fs.StringVar(&cfg.VersionAttribute, "approved-version-attribute", "Approved Version", "the category attribute holding the approved version number")
	fs.StringVar(&cfg.DateAttribute, "approved-on-attribute", "", "the category attribute holding the approval date and time (optional)")
	return cfg, fs.Parse(args)
}

func run(ctx context.Context, cfg config, out io.Writer) error {
	env, err := exampleenv.Connect(ctx, cfg.ECM, out)
	if err != nil {
		return err
	}
	defer env.Close()
	folder, category, err := resolve(ctx, env.Client, cfg, out)
	if err != nil {
		return err
	}
	require := portal.Condition{CategoryID: category, Attribute: cfg.Attribute, Values: []string{cfg.Value}}
	approval := portal.Approval{CategoryID: category, VersionAttribute: cfg.VersionAttribute, DateAttribute: cfg.DateAttribute}

	log := slog.New(slog.NewTextHandler(out, &slog.HandlerOptions{Level: slog.LevelWarn}))
	h, err := portal.New(portal.NewClientSource(env.Client), portal.Config{
		Policy: portal.Policy{
			Roots:   []int64{folder},
			Require: []portal.Condition{require},
			// Status says the document is approved; the approval's
			// version number says which version: one added since waits
			// for its own approval.
			Approval:  approval,
			MIMETypes: []string{"application/pdf", "text/plain"},
		},
		// The intranet's own single sign-on sits in front of this server.
		DirectAccess: true,
		Collections:  map[string]portal.Collection{"latest": {Folder: folder, Title: "Latest policy documents"}},
		Logger:       log,
	})
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.Handle("/policies/", http.StripPrefix("/policies", h))
	// The HTML pages for people, beside the JSON for headless front ends.
	pg, err := newPages(h, "/policies/", "latest", env.Client, approval, log)
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

// resolve finds the folder and the category by name, unless given by ID,
// and says what it found.
func resolve(ctx context.Context, c *xecm.Client, cfg config, out io.Writer) (folder, category int64, err error) {
	folder, category = cfg.FolderID, cfg.CategoryID
	if folder == 0 {
		f, err := c.Nodes.ByVolumePath(ctx, xecm.VolumeEnterprise, cfg.Folder)
		if err != nil {
			return 0, 0, fmt.Errorf("finding the folder %q in the Enterprise Workspace: %w", cfg.Folder, err)
		}
		folder = f.ID
		fmt.Fprintf(out, "Folder %q: node %d\n", cfg.Folder, folder)
	}
	if category == 0 {
		cat, err := c.Metadata.CategoryByName(ctx, cfg.Category)
		if err != nil {
			return 0, 0, fmt.Errorf("finding the category %q: %w", cfg.Category, err)
		}
		category = cat.ID
		fmt.Fprintf(out, "Category %q: node %d\n", cfg.Category, category)
	}
	if cfg.Attribute == "" || cfg.Value == "" || cfg.VersionAttribute == "" {
		return 0, 0, fmt.Errorf("-attribute, -value and -approved-version-attribute must name the approval: %w", xecm.ErrInvalidArgument)
	}
	return folder, category, nil
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
