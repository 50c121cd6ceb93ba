package xecm

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ExportFormat is the file format of AuditService.Export.
type ExportFormat int

// Export formats.
const (
	// ExportJSONLines writes one JSON object per line, with a "kind"
	// member ("audit", "record" or "hold").
	ExportJSONLines ExportFormat = iota
	// ExportCSV writes a header and one row per record, with the columns
	// of ExportCSVHeader(); columns that do not apply to a row's kind are
	// empty.
	ExportCSV
)

// ExportCSVHeader returns the header row of ExportCSV. Columns added
// later come at the end, so that the earlier ones keep their place. The
// slice is the caller's own.
func ExportCSVHeader() []string { return slices.Clone(exportColumns) }

// exportColumns are the CSV columns.
var exportColumns = []string{
	"kind", "node_id",
	"event_type", "event_name", "time", "user_id", "agent_id", "target_user_id", "value",
	"class_id", "class_name", "file_number", "record_status", "record_date", "status_date",
	"official", "essential", "storage", "rsi",
	"hold_id", "hold_name", "hold_type", "hold_source_id", "hold_inherited", "hold_date_applied",
	"received_date", "cycle_period", "last_review_date", "next_review_date", "accession", "subject",
	"originator", "addressee", "sent_to", "establishment", "inherited_class_id",
	"hold_applied_method", "hold_applied_by", "hold_active", "hold_removable", "hold_comment",
}

// exportColumn is the index of each CSV column.
var exportColumn = func() map[string]int {
	m := make(map[string]int, len(exportColumns))
	for i, c := range exportColumns {
		m[c] = i
	}
	return m
}()

// AuditExportOptions says what AuditService.Export writes.
type AuditExportOptions struct {
	Format ExportFormat
	// NodeIDs are nodes to export.
	NodeIDs []int64
	// SubtreeOf, if set, adds a node and everything below it (walked with
	// the same bounded concurrency).
	SubtreeOf int64
	// Filter applies to every node's audit trail (its paging is ignored).
	Filter *AuditListOptions
	// Records adds a "record" row per RM classification of each node.
	Records bool
	// Holds adds a "hold" row per hold on each node (direct and inherited).
	Holds bool
	// Concurrency is how many nodes are read at once. If not set, 4.
	Concurrency int
	// CSVFormulas writes text that begins like a spreadsheet formula ("=",
	// "+", "-", "@", tab, carriage return) as it is. By default such text
	// in a CSV gets a leading apostrophe, which spreadsheets show as text:
	// names, comments and audit values come from users, and a hostile one
	// ("=HYPERLINK(...)") would otherwise run in whoever opens the report.
	// JSON Lines are always written as they are.
	CSVFormulas bool
}

// ExportStats counts what Export wrote.
type ExportStats struct {
	Nodes      int
	AuditRows  int
	RecordRows int
	HoldRows   int
}

const defaultExportConcurrency = 4

// exportRow is one output row; exactly one of the parts is set.
type exportRow struct {
	nodeID int64
	audit  *AuditEvent
	record *RMClassification
	hold   *NodeHold
}

