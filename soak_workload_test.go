package xecm_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

// soakWorkload is the set of operations the soak draws from, over a
// fixture the simulator holds.
type soakWorkload struct {
	t    *testing.T
	seed uint64
	sim  *xecmtest.Server
	c    *xecm.Client
	root int64 // folder holding everything the workload creates
	// fixtureDocs are documents uploaded before the faults start, to read back.
	fixtureDocs []soakDoc
}

type soakDoc struct {
	id     int64
	sha256 string
}

// The simulator's large-file threshold and part size are lowered so that
// the soak exercises large-file sessions without large files.
const (
	// soakOpTimeout bounds each operation, as a caller's deadline would.
	soakOpTimeout = 400 * time.Millisecond
	soakLargeMin  = 64 << 10
	soakPartSize  = 16 << 10
)

func newSoakWorkload(t *testing.T, seed uint64, sim *xecmtest.Server, c *xecm.Client) *soakWorkload {
	sim.SetLargeFileLimits(true, soakLargeMin, 1<<30, soakPartSize, time.Hour)
	root := sim.AddFolder(2000, "soak")
	w := &soakWorkload{t: t, seed: seed, sim: sim, c: c, root: root}
	rng := rand.New(rand.NewPCG(seed, 99))
	for i := range 3 {
		content, sum := soakContent(rng, 1+rng.IntN(3*soakPartSize))
		res, err := c.Documents.Upload(t.Context(), xecm.DocumentUploadRequest{ParentID: root,
			Name: fmt.Sprintf("fixture-%d", i), Content: bytes.NewReader(content), Size: int64(len(content))})
		require.NoError(t, err)
		w.fixtureDocs = append(w.fixtureDocs, soakDoc{res.Node.ID, sum})
	}
	return w
}

// soakFaultRoutes are the routes faults are aimed at.
var soakFaultRoutes = []struct{ method, path string }{
	{"POST", "/v2/nodes"},
	{"GET", "/v2/nodes/{id}"},
	{"GET", "/v2/nodes/{id}/nodes"},
	{"PUT", "/v2/nodes/{id}"},
	{"DELETE", "/v2/nodes/{id}"},
	{"POST", "/v2/multipart"},
	{"POST", "/v2/multipart/{key}/{part}"},
	{"POST", "/v2/multipart/{key}"},
	{"POST", "/v2/nodes/{id}/versions"},
	{"GET", "/v1/nodes/{id}/versions/latest"},
	{"GET", "/v2/nodes/{id}/versions/{n}/content"},
	{"GET", "/v1/forms/nodes/categories/create"},
	{"POST", "/v2/nodes/{id}/categories"},
	{"POST", "/v1/nodes/{id}/holds"},
	{"POST", "/v2/businessworkspaces"},
	{"GET", "/v2/businessworkspaces/{id}"},
	{"GET", "/v2/externalsystems/{x}/botypes/{t}/boids/{id}"},
}

func (w *soakWorkload) randomFault(rng *rand.Rand) xecmtest.Fault {
	r := soakFaultRoutes[rng.IntN(len(soakFaultRoutes))]
	f := xecmtest.Fault{Method: r.method, Path: r.path}
	switch rng.IntN(12) {
	case 10:
		// A redirect to the same URL: a read follows it, a change or a
		// login stops at it (ErrRedirect) with nothing done.
		redirects := []int{301, 302, 303, 307, 308}
		f.Kind, f.Status = xecmtest.FaultRedirect, redirects[rng.IntN(len(redirects))]
	case 11:
		// An endless answer after the handler ran: past the client's
		// limit, a read fails and a change's outcome is unknown. Content
		// is not JSON: padded, it is other bytes than the version's, which
		// DownloadTo rightly refuses (ErrIntegrity); it gets a drop instead.
		f.Kind = xecmtest.FaultOversize
		if strings.HasSuffix(r.path, "/content") {
			f.Kind, f.AfterBytes = xecmtest.FaultDropAfterBytes, 1+rng.IntN(60)
		}
	case 9:
		// Slower than the operation's deadline (soakOpTimeout).
		f.Kind, f.Delay = xecmtest.FaultNone, 3*soakOpTimeout
	case 0:
		f.Kind, f.Status, f.RetryAfter = xecmtest.FaultStatus, 503, "0"
	case 1:
		f.Kind, f.Status, f.RetryAfter = xecmtest.FaultStatus, 429, "0"
	case 2:
		f.Kind, f.Status = xecmtest.FaultStatus, 500
	case 3:
		f.Kind = xecmtest.FaultDrop
	case 4:
		f.Kind = xecmtest.FaultDropAfterCommit
	case 5:
		f.Kind = xecmtest.FaultHTML
	case 6:
		f.Kind, f.AfterBytes = xecmtest.FaultTruncate, 1+rng.IntN(60)
	case 7:
		f.Kind, f.AfterBytes = xecmtest.FaultDropAfterBytes, 1+rng.IntN(60)
	case 8:
		f.Kind, f.Status, f.RetryAfter = xecmtest.FaultStatus, 503, "3600" // beyond the bound: fail at once
	}
	return f
}

