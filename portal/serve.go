package portal

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"time"
)

// delivery is the outcome of serving a version, for the access log.
type delivery struct {
	status int
	bytes  int64 // content bytes written
	ranged bool
	// broken: the content stream failed after the headers were sent. The
	// caller aborts the response (abortBroken), so that the reader sees
	// a failed transfer, never a complete-looking short one.
	broken bool
}

// abortBroken aborts the response of a broken delivery. Without a
// Content-Length (or over HTTP/2) a handler that just returns would end
// the body cleanly and the reader would take the truncated content for
// the whole; http.ErrAbortHandler makes the server drop the connection
// (or reset the stream) instead.
func abortBroken(d delivery) {
	if d.broken {
		panic(http.ErrAbortHandler)
	}
}

// etag is the strong validator of a version: it changes with the version
// and, when the digest is known, with the content itself. The digest is
// 64 lower-case hex digits or empty (checkDigests).
func etag(doc *DocumentInfo, v *VersionInfo) string {
	tag := "d" + strconv.FormatInt(doc.ID, 10) + "-v" + strconv.Itoa(v.Number)
	if v.SHA256 != "" {
		tag += "-" + v.SHA256
	}
	return `"` + tag + `"`
}

// lastModified is when the version was added, else when the document
// last changed; zero if neither is known.
func lastModified(doc *DocumentInfo, v *VersionInfo) time.Time {
	t := v.Created
	if t.IsZero() {
		t = doc.Modified
	}
	return t.UTC().Truncate(time.Second)
}

// readerCacheControl is the Cache-Control of every answer with content
// or a listing. Each is for one reader only: direct access for those the
// intranet's login let in, a link for its partner (PartnerOf) until its
// expiry. "private" keeps shared caches (RFC 9111 §5.2.2.7), such as a
// proxy in front of the login, from storing it at all: "no-cache" alone
// lets them keep a copy and reuse it for other readers after a
// revalidation that need not carry those readers' credentials, nor pass
// PartnerOf. "no-cache" has the reader's own cache revalidate every time
// (cheap with the ETag), so that a document withdrawn from the policy
// stops being served at once. Errors are "no-store" (writeError).
const readerCacheControl = "private, no-cache"

// unknownLength is the length of content whose size is not known.
const unknownLength = -1

// serveVersion answers GET or HEAD for a published version: preconditions
// (304, 412), one byte range, and the content streamed from the Source.
// The content is opened only once the answer is known to carry it, and
// before any header is written, so that an upstream failure is still a
// clean 502. A version of unknown size is sent whole, without ranges and
// without a Content-Length unless the Source reports the total.
//
// It is not http.ServeContent, which needs an io.ReadSeeker of known size,
// reads (so opens the upstream) only after writing the status, serves
// several ranges by seeking (an upstream request each) and answers errors
// in plain text.
func (h *Handler) serveVersion(w http.ResponseWriter, r *http.Request, pub *published) delivery {
	doc, v := pub.doc, pub.version
	sized := v.Size >= 0
	val := validators{etag: etag(doc, v), modified: lastModified(doc, v), dateStrong: pub.dateStrong, unpinned: pub.unpinned}
	if now := h.now().UTC().Truncate(time.Second); val.modified.After(now) {
		// A date ahead of this clock (the ECM server's runs fast) is
		// replaced by now (RFC 9110 §8.8.2.1), which names no version.
		val.modified, val.dateStrong = now, false
	}
	hdr := w.Header()
	hdr.Set("ETag", val.etag)
	if !val.modified.IsZero() {
		hdr.Set("Last-Modified", val.modified.Format(http.TimeFormat))
	}
	hdr.Set("Cache-Control", readerCacheControl)
	if sized {
		hdr.Set("Accept-Ranges", "bytes")
	} else {
		hdr.Set("Accept-Ranges", "none") // a range needs the length
	}

	switch val.evaluate(r) {
	case notModified:
		w.WriteHeader(http.StatusNotModified)
		return delivery{status: http.StatusNotModified}
	case preconFailed:
		writeError(w, http.StatusPreconditionFailed, "precondition_failed", "the document is not in the state the request requires")
		return delivery{status: http.StatusPreconditionFailed}
	}

	status, rng := http.StatusOK, byteRange{start: 0, length: v.Size}
	if !sized {
		rng.length = unknownLength
	} else if h := r.Header.Get("Range"); h != "" && val.rangeApplies(r) {
		switch got, verdict := parseRange(h, v.Size); verdict {
		case rangeOne:
			status, rng = http.StatusPartialContent, got
		case rangeUnsatisfiable:
			hdr.Set("Content-Range", "bytes */"+strconv.FormatInt(v.Size, 10))
			writeError(w, http.StatusRequestedRangeNotSatisfiable, "range_not_satisfiable", "the requested range is not satisfiable")
			return delivery{status: http.StatusRequestedRangeNotSatisfiable}
		}
	}

	var body io.ReadCloser
	if r.Method != http.MethodHead && rng.length != 0 {
		c, err := h.open(r.Context(), doc.ID, v, rng)
		if err != nil {
			st := h.upstreamFailure(w, r, err, "opening content", doc.ID, v.Number)
			return delivery{status: st}
		}
		body = c.Body
		defer body.Close()
		if !sized && c.Total > 0 {
			rng.length = c.Total // learnt from the content itself
		}
	}

	hdr.Set("Content-Type", v.MimeType)
	if rng.length >= 0 {
		hdr.Set("Content-Length", strconv.FormatInt(rng.length, 10))
	}
	hdr.Set("Content-Disposition", disposition(r, doc, v))
	hdr.Set("X-Content-Type-Options", "nosniff")
	// Published HTML or SVG must not run script in the portal's origin.
	hdr.Set("Content-Security-Policy", "sandbox")
	if status == http.StatusPartialContent {
		hdr.Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", rng.start, rng.start+rng.length-1, v.Size))
	}
	w.WriteHeader(status)
	d := delivery{status: status, ranged: status == http.StatusPartialContent}
	if body == nil {
		return d
	}
	var err error
	if rng.length >= 0 {
		d.bytes, err = io.CopyN(w, body, rng.length)
	} else {
		d.bytes, err = io.Copy(w, body)
	}
	if err != nil && r.Context().Err() == nil {
		// Too late for a status: the response is aborted.
		h.log.Warn("portal: content stream ended early", "document", doc.ID, "version", v.Number,
			"sent", d.bytes, "want", rng.length, "error", err)
		d.broken = true
	}
	return d
}

