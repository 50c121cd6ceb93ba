package portal

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"iter"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

// fakeSource is an in-memory Source. Content is real bytes or, for the
// large-content tests, generated on the fly.
type fakeSource struct {
	mu      sync.Mutex
	nodes   map[int64]*fakeNode
	noRange bool  // Open ignores offset and length, like a server without Range
	total   bool  // Open reports the content's length in Content.Total
	fail    error // every call fails with it
	calls   map[string]int
	opens   []fakeOpen
}

type fakeNode struct {
	info     DocumentInfo
	versions []fakeVersion
	cats     []CategoryValues
}

type fakeVersion struct {
	info    VersionInfo
	content []byte
	// generated, if set, yields the content instead (size info.Size).
	generated func(offset int64) io.Reader
}

type fakeOpen struct {
	id             int64
	version        int
	offset, length int64
}

var t0 = time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)

func newFakeSource() *fakeSource {
	return &fakeSource{nodes: map[int64]*fakeNode{}, calls: map[string]int{}}
}

// addFolder adds a container below parent (0 for a volume root).
func (f *fakeSource) addFolder(id, parent int64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var anc []int64
	if p, ok := f.nodes[parent]; ok {
		anc = append(append(anc, p.info.Ancestors...), parent)
	}
	f.nodes[id] = &fakeNode{info: DocumentInfo{ID: id, ParentID: parent, Name: "folder", Type: xecm.TypeFolder, Ancestors: anc}}
}

// addDoc adds a document with one version per content, each of the given
// MIME type, and Status set to status in category "Document Control",
// whose "Approved Versions" approve every one of these versions (so that
// Status alone decides; a version added later is not approved).
func (f *fakeSource) addDoc(id, parent int64, name, mimeType, status string, contents ...string) {
	f.mu.Lock()
	p := f.nodes[parent]
	n := &fakeNode{info: DocumentInfo{ID: id, ParentID: parent, Name: name, Type: xecm.TypeDocument,
		Ancestors: append(append([]int64(nil), p.info.Ancestors...), parent), Modified: t0}}
	f.nodes[id] = n
	f.mu.Unlock()
	f.nodes[id].cats = []CategoryValues{{ID: 7100, Name: "Document Control", Values: map[string]any{"Status": status, "Owner": "QA"}}}
	var numbers []int
	for _, c := range contents {
		numbers = append(numbers, f.addVersion(id, mimeType, c).Number)
	}
	f.approveVersions(id, numbers...)
}

// setStatus sets Status in the document's "Document Control" category.
func (f *fakeSource) setStatus(id int64, status string) {
	f.setValue(id, "Status", status)
}

// approveVersions records the approved version numbers in "Approved
// Versions", as json.Number like the SDK's values; none clears it.
func (f *fakeSource) approveVersions(id int64, numbers ...int) {
	vals := make([]any, 0, len(numbers))
	for _, n := range numbers {
		vals = append(vals, json.Number(strconv.Itoa(n)))
	}
	f.setValue(id, "Approved Versions", vals)
}

// addApprovedVersion adds a version and approves it beside those
// approved before.
func (f *fakeSource) addApprovedVersion(id int64, mimeType, content string) VersionInfo {
	v := f.addVersion(id, mimeType, content)
	f.mu.Lock()
	prev, _ := f.nodes[id].cats[0].Values["Approved Versions"].([]any)
	f.mu.Unlock()
	f.setValue(id, "Approved Versions", append(append([]any(nil), prev...), json.Number(strconv.Itoa(v.Number))))
	return v
}

// setValue sets one attribute of the document's "Document Control"
// category; the values map is replaced, not changed, so that a copy a
// reader holds stays as it was read.
func (f *fakeSource) setValue(id int64, attr string, v any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	cat := &f.nodes[id].cats[0]
	vals := maps.Clone(cat.Values)
	vals[attr] = v
	cat.Values = vals
}

// addVersion adds a version created a day after the previous one.
func (f *fakeSource) addVersion(id int64, mimeType, content string) VersionInfo {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := f.nodes[id]
	num := len(n.versions) + 1
	sum := sha256.Sum256([]byte(content))
	v := VersionInfo{Number: num, Major: num, FileName: n.info.Name, MimeType: mimeType, Size: int64(len(content)),
		Created: t0.Add(time.Duration(num) * 24 * time.Hour), SHA256: hex.EncodeToString(sum[:])}
	n.versions = append(n.versions, fakeVersion{info: v, content: []byte(content)})
	return v
}

func (f *fakeSource) count(call string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[call]
}

func (f *fakeSource) begin(call string, id int64) (*fakeNode, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls[call]++
	if f.fail != nil {
		return nil, f.fail
	}
	n, ok := f.nodes[id]
	if !ok {
		return nil, ErrNotFound
	}
	return n, nil
}

func (f *fakeSource) Document(_ context.Context, id int64) (*DocumentInfo, error) {
	n, err := f.begin("Document", id)
	if err != nil {
		return nil, err
	}
	d := n.info
	d.Ancestors = append([]int64(nil), d.Ancestors...)
	return &d, nil
}