// Export streams the audit trails (and optionally the record details and
// holds) of a set of nodes, or of a whole subtree, to w as JSON Lines or
// CSV, for reporting tools. Nodes are read concurrently (bounded by
// Concurrency); rows are written as pages arrive, so memory stays flat.
// Rows of one node keep their order; rows of different nodes may
// interleave. The first error stops the export and is returned with what
// was written so far counted in the stats.
func (s *AuditService) Export(ctx context.Context, w io.Writer, opts AuditExportOptions) (_ ExportStats, err error) {
	ctx, observed := s.c.startOp(ctx, "Audit.Export")
	defer observed.end(&err)
	const op = "Audit.Export"
	var st ExportStats
	filter, err := checkExport(op, w, opts)
	if err != nil {
		return st, err
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	q := newWalkQueue()
	for _, id := range opts.NodeIDs {
		q.push(walkJob{id: id})
	}
	if opts.SubtreeOf != 0 {
		q.push(walkJob{id: opts.SubtreeOf, walk: true, root: true})
	}
	rows := s.exportWorkers(ctx, cancel, q, &filter, opts)
	writeErr := writeExport(op, w, opts, rows, cancel, &st)
	st.Nodes = q.count()
	if writeErr != nil {
		return st, writeErr
	}
	if cause := context.Cause(ctx); cause != nil {
		return st, cause
	}
	return st, nil
}

// checkExport refuses options Export cannot run with and returns the
// audit filter to apply, without paging.
func checkExport(op string, w io.Writer, opts AuditExportOptions) (AuditListOptions, error) {
	var filter AuditListOptions
	if w == nil {
		return filter, invalidArg(op, "nil writer")
	}
	if opts.Format != ExportJSONLines && opts.Format != ExportCSV {
		return filter, invalidArg(op, "unknown Format %d", opts.Format)
	}
	if len(opts.NodeIDs) == 0 && opts.SubtreeOf == 0 {
		return filter, invalidArg(op, "give NodeIDs or SubtreeOf")
	}
	for i, id := range opts.NodeIDs {
		if err := checkID(op, fmt.Sprintf("NodeIDs[%d]", i), id); err != nil {
			return filter, err
		}
	}
	if opts.SubtreeOf != 0 {
		if err := checkID(op, "SubtreeOf", opts.SubtreeOf); err != nil {
			return filter, err
		}
	}
	if opts.Concurrency < 0 {
		return filter, invalidArg(op, "Concurrency must not be negative")
	}
	if opts.Filter != nil {
		filter = *opts.Filter
		filter.ListOptions = ListOptions{}
		if err := filter.check(op + ": Filter"); err != nil {
			return filter, err
		}
	}
	return filter, nil
}

// exportWorkers starts the workers that read the nodes of q and send their
// rows; the channel closes when all are done. A worker's failure cancels
// ctx with it as the cause.
func (s *AuditService) exportWorkers(ctx context.Context, cancel context.CancelCauseFunc, q *walkQueue, filter *AuditListOptions,
	opts AuditExportOptions) <-chan []exportRow {
	workers := opts.Concurrency
	if workers == 0 {
		workers = defaultExportConcurrency
	}
	rows := make(chan []exportRow, workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				job, ok := q.pop(ctx)
				if !ok {
					return
				}
				err := s.exportNode(ctx, job, filter, opts, q, rows)
				q.done()
				if err != nil {
					cancel(err)
					return
				}
			}
		})
	}
	go func() {
		wg.Wait()
		close(rows)
	}()
	return rows
}

// writeExport writes the rows to w as they come, counting them in st. A
// write failure cancels the export; the rows still coming are drained so
// that the workers can finish.
func writeExport(op string, w io.Writer, opts AuditExportOptions, rows <-chan []exportRow, cancel context.CancelCauseFunc, st *ExportStats) error {
	out := newRowWriter(w, opts.Format)
	out.formulas = opts.CSVFormulas
	var writeErr error
	for batch := range rows {
		if writeErr != nil {
			continue
		}
		for _, r := range batch {
			if err := out.write(r); err != nil {
				writeErr = fmt.Errorf("xecm: %s: writing: %w", op, err)
				cancel(writeErr)
				break
			}
			switch {
			case r.audit != nil:
				st.AuditRows++
			case r.record != nil:
				st.RecordRows++
			case r.hold != nil:
				st.HoldRows++
			}
		}
	}
	if err := out.flush(); err != nil && writeErr == nil {
		writeErr = fmt.Errorf("xecm: %s: writing: %w", op, err)
	}
	return writeErr
}