func (w *soakWorkload) randomOp(ctx context.Context, rng *rand.Rand, key string) soakOutcome {
	switch rng.IntN(10) {
	case 3, 4:
		return w.uploadOp(ctx, rng, key)
	case 5:
		return w.versionOp(ctx, rng, key)
	case 6:
		return w.categoryOp(ctx, rng, key)
	case 7:
		return w.holdOp(ctx, rng, key)
	case 8:
		return w.ensureOp(ctx, rng, key)
	case 9:
		return w.downloadOp(ctx, rng, key)
	case 0:
		// Rename a folder the fixture made: PUT is retried, and its outcome
		// is either the new name or (failed) the old one.
		id := w.sim.AddFolder(w.root, key+"-before")
		err := w.c.Nodes.Update(ctx, id, xecm.NodeUpdateRequest{Name: xecm.Ptr(key)})
		return soakOutcome{key: key, kind: "rename", err: err, check: func(t *testing.T, sim *xecmtest.Server, _ *xecm.Client, o soakOutcome) {
			n, ok := sim.Node(id)
			require.True(t, ok)
			switch {
			case o.err == nil:
				assert.Equal(t, key, n.Name, "rename %s reported success", key)
			case errors.Is(o.err, xecm.ErrOutcomeUnknown):
				assert.Contains(t, []string{key, key + "-before"}, n.Name)
			default:
				assert.Equal(t, key+"-before", n.Name, "rename %s reported failure (%v) but changed the name", key, o.err)
			}
		}}
	case 1:
		// Read back a folder: a GET either returns it whole or fails.
		id := w.sim.AddFolder(w.root, key)
		n, err := w.c.Nodes.Get(ctx, id, nil)
		return soakOutcome{key: key, kind: "get", err: err, check: func(t *testing.T, _ *xecmtest.Server, _ *xecm.Client, o soakOutcome) {
			if o.err == nil {
				assert.Equal(t, key, n.Name)
				assert.Equal(t, id, n.ID)
			}
			assert.False(t, errors.Is(o.err, xecm.ErrOutcomeUnknown), "a read has no unknown outcome")
		}}
	default:
		_, err := w.c.Nodes.CreateFolder(ctx, w.root, key, nil)
		return soakOutcome{key: key, kind: "create folder", err: err, check: w.checkCreated}
	}
}

// checkCreated: a success exists exactly once; a plain failure left
// nothing; an unknown outcome left at most one, and a lookup by name
// under the parent (the resolution ErrOutcomeUnknown documents) agrees.
func (w *soakWorkload) checkCreated(t *testing.T, sim *xecmtest.Server, c *xecm.Client, o soakOutcome) {
	n := len(childrenNamed(sim, w.root, o.key))
	switch {
	case o.err == nil:
		assert.Equal(t, 1, n, "%s %s reported success", o.kind, o.key)
	case errors.Is(o.err, xecm.ErrOutcomeUnknown):
		assert.LessOrEqual(t, n, 1, "%s %s: outcome unknown but duplicated", o.kind, o.key)
		found := 0
		for child, err := range c.Nodes.ListChildrenIter(t.Context(), w.root, &xecm.NodeListOptions{WhereName: o.key}) {
			require.NoError(t, err)
			if child.Name == o.key {
				found++
			}
		}
		assert.Equal(t, n, found, "%s %s: lookup after an unknown outcome", o.kind, o.key)
	default:
		assert.Equal(t, 0, n, "%s %s reported failure (%v) but left something", o.kind, o.key, o.err)
	}
}

// checkGlobal checks invariants over the whole state.
func (w *soakWorkload) checkGlobal(t *testing.T) {
	names := map[string]int{}
	for _, n := range w.sim.Children(w.root) {
		names[n.Name]++
	}
	for name, k := range names {
		assert.Equal(t, 1, k, "duplicate %q", name)
	}
	w.checkStoredDigests(t)
}
