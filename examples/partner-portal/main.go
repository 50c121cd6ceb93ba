// Command partner-portal lets a supplier download a compliance certificate
// through a signed, expiring link pinned to one version, without any
// access to Extended ECM: the link names the document, the version, the
// partner and the expiry, signed with HMAC-SHA256. The partner opens the
// link's page, /partners/share/{token} (pages.go, templates/): what was
// shared, which version, until when, and the download
// (/partners/links/{token}); an expired, altered or misdirected link gets
// a page that says so, with the portal's status (401 or 403), never
// content.
//
//	go run ./examples/partner-portal
//
// Only approved versions are shared: the link pins the version the
// document's approval covers, and a version added since is not shared
// until it is approved in turn.
//
// The supplier's folder or business workspace (-folder, its path in the
// Enterprise Workspace), the certificate in it (-document, its name) and
// the category recording the approval (-category, a name or path in the
// Categories Volume, default "Document Control", whose "Approved Version"
// attribute, or -approved-version-attribute, holds the approved version
// number; -approved-on-attribute may name its date attribute) are found
// by name, and what was found is printed; -folder-id, -document-id and
// -category-id take IDs instead. PORTAL_LINK_KEY (at least 32 bytes)
// signs the links; -serve keeps serving the link it issues:
//
//	ECM_URL=https://ecm.example.com/otcs/cs.exe ECM_USERNAME=svc ECM_PASSWORD=... PORTAL_LINK_KEY=... \
//	go run ./examples/partner-portal -serve -addr 127.0.0.1:8095 \
//	  -folder "Suppliers/Acme Industrial" -document "ISO 9001 certificate.pdf"
//
// With ECM_URL unset it runs on the embedded simulator (demo data in
// demo.go): it files the approved certificate in a supplier folder, issues
// a link to the supplier, has the supplier download it, adds a renewed
// certificate version that awaits approval (the link keeps serving the
// version it was issued for, and a link issued now pins it too), and shows
// what a wrong partner and a tampered link get.
package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
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
	"strings"
	"syscall"
	"time"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/examples/exampleenv"
	"github.com/xecm-go/xecm/portal"
)

// partnerHeader is where the demo's gateway says which partner is calling
// (after authenticating it, e.g. by client certificate). Never trust such
// a header from the open internet.
const partnerHeader = "X-Partner-ID"

type config struct {
	ECM exampleenv.Config
	// Folder is the path of the supplier's folder or workspace in the
	// Enterprise Workspace (-folder); FolderID (-folder-id) overrides it.
	Folder   string
	FolderID int64
	// Document is the name of the certificate in the folder (-document);
	// DocumentID (-document-id) overrides it.
	Document   string
	DocumentID int64
	// Category is the name or path of the category recording the
	// approval (-category); CategoryID (-category-id) overrides it.
	Category   string
	CategoryID int64
	// VersionAttribute and DateAttribute are the category's attributes
	// holding the approved version and its date (the date is optional).
	VersionAttribute, DateAttribute string
	LinkKey                         []byte // PORTAL_LINK_KEY: the signing key
	// Addr is where to listen; Serve keeps serving until ctx ends.
	Addr  string
	Serve bool
	// ready, if set, is told the portal's URL when it serves on (tests).
	ready func(base string)
	// demoStep, if set, runs in the tour after the first download (the
	// demo's renewed certificate).
	demoStep func(ctx context.Context, c *xecm.Client, h *portal.Handler, doc int64, url string, out io.Writer) error
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
		fmt.Fprintln(os.Stderr, "partner-portal:", err)
		os.Exit(1)
	}
}