// exportNode sends the rows of one node and queues its children when the
// job walks a subtree.
func (s *AuditService) exportNode(ctx context.Context, job walkJob, filter *AuditListOptions, opts AuditExportOptions, q *walkQueue, rows chan<- []exportRow) error {
	send := func(batch []exportRow) error {
		select {
		case rows <- batch:
			return nil
		case <-ctx.Done():
			return context.Cause(ctx)
		}
	}
	if job.walk {
		container := job.container
		if job.root {
			n, err := s.c.Nodes.Get(ctx, job.id, nil)
			if err != nil {
				return err
			}
			container = n.Container
		}
		if container {
			for child, err := range s.c.Nodes.ListChildrenIter(ctx, job.id, &NodeListOptions{ListOptions: ListOptions{Limit: 100}}) {
				if err != nil {
					return err
				}
				q.push(walkJob{id: child.ID, walk: true, container: child.Container})
			}
		}
	}
	if job.walkOnly {
		return nil
	}
	const batchSize = 100
	batch := make([]exportRow, 0, batchSize)
	f := *filter
	for ev, err := range s.ListIter(ctx, job.id, &f) {
		if err != nil {
			return err
		}
		batch = append(batch, exportRow{nodeID: job.id, audit: &ev})
		if len(batch) == batchSize {
			if err := send(batch); err != nil {
				return err
			}
			batch = make([]exportRow, 0, batchSize)
		}
	}
	if opts.Records {
		rec, err := s.c.Records.Get(ctx, job.id)
		if err != nil {
			return err
		}
		for i := range rec.Classifications {
			batch = append(batch, exportRow{nodeID: job.id, record: &rec.Classifications[i]})
		}
	}
	if opts.Holds {
		holds, err := s.c.Records.NodeHolds(ctx, job.id)
		if err != nil {
			return err
		}
		for i := range holds {
			batch = append(batch, exportRow{nodeID: job.id, hold: &holds[i]})
		}
	}
	if len(batch) > 0 {
		return send(batch)
	}
	return nil
}

// walkJob is one node to export.
type walkJob struct {
	id        int64
	walk      bool // also export the nodes below it
	root      bool // the subtree root: look up whether it is a container
	container bool
	// walkOnly: the node's rows are another job's (it is in NodeIDs and
	// inside the subtree); this one only walks the nodes below it.
	walkOnly bool
}

// What the queue has taken on for a node.
const (
	queuedRows = 1 + iota // its rows
	queuedWalk            // its rows and the nodes below it
)

// walkQueue hands nodes to the export workers. It ends when it is empty
// and no worker is busy (a busy worker may still add children), or when
// the context ends. Nodes reached twice are exported once, and walked
// below when either of the jobs that reached them walks.
type walkQueue struct {
	mu     sync.Mutex
	cond   *sync.Cond
	jobs   []walkJob
	busy   int
	seen   map[int64]int // node -> queuedRows or queuedWalk
	closed bool
}

func newWalkQueue() *walkQueue {
	q := &walkQueue{seen: map[int64]int{}}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *walkQueue) push(j walkJob) {
	q.mu.Lock()
	defer q.mu.Unlock()
	switch q.seen[j.id] {
	case 0:
	case queuedRows:
		if !j.walk {
			return
		}
		// Named in NodeIDs and reached by the walk: dropping this job
		// would lose everything below the node.
		j.walkOnly = true
	default:
		return
	}
	q.seen[j.id] = queuedRows
	if j.walk {
		q.seen[j.id] = queuedWalk
	}
	q.jobs = append(q.jobs, j)
	q.cond.Signal()
}

// pop waits for a job; ok is false when the walk is over.
func (q *walkQueue) pop(ctx context.Context) (walkJob, bool) {
	stop := context.AfterFunc(ctx, func() {
		q.mu.Lock()
		q.closed = true
		q.mu.Unlock()
		q.cond.Broadcast()
	})
	defer stop()
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.jobs) == 0 && q.busy > 0 && !q.closed {
		q.cond.Wait()
	}
	if q.closed || len(q.jobs) == 0 {
		q.closed = true
		q.cond.Broadcast()
		return walkJob{}, false
	}
	j := q.jobs[0]
	q.jobs = q.jobs[1:]
	q.busy++
	return j, true
}

