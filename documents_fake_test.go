package xecm_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/internal/specroutes"
)

// fakeDocs is a small in-test Content Server for the upload and download
// paths: it logs in, creates documents from multipart or upload_key
// requests, runs large-file sessions and serves content with Range. Hooks
// inject failures. It checks every request against the vendor spec table.
type fakeDocs struct {
	t  *testing.T
	ts *httptest.Server

	mu       sync.Mutex
	logins   int
	calls    []string         // "METHOD /path" of every API request
	uploads  [][]byte         // file contents received by POST v2/nodes, per attempt
	parts    map[int][][]byte // large-file parts received, per part number, per attempt
	sessions map[string]bool  // open sessions
	canceled []string         // sessions cancelled with DELETE
	content  map[int64][]byte // stored documents
	nextID   int64
	partSize int64

	// hooks, each may answer instead of the normal handler (return true).
	onUpload func(w http.ResponseWriter, r *http.Request, attempt int) bool
	onPart   func(w http.ResponseWriter, r *http.Request, part, attempt int) bool
	onGet    func(w http.ResponseWriter, r *http.Request, attempt int) bool
	gets     int
}

func newFakeDocs(t *testing.T) *fakeDocs {
	f := &fakeDocs{t: t, parts: map[int][][]byte{}, sessions: map[string]bool{}, content: map[int64][]byte{}, nextID: 5000, partSize: 1 << 20}
	f.ts = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.ts.Close)
	return f
}

func (f *fakeDocs) url() string { return f.ts.URL + "/otcs/cs.exe" }

func (f *fakeDocs) client(t *testing.T, opts ...xecm.Option) *xecm.Client {
	all := append([]xecm.Option{xecm.WithPassword("Admin", "s3cret"), xecm.WithRetryPolicy(fastRetries)}, opts...)
	c, err := xecm.NewClient(f.url(), all...)
	require.NoError(t, err)
	return c
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func (f *fakeDocs) serve(w http.ResponseWriter, r *http.Request) {
	path := strings.TrimPrefix(r.URL.Path, "/otcs/cs.exe/api")
	if _, ok := specroutes.Match(r.Method, path); !ok {
		f.t.Errorf("request not in the vendor specs: %s %s", r.Method, path)
	}
	f.mu.Lock()
	f.calls = append(f.calls, r.Method+" "+path)
	f.mu.Unlock()
	if path == "/v1/auth" && r.Method == http.MethodPost {
		f.mu.Lock()
		f.logins++
		n := f.logins
		f.mu.Unlock()
		writeJSON(w, 200, map[string]string{"ticket": "t" + strconv.Itoa(n)})
		return
	}
	if r.Header.Get("OTCSTicket") == "" {
		writeJSON(w, 401, map[string]string{"error": "Authentication Required"})
		return
	}
	segs := strings.Split(strings.Trim(path, "/"), "/")
	switch {
	case r.Method == http.MethodPost && path == "/v2/nodes":
		f.createNode(w, r)
	case r.Method == http.MethodGet && path == "/v2/multipart/settings":
		writeJSON(w, 200, map[string]any{"results": map[string]any{"data": map[string]any{"is_enabled": true, "min_size": 1 << 20, "max_size": 1 << 40}}})
	case r.Method == http.MethodPost && path == "/v2/multipart":
		size, _ := strconv.ParseInt(r.FormValue("file_size"), 10, 64)
		f.mu.Lock()
		key := "key" + strconv.Itoa(len(f.sessions)+1)
		f.sessions[key] = true
		ps := f.partSize
		f.mu.Unlock()
		writeJSON(w, 200, map[string]any{"results": map[string]any{"upload_key": key, "num_parts": (size + ps - 1) / ps, "part_size": ps, "max_retries": 3}})
	case len(segs) == 4 && segs[1] == "multipart" && r.Method == http.MethodPost:
		part, _ := strconv.Atoi(segs[3])
		f.mu.Lock()
		attempt := len(f.parts[part]) + 1
		f.parts[part] = append(f.parts[part], nil)
		f.mu.Unlock()
		if f.onPart != nil && f.onPart(w, r, part, attempt) {
			return
		}
		file, _, err := r.FormFile("part_content")
		if err != nil {
			writeJSON(w, 400, map[string]string{"error": err.Error()})
			return
		}
		b, _ := io.ReadAll(file)
		f.mu.Lock()
		f.parts[part][attempt-1] = b
		f.mu.Unlock()
		writeJSON(w, 200, map[string]any{"results": map[string]any{}})
	case len(segs) == 3 && segs[1] == "multipart" && r.Method == http.MethodPost:
		writeJSON(w, 200, map[string]any{"results": map[string]any{}})
	case len(segs) == 3 && segs[1] == "multipart" && r.Method == http.MethodDelete:
		f.mu.Lock()
		f.canceled = append(f.canceled, segs[2])
		delete(f.sessions, segs[2])
		f.mu.Unlock()
		writeJSON(w, 200, map[string]any{"results": map[string]any{}})
	case r.Method == http.MethodGet && len(segs) == 5 && segs[4] == "latest":
		id, _ := strconv.ParseInt(segs[2], 10, 64)
		f.mu.Lock()
		c, ok := f.content[id]
		f.mu.Unlock()
		if !ok {
			writeJSON(w, 400, map[string]string{"error": "Sorry, the item you requested could not be accessed."})
			return
		}
		writeJSON(w, 200, map[string]any{"data": map[string]any{"version_number": 1, "file_size": len(c), "file_name": "doc.bin", "mime_type": "application/octet-stream"}})
	case r.Method == http.MethodGet && segs[len(segs)-1] == "content":
		f.serveContent(w, r, segs)
	default:
		writeJSON(w, 400, map[string]string{"error": "The REST API URL could not be found in the mappings registry."})
	}
}

func (f *fakeDocs) createNode(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.uploads = append(f.uploads, nil)
	attempt := len(f.uploads)
	f.mu.Unlock()
	if f.onUpload != nil && f.onUpload(w, r, attempt) {
		return
	}
	var content []byte
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		mr, err := r.MultipartReader()
		require.NoError(f.t, err)
		for {
			p, err := mr.NextPart()
			if err == io.EOF {
				break
			}
			if err != nil {
				writeJSON(w, 400, map[string]string{"error": err.Error()})
				return
			}
			b, _ := io.ReadAll(p)
			if p.FormName() == "file" {
				content = b
			}
		}
	} else {
		var body map[string]any
		_ = json.Unmarshal([]byte(r.FormValue("body")), &body)
		key, _ := body["upload_key"].(string)
		f.mu.Lock()
		for i := 1; i <= len(f.parts); i++ {
			as := f.parts[i]
			for j := len(as) - 1; j >= 0; j-- {
				if as[j] != nil {
					content = append(content, as[j]...)
					break
				}
			}
		}
		f.mu.Unlock()
		if key == "" {
			writeJSON(w, 400, map[string]string{"error": "Missing required parameter 'File'"})
			return
		}
	}
	f.mu.Lock()
	f.uploads[attempt-1] = content
	f.nextID++
	id := f.nextID
	f.content[id] = content
	f.mu.Unlock()
	writeJSON(w, 200, map[string]any{"results": map[string]any{"data": map[string]any{"properties": map[string]any{"id": id, "type": 144, "size": len(content)}}}})
}

