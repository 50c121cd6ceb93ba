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
// With ECM_URL unset it runs on the embedded simulator (demo data in
// demo.go): it files the approved certificate in a supplier folder, issues
// a link to the supplier, has the supplier download it, adds a renewed
// certificate version that awaits approval (the link keeps serving the
// version it was issued for, and a link issued now pins it too), and shows
// what a wrong partner and a tampered link get. On a real server set
// PORTAL_WORKSPACE (the supplier's folder or business workspace),
// PORTAL_DOCUMENT (the certificate), PORTAL_CATEGORY_ID (the category
// recording the approval, whose "Approved Version" attribute, or
// PORTAL_APPROVED_VERSION_ATTRIBUTE, holds the approved version number;
// PORTAL_APPROVED_ON_ATTRIBUTE may name its date attribute) and
// PORTAL_LINK_KEY (at least 32 bytes), and -serve to keep serving the
// link it issues:
//
//	ECM_URL=https://ecm.example.com/otcs/cs.exe ECM_USERNAME=svc ECM_PASSWORD=... \
//	PORTAL_WORKSPACE=45678 PORTAL_DOCUMENT=45690 PORTAL_CATEGORY_ID=9900 PORTAL_LINK_KEY=... \
//	go run ./examples/partner-portal -serve -addr 127.0.0.1:8095
package main

import (
	"context"
	"crypto/rand"
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
	ECM       exampleenv.Config
	Workspace int64 // the supplier's folder or workspace; 0 in demo mode
	Document  int64 // the certificate; 0 in demo mode
	// Approval is where the certificate's approved version is recorded.
	Approval portal.Approval
	LinkKey  []byte // signing key; random in demo mode
	// Addr is where to listen; Serve keeps serving until ctx ends.
	Addr  string
	Serve bool
	// ready, if set, is told the portal's URL when it serves on (tests).
	ready func(base string)
}

func main() {
	serve := flag.Bool("serve", false, "keep serving until interrupted")
	addr := flag.String("addr", "127.0.0.1:8095", "listen address")
	flag.Parse()
	cfg := config{ECM: exampleenv.FromEnv(), Addr: *addr, Serve: *serve, LinkKey: []byte(os.Getenv("PORTAL_LINK_KEY"))}
	cfg.Workspace, _ = strconv.ParseInt(os.Getenv("PORTAL_WORKSPACE"), 10, 64)
	cfg.Document, _ = strconv.ParseInt(os.Getenv("PORTAL_DOCUMENT"), 10, 64)
	cfg.Approval.CategoryID, _ = strconv.ParseInt(os.Getenv("PORTAL_CATEGORY_ID"), 10, 64)
	cfg.Approval.VersionAttribute = os.Getenv("PORTAL_APPROVED_VERSION_ATTRIBUTE")
	cfg.Approval.DateAttribute = os.Getenv("PORTAL_APPROVED_ON_ATTRIBUTE")
	if cfg.Approval.VersionAttribute == "" {
		cfg.Approval.VersionAttribute = "Approved Version"
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, cfg, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "partner-portal:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, cfg config, out io.Writer) error {
	out = exampleenv.SyncWriter(out) // the access log is written by the handlers
	env, err := exampleenv.Connect(ctx, cfg.ECM, out)
	if err != nil {
		return err
	}
	defer env.Close()
	c := env.Client
	if env.Sim != nil {
		if cfg.Workspace, cfg.Document, err = seed(ctx, c, out); err != nil {
			return fmt.Errorf("filing the demo certificate: %w", err)
		}
		cfg.Approval = demoApproval()
		cfg.LinkKey = make([]byte, 32)
		_, _ = rand.Read(cfg.LinkKey)
	}
	if cfg.Workspace <= 0 || cfg.Document <= 0 || cfg.Approval.CategoryID <= 0 {
		return errors.New("set PORTAL_WORKSPACE, PORTAL_DOCUMENT and PORTAL_CATEGORY_ID")
	}
	signer, err := portal.NewSigner(portal.Key{ID: "2025-1", Secret: cfg.LinkKey})
	if err != nil {
		return fmt.Errorf("PORTAL_LINK_KEY: %w", err)
	}

	partners := map[string]portal.Partner{"acme": {Name: "Acme Industrial", Workspaces: []int64{cfg.Workspace}}}
	log := slog.New(slog.NewTextHandler(out, &slog.HandlerOptions{Level: slog.LevelError}))
	h, err := portal.New(portal.NewClientSource(c), portal.Config{
		Policy: portal.Policy{
			Roots: []int64{cfg.Workspace},
			// Only approved versions are shared; a link issued for the
			// latest pins the latest approved one.
			Approval: cfg.Approval,
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
	url, err := tour(ctx, env, h, cfg, base, out)
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

// tour issues a link to Acme and uses it as Acme, as Acme after a new
// version (on the simulator), as another partner and tampered with. It
// returns the link.
func tour(ctx context.Context, env *exampleenv.Env, h *portal.Handler, cfg config, base string, out io.Writer) (string, error) {
	link, err := h.NewLink(ctx, portal.LinkRequest{Document: cfg.Document, Partner: "acme", TTL: 7 * 24 * time.Hour})
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

	if env.Sim != nil {
		if _, err := env.Client.Documents.Versions().Add(ctx, cfg.Document, xecm.VersionAddRequest{FileName: "ISO 9001 certificate.pdf",
			MimeType: "application/pdf", Content: strings.NewReader("%PDF-1.7 ISO 9001:2015 certificate, valid 2026-2029")}); err != nil {
			return "", err
		}
		h.Invalidate(cfg.Document) // what a version.added event would do
		fmt.Fprintln(out, "3. A renewed certificate was filed as version 2, not yet approved; the link still serves version 1:")
		if err := download(ctx, url, "acme", out); err != nil {
			return "", err
		}
		again, err := h.NewLink(ctx, portal.LinkRequest{Document: cfg.Document, Partner: "acme", TTL: 7 * 24 * time.Hour})
		if err != nil {
			return "", fmt.Errorf("issuing the link: %w", err)
		}
		fmt.Fprintf(out, "   A link issued now pins version %d, the approved one\n", again.Version)
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
