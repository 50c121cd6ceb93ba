package xecm_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

// patternReader yields size bytes of a repeating pattern without
// allocating: the upload's own allocations are what the test measures.
type patternReader struct {
	left int64
	pos  int
}

const pattern = "The quick brown fox jumps over the lazy dog. 0123456789\n"

func (p *patternReader) Read(b []byte) (int, error) {
	if p.left <= 0 {
		return 0, io.EOF
	}
	if int64(len(b)) > p.left {
		b = b[:p.left]
	}
	n := 0
	for n < len(b) {
		c := copy(b[n:], pattern[p.pos:])
		n += c
		p.pos = (p.pos + c) % len(pattern)
	}
	p.left -= int64(n)
	return n, nil
}

func testContent(n int) []byte {
	b := make([]byte, n)
	_, _ = io.ReadFull(&patternReader{left: int64(n)}, b)
	return b
}

func TestUpload256MiBAllocatesLittle(t *testing.T) {
	const size = 256 << 20
	var received atomic.Int64
	sink := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := io.Copy(io.Discard, r.Body)
		received.Add(n)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"results":{"data":{"properties":{"id":7001,"type":144}}}}`)
	}))
	defer sink.Close()
	c, err := xecm.NewClient(sink.URL+"/otcs/cs.exe", xecm.WithTicket("t"), xecm.WithLargeFileThreshold(-1))
	require.NoError(t, err)

	src := &patternReader{left: size}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	res, err := c.Documents.Upload(t.Context(), xecm.DocumentUploadRequest{ParentID: 2000, Name: "big.bin", Content: src, Size: size})
	runtime.ReadMemStats(&after)
	require.NoError(t, err)
	assert.Equal(t, int64(size), res.Size)
	assert.Greater(t, received.Load(), int64(size), "the whole body reached the server")
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("allocated %d KiB for a %d MiB upload", alloc>>10, size>>20)
	assert.Less(t, alloc, uint64(32<<20), "total allocation during the upload")
}

func TestReopenableUploadRetriedSendsSameContent(t *testing.T) {
	f := newFakeDocs(t)
	f.onUpload = func(w http.ResponseWriter, r *http.Request, attempt int) bool {
		if attempt == 1 {
			mr, _ := r.MultipartReader()
			var content []byte
			for p, err := mr.NextPart(); err == nil; p, err = mr.NextPart() {
				b, _ := io.ReadAll(p)
				if p.FormName() == "file" {
					content = b
				}
			}
			f.mu.Lock()
			f.uploads[0] = content
			f.mu.Unlock()
			writeJSON(w, 503, map[string]string{"error": "Service Unavailable"})
			return true
		}
		return false
	}
	c := f.client(t, xecm.WithLargeFileThreshold(-1))
	content := testContent(300_000)
	res, err := c.Documents.Upload(t.Context(), xecm.DocumentUploadRequest{ComputeSHA256: true, ParentID: 2000, Name: "a.txt", MimeType: "text/plain", Content: bytes.NewReader(content)})
	require.NoError(t, err)
	require.Len(t, f.uploads, 2)
	assert.Equal(t, content, f.uploads[0])
	assert.Equal(t, f.uploads[0], f.uploads[1])
	assert.Equal(t, sha(content), res.SHA256)
	assert.Equal(t, int64(len(content)), res.Size)
	assert.NotZero(t, res.Node.ID)
}

func TestOpenFuncUploadIsReopenedPerAttempt(t *testing.T) {
	f := newFakeDocs(t)
	f.onUpload = func(w http.ResponseWriter, r *http.Request, attempt int) bool {
		if attempt == 1 {
			_, _ = io.Copy(io.Discard, r.Body)
			writeJSON(w, 503, map[string]string{"error": "Service Unavailable"})
			return true
		}
		return false
	}
	c := f.client(t, xecm.WithLargeFileThreshold(-1))
	content := testContent(10_000)
	var opens atomic.Int32
	res, err := c.Documents.Upload(t.Context(), xecm.DocumentUploadRequest{ComputeSHA256: true, ParentID: 2000, Name: "a.txt",
		Open: func() (io.ReadCloser, error) { opens.Add(1); return io.NopCloser(bytes.NewReader(content)), nil }})
	require.NoError(t, err)
	assert.Equal(t, int32(2), opens.Load(), "opened once per attempt that was read")
	assert.Equal(t, content, f.uploads[1])
	assert.Equal(t, sha(content), res.SHA256)
}

func TestOneShotUploadIsSentOnce(t *testing.T) {
	f := newFakeDocs(t)
	f.onUpload = func(w http.ResponseWriter, r *http.Request, attempt int) bool {
		_, _ = io.Copy(io.Discard, r.Body)
		writeJSON(w, 503, map[string]string{"error": "Service Unavailable"})
		return true
	}
	c := f.client(t, xecm.WithLargeFileThreshold(-1))
	oneShot := io.MultiReader(strings.NewReader("hello "), strings.NewReader("world"))
	_, err := c.Documents.Upload(t.Context(), xecm.DocumentUploadRequest{ParentID: 2000, Name: "a.txt", Content: oneShot, Size: 11})
	var ae *xecm.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, 503, ae.StatusCode)
	assert.Len(t, f.uploads, 1, "sent once")
}

func TestUnauthorizedMidUploadReloginsAndReplays(t *testing.T) {
	f := newFakeDocs(t)
	f.onUpload = func(w http.ResponseWriter, r *http.Request, attempt int) bool {
		if attempt == 1 {
			// Read part of the body, then refuse the (expired) ticket.
			_, _ = io.CopyN(io.Discard, r.Body, 64<<10)
			writeJSON(w, 401, map[string]string{"error": "Authentication Required"})
			return true
		}
		return false
	}
	c := f.client(t, xecm.WithLargeFileThreshold(-1))
	content := testContent(500_000)
	res, err := c.Documents.Upload(t.Context(), xecm.DocumentUploadRequest{ComputeSHA256: true, ParentID: 2000, Name: "a.txt", Content: bytes.NewReader(content)})
	require.NoError(t, err)
	assert.Equal(t, 2, f.logins, "one fresh login")
	assert.Equal(t, content, f.uploads[1])
	assert.Equal(t, sha(content), res.SHA256)
}

func TestUploadBodyCarriesMetadataAndRoles(t *testing.T) {
	var body, fileName, mimeType string
	f := newFakeDocs(t)
	f.onUpload = func(w http.ResponseWriter, r *http.Request, attempt int) bool {
		mr, err := r.MultipartReader()
		require.NoError(t, err)
		for p, err := mr.NextPart(); err == nil; p, err = mr.NextPart() {
			b, _ := io.ReadAll(p)
			switch p.FormName() {
			case "body":
				body = string(b)
			case "file":
				fileName, mimeType = p.FileName(), p.Header.Get("Content-Type")
			}
		}
		writeJSON(w, 200, map[string]any{"results": map[string]any{"data": map[string]any{"properties": map[string]any{"id": 9, "type": 144}}}})
		return true
	}
	c := f.client(t)
	_, err := c.Documents.Upload(t.Context(), xecm.DocumentUploadRequest{
		ParentID: 2000, Name: "Contract.pdf", MimeType: "application/pdf", Description: "signed",
		ExternalSource: "scanner", Content: strings.NewReader("%PDF"),
		Categories:      map[string]any{"9830_2": "ACME", "9830_1": map[string]any{}},
		Classifications: []int64{120},
	})
	require.NoError(t, err)
	assert.JSONEq(t, `{"type":144,"parent_id":2000,"name":"Contract.pdf","description":"signed","external_source":"scanner",
		"roles":{"categories":{"9830_2":"ACME","9830_1":{}},"classifications":{"create_id":[],"id":[120]}}}`, body)
	assert.Equal(t, "Contract.pdf", fileName)
	assert.Equal(t, "application/pdf", mimeType)
}

func TestUploadProgressAndShortContent(t *testing.T) {
	f := newFakeDocs(t)
	c := f.client(t, xecm.WithLargeFileThreshold(-1))
	var last atomic.Int64
	content := testContent(1 << 20)
	_, err := c.Documents.Upload(t.Context(), xecm.DocumentUploadRequest{ParentID: 2000, Name: "p.bin",
		Content: io.MultiReader(bytes.NewReader(content)), Size: int64(len(content)),
		Progress: func(sent, total int64) { last.Store(sent); assert.Equal(t, int64(len(content)), total) }})
	require.NoError(t, err)
	assert.Equal(t, int64(len(content)), last.Load())

	_, err = c.Documents.Upload(t.Context(), xecm.DocumentUploadRequest{ParentID: 2000, Name: "short.bin",
		Content: io.MultiReader(strings.NewReader("abc")), Size: 10})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "shorter than its declared size")
}

func TestUploadBadInputFailsBeforeAnyRequest(t *testing.T) {
	c, _ := newMockClient(t, xecm.WithTicket("t"))
	ok := xecm.DocumentUploadRequest{ParentID: 2000, Name: "a.txt", Content: strings.NewReader("x")}
	cases := map[string]func(r *xecm.DocumentUploadRequest){
		"empty name":    func(r *xecm.DocumentUploadRequest) { r.Name = " " },
		"negative size": func(r *xecm.DocumentUploadRequest) { r.Size = -1 },
		"nil content":   func(r *xecm.DocumentUploadRequest) { r.Content = nil },
		"parent 0":      func(r *xecm.DocumentUploadRequest) { r.ParentID = 0 },
		"long name":     func(r *xecm.DocumentUploadRequest) { r.Name = strings.Repeat("n", 249) },
		"bad source":    func(r *xecm.DocumentUploadRequest) { r.ExternalSource = "fridge" },
		"bad category":  func(r *xecm.DocumentUploadRequest) { r.Categories = map[string]any{"name": "x"} },
		"bad class":     func(r *xecm.DocumentUploadRequest) { r.Classifications = []int64{0} },
	}
	for name, mutate := range cases {
		t.Run(name, func(t *testing.T) {
			r := ok
			mutate(&r)
			_, err := c.Documents.Upload(context.Background(), r)
			require.ErrorIs(t, err, xecm.ErrInvalidArgument)
		})
	}
	_, err := c.Documents.Versions().Add(context.Background(), 0, xecm.VersionAddRequest{FileName: "a", Content: strings.NewReader("x")})
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	_, err = c.Documents.Versions().Add(context.Background(), 1, xecm.VersionAddRequest{FileName: "", Content: strings.NewReader("x")})
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	_, err = c.Documents.Versions().Add(context.Background(), 1, xecm.VersionAddRequest{FileName: "a", Description: strings.Repeat("d", 256), Content: strings.NewReader("x")})
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	_, err = c.Documents.DownloadTo(context.Background(), 1, nil, nil)
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	_, err = c.Documents.DownloadTo(context.Background(), 1, io.Discard, &xecm.DownloadToOptions{SHA256: "zz"})
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	_, err = c.Documents.Download(context.Background(), 1, &xecm.DownloadOptions{Offset: -1})
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	assert.ErrorIs(t, c.Documents.Versions().Purge(context.Background(), 1, 0), xecm.ErrInvalidArgument)
	assert.ErrorIs(t, c.Documents.Versions().Lock(context.Background(), 1, 0), xecm.ErrInvalidArgument)
	assert.False(t, errors.Is(nil, xecm.ErrInvalidArgument))
}

// A typed nil reader is bad input: an error before any request, not a
// panic (in a body-writing goroutine, one that would end the program).
func TestUploadTypedNilContentIsAnError(t *testing.T) {
	c, _ := newMockClient(t, xecm.WithTicket("t")) // any request fails the test
	var r *bytes.Reader
	for _, size := range []int64{0, 10} {
		_, err := c.Documents.Upload(t.Context(), xecm.DocumentUploadRequest{ParentID: 2000, Name: "n.bin", Content: r, Size: size})
		require.ErrorIs(t, err, xecm.ErrInvalidArgument)
		assert.Contains(t, err.Error(), "Content")
		_, err = c.Documents.Versions().Add(t.Context(), 2001, xecm.VersionAddRequest{FileName: "n.bin", Content: r, Size: size})
		require.ErrorIs(t, err, xecm.ErrInvalidArgument)
	}
}

// Record details without a classification, or a classification ID that
// is not one, fail before any request, naming the field.
func TestUploadRecordDetailsNeedAClassification(t *testing.T) {
	c, _ := newMockClient(t, xecm.WithTicket("t"))
	for name, r := range map[string]xecm.DocumentUploadRequest{
		"details alone": {RecordDetails: &xecm.RecordDetailsUpdate{Status: xecm.Ptr("ACTIVE")}},
		"negative id":   {RMClassificationID: -4},
	} {
		t.Run(name, func(t *testing.T) {
			r.ParentID, r.Name, r.Content = 2000, "a.txt", strings.NewReader("x")
			_, err := c.Documents.Upload(t.Context(), r)
			require.ErrorIs(t, err, xecm.ErrInvalidArgument)
			assert.ErrorContains(t, err, "RMClassificationID")
		})
	}
}

// The digest is computed on request only: by default an upload sends at
// full speed and reports its size, in one request or through large-file
// parts; asked for, the digest covers the bytes sent either way.
func TestUploadDigestOnRequest(t *testing.T) {
	for _, threshold := range []int64{-1, 1} {
		f := newFakeDocs(t)
		c := f.client(t, xecm.WithLargeFileThreshold(threshold))
		content := testContent(300_000)
		res, err := c.Documents.Upload(t.Context(), xecm.DocumentUploadRequest{ParentID: 2000, Name: "a.txt", Content: bytes.NewReader(content)})
		require.NoError(t, err)
		assert.Empty(t, res.SHA256, "threshold %d", threshold)
		assert.Equal(t, int64(len(content)), res.Size)

		res, err = c.Documents.Upload(t.Context(), xecm.DocumentUploadRequest{ParentID: 2000, Name: "b.txt", Content: bytes.NewReader(content), ComputeSHA256: true})
		require.NoError(t, err)
		assert.Equal(t, sha(content), res.SHA256, "threshold %d", threshold)
		assert.Equal(t, threshold > 0, res.LargeFile)
	}
}