func (f *fakeDocs) serveContent(w http.ResponseWriter, r *http.Request, segs []string) {
	id, _ := strconv.ParseInt(segs[2], 10, 64)
	f.mu.Lock()
	c, ok := f.content[id]
	f.gets++
	attempt := f.gets
	f.mu.Unlock()
	if !ok {
		writeJSON(w, 400, map[string]string{"error": "Sorry, the item you requested could not be accessed."})
		return
	}
	if f.onGet != nil && f.onGet(w, r, attempt) {
		return
	}
	http.ServeContent(w, r, "doc.bin", zeroTime, bytes.NewReader(c))
}

// dropAfter writes the response head and n bytes of content, then cuts the
// connection, as a network failure mid-body would.
func dropAfter(w http.ResponseWriter, r *http.Request, content []byte, n int) {
	start := int64(0)
	if rng := r.Header.Get("Range"); rng != "" {
		fmt.Sscanf(rng, "bytes=%d-", &start)
	}
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic("no hijacker")
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		panic(err)
	}
	defer conn.Close()
	rest := content[start:]
	status := "200 OK"
	extra := ""
	if start > 0 {
		status = "206 Partial Content"
		extra = fmt.Sprintf("Content-Range: bytes %d-%d/%d\r\n", start, len(content)-1, len(content))
	}
	fmt.Fprintf(buf, "HTTP/1.1 %s\r\nContent-Type: application/octet-stream\r\nContent-Length: %d\r\n%s\r\n", status, len(rest), extra)
	buf.Write(rest[:min(n, len(rest))])
	buf.Flush()
}

var zeroTime time.Time

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
