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
	"maps"
	"net"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/examples/exampleenv"
)

//go:embed templates/*.html dashboard.js
var pageFS embed.FS

// maxEvents is how many of the latest events the dashboard shows.
const maxEvents = 20

// dashboard serves the compliance dashboard at /: documents by retention
// classification (a server-rendered SVG chart), active holds with their
// items, documents awaiting approval, the approval history of the last 30
// days, and the latest events of Events.Watch, which the page receives as
// server-sent events from /events. The exports are linked under /exports/.
type dashboard struct {
	sum       *summary
	workspace string
	outDir    string
	asOf      time.Time
	events    *eventLog
	done      <-chan struct{} // closes the event streams when the server stops
	tmpl      *template.Template
	log       *slog.Logger
}

func newDashboard(ctx context.Context, sum *summary, workspace, outDir string, events *eventLog, log *slog.Logger) (*dashboard, error) {
	tmpl, err := template.New("").Funcs(template.FuncMap{"date": formatDate}).ParseFS(pageFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	return &dashboard{sum: sum, workspace: workspace, outDir: outDir, asOf: time.Now(), events: events, done: ctx.Done(), tmpl: tmpl, log: log}, nil
}

func (d *dashboard) register(mux *http.ServeMux) {
	mux.HandleFunc("GET /{$}", d.page)
	mux.HandleFunc("GET /events", d.stream)
	mux.HandleFunc("GET /exports/{file}", d.export)
	mux.Handle("GET "+exampleenv.StylesheetPath, exampleenv.Stylesheet())
	mux.HandleFunc("GET /static/dashboard.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		http.ServeFileFS(w, r, pageFS, "dashboard.js")
	})
}

// bar is one bar of a chart; chart is a horizontal bar chart drawn on
// the server as SVG.
type bar struct {
	Label        string
	Value, Width int
	Y            int
}

type chart struct {
	Title         string
	Width, Height int
	Bars          []bar
}

// barChart scales the counts to at most 240 pixels, one labelled row per
// count, in label order.
func barChart(title string, counts map[string]int) *chart {
	if len(counts) == 0 {
		return nil
	}
	const maxWidth, row = 240, 40
	top := slices.Max(slices.Collect(maps.Values(counts)))
	c := &chart{Title: title, Width: maxWidth + 40}
	for i, label := range slices.Sorted(maps.Keys(counts)) {
		n := counts[label]
		c.Bars = append(c.Bars, bar{Label: label, Value: n, Width: max(1, n*maxWidth/max(top, 1)), Y: 18 + i*row})
	}
	c.Height = len(c.Bars) * row
	return c
}

// hold is a hold with the items under it.
type hold struct {
	Name  string
	Items []string
}

// step is one approval step of a document.
type step struct {
	Name, Step, Class string
	Time              time.Time
}

// approvalSteps reads the summary's approval history ("type time" per
// step) of every document, oldest first.
func (d *dashboard) approvalSteps() map[int64][]step {
	out := map[int64][]step{}
	for id, history := range d.sum.Approvals {
		for _, h := range history {
			typ, at, _ := strings.Cut(h, " ")
			t, err := time.Parse(time.RFC3339, at)
			if err != nil {
				d.log.Warn("compliance-report: approval step without a time", "document", id, "step", h)
			}
			s := step{Name: d.sum.Names[id], Time: t}
			switch xecm.EventType(typ) {
			case xecm.EventWorkflowInitiated:
				s.Step, s.Class = "Sent for approval", "warn"
			case xecm.EventDocumentApproved:
				s.Step, s.Class = "Approved", "ok"
			case xecm.EventDocumentRejected:
				s.Step, s.Class = "Rejected", "bad"
			default:
				s.Step = typ
			}
			out[id] = append(out[id], s)
		}
	}
	return out
}

func (d *dashboard) page(w http.ResponseWriter, r *http.Request) {
	byHold := map[string][]string{}
	for id, names := range d.sum.OnHold {
		for _, n := range names {
			byHold[n] = append(byHold[n], d.sum.Names[id])
		}
	}
	var holds []hold
	for _, n := range slices.Sorted(maps.Keys(byHold)) {
		holds = append(holds, hold{Name: n, Items: slices.Sorted(slices.Values(byHold[n]))})
	}
	var awaiting, history []step
	since := time.Now().AddDate(0, 0, -30)
	all := d.approvalSteps()
	for _, id := range slices.Sorted(maps.Keys(all)) {
		steps := all[id]
		// A document whose last step is its sending awaits a decision.
		if last := steps[len(steps)-1]; last.Step == "Sent for approval" {
			awaiting = append(awaiting, last)
		}
		for _, s := range steps {
			if !s.Time.Before(since) {
				history = append(history, s)
			}
		}
	}
	slices.SortFunc(awaiting, func(a, b step) int { return strings.Compare(a.Name, b.Name) })
	// Newest first; steps of the same second keep their order.
	slices.SortStableFunc(history, func(a, b step) int { return b.Time.Compare(a.Time) })
	d.render(w, map[string]any{"Workspace": d.workspace, "AsOf": d.asOf, "Items": d.sum.Items,
		"Retention": barChart("Documents by retention classification, status and schedule", d.sum.Records),
		"Holds":     holds, "Awaiting": awaiting, "History": history, "Events": d.events.latest()})
}

