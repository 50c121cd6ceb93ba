package main

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"time"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/examples/exampleenv"
	"github.com/xecm-go/xecm/portal"
)

//go:embed templates/*.html
var templateFS embed.FS

// pages serves the intranet's HTML pages: the published documents and a
// page per document with its version history. They read what to list
// from the portal's own JSON, so that a page lists exactly what the
// publication policy publishes, and link the downloads to the portal,
// which streams them.
type pages struct {
	portal     http.Handler // the portal.Handler, unmounted
	mount      string       // where the portal is mounted: "/policies/"
	collection string       // the collection listed: "latest"
	c          *xecm.Client // for the version history and approval dates
	approval   portal.Approval
	tmpl       *template.Template
	log        *slog.Logger
}

// newPages returns the pages over the portal h mounted at mount; approval
// is the portal's rule, whose date attribute (if it names one) gives the
// approval dates shown.
func newPages(h http.Handler, mount, collection string, c *xecm.Client, approval portal.Approval, log *slog.Logger) (*pages, error) {
	tmpl, err := template.New("").Funcs(template.FuncMap{"date": formatDate, "size": formatSize}).ParseFS(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	return &pages{portal: h, mount: mount, collection: collection, c: c, approval: approval, tmpl: tmpl, log: log}, nil
}

// register adds the pages and the stylesheet to mux.
func (p *pages) register(mux *http.ServeMux) {
	mux.HandleFunc("GET /{$}", p.list)
	mux.HandleFunc("GET /documents/{id}", p.document)
	mux.Handle("GET "+exampleenv.StylesheetPath, exampleenv.Stylesheet())
}

// doc is a published document as the pages show it.
type doc struct {
	portal.CollectionItem
	Approved time.Time // zero when unknown
	Download string    // the portal URL that streams the published version
}

// version is one row of a version history.
type version struct {
	Number    int
	Added     time.Time
	FileName  string
	Size      int64
	Published bool
	// Waiting: newer than the published version, so not approved yet.
	Waiting bool
}

func (p *pages) list(w http.ResponseWriter, r *http.Request) {
	docs, err := p.published(r.Context())
	if err != nil {
		p.fail(w, r, err)
		return
	}
	p.render(w, http.StatusOK, "list.html", map[string]any{"Title": "Approved policy documents", "Items": docs})
}

func (p *pages) document(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		p.notFound(w)
		return
	}
	docs, err := p.published(r.Context())
	if err != nil {
		p.fail(w, r, err)
		return
	}
	i := slices.IndexFunc(docs, func(d doc) bool { return d.ID == id })
	if i < 0 {
		// Not published: the same answer as for a node that does not
		// exist, as the portal's own 404.
		p.notFound(w)
		return
	}
	d := docs[i]
	var history []version
	for v, err := range p.c.Documents.Versions().ListIter(r.Context(), id, &xecm.VersionListOptions{Descending: true}) {
		if err != nil {
			p.fail(w, r, err)
			return
		}
		history = append(history, version{Number: v.Number, Added: v.CreateDate.Time, FileName: v.FileName,
			Size: v.FileSize, Published: v.Number == d.Version, Waiting: v.Number > d.Version})
	}
	p.render(w, http.StatusOK, "document.html", map[string]any{"Title": d.Name, "Doc": d, "Versions": history})
}

// published reads every page of the collection from the portal, and the
// approval date of each document.
func (p *pages) published(ctx context.Context) ([]doc, error) {
	var docs []doc
	for page := 1; ; page++ {
		var cp portal.CollectionPage
		path := fmt.Sprintf("/collections/%s?page=%d&limit=%d", p.collection, page, portal.MaxPageSize)
		if err := p.portalJSON(ctx, path, &cp); err != nil {
			return nil, err
		}
		for _, it := range cp.Items {
			approved, err := p.approvedAt(ctx, it.ID)
			if err != nil {
				return nil, err
			}
			docs = append(docs, doc{CollectionItem: it, Approved: approved, Download: p.mount + it.Href + "?download"})
		}
		if page >= cp.PageTotal {
			return docs, nil
		}
	}
}

// portalJSON reads one of the portal's JSON answers in process, as a
// headless front end would over HTTP.
func (p *pages) portalJSON(ctx context.Context, path string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, path, nil)
	if err != nil {
		return err
	}
	rec := httptest.NewRecorder()
	p.portal.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		return fmt.Errorf("portal GET %s: %d %s", path, rec.Code, bytes.TrimSpace(rec.Body.Bytes()))
	}
	return json.Unmarshal(rec.Body.Bytes(), v)
}

// approvedAt is when the document was approved: the date the approval
// rule reads, when it names one. Otherwise, when its category values last
// changed in its audit trail: the portal lists it because they say it is
// approved now, so that change is the approval (or a later edit of another
// attribute). Zero when unknown.
func (p *pages) approvedAt(ctx context.Context, id int64) (time.Time, error) {
	if p.approval.DateAttribute != "" && p.approval.CategoryID > 0 {
		cat, err := p.c.Metadata.Get(ctx, id, p.approval.CategoryID)
		if err != nil {
			return time.Time{}, err
		}
		v, _ := cat.Value(p.approval.DateAttribute)
		s, _ := v.(string)
		t, err := xecm.ParseTime(s)
		if err != nil {
			p.log.Warn("content-portal: unreadable approval date", "document", id, "err", err)
		}
		return t.Time, nil
	}
	page, err := p.c.Audit.List(ctx, id, &xecm.AuditListOptions{EventType: xecm.AuditAttributeChanged, ListOptions: xecm.ListOptions{Limit: 1}})
	if err != nil {
		return time.Time{}, err
	}
	if len(page.Items) == 0 {
		return time.Time{}, nil
	}
	return page.Items[0].Time.Time, nil
}

// render writes a page, or a plain 500 if the template fails (before any
// byte is sent: it renders into a buffer first).
func (p *pages) render(w http.ResponseWriter, status int, name string, data any) {
	var b bytes.Buffer
	if err := p.tmpl.ExecuteTemplate(&b, name, data); err != nil {
		p.log.Error("content-portal: rendering", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "private, no-cache")
	h.Set("X-Content-Type-Options", "nosniff")
	// No script, no frame, no resource from elsewhere.
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'")
	w.WriteHeader(status)
	_, _ = io.Copy(w, &b)
}

func (p *pages) notFound(w http.ResponseWriter) {
	p.render(w, http.StatusNotFound, "error.html", map[string]any{"Title": "Not found",
		"Message": "There is no published document here. It may have been withdrawn."})
}

// fail logs what went wrong and shows the reader a fixed message: ECM
// errors are for the log, not for the intranet.
func (p *pages) fail(w http.ResponseWriter, r *http.Request, err error) {
	status := http.StatusBadGateway
	if errors.Is(err, context.Canceled) {
		status = http.StatusServiceUnavailable
	}
	p.log.Error("content-portal: page", "path", r.URL.Path, "err", err)
	p.render(w, status, "error.html", map[string]any{"Title": "Not available",
		"Message": "The document list cannot be read right now. Please try again in a minute."})
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
		return "unknown"
	case n < 1024:
		return fmt.Sprintf("%d bytes", n)
	case n < 1024*1024:
		return fmt.Sprintf("%.1f KB", float64(n)/1024)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1024*1024))
}
