package xecm_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

// The document, metadata, records and workspace operations of the soak.

// soakContent is seeded content of n bytes and its hex SHA-256.
func soakContent(rng *rand.Rand, n int) ([]byte, string) {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	sum := sha256.Sum256(b)
	return b, hex.EncodeToString(sum[:])
}

// uploadOp uploads a new document: one-shot or reopenable, small or (over
// the simulator's lowered threshold) through a large-file session.
func (w *soakWorkload) uploadOp(ctx context.Context, rng *rand.Rand, key string) soakOutcome {
	size := 1 + rng.IntN(8<<10)
	large := rng.IntN(3) == 0
	if large {
		size = soakLargeMin + rng.IntN(3*soakPartSize)
	}
	content, sum := soakContent(rng, size)
	req := xecm.DocumentUploadRequest{ComputeSHA256: true, ParentID: w.root, Name: key, MimeType: "application/octet-stream", Size: int64(size)}
	kind := "upload one-shot"
	if rng.IntN(2) == 0 {
		kind = "upload reopenable"
		req.Open = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(content)), nil }
	} else {
		req.Content = bytes.NewReader(content)
		if rng.IntN(2) == 0 {
			req.Content = io.MultiReader(bytes.NewReader(content)) // hides ReaderAt: truly one-shot
		}
	}
	if large {
		kind += " large"
	}
	res, err := w.c.Documents.Upload(ctx, req)
	return soakOutcome{key: key, kind: kind, err: err, check: func(t *testing.T, sim *xecmtest.Server, c *xecm.Client, o soakOutcome) {
		w.checkCreated(t, sim, c, o)
		docs := childrenNamed(sim, w.root, key)
		if len(docs) != 1 {
			return
		}
		vs := sim.StoredVersions(docs[0].ID)
		if assert.Len(t, vs, 1, "%s %s", kind, key) {
			assert.Equal(t, sum, vs[0].SHA256, "%s %s: stored bytes differ from what was uploaded", kind, key)
		}
		if o.err == nil {
			assert.Equal(t, sum, res.SHA256, "%s %s: reported digest", kind, key)
			assert.Equal(t, docs[0].ID, res.Node.ID)
		}
	}}
}

// versionOp adds a version to a document the fixture made.
func (w *soakWorkload) versionOp(ctx context.Context, rng *rand.Rand, key string) soakOutcome {
	id := w.sim.AddEmptyDocument(w.root, key)
	before := len(w.sim.StoredVersions(id))
	content, sum := soakContent(rng, 1+rng.IntN(4<<10))
	req := xecm.VersionAddRequest{ComputeSHA256: true, FileName: key + ".bin", Size: int64(len(content))}
	if rng.IntN(2) == 0 {
		req.Open = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(content)), nil }
	} else {
		req.Content = io.MultiReader(bytes.NewReader(content))
	}
	res, err := w.c.Documents.Versions().Add(ctx, id, req)
	return soakOutcome{key: key, kind: "add version", err: err, check: func(t *testing.T, sim *xecmtest.Server, _ *xecm.Client, o soakOutcome) {
		vs := sim.StoredVersions(id)
		added := len(vs) - before
		switch {
		case o.err == nil:
			if assert.Equal(t, 1, added, "add version %s reported success", key) {
				assert.Equal(t, sum, vs[len(vs)-1].SHA256)
				assert.Equal(t, sum, res.SHA256)
			}
		case errors.Is(o.err, xecm.ErrOutcomeUnknown):
			assert.LessOrEqual(t, added, 1, "add version %s: unknown outcome but duplicated", key)
		default:
			assert.Equal(t, 0, added, "add version %s failed (%v) but added one", key, o.err)
		}
	}}
}