// open starts the content of rng (of unknown length: to the end),
// skipping what a Source without range support sends before it, and
// refuses content whose total length contradicts the version's size.
func (h *Handler) open(ctx context.Context, id int64, v *VersionInfo, rng byteRange) (*Content, error) {
	c, err := h.src.Open(ctx, id, v.Number, rng.start, max(rng.length, 0))
	if err != nil {
		return nil, err
	}
	if c == nil || c.Body == nil {
		return nil, errors.New("source returned no content")
	}
	fail := func(format string, args ...any) (*Content, error) {
		c.Body.Close()
		return nil, fmt.Errorf(format, args...)
	}
	switch {
	case c.Total > 0 && v.Size >= 0 && c.Total != v.Size:
		return fail("source content is %d bytes, the version's size is %d", c.Total, v.Size)
	case c.Offset < 0 || c.Offset > rng.start:
		return fail("source started at byte %d, not at or before the %d asked for", c.Offset, rng.start)
	case c.Offset < rng.start:
		if _, err := io.CopyN(io.Discard, c.Body, rng.start-c.Offset); err != nil {
			return fail("skipping to byte %d: %w", rng.start, err)
		}
	}
	return c, nil
}

// disposition is the Content-Disposition of a version: inline, or an
// attachment when the reader asks with ?download.
func disposition(r *http.Request, doc *DocumentInfo, v *VersionInfo) string {
	kind := "inline"
	if r.URL.Query().Has("download") {
		kind = "attachment"
	}
	name := v.FileName
	if name == "" {
		name = doc.Name
	}
	if s := mime.FormatMediaType(kind, map[string]string{"filename": name}); s != "" {
		return s
	}
	return kind
}

// upstreamFailure answers an error of the Source: 404 for a not-found,
// else 502, logging the cause. The reader never sees the cause: it may
// hold the server's error text, paths or IDs of things it may not see.
func (h *Handler) upstreamFailure(w http.ResponseWriter, r *http.Request, err error, what string, id int64, version int) int {
	if isNotFound(err) {
		writeError(w, http.StatusNotFound, "not_found", "not found")
		return http.StatusNotFound
	}
	if r.Context().Err() != nil {
		return 499 // the reader went away; nobody reads this answer
	}
	h.log.Error("portal: upstream failure", "op", what, "document", id, "version", version, "error", err)
	writeError(w, http.StatusBadGateway, "upstream_unavailable", "the document store is unavailable, try again later")
	return http.StatusBadGateway
}

// allowRead answers 405 to a method other than GET and HEAD, and reports
// whether the request may go on. Call it only once the path is known to
// be served: before, a 405 would tell a path outside the policy from a
// missing one.
func allowRead(w http.ResponseWriter, r *http.Request) bool {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return true
	}
	w.Header().Set("Allow", "GET, HEAD")
	writeError(w, http.StatusMethodNotAllowed, "method_not_allowed", "only GET and HEAD are allowed")
	return false
}

// writeError writes a small JSON error body.
func writeError(w http.ResponseWriter, status int, code, message string) {
	hdr := w.Header()
	for _, k := range []string{"ETag", "Last-Modified", "Accept-Ranges", "Content-Disposition"} {
		hdr.Del(k)
	}
	hdr.Set("Content-Type", "application/json; charset=utf-8")
	hdr.Set("X-Content-Type-Options", "nosniff")
	hdr.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(struct {
		Error   string `json:"error"`
		Message string `json:"message"`
	}{code, message})
}