func parseFlags(args []string) (config, error) {
	cfg := config{ECM: exampleenv.FromEnv(), LinkKey: []byte(os.Getenv("PORTAL_LINK_KEY"))}
	fs := flag.NewFlagSet("partner-portal", flag.ContinueOnError)
	fs.BoolVar(&cfg.Serve, "serve", false, "keep serving until interrupted")
	fs.StringVar(&cfg.Addr, "addr", "127.0.0.1:8095", "listen address")
	fs.StringVar(&cfg.Folder, "folder", "", "path of the supplier's folder or workspace in the Enterprise Workspace")
	fs.Int64Var(&cfg.FolderID, "folder-id", 0, "node ID of the supplier's folder or workspace (overrides -folder)")
	fs.StringVar(&cfg.Document, "document", "", "name of the certificate in the supplier's folder")
	fs.Int64Var(&cfg.DocumentID, "document-id", 0, "node ID of the certificate (overrides -document)")
	fs.StringVar(&cfg.Category, "category", "Document Control", "name or path of the category recording the approval, in the Categories Volume")
	fs.Int64Var(&cfg.CategoryID, "category-id", 0, "ID of the category recording the approval (overrides -category)")
	fs.StringVar(&cfg.VersionAttribute, "approved-version-attribute", "Approved Version", "the category attribute holding the approved version number")
	fs.StringVar(&cfg.DateAttribute, "approved-on-attribute", "", "the category attribute holding the approval date and time (optional)")
	return cfg, fs.Parse(args)
}

func run(ctx context.Context, cfg config, out io.Writer) error {
	out = exampleenv.SyncWriter(out) // the access log is written by the handlers
	env, err := exampleenv.Connect(ctx, cfg.ECM, out)
	if err != nil {
		return err
	}
	defer env.Close()
	c := env.Client
	folder, doc, category, err := resolve(ctx, c, cfg, out)
	if err != nil {
		return err
	}
	approval := portal.Approval{CategoryID: category, VersionAttribute: cfg.VersionAttribute, DateAttribute: cfg.DateAttribute}
	signer, err := portal.NewSigner(portal.Key{ID: "2025-1", Secret: cfg.LinkKey})
	if err != nil {
		return fmt.Errorf("PORTAL_LINK_KEY: %w", err)
	}

	partners := map[string]portal.Partner{"acme": {Name: "Acme Industrial", Workspaces: []int64{folder}}}
	log := slog.New(slog.NewTextHandler(out, &slog.HandlerOptions{Level: slog.LevelError}))
	h, err := portal.New(portal.NewClientSource(c), portal.Config{
		Policy: portal.Policy{
			Roots: []int64{folder},
			// Only approved versions are shared; a link issued for the
			// latest pins the latest approved one.
			Approval: approval,
			// Old links keep serving the version they pin as long as it
			// is approved, so every approved version stays servable.
			Versions:  portal.AllVersions,
			MIMETypes: []string{"application/pdf"},
		},
		Signer:   signer,
		Partners: partners,
		PartnerOf: func(r *http.Request) (string, bool) {
			id := r.Header.Get(partnerHeader)
			return id, id != ""
		},
		OnAccess: func(a portal.AccessRecord) {
			fmt.Fprintf(out, "  access log: partner=%q document=%d version=%d status=%d bytes=%d %s\n",
				a.Partner, a.Document, a.Version, a.Status, a.Bytes, a.Reason)
		},
		Logger: log,
	})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	// Serve for the tour, or with -serve until interrupted; a download
	// under way then finishes before the server stops.
	mux := http.NewServeMux()
	mux.Handle("/partners/", http.StripPrefix("/partners", h))
	// The page a partner opens from the link, beside the download itself.
	page, err := newSharePage(h, signer, partners, func(r *http.Request, l portal.Link) (shared, error) {
		return describe(r.Context(), c, l)
	}, log)
	if err != nil {
		return err
	}
	page.register(mux)
	stop := exampleenv.ServeInBackground(ctx, exampleenv.NewServer(mux), ln)
	base := "http://" + ln.Addr().String() + "/partners/"
	url, err := tour(ctx, c, h, cfg, doc, base, out)
	if err == nil && cfg.Serve {
		fmt.Fprintf(out, "Serving Acme's link until interrupted (Ctrl-C): curl -H '%s: acme' %s\n", partnerHeader, url)
		fmt.Fprintf(out, "Acme's page (through a gateway that sets %s): %s\n", partnerHeader, strings.Replace(url, "/partners/links/", "/partners/share/", 1))
		if cfg.ready != nil {
			cfg.ready(url)
		}
		<-ctx.Done()
	}
	return errors.Join(err, stop())
}

