package xecm

import (
	"bytes"
	"crypto/sha256"
	"io"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm/internal/multipart"
)

// A retry starts a new body while the transport may still be reading the
// old one; Progress must still be called by one goroutine at a time, and
// only for the attempt that is current.
func TestUploadProgressIsSerialisedAcrossAttempts(t *testing.T) {
	env, err := multipart.New(nil, multipart.File{FieldName: "file", FileName: "a.bin", ContentType: "application/octet-stream"})
	require.NoError(t, err)
	content := bytes.Repeat([]byte("x"), 1<<20)
	open := func() (io.Reader, error) { return smallChunks(content), nil }

	var inside, overlaps atomic.Int32
	var mu sync.Mutex
	var reported []int64
	tr := newAttempts(env, int64(len(content)), sha256.New, func(n int64) {
		if inside.Add(1) > 1 {
			overlaps.Add(1)
		}
		runtime.Gosched() // let a second caller, if any, in while this one is inside
		mu.Lock()
		reported = append(reported, n)
		mu.Unlock()
		inside.Add(-1)
	})

	first := tr.start(open)
	var buf [4096]byte
	_, err = io.ReadFull(first, buf[:]) // the first attempt is under way...
	require.NoError(t, err)
	second := tr.start(open) // ...when the retry begins
	mu.Lock()
	before := len(reported)
	mu.Unlock()

	// The superseded attempt, read on its own to the end, reports nothing.
	_, err = io.Copy(io.Discard, first)
	require.NoError(t, err)
	mu.Lock()
	assert.Equal(t, before, len(reported), "reports of the superseded attempt after the retry began")
	mu.Unlock()

	// Read together with a third attempt, the second reports nothing
	// either, and the third's reports are never concurrent.
	third := tr.start(open)
	var wg sync.WaitGroup
	for _, body := range []io.Reader{second, third} {
		wg.Go(func() { _, _ = io.Copy(io.Discard, body) })
	}
	wg.Wait()
	last := tr.finish()
	require.NotNil(t, last)
	require.NoError(t, last.res.Err)
	assert.Zero(t, overlaps.Load(), "Progress was called from two goroutines at once")
	after := reported[before:]
	require.NotEmpty(t, after)
	for i := 1; i < len(after); i++ {
		require.GreaterOrEqual(t, after[i], after[i-1], "a superseded attempt reported after a retry began")
	}
	assert.Equal(t, int64(len(content)), after[len(after)-1])
}

// smallChunks reads content in small pieces, so that a copy makes
// many progress calls.
func smallChunks(content []byte) io.Reader {
	return &smallReads{r: bytes.NewReader(content)}
}

type smallReads struct{ r *bytes.Reader }

func (s *smallReads) Read(p []byte) (int, error) {
	if len(p) > 512 {
		p = p[:512]
	}
	return s.r.Read(p)
}
