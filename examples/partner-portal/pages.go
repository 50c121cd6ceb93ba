package main

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/xecm-go/xecm/examples/exampleenv"
	"github.com/xecm-go/xecm/portal"
)

//go:embed templates/*.html
var templateFS embed.FS

// sharePage is the page a partner opens from a signed link, at
// /partners/share/{token}: what was shared, which version, until when,
// and the download (/partners/links/{token}, streamed by the portal). The
// portal decides, not the page: the page asks it about the link first
// (a HEAD, which opens no content), so that an expired, altered or
// misdirected link gets the refusal page with the portal's status and
// never a word about the document.
type sharePage struct {
	portal   http.Handler // the portal.Handler, unmounted
	signer   *portal.Signer
	partners map[string]portal.Partner
	meta     func(r *http.Request, l portal.Link) (shared, error)
	tmpl     *template.Template
	log      *slog.Logger
}

// shared is what the page says about the document.
type shared struct {
	Name, FileName, MimeType string
	Size                     int64
	Added                    time.Time
}

func newSharePage(h http.Handler, s *portal.Signer, partners map[string]portal.Partner,
	meta func(*http.Request, portal.Link) (shared, error), log *slog.Logger) (*sharePage, error) {
	tmpl, err := template.New("").Funcs(template.FuncMap{"date": formatDate, "size": formatSize}).ParseFS(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	return &sharePage{portal: h, signer: s, partners: partners, meta: meta, tmpl: tmpl, log: log}, nil
}

// register adds the page and the stylesheet to mux.
func (p *sharePage) register(mux *http.ServeMux) {
	mux.Handle("GET /partners/share/{token}", p)
	mux.Handle("GET "+exampleenv.StylesheetPath, exampleenv.Stylesheet())
}

func (p *sharePage) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	// Ask the portal as the partner asks: same headers (the gateway's
	// partner header among them), HEAD so that no content is opened.
	head := r.Clone(r.Context())
	head.Method, head.URL.Path, head.URL.RawPath = http.MethodHead, "/links/"+token, ""
	rec := httptest.NewRecorder()
	p.portal.ServeHTTP(rec, head)
	switch rec.Code {
	case http.StatusOK:
	case http.StatusUnauthorized:
		title, msg := "This link is not valid", "The link is incomplete or was changed after it was sent to you."
		if strings.Contains(rec.Header().Get("WWW-Authenticate"), `error="link_expired"`) {
			title, msg = "This link has expired", "The document is no longer available through this link."
		}
		w.Header().Set("WWW-Authenticate", rec.Header().Get("WWW-Authenticate"))
		p.refuse(w, rec.Code, title, msg)
		return
	case http.StatusForbidden:
		p.refuse(w, rec.Code, "This link is not for you", "The link was issued to another organisation.")
		return
	case http.StatusNotFound:
		p.refuse(w, rec.Code, "No longer available", "The document behind this link has been withdrawn.")
		return
	default:
		p.refuse(w, http.StatusBadGateway, "Not available right now", "Please try again in a few minutes.")
		return
	}
	// The portal accepted the link: it is authentic and current.
	link, err := p.signer.Verify(token, time.Now())
	if err != nil {
		// Expired between the two looks.
		p.refuse(w, http.StatusUnauthorized, "This link has expired", "The document is no longer available through this link.")
		return
	}
	m, err := p.meta(r, link)
	if err != nil {
		p.log.Error("partner-portal: share page", "document", link.Document, "version", link.Version, "err", err)
		p.refuse(w, http.StatusBadGateway, "Not available right now", "Please try again in a few minutes.")
		return
	}
	p.render(w, http.StatusOK, "share.html", map[string]any{"Title": m.Name, "Name": m.Name, "FileName": m.FileName,
		"MimeType": m.MimeType, "Size": m.Size, "Added": m.Added, "Version": link.Version, "Expires": link.Expires,
		"Partner": p.partners[link.Partner].Name, "Download": "/partners/links/" + token})
}

func (p *sharePage) refuse(w http.ResponseWriter, status int, title, message string) {
	p.render(w, status, "refused.html", map[string]any{"Title": title, "Message": message})
}

// render writes a page, rendered into a buffer first so that a template
// error is a plain 500 rather than half a page.
func (p *sharePage) render(w http.ResponseWriter, status int, name string, data any) {
	var b bytes.Buffer
	if err := p.tmpl.ExecuteTemplate(&b, name, data); err != nil {
		p.log.Error("partner-portal: rendering", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	// The page is one partner's: no shared cache keeps it, and the token
	// in its URL is not sent on as a Referer.
	h.Set("Cache-Control", "private, no-store")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'")
	w.WriteHeader(status)
	_, _ = io.Copy(w, &b)
}

func formatDate(t time.Time) string {
	if t.IsZero() {
		return "unknown"
	}
	return t.UTC().Format("2 Jan 2006 15:04 UTC")
}

// formatSize writes a size for people; negative sizes are unknown.
func formatSize(n int64) string {
	switch {
	case n < 0:
		return "size unknown"
	case n < 1024:
		return fmt.Sprintf("%d bytes", n)
	case n < 1024*1024:
		return fmt.Sprintf("%.1f KB", float64(n)/1024)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1024*1024))
}