func (q *walkQueue) done() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.busy--
	q.cond.Broadcast()
}

func (q *walkQueue) count() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.seen)
}

// rowWriter writes rows in one format.
type rowWriter struct {
	bw       *bufio.Writer
	enc      *json.Encoder
	cw       *csv.Writer
	formulas bool // keep formula-like CSV text as it is
}

func newRowWriter(w io.Writer, f ExportFormat) *rowWriter {
	rw := &rowWriter{bw: bufio.NewWriter(w)}
	if f == ExportCSV {
		rw.cw = csv.NewWriter(rw.bw)
		_ = rw.cw.Write(exportColumns)
	} else {
		rw.enc = json.NewEncoder(rw.bw)
	}
	return rw
}

func (rw *rowWriter) flush() error {
	if rw.cw != nil {
		rw.cw.Flush()
		if err := rw.cw.Error(); err != nil {
			return err
		}
	}
	return rw.bw.Flush()
}

// text neutralises a CSV cell that a spreadsheet would run as a formula,
// unless formulas are kept.
func (rw *rowWriter) text(v string) string {
	if rw.formulas || v == "" || !strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return v
	}
	return "'" + v
}

func exportTime(t Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func idText(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

func (rw *rowWriter) write(r exportRow) error {
	if rw.cw != nil {
		rec := make([]string, len(exportColumns))
		// set fills columns from name, value pairs.
		set := func(pairs ...string) {
			for i := 0; i < len(pairs); i += 2 {
				rec[exportColumn[pairs[i]]] = pairs[i+1]
			}
		}
		set("node_id", strconv.FormatInt(r.nodeID, 10))
		switch {
		case r.audit != nil:
			e := r.audit
			set("kind", "audit", "event_type", strconv.Itoa(e.EventType), "event_name", rw.text(e.EventName), "time", exportTime(e.Time),
				"user_id", idText(e.UserID), "agent_id", idText(e.AgentID), "target_user_id", idText(e.TargetUserID), "value", rw.text(e.Value))
		case r.record != nil:
			c := r.record
			set("kind", "record", "class_id", idText(c.ClassID), "class_name", rw.text(c.Name), "file_number", rw.text(c.FileNumber),
				"record_status", rw.text(c.Status), "record_date", exportTime(c.RecordDate), "status_date", exportTime(c.StatusDate),
				"official", strconv.FormatBool(c.Official), "essential", rw.text(c.Essential), "storage", rw.text(c.Storage), "rsi", rw.text(c.RSI),
				"received_date", exportTime(c.ReceivedDate), "cycle_period", idText(int64(c.CyclePeriod)),
				"last_review_date", exportTime(c.LastReviewDate), "next_review_date", exportTime(c.NextReviewDate),
				"accession", rw.text(c.Accession), "subject", rw.text(c.Subject), "originator", rw.text(c.Originator), "addressee", rw.text(c.Addressee),
				"sent_to", rw.text(c.SentTo), "establishment", rw.text(c.Establishment), "inherited_class_id", idText(c.InheritedClassID))
		case r.hold != nil:
			h := r.hold
			set("kind", "hold", "hold_id", idText(h.HoldID), "hold_name", rw.text(h.HoldName), "hold_type", rw.text(h.HoldType),
				"hold_source_id", idText(h.SourceID), "hold_inherited", strconv.FormatBool(h.Inherited),
				"hold_date_applied", exportTime(h.DateApplied), "hold_applied_method", rw.text(h.AppliedMethod),
				"hold_applied_by", rw.text(h.AppliedBy), "hold_active", strconv.FormatBool(h.Active),
				"hold_removable", strconv.FormatBool(h.Removable), "hold_comment", rw.text(h.Comment))
		default:
			return errors.New("empty row")
		}
		return rw.cw.Write(rec)
	}
	switch {
	case r.audit != nil:
		e := r.audit
		return rw.enc.Encode(struct {
			Kind         string `json:"kind"`
			NodeID       int64  `json:"node_id"`
			EventType    int    `json:"event_type"`
			EventName    string `json:"event_name"`
			Time         string `json:"time"`
			UserID       int64  `json:"user_id,omitempty"`
			AgentID      int64  `json:"agent_id,omitempty"`
			TargetUserID int64  `json:"target_user_id,omitempty"`
			Value        string `json:"value,omitempty"`
		}{"audit", r.nodeID, e.EventType, e.EventName, exportTime(e.Time), e.UserID, e.AgentID, e.TargetUserID, e.Value})
	case r.record != nil:
		c := r.record
		return rw.enc.Encode(struct {
			Kind             string `json:"kind"`
			NodeID           int64  `json:"node_id"`
			ClassID          int64  `json:"class_id"`
			ClassName        string `json:"class_name,omitempty"`
			FileNumber       string `json:"file_number,omitempty"`
			RecordStatus     string `json:"record_status,omitempty"`
			RecordDate       string `json:"record_date,omitempty"`
			StatusDate       string `json:"status_date,omitempty"`
			Official         bool   `json:"official"`
			Essential        string `json:"essential,omitempty"`
			Storage          string `json:"storage,omitempty"`
			RSI              string `json:"rsi,omitempty"`
			ReceivedDate     string `json:"received_date,omitempty"`
			CyclePeriod      int    `json:"cycle_period,omitempty"`
			LastReviewDate   string `json:"last_review_date,omitempty"`
			NextReviewDate   string `json:"next_review_date,omitempty"`
			Accession        string `json:"accession,omitempty"`
			Subject          string `json:"subject,omitempty"`
			Originator       string `json:"originator,omitempty"`
			Addressee        string `json:"addressee,omitempty"`
			SentTo           string `json:"sent_to,omitempty"`
			Establishment    string `json:"establishment,omitempty"`
			InheritedClassID int64  `json:"inherited_class_id,omitempty"`
		}{"record", r.nodeID, c.ClassID, c.Name, c.FileNumber, c.Status, exportTime(c.RecordDate),
			exportTime(c.StatusDate), c.Official, c.Essential, c.Storage, c.RSI,
			exportTime(c.ReceivedDate), c.CyclePeriod, exportTime(c.LastReviewDate), exportTime(c.NextReviewDate),
			c.Accession, c.Subject, c.Originator, c.Addressee, c.SentTo, c.Establishment, c.InheritedClassID})
	case r.hold != nil:
		h := r.hold
		return rw.enc.Encode(struct {
			Kind          string `json:"kind"`
			NodeID        int64  `json:"node_id"`
			HoldID        int64  `json:"hold_id"`
			HoldName      string `json:"hold_name"`
			HoldType      string `json:"hold_type,omitempty"`
			SourceID      int64  `json:"hold_source_id"`
			Inherited     bool   `json:"hold_inherited"`
			DateApplied   string `json:"hold_date_applied,omitempty"`
			AppliedMethod string `json:"hold_applied_method,omitempty"`
			AppliedBy     string `json:"hold_applied_by,omitempty"`
			Active        bool   `json:"hold_active"`
			Removable     bool   `json:"hold_removable"`
			Comment       string `json:"hold_comment,omitempty"`
		}{"hold", r.nodeID, h.HoldID, h.HoldName, h.HoldType, h.SourceID, h.Inherited, exportTime(h.DateApplied),
			h.AppliedMethod, h.AppliedBy, h.Active, h.Removable, h.Comment})
	}
	return errors.New("empty row")
}