func (d *dashboard) render(w http.ResponseWriter, data any) {
	var b bytes.Buffer
	if err := d.tmpl.ExecuteTemplate(&b, "dashboard.html", data); err != nil {
		d.log.Error("compliance-report: rendering", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "private, no-cache")
	h.Set("X-Content-Type-Options", "nosniff")
	// Everything from this server: the page works offline, no CDN.
	h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'")
	_, _ = io.Copy(w, &b)
}

// export serves the files the report wrote, and nothing else.
func (d *dashboard) export(w http.ResponseWriter, r *http.Request) {
	types := map[string]string{"audit.csv": "text/csv; charset=utf-8", "audit.jsonl": "application/jsonl", "summary.json": "application/json"}
	name := r.PathValue("file")
	ct, ok := types[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	http.ServeFile(w, r, filepath.Join(d.outDir, name))
}

// stream sends the events the watcher records, as server-sent events,
// until the reader leaves or the server stops.
func (d *dashboard) stream(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	if err := rc.Flush(); err != nil {
		return
	}
	ch, cancel := d.events.subscribe()
	defer cancel()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-d.done:
			return
		case ev := <-ch:
			b, err := json.Marshal(ev)
			if err != nil {
				return
			}
			if _, err := fmt.Fprintf(w, "event: audit\nid: %s\ndata: %s\n\n", ev.ID, b); err != nil {
				return
			}
			if err := rc.Flush(); err != nil {
				return
			}
		}
	}
}

// shownEvent is an event as the dashboard shows it.
type shownEvent struct {
	ID   string `json:"id"`
	Type string `json:"type"`
	Time string `json:"time"` // RFC 3339
	When string `json:"when"` // for people
	Name string `json:"name"`
}

// eventLog keeps the latest events of Events.Watch and tells the open
// streams of each new one.
type eventLog struct {
	mu     sync.Mutex
	events []shownEvent // oldest first
	seen   map[string]bool
	subs   map[chan shownEvent]bool
}

func newEventLog() *eventLog {
	return &eventLog{seen: map[string]bool{}, subs: map[chan shownEvent]bool{}}
}

// add is an xecm.EventFunc. Watch delivers at least once: an event seen
// before is dropped.
func (l *eventLog) add(_ context.Context, ev xecm.Event) error {
	se := shownEvent{ID: ev.ID, Type: string(ev.Type), Time: ev.Time.UTC().Format(time.RFC3339), When: formatDate(ev.Time),
		Name: ev.Data.Name}
	if se.Name == "" {
		se.Name = fmt.Sprintf("node %d", ev.Data.NodeID)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.seen[ev.ID] {
		return nil
	}
	l.seen[ev.ID] = true
	l.events = append(l.events, se)
	if len(l.events) > maxEvents {
		l.events = slices.Delete(l.events, 0, len(l.events)-maxEvents)
	}
	for ch := range l.subs {
		select {
		case ch <- se:
		default: // a reader too slow for the stream misses it; the page has a reload
		}
	}
	return nil
}

// latest returns the latest events, newest first.
func (l *eventLog) latest() []shownEvent {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := slices.Clone(l.events)
	slices.SortStableFunc(out, func(a, b shownEvent) int { return strings.Compare(b.Time, a.Time) })
	return out
}

// subscribe returns a channel of the latest events so far, then of each
// new one (so that a reconnecting page misses none; it drops those it
// lists already), and a function that ends the subscription.
func (l *eventLog) subscribe() (<-chan shownEvent, func()) {
	ch := make(chan shownEvent, 2*maxEvents)
	l.mu.Lock()
	for _, ev := range l.events {
		ch <- ev
	}
	l.subs[ch] = true
	l.mu.Unlock()
	return ch, func() {
		l.mu.Lock()
		delete(l.subs, ch)
		l.mu.Unlock()
	}
}

func formatDate(t time.Time) string {
	if t.IsZero() {
		return "unknown"
	}
	return t.UTC().Format("2 Jan 2006 15:04 UTC")
}

// serve watches the workspace with Events.Watch and serves the dashboard
// on cfg.Addr until ctx ends.
func serve(ctx context.Context, env *exampleenv.Env, cfg Config, sum *summary, out io.Writer) error {
	log := slog.New(slog.NewTextHandler(out, &slog.HandlerOptions{Level: slog.LevelWarn}))
	ws, err := env.Client.Nodes.Get(ctx, cfg.WorkspaceID, nil)
	if err != nil {
		return err
	}
	events := newEventLog()
	d, err := newDashboard(ctx, sum, ws.Name, cfg.OutDir, events, log)
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	d.register(mux)
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	watched := make(chan error, 1)
	go func() {
		watched <- env.Client.Events.Watch(ctx, xecm.WatchOptions{NodeIDs: []int64{cfg.WorkspaceID}, Subtree: true,
			Interval: 10 * time.Second, AuditEventTypes: env.AuditEventTypes,
			OnError: func(node int64, err error) { log.Warn("compliance-report: watching", "node", node, "err", err) },
		}, events.add)
	}()
	url := "http://" + ln.Addr().String() + "/"
	fmt.Fprintf(out, "4. Serving the dashboard at %s until interrupted (Ctrl-C)\n", url)
	if cfg.ready != nil {
		cfg.ready(url)
	}
	err = exampleenv.Serve(ctx, exampleenv.NewServer(mux), ln)
	return errors.Join(err, <-watched)
}
