// Command xecmbench measures the SDK's transfer paths against plain
// net/http doing the same work, on loopback, in one run:
//
//   - upload and download of -size bytes (default 1 GiB): throughput of the
//     SDK as a ratio to plain net/http (goal >= 1.0), with the digest on
//     against plain net/http hashing the same bytes (goal >= 1.0), and the
//     heap growth during each transfer (goal <= 16 MiB, flat in the size);
//   - browse: listing the 2,000 children of a folder with limit 100 and
//     500, against plain net/http + encoding/json (goal >= 0.95) and, when
//     Node and the conformance program's cs-rest are installed (-csrest),
//     against the Node client @kweli/cs-rest (goal >= 1.5); it says when it
//     skipped cs-rest, and why. It runs twice, reported apart: against the
//     simulator (xecmtest) in process, and against a replay of the
//     simulator's answers, recorded once and served from memory, which
//     takes the simulator's rendering out of the shared CPU (browse.go);
//   - a small node Get: time and allocations per call as a ratio to plain
//     net/http + encoding/json (goal <= 1.10).
//
// For the transfers and the Get, both sides talk to the same in-process
// sink server, which speaks just enough of the REST API and discards or
// generates content, so that the figures measure the clients and not a
// server. It prints the machine and the ratios; it asserts nothing.
//
//	go run ./cmd/xecmbench [-size 1073741824] [-calls 5000] [-listings 20] [-only browse,get]
package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/xecm-go/xecm"
)

func main() {
	size := flag.Int64("size", 1<<30, "bytes to upload and download")
	calls := flag.Int("calls", 5000, "small Get calls per client")
	listings := flag.Int("listings", 20, "listings of the 2,000 children per client and round")
	only := flag.String("only", "upload,download,browse,get", "workloads to run")
	flag.IntVar(&rounds, "rounds", 3, "rounds of each measurement, alternating clients; the best time counts")
	flag.StringVar(&csrestDir, "csrest", csrestDir, "folder where the conformance program installs @kweli/cs-rest")
	flag.Parse()
	workloads = map[string]bool{}
	for _, w := range strings.Split(*only, ",") {
		workloads[strings.TrimSpace(w)] = true
	}
	if err := run(*size, *calls, *listings); err != nil {
		log.Fatal(err)
	}
}

// patternReader yields n bytes of a fixed pattern without allocating.
type patternReader struct{ left int64 }

var pattern = []byte(strings.Repeat("xecm-bench-0123456789abcdef\n", 2341))

func (p *patternReader) Read(b []byte) (int, error) {
	if p.left <= 0 {
		return 0, io.EOF
	}
	n := int64(0)
	for n < int64(len(b)) && n < p.left {
		n += int64(copy(b[n:min(int64(len(b)), p.left)], pattern))
	}
	p.left -= n
	return int(n), nil
}

const nodeJSON = `{"links":{"data":{"self":{"body":"","content_type":"","href":"/api/v2/nodes/12345","method":"GET","name":""}}},` +
	`"results":{"data":{"properties":{"id":12345,"name":"Contract 2025-001.pdf","type":144,"type_name":"Document","parent_id":2000,` +
	`"volume_id":-2000,"description":"","create_date":"2025-01-19T06:57:04Z","create_user_id":1000,"modify_date":"2025-01-19T06:57:04Z",` +
	`"modify_user_id":1000,"owner_user_id":1000,"owner_group_id":1001,"reserved":false,"reserved_user_id":0,"container":false,` +
	`"container_size":0,"size":734003,"mime_type":"application/pdf","hidden":false,"versionable":true,"advanced_versioning":false}}}}`