func (f *fakeSource) Versions(_ context.Context, id int64) ([]VersionInfo, error) {
	n, err := f.begin("Versions", id)
	if err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []VersionInfo
	for _, v := range n.versions {
		out = append(out, v.info)
	}
	return out, nil
}

func (f *fakeSource) Categories(_ context.Context, id int64) ([]CategoryValues, error) {
	n, err := f.begin("Categories", id)
	if err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]CategoryValues(nil), n.cats...), nil
}

func (f *fakeSource) Children(_ context.Context, folderID int64) iter.Seq2[*DocumentInfo, error] {
	return func(yield func(*DocumentInfo, error) bool) {
		if _, err := f.begin("Children", folderID); err != nil {
			yield(nil, err)
			return
		}
		f.mu.Lock()
		var kids []*DocumentInfo
		for _, n := range f.nodes {
			if n.info.ParentID == folderID && n.info.Type == xecm.TypeDocument {
				d := n.info
				d.Ancestors = nil // as a browse call returns them
				kids = append(kids, &d)
			}
		}
		f.mu.Unlock()
		for _, k := range kids {
			if !yield(k, nil) {
				return
			}
		}
	}
}

func (f *fakeSource) Open(_ context.Context, id int64, version int, offset, length int64) (*Content, error) {
	n, err := f.begin("Open", id)
	if err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.opens = append(f.opens, fakeOpen{id, version, offset, length})
	if version < 1 || version > len(n.versions) {
		return nil, ErrNotFound
	}
	v := n.versions[version-1]
	if f.noRange {
		offset, length = 0, 0
	}
	if v.generated != nil {
		return &Content{Body: io.NopCloser(v.generated(offset)), Offset: offset}, nil
	}
	b := v.content[offset:]
	if length > 0 {
		b = b[:min(length, int64(len(b)))]
	}
	c := &Content{Body: io.NopCloser(bytes.NewReader(b)), Offset: offset}
	if f.total {
		c.Total = int64(len(v.content))
	}
	return c, nil
}

func (f *fakeSource) lastOpen() fakeOpen {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.opens[len(f.opens)-1]
}

// The fixture: Enterprise (2000) > Policies (10) with
//
//	101 handbook.pdf   Approved, versions 1 and 2
//	102 draft.pdf      Draft
//	104 page.html      Approved, but text/html
//
// Suppliers (11) > Acme (12) with 121 iso-9001.pdf (Approved, v1), and
// Globex (13) with 131 report.pdf (Approved); Elsewhere (20) with
// 201 secret.pdf (Approved, outside the roots).
func fixture() *fakeSource {
	f := newFakeSource()
	f.addFolder(2000, 0)
	f.addFolder(10, 2000)
	f.addFolder(11, 2000)
	f.addFolder(12, 11)
	f.addFolder(13, 11)
	f.addFolder(20, 2000)
	f.addDoc(101, 10, "handbook.pdf", "application/pdf", "Approved", "handbook version one", "handbook version two!")
	f.addDoc(102, 10, "draft.pdf", "application/pdf", "Draft", "draft")
	f.addDoc(104, 10, "page.html", "text/html", "Approved", "<script>alert(1)</script>")
	f.addDoc(121, 12, "iso-9001.pdf", "application/pdf", "Approved", "ISO 9001 certificate, 2025")
	f.addDoc(131, 13, "report.pdf", "application/pdf", "Approved", "globex report")
	f.addDoc(201, 20, "secret.pdf", "application/pdf", "Approved", "secret")
	return f
}

var approved = Condition{Category: "Document Control", Attribute: "Status", Values: []string{"Approved"}}

// approvedVersions is the fixture's approval rule (see addDoc).
var approvedVersions = Approval{Category: "Document Control", VersionAttribute: "Approved Versions"}

// testKey is a fixed signing key for tests.
var testKey = Key{ID: "k1", Secret: []byte("0123456789abcdef0123456789abcdef")}

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// baseConfig publishes approved PDFs under 10 and 11, directly and
// through links, with partners acme (workspace 12) and globex (13).
func baseConfig(clk *clock) Config {
	signer, err := NewSigner(testKey)
	if err != nil {
		panic(err)
	}
	return Config{
		Policy: Policy{Roots: []int64{10, 11}, Require: []Condition{approved}, Approval: approvedVersions,
			MIMETypes: []string{"application/pdf"}},
		DirectAccess: true,
		Collections:  map[string]Collection{"policies": {Folder: 10, Title: "Policies"}},
		Signer:       signer,
		Partners:     map[string]Partner{"acme": {Name: "Acme", Workspaces: []int64{12}}, "globex": {Name: "Globex", Workspaces: []int64{13}}},
		Logger:       discardLogger,
		Now:          clk.now,
	}
}

func newTestHandler(t testing.TB, src Source, mutate func(*Config)) (*Handler, *clock) {
	t.Helper()
	clk := &clock{t: t0.Add(30 * 24 * time.Hour)}
	cfg := baseConfig(clk)
	if mutate != nil {
		mutate(&cfg)
	}
	h, err := New(src, cfg)
	require.NoError(t, err)
	return h, clk
}

// get sends a request to h and records the answer. Header pairs follow
// the path.
func get(h http.Handler, method, path string, header ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

var discardLogger = slog.New(slog.DiscardHandler)