// resolve finds the supplier's folder, the certificate in it and the
// approval's category by name, unless given by ID, and says what it found.
func resolve(ctx context.Context, c *xecm.Client, cfg config, out io.Writer) (folder, doc, category int64, err error) {
	folder, doc, category = cfg.FolderID, cfg.DocumentID, cfg.CategoryID
	if folder == 0 {
		if cfg.Folder == "" {
			return 0, 0, 0, fmt.Errorf("say which supplier folder to share from: -folder or -folder-id: %w", xecm.ErrInvalidArgument)
		}
		f, err := c.Nodes.ByVolumePath(ctx, xecm.VolumeEnterprise, cfg.Folder)
		if err != nil {
			return 0, 0, 0, fmt.Errorf("finding the supplier folder %q in the Enterprise Workspace: %w", cfg.Folder, err)
		}
		folder = f.ID
		fmt.Fprintf(out, "Supplier folder %q: node %d\n", cfg.Folder, folder)
	}
	if doc == 0 {
		if cfg.Document == "" {
			return 0, 0, 0, fmt.Errorf("say which document to share: -document or -document-id: %w", xecm.ErrInvalidArgument)
		}
		d, err := c.Nodes.ChildByName(ctx, folder, cfg.Document)
		if err != nil {
			return 0, 0, 0, fmt.Errorf("finding the document %q in the supplier folder: %w", cfg.Document, err)
		}
		doc = d.ID
		fmt.Fprintf(out, "Document %q: node %d\n", cfg.Document, doc)
	}
	if category == 0 {
		cat, err := c.Metadata.CategoryByName(ctx, cfg.Category)
		if err != nil {
			return 0, 0, 0, fmt.Errorf("finding the category %q: %w", cfg.Category, err)
		}
		category = cat.ID
		fmt.Fprintf(out, "Category %q: node %d\n", cfg.Category, category)
	}
	return folder, doc, category, nil
}

// tour issues a link to Acme and uses it as Acme, as Acme after a new
// version (in the demo), as another partner and tampered with. It returns
// the link.
func tour(ctx context.Context, c *xecm.Client, h *portal.Handler, cfg config, doc int64, base string, out io.Writer) (string, error) {
	link, err := h.NewLink(ctx, portal.LinkRequest{Document: doc, Partner: "acme", TTL: 7 * 24 * time.Hour})
	if err != nil {
		return "", fmt.Errorf("issuing the link: %w", err)
	}
	url := base + link.Path
	fmt.Fprintf(out, "1. Issued a link to Acme for document %d version %d, valid until %s\n",
		link.Document, link.Version, link.Expires.Format(time.RFC3339))

	fmt.Fprintln(out, "2. Acme downloads the certificate:")
	if err := download(ctx, url, "acme", out); err != nil {
		return "", err
	}

	if cfg.demoStep != nil {
		if err := cfg.demoStep(ctx, c, h, doc, url, out); err != nil {
			return "", err
		}
	}

	fmt.Fprintln(out, "4. Globex tries Acme's link:")
	if err := download(ctx, url, "globex", out); err != nil {
		return "", err
	}
	fmt.Fprintln(out, "5. Someone edits the link to ask for another document:")
	fields := strings.Split(link.Token, ".") // pl1.kid.document.version.partner.expiry.mac
	fields[2] = strconv.FormatInt(link.Document+1, 10)
	return url, download(ctx, base+"links/"+strings.Join(fields, "."), "acme", out)
}

// describe reads what the share page says about a link's document: its
// name and the pinned version's file.
func describe(ctx context.Context, c *xecm.Client, l portal.Link) (shared, error) {
	n, err := c.Nodes.Get(ctx, l.Document, nil)
	if err != nil {
		return shared{}, err
	}
	v, err := c.Documents.Versions().Get(ctx, l.Document, l.Version)
	if err != nil {
		return shared{}, err
	}
	return shared{Name: n.Name, FileName: v.FileName, MimeType: v.MimeType, Size: v.FileSize, Added: v.CreateDate.Time}, nil
}

// download fetches a link as the given partner and says what came back.
func download(ctx context.Context, url, partner string, out io.Writer) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	req.Header.Set(partnerHeader, partner)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	h := sha256.New()
	n, err := io.Copy(h, resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		fmt.Fprintf(out, "  %s\n", resp.Status)
		return nil
	}
	fmt.Fprintf(out, "  %s: %d bytes, ETag %s, SHA-256 %s\n", resp.Status, n, resp.Header.Get("ETag"), hex.EncodeToString(h.Sum(nil))[:16])
	return nil
}
