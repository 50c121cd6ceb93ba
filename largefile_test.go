package xecm_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/xecm-go/xecm"
)

func TestLargeFileFailingPartIsRetriedAlone(t *testing.T) {
	f := newFakeDocs(t)
	f.partSize = 256 << 10
	f.onPart = func(w http.ResponseWriter, r *http.Request, part, attempt int) bool {
		if part == 2 && attempt == 1 {
			_, _ = io.Copy(io.Discard, r.Body)
			writeJSON(w, 503, map[string]string{"error": "Service Unavailable"})
			return true
		}
		return false
	}
	c := f.client(t, xecm.WithLargeFileThreshold(1))
	content := testContent(700 << 10) // three parts, the last one short
	for _, tc := range []struct {
		name    string
		content io.Reader
	}{
		{"reader at", bytes.NewReader(content)},
		{"one-shot", io.MultiReader(bytes.NewReader(content))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f.mu.Lock()
			f.parts = map[int][][]byte{}
			f.mu.Unlock()
			res, err := c.Documents.Upload(t.Context(), xecm.DocumentUploadRequest{ComputeSHA256: true, ParentID: 2000, Name: "big.bin", Content: tc.content, Size: int64(len(content))})
			require.NoError(t, err)
			assert.True(t, res.LargeFile)
			assert.Len(t, f.parts[1], 1, "part 1 sent once")
			assert.Len(t, f.parts[2], 2, "part 2 sent twice")
			assert.Len(t, f.parts[3], 1, "part 3 sent once")
			assert.Equal(t, content[256<<10:512<<10], f.parts[2][1])
			assert.Equal(t, sha(content), res.SHA256, "a retried part is hashed once")
			assert.Equal(t, content, f.content[res.Node.ID])
		})
	}
}

func TestLargeFileUnrecoverableFailureCancelsSession(t *testing.T) {
	f := newFakeDocs(t)
	f.partSize = 256 << 10
	f.onPart = func(w http.ResponseWriter, r *http.Request, part, attempt int) bool {
		if part == 2 {
			writeJSON(w, 500, map[string]string{"error": "Invalid block size: File size must be between 1 and 2 bytes"})
			return true
		}
		return false
	}
	c := f.client(t, xecm.WithLargeFileThreshold(1))
	content := testContent(600 << 10)
	_, err := c.Documents.Upload(t.Context(), xecm.DocumentUploadRequest{ParentID: 2000, Name: "big.bin", Content: bytes.NewReader(content)})
	require.Error(t, err)
	assert.Len(t, f.parts[2], 1, "a 500 is not retried")
	assert.Empty(t, f.parts[3], "no part after the failure")
	assert.Equal(t, []string{"key1"}, f.canceled)
	assert.Empty(t, f.sessions)
}

func TestLargeFileThresholdFromServerSettings(t *testing.T) {
	f := newFakeDocs(t)
	c := f.client(t)
	small := testContent(100 << 10)
	res, err := c.Documents.Upload(t.Context(), xecm.DocumentUploadRequest{ComputeSHA256: true, ParentID: 2000, Name: "s.bin", Content: bytes.NewReader(small)})
	require.NoError(t, err)
	assert.False(t, res.LargeFile)
	big := testContent(3 << 20) // above the fake server's 1 MiB min_size
	res, err = c.Documents.Upload(t.Context(), xecm.DocumentUploadRequest{ComputeSHA256: true, ParentID: 2000, Name: "b.bin", Content: bytes.NewReader(big)})
	require.NoError(t, err)
	assert.True(t, res.LargeFile)
	assert.Equal(t, sha(big), res.SHA256)
	settings := 0
	for _, call := range f.calls {
		if call == "GET /v2/multipart/settings" {
			settings++
		}
	}
	assert.Equal(t, 1, settings, "settings are read once per client")
}

func TestLargeFileCancelledContextLeavesNothingBehind(t *testing.T) {
	before := goleak.IgnoreCurrent()
	f := newFakeDocs(t)
	f.partSize = 256 << 10
	ctx, cancel := context.WithCancel(context.Background())
	f.onPart = func(w http.ResponseWriter, r *http.Request, part, attempt int) bool {
		if part == 2 {
			cancel() // the caller gives up while the part is on its way
			_, _ = io.Copy(io.Discard, r.Body)
			return true
		}
		return false
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	c := f.client(t, xecm.WithLargeFileThreshold(1), xecm.WithTransport(tr))
	content := testContent(600 << 10)
	_, err := c.Documents.Upload(ctx, xecm.DocumentUploadRequest{ParentID: 2000, Name: "big.bin", Content: io.MultiReader(bytes.NewReader(content)), Size: int64(len(content))})
	require.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, []string{"key1"}, f.canceled, "the session is cancelled although ctx ended")
	tr.CloseIdleConnections()
	f.ts.Close()
	goleak.VerifyNone(t, before) // goleak retries while goroutines wind down
}
