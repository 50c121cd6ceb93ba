package portal

import (
	"hash/crc32"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"runtime"
	"runtime/metrics"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const gib = 1 << 30

// pattern is a 1 MiB block of random bytes; byte i of generated content is
// pattern[i % len(pattern)], so any offset can be generated without
// holding the content.
var pattern = func() []byte {
	b := make([]byte, 1<<20)
	r := rand.NewChaCha8([32]byte{7})
	_, _ = r.Read(b)
	return b
}()

type patternReader struct{ off, end int64 }

func (p *patternReader) Read(b []byte) (int, error) {
	if p.off >= p.end {
		return 0, io.EOF
	}
	b = b[:min(int64(len(b)), p.end-p.off)]
	n := 0
	for n < len(b) {
		n += copy(b[n:], pattern[(p.off+int64(n))%int64(len(pattern)):])
	}
	p.off += int64(n)
	return n, nil
}

// addGenerated adds a published document of the given size whose content
// is generated.
func addGenerated(f *fakeSource, id int64, size int64) {
	f.addDoc(id, 10, "big.bin", "application/octet-stream", "Approved")
	f.mu.Lock()
	f.nodes[id].versions = []fakeVersion{{
		info:      VersionInfo{Number: 1, FileName: "big.bin", MimeType: "application/octet-stream", Size: size, Created: t0},
		generated: func(offset int64) io.Reader { return &patternReader{off: offset, end: size} },
	}}
	f.mu.Unlock()
	f.approveVersions(id, 1)
}

// heapSampler reads live heap bytes cheaply, keeping the peak.
type heapSampler struct {
	sample []metrics.Sample
	peak   uint64
}

func newHeapSampler() *heapSampler {
	runtime.GC()
	s := &heapSampler{sample: []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}}
	return s
}

func (s *heapSampler) read() uint64 {
	metrics.Read(s.sample)
	v := s.sample[0].Value.Uint64()
	s.peak = max(s.peak, v)
	return v
}

// measuringSink discards what it reads, with a CRC of it, sampling the heap
// every few MiB.
type measuringSink struct {
	heap  *heapSampler
	crc   uint32
	n     int64
	since int64
}

func (m *measuringSink) Write(p []byte) (int, error) {
	m.crc = crc32.Update(m.crc, crc32.IEEETable, p)
	m.n += int64(len(p))
	if m.since += int64(len(p)); m.since >= 16<<20 {
		m.since = 0
		m.heap.read()
	}
	return len(p), nil
}

func expectedCRC(offset, end int64) uint32 {
	sink := &measuringSink{heap: &heapSampler{sample: []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}}}
	_, _ = io.Copy(sink, &patternReader{off: offset, end: end})
	return sink.crc
}

// A 1 GiB document streams through the handler, over real HTTP, with the
// heap staying flat; so does a range near its end from a source that cannot
// seek (the handler skips).
func TestOneGiBStreamsWithFlatMemory(t *testing.T) {
	src := fixture()
	addGenerated(src, 150, gib)
	h, _ := newTestHandler(t, src, func(c *Config) { c.Policy.MIMETypes = []string{"*/*"} })
	srv := httptest.NewServer(h)
	defer srv.Close()

	for _, c := range []struct {
		name    string
		noRange bool
		rng     string
		from    int64
	}{
		{"whole", false, "", 0},
		{"range from a source without ranges", true, "bytes=" + strconv.Itoa(gib-1000) + "-", gib - 1000},
	} {
		t.Run(c.name, func(t *testing.T) {
			src.mu.Lock()
			src.noRange = c.noRange
			src.mu.Unlock()
			want := expectedCRC(c.from, gib)

			heap := newHeapSampler()
			base := heap.read()
			req, err := http.NewRequestWithContext(t.Context(), "GET", srv.URL+"/documents/150", nil)
			require.NoError(t, err)
			if c.rng != "" {
				req.Header.Set("Range", c.rng)
			}
			resp, err := srv.Client().Do(req)
			require.NoError(t, err)
			defer resp.Body.Close()
			assert.Equal(t, strconv.FormatInt(gib-c.from, 10), resp.Header.Get("Content-Length"))
			sink := &measuringSink{heap: heap}
			n, err := io.Copy(sink, resp.Body)
			require.NoError(t, err)
			heap.read()

			assert.EqualValues(t, gib-c.from, n)
			assert.Equal(t, want, sink.crc, "the bytes are the document's")
			growth := int64(heap.peak) - int64(base)
			t.Logf("heap: base %d MiB, peak %d MiB", base>>20, heap.peak>>20)
			assert.Less(t, growth, int64(32<<20), "heap grew by %d MiB", growth>>20)
		})
	}
}