// sink is the server both clients talk to.
func sink(size int64) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		switch {
		case r.Method == http.MethodPost && strings.HasSuffix(p, "/api/v2/nodes"):
			_, _ = io.Copy(io.Discard, r.Body)
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"results":{"data":{"properties":{"id":12345,"type":144}}}}`)
		case strings.HasSuffix(p, "/versions/1"):
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"results":{"data":{"versions":{"version_number":1,"file_size":%d,"file_name":"big.bin"}}}}`, size)
		case strings.HasSuffix(p, "/versions/latest"):
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"data":{"version_number":1,"file_size":%d,"file_name":"big.bin"}}`, size)
		case strings.HasSuffix(p, "/content"):
			w.Header().Set("Content-Type", "application/octet-stream")
			w.Header().Set("Content-Length", strconv.FormatInt(size, 10))
			_, _ = io.Copy(w, &patternReader{left: size})
		case r.Method == http.MethodGet:
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, nodeJSON)
		default:
			http.Error(w, "no", http.StatusNotFound)
		}
	}))
}

// heapWatch samples the live heap while a transfer runs and reports the
// peak growth over the level at the start.
type heapWatch struct {
	base, peak atomic.Uint64
	stop       chan struct{}
	wg         sync.WaitGroup
}

const heapMetric = "/memory/classes/heap/objects:bytes"

func heapNow() uint64 {
	s := []metrics.Sample{{Name: heapMetric}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

func watchHeap() *heapWatch {
	runtime.GC()
	h := &heapWatch{stop: make(chan struct{})}
	h.base.Store(heapNow())
	h.wg.Add(1)
	go func() {
		defer h.wg.Done()
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-h.stop:
				return
			case <-t.C:
				if v := heapNow(); v > h.peak.Load() {
					h.peak.Store(v)
				}
			}
		}
	}()
	return h
}

// growth stops the watch and returns the peak growth in bytes.
func (h *heapWatch) growth() int64 {
	close(h.stop)
	h.wg.Wait()
	return int64(h.peak.Load()) - int64(h.base.Load())
}

type result struct {
	elapsed time.Duration
	heap    int64
}

var (
	rounds    = 3
	workloads map[string]bool
)

// measure runs f once per round and keeps the best time and the largest
// heap growth seen. Rounds of the SDK and of plain net/http alternate
// (see run), so that neither profits from a quieter moment.
func measure(f func() error) (result, error) {
	h := watchHeap()
	start := time.Now()
	err := f()
	el := time.Since(start)
	return result{el, h.growth()}, err
}

func best(a, b result) result {
	if b.elapsed < a.elapsed || a.elapsed == 0 {
		a.elapsed = b.elapsed
	}
	a.heap = max(a.heap, b.heap)
	return a
}

// alternate measures each function once per round, in turn.
func alternate(fs ...func() error) ([]result, error) {
	out := make([]result, len(fs))
	for range max(rounds, 1) {
		for i, f := range fs {
			r, err := measure(f)
			if err != nil {
				return nil, err
			}
			out[i] = best(out[i], r)
		}
	}
	return out, nil
}

func run(size int64, calls, listings int) error {
	ctx := context.Background()
	srv := sink(size)
	defer srv.Close()
	base := srv.URL + "/otcs/cs.exe"
	newTransport := func() *http.Transport {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.MaxIdleConnsPerHost = 32
		return t
	}
	c, err := xecm.NewClient(base, xecm.WithTicket("bench"), xecm.WithTransport(newTransport()), xecm.WithLargeFileThreshold(-1))
	if err != nil {
		return err
	}
	plain := &http.Client{Transport: newTransport()}

	printMachine()
	fmt.Printf("transfer size: %d MiB, best of %d rounds; small Get: %d calls per round; browse: %d listings per round\n\n",
		size>>20, rounds, calls, listings)
	if workloads["upload"] {
		if err := uploads(ctx, c, plain, base, size); err != nil {
			return err
		}
	}
	if workloads["download"] {
		if err := downloads(ctx, c, plain, base, size); err != nil {
			return err
		}
	}
	if workloads["browse"] {
		if err := browse(ctx, newTransport, listings); err != nil {
			return err
		}
		fmt.Println()
	}
	if workloads["get"] {
		return smallGet(ctx, c, plain, base, calls)
	}
	return nil
}

func uploads(ctx context.Context, c *xecm.Client, plain *http.Client, base string, size int64) error {
	up, err := alternate(
		func() error { return plainUpload(ctx, plain, base, size) },
		func() error {
			return plainUploadWith(ctx, plain, base, io.TeeReader(&patternReader{left: size}, sha256.New()))
		},
		func() error {
			_, err := c.Documents.Upload(ctx, xecm.DocumentUploadRequest{ParentID: 2000, Name: "big.bin", Content: &patternReader{left: size}, Size: size})
			return err
		},
		func() error {
			_, err := c.Documents.Upload(ctx, xecm.DocumentUploadRequest{ParentID: 2000, Name: "big.bin", Content: &patternReader{left: size}, Size: size,
				ComputeSHA256: true})
			return err
		})
	if err != nil {
		return fmt.Errorf("upload: %w", err)
	}
	report("upload", size, up[0], up[2])
	reportHashed("upload", size, up[1], up[3])
	return nil
}

func downloads(ctx context.Context, c *xecm.Client, plain *http.Client, base string, size int64) error {
	contentURL := base + "/api/v2/nodes/12345/versions/1/content"
	down, err := alternate(
		func() error { return plainDownload(ctx, plain, contentURL) },
		func() error { return plainDownloadTo(ctx, plain, contentURL, sha256.New()) },
		func() error {
			_, err := c.Documents.DownloadTo(ctx, 12345, io.Discard, &xecm.DownloadToOptions{Version: 1})
			return err
		},
		func() error {
			_, err := c.Documents.DownloadTo(ctx, 12345, io.Discard, &xecm.DownloadToOptions{Version: 1, ComputeSHA256: true})
			return err
		})
	if err != nil {
		return fmt.Errorf("download: %w", err)
	}
	report("download", size, down[0], down[2])
	reportHashed("download", size, down[1], down[3])
	fmt.Println()
	return nil
}

func smallGet(ctx context.Context, c *xecm.Client, plain *http.Client, base string, calls int) error {
	// Small Get: rounds alternate between the clients, and each keeps its
	// best round, as the transfers do, so that neither profits from a
	// quieter moment of a shared machine.
	var plainT, sdkT time.Duration
	var plainA, sdkA float64
	for range max(rounds, 1) {
		t, a, err := perCall(calls, func() error { return plainGet(ctx, plain, base+"/api/v2/nodes/12345") })
		if err != nil {
			return fmt.Errorf("plain get: %w", err)
		}
		if plainT == 0 || t < plainT {
			plainT, plainA = t, a
		}
		t, a, err = perCall(calls, func() error { _, err := c.Nodes.Get(ctx, 12345, nil); return err })
		if err != nil {
			return fmt.Errorf("SDK get: %w", err)
		}
		if sdkT == 0 || t < sdkT {
			sdkT, sdkA = t, a
		}
	}
	fmt.Printf("small Get:  plain %8s/call %6.0f allocs/call | SDK %8s/call %6.0f allocs/call | time ratio %.2f (goal <= 1.10), alloc ratio %.2f (goal <= 1.10)\n",
		plainT.Round(100*time.Nanosecond), plainA, sdkT.Round(100*time.Nanosecond), sdkA, float64(sdkT)/float64(plainT), sdkA/plainA)
	return nil
}

func report(what string, size int64, plain, sdk result) {
	tp := func(r result) float64 { return float64(size) / (1 << 20) / r.elapsed.Seconds() }
	fmt.Printf("%-9s plain %7.0f MiB/s heap +%5.1f MiB | SDK %7.0f MiB/s heap +%5.1f MiB | throughput ratio %.2f (goal >= 1.0), SDK heap goal <= 16 MiB\n",
		what+":", tp(plain), float64(plain.heap)/(1<<20), tp(sdk), float64(sdk.heap)/(1<<20), tp(sdk)/tp(plain))
}

// reportHashed compares the SDK with its digest on (ComputeSHA256) with
// plain net/http that hashes the same bytes.
func reportHashed(what string, size int64, plain, sdk result) {
	tp := func(r result) float64 { return float64(size) / (1 << 20) / r.elapsed.Seconds() }
	fmt.Printf("%-9s plain+SHA-256 %7.0f MiB/s | SDK+SHA-256 %7.0f MiB/s | throughput ratio %.2f (goal >= 1.0)\n", what+":", tp(plain), tp(sdk), tp(sdk)/tp(plain))
}

// plainUpload is what a careful hand-written client does: the same
// streamed multipart body through io.Pipe, with a known length.
func plainUpload(ctx context.Context, hc *http.Client, base string, size int64) error {
	return plainUploadWith(ctx, hc, base, &patternReader{left: size})
}

func plainUploadWith(ctx context.Context, hc *http.Client, base string, content io.Reader) error {
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		_ = mw.WriteField("body", `{"type":144,"parent_id":2000,"name":"big.bin"}`)
		fw, err := mw.CreateFormFile("file", "big.bin")
		if err == nil {
			_, err = io.Copy(fw, content)
		}
		if err == nil {
			err = mw.Close()
		}
		pw.CloseWithError(err)
	}()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/v2/nodes", pr)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("OTCSTicket", "bench")
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return nil
}

func plainDownload(ctx context.Context, hc *http.Client, u string) error {
	return plainDownloadTo(ctx, hc, u, io.Discard)
}

func plainDownloadTo(ctx context.Context, hc *http.Client, u string, w io.Writer) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	req.Header.Set("OTCSTicket", "bench")
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, err = io.Copy(w, resp.Body)
	return err
}

func plainGet(ctx context.Context, hc *http.Client, u string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	req.Header.Set("OTCSTicket", "bench")
	req.Header.Set("Accept", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	// The same properties the SDK's Node decodes, with the same JSON names
	// and standard types (time.Time for dates), as a hand-written client
	// would declare them.
	var env struct {
		Results struct {
			Data struct {
				Properties plainProps `json:"properties"`
			} `json:"data"`
		} `json:"results"`
	}
	return json.NewDecoder(resp.Body).Decode(&env)
}

// perCall runs f n times (after a warm-up) and returns time and
// allocations per call.
func perCall(n int, f func() error) (time.Duration, float64, error) {
	return perRun(100, n, f)
}

// perRun runs f warm times, then n times measured, and returns time and
// allocations per run.
func perRun(warm, n int, f func() error) (time.Duration, float64, error) {
	for range warm {
		if err := f(); err != nil {
			return 0, 0, err
		}
	}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	for range n {
		if err := f(); err != nil {
			return 0, 0, err
		}
	}
	el := time.Since(start)
	runtime.ReadMemStats(&after)
	return el / time.Duration(n), float64(after.Mallocs-before.Mallocs) / float64(n), nil
}

func printMachine() {
	model := "unknown CPU"
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
				model = strings.TrimSpace(v)
				break
			}
		}
		f.Close()
	}
	fmt.Printf("machine: %s, %d CPUs (GOMAXPROCS %d), %s/%s, %s\n", model, runtime.NumCPU(), runtime.GOMAXPROCS(0), runtime.GOOS, runtime.GOARCH, runtime.Version())
}