// categoryOp applies the Contract category with values set by name.
func (w *soakWorkload) categoryOp(ctx context.Context, rng *rand.Rand, key string) soakOutcome {
	id := w.sim.AddFolder(w.root, key)
	vals := xecm.NewCategoryValues(xecmtest.ContractCategoryID).Set("Deal ID", key[len(key)-min(len(key), 20):]).Set("Account Name", "Soak Ltd")
	err := w.c.Metadata.Apply(ctx, id, vals)
	return soakOutcome{key: key, kind: "apply category", err: err, check: func(t *testing.T, sim *xecmtest.Server, _ *xecm.Client, o soakOutcome) {
		_, applied := sim.CategoryValues(id, xecmtest.ContractCategoryID)
		switch {
		case o.err == nil:
			assert.True(t, applied, "apply category %s reported success", key)
		case errors.Is(o.err, xecm.ErrOutcomeUnknown):
		default:
			assert.False(t, applied, "apply category %s failed (%v) but applied", key, o.err)
		}
	}}
}

// holdOp applies a legal hold.
func (w *soakWorkload) holdOp(ctx context.Context, _ *rand.Rand, key string) soakOutcome {
	id := w.sim.AddEmptyDocument(w.root, key)
	err := w.c.Records.ApplyHold(ctx, id, xecmtest.HoldLitigation)
	return soakOutcome{key: key, kind: "apply hold", err: err, check: func(t *testing.T, sim *xecmtest.Server, _ *xecm.Client, o soakOutcome) {
		held := len(sim.HoldIDs(id)) > 0
		switch {
		case o.err == nil:
			assert.True(t, held, "apply hold %s reported success", key)
		case errors.Is(o.err, xecm.ErrOutcomeUnknown):
		default:
			assert.False(t, held, "apply hold %s failed (%v) but applied", key, o.err)
		}
	}}
}

// ensureOp ensures the workspace of a business object, twice over for some
// keys from different workers (a race), which must still give one.
func (w *soakWorkload) ensureOp(ctx context.Context, rng *rand.Rand, key string) soakOutcome {
	bo := "BO-" + key
	if rng.IntN(2) == 0 {
		bo = "BO-shared-" + string(rune('a'+rng.IntN(3))) // contended by the workers
	}
	ws, _, err := w.c.Workspaces.Ensure(ctx, xecm.WorkspaceCreateRequest{TemplateID: xecmtest.TemplateCustomer,
		BusinessObject: &xecm.BusinessObject{ExtSystemID: "SOAK", BOType: "Account", BOID: bo}})
	return soakOutcome{key: key, kind: "ensure workspace", err: err, check: func(t *testing.T, sim *xecmtest.Server, _ *xecm.Client, o soakOutcome) {
		var ids []int64
		for _, info := range sim.Workspaces() {
			for _, ref := range info.References {
				if ref.ExtSystemID == "SOAK" && ref.BOID == bo {
					ids = append(ids, info.NodeID)
				}
			}
		}
		assert.LessOrEqual(t, len(ids), 1, "ensure %s: %d workspaces for one business object", bo, len(ids))
		if o.err == nil && assert.Len(t, ids, 1, "ensure %s reported success", bo) {
			assert.Equal(t, ids[0], ws.ID)
		}
	}}
}

// downloadOp reads back a document the fixture uploaded and verifies it.
func (w *soakWorkload) downloadOp(ctx context.Context, rng *rand.Rand, key string) soakOutcome {
	d := w.fixtureDocs[rng.IntN(len(w.fixtureDocs))]
	var buf bytes.Buffer
	res, err := w.c.Documents.DownloadTo(ctx, d.id, &buf, &xecm.DownloadToOptions{SHA256: d.sha256})
	return soakOutcome{key: key, kind: "download", err: err, check: func(t *testing.T, _ *xecmtest.Server, _ *xecm.Client, o soakOutcome) {
		assert.False(t, errors.Is(o.err, xecm.ErrIntegrity), "download of node %d: %v", d.id, o.err)
		if o.err == nil {
			sum := sha256.Sum256(buf.Bytes())
			assert.Equal(t, d.sha256, hex.EncodeToString(sum[:]), "download of node %d returned other bytes", d.id)
			assert.Equal(t, d.sha256, res.SHA256)
		}
	}}
}

// checkStoredDigests: every stored version's bytes match the digest the
// server noted as they arrived.
func (w *soakWorkload) checkStoredDigests(t *testing.T) {
	for _, n := range w.sim.Children(w.root) {
		for _, v := range w.sim.StoredVersions(n.ID) {
			assert.Equal(t, v.NotedSHA256, v.SHA256, "node %d version %d", n.ID, v.Number)
		}
	}
}
