package xecm

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"math"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/xecm-go/xecm/internal/multipart"
)

// ErrIntegrity: downloaded content does not have the length or the SHA-256
// it should have.
var ErrIntegrity = errors.New("xecm: content integrity check failed")

// DownloadOptions chooses what Download returns.
type DownloadOptions struct {
	// Version is the version to download; 0 downloads the latest.
	Version int
	// Offset is the first byte to return (a Range request).
	Offset int64
	// Length is the number of bytes to return; 0 returns up to the end.
	Length int64
	// Progress, if set, is called as the stream is read, with the bytes
	// read so far and the stream's Size (-1 if unknown). It is called from
	// the goroutine that reads, and must not block.
	Progress func(received, total int64)
}

// Download is an open content stream with what the server said about it.
// Read it, then Close it.
type Download struct {
	io.ReadCloser
	// Size is the number of bytes this stream delivers, -1 if unknown.
	Size int64
	// TotalSize is the size of the whole content, -1 if unknown.
	TotalSize int64
	// Offset is the position of the stream's first byte in the content.
	Offset int64
	// MimeType is the content type the server sent.
	MimeType string
	// FileName is the file name from Content-Disposition, if any.
	FileName string
	// Version is the version downloaded, or 0 for the latest when it was
	// not asked for by number (the latest-content call does not say).
	Version int
}

// Download opens the content of a document, or of one version or a byte
// range of it, after checking the response status. The caller must close
// it. A transient failure before the body starts is retried; a connection
// that drops mid-body surfaces as a read error (DownloadTo resumes).
//
// A server that ignores Range is handled: the bytes before Offset are
// skipped and the stream ends after Length.
//
// OpenText API: GET api/v1/nodes/{id}/content (latest; v2 is unreliable
// for downloads), GET api/v2/nodes/{id}/versions/{version_number}/content
func (s *DocumentsService) Download(ctx context.Context, nodeID int64, opts *DownloadOptions) (_ *Download, err error) {
	ctx, observed := s.c.startOp(ctx, "Documents.Download")
	defer observed.end(&err)
	const op = "Documents.Download"
	if err := checkID(op, "node ID", nodeID); err != nil {
		return nil, err
	}
	var o DownloadOptions
	if opts != nil {
		o = *opts
	}
	if o.Version < 0 {
		return nil, invalidArg(op, "Version must not be negative, got %d", o.Version)
	}
	if o.Offset < 0 || o.Length < 0 {
		return nil, invalidArg(op, "Offset and Length must not be negative")
	}
	if o.Length > 0 && o.Offset-1 > math.MaxInt64-o.Length {
		return nil, invalidArg(op, "Offset %d plus Length %d is past the largest byte position", o.Offset, o.Length)
	}
	path := "v1/nodes/" + strconv.FormatInt(nodeID, 10) + "/content"
	if o.Version > 0 {
		path = versionPath(nodeID, o.Version) + "/content"
	}
	r := &request{method: http.MethodGet, path: path, accept: "application/octet-stream"}
	if o.Offset > 0 || o.Length > 0 {
		rng := "bytes=" + strconv.FormatInt(o.Offset, 10) + "-"
		if o.Length > 0 {
			rng += strconv.FormatInt(o.Offset+o.Length-1, 10)
		}
		r.header = http.Header{"Range": {rng}}
	}
	resp, err := s.c.stream(ctx, r)
	if err != nil {
		return nil, err
	}
	d := &Download{ReadCloser: resp.Body, Size: -1, TotalSize: -1, Offset: o.Offset, Version: o.Version}
	d.MimeType = resp.Header.Get("Content-Type")
	if _, params, err := mime.ParseMediaType(resp.Header.Get("Content-Disposition")); err == nil {
		d.FileName = params["filename"]
	}
	encoded := resp.Header.Get("Content-Encoding") != "" && resp.Header.Get("Content-Encoding") != "identity"
	if resp.StatusCode == http.StatusPartialContent {
		start, end, total, ok := parseContentRange(resp.Header.Get("Content-Range"))
		if !ok || start != o.Offset {
			resp.Body.Close()
			return nil, fmt.Errorf("xecm: GET %s: %w: asked for bytes from %d, got Content-Range %q",
				path, ErrIntegrity, o.Offset, resp.Header.Get("Content-Range"))
		}
		d.Size, d.TotalSize = end-start+1, total
		if o.Length > 0 && d.Size > o.Length {
			// More than asked for: deliver what Length promised.
			d.ReadCloser = limitedBody{io.LimitReader(resp.Body, o.Length), resp.Body}
			d.Size = o.Length
		}
		return d.withProgress(o.Progress), nil
	}
	// 200: the whole content.
	if !encoded && resp.ContentLength >= 0 {
		d.TotalSize = resp.ContentLength
	}
	if o.Offset > 0 {
		if _, err := io.CopyN(io.Discard, resp.Body, o.Offset); err != nil {
			resp.Body.Close()
			return nil, fmt.Errorf("xecm: GET %s: skipping to byte %d: %w", path, o.Offset, &skipError{err})
		}
	}
	switch {
	case o.Length > 0:
		d.ReadCloser = limitedBody{io.LimitReader(resp.Body, o.Length), resp.Body}
		d.Size = o.Length
		if d.TotalSize >= 0 {
			d.Size = min(o.Length, max(d.TotalSize-o.Offset, 0))
		}
	case d.TotalSize >= 0:
		d.Size = max(d.TotalSize-o.Offset, 0)
	}
	return d.withProgress(o.Progress), nil
}

// withProgress has the stream report its reads to progress, when set.
func (d *Download) withProgress(progress func(received, total int64)) *Download {
	if progress != nil {
		d.ReadCloser = &progressBody{ReadCloser: d.ReadCloser, progress: progress, total: d.Size}
	}
	return d
}

// progressBody reports the bytes read from a download stream.
type progressBody struct {
	io.ReadCloser
	progress func(received, total int64)
	total    int64
	read     int64
}

func (b *progressBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if n > 0 {
		b.read += int64(n)
		b.progress(b.read, b.total)
	}
	return n, err
}

// skipError is a body that broke off (or ended) while the bytes before
// Offset of a server that ignores Range were skipped: for DownloadTo, a
// drop like one mid-copy.
type skipError struct{ err error }

func (e *skipError) Error() string { return e.err.Error() }
func (e *skipError) Unwrap() error { return e.err }

type limitedBody struct {
	io.Reader
	io.Closer
}

// parseContentRange reads "bytes start-end/total" (total may be "*": -1).
func parseContentRange(h string) (start, end, total int64, ok bool) {
	rest, found := strings.CutPrefix(strings.TrimSpace(h), "bytes ")
	if !found {
		return 0, 0, 0, false
	}
	rng, tot, found := strings.Cut(rest, "/")
	if !found {
		return 0, 0, 0, false
	}
	a, b, found := strings.Cut(rng, "-")
	if !found {
		return 0, 0, 0, false
	}
	var err1, err2 error
	start, err1 = strconv.ParseInt(a, 10, 64)
	end, err2 = strconv.ParseInt(b, 10, 64)
	if err1 != nil || err2 != nil || end < start {
		return 0, 0, 0, false
	}
	total = -1
	if tot != "*" {
		t, err := strconv.ParseInt(tot, 10, 64)
		if err != nil {
			return 0, 0, 0, false
		}
		total = t
	}
	return start, end, total, true
}

// DownloadToOptions tunes DownloadTo.
type DownloadToOptions struct {
	// Version to download; 0 resolves the latest version first and then
	// downloads that version, so that a resume never mixes two versions.
	Version int
	// SHA256, if set (hex), is the digest the content must have.
	SHA256 string
	// ComputeSHA256 computes the digest (DownloadResult.SHA256) even when
	// none is expected. Hashing costs about as much CPU as the transfer
	// itself, so it is done only when asked for or needed.
	ComputeSHA256 bool
	// MaxResumes bounds the Range requests that continue a dropped
	// download. If zero, 5; negative means none.
	MaxResumes int
	// Progress, if set, is called as content is written, with the bytes
	// written so far and the version's size (-1 if unknown). The count
	// goes on across resumed ranges, never back: it reaches the size once,
	// with the last byte. It is called from the calling goroutine and must
	// not block.
	Progress func(written, total int64)
}

// DownloadResult describes content written by DownloadTo.
type DownloadResult struct {
	Version  int    // the version written
	Size     int64  // bytes written
	SHA256   string // hex SHA-256 of the bytes written, when expected or asked for
	MimeType string
	FileName string
	Resumes  int // how many times the download continued after a drop
}

// DownloadTo writes the content of a document version to w. When the
// connection drops mid-body, it continues with a Range request from the last
// byte written, up to MaxResumes times. The version's file size, when the
// server gives it, bounds what is written: a longer body stops there and
// fails, a shorter one is resumed and, if it stays short, fails. At the end
// it checks the length and, when opts.SHA256 is set, the digest: a mismatch
// fails with ErrIntegrity (w has then received bad content).
//
// OpenText API: GET api/v1/nodes/{id}/versions/latest (or
// GET api/v2/nodes/{id}/versions/{version_number} for a given Version), then
// GET api/v2/nodes/{id}/versions/{version_number}/content
func (s *DocumentsService) DownloadTo(ctx context.Context, nodeID int64, w io.Writer, opts *DownloadToOptions) (_ *DownloadResult, err error) {
	ctx, observed := s.c.startOp(ctx, "Documents.DownloadTo")
	defer observed.end(&err)
	o, err := downloadToOptions(opDownloadTo, nodeID, w, opts)
	if err != nil {
		return nil, err
	}
	run, err := s.startDownloadTo(ctx, nodeID, w, o)
	if err != nil {
		return nil, err
	}
	for {
		done, err := run.step(ctx)
		if err != nil {
			return nil, err
		}
		if done {
			return run.finish(o.SHA256)
		}
	}
}

// downloadToOptions checks DownloadTo's arguments and fills in defaults.
func downloadToOptions(op string, nodeID int64, w io.Writer, opts *DownloadToOptions) (DownloadToOptions, error) {
	var o DownloadToOptions
	if err := checkID(op, "node ID", nodeID); err != nil {
		return o, err
	}
	if w == nil {
		return o, invalidArg(op, "nil writer")
	}
	if opts != nil {
		o = *opts
	}
	if o.Version < 0 {
		return o, invalidArg(op, "Version must not be negative, got %d", o.Version)
	}
	if o.SHA256 != "" {
		if b, err := hex.DecodeString(o.SHA256); err != nil || len(b) != sha256.Size {
			return o, invalidArg(op, "SHA256 %q is not a hex SHA-256 digest", o.SHA256)
		}
	}
	switch {
	case o.MaxResumes == 0:
		o.MaxResumes = 5
	case o.MaxResumes < 0:
		o.MaxResumes = 0
	}
	return o, nil
}

// downloadTo is one DownloadTo under way.
type downloadTo struct {
	s          *DocumentsService
	nodeID     int64
	w          io.Writer
	h          hash.Hash // nil when no digest is wanted
	progress   func(written, total int64)
	maxResumes int
	// want is the version's size, -1 while unknown; written counts the
	// bytes w has received.
	want, written int64
	res           *DownloadResult
}

const opDownloadTo = "Documents.DownloadTo"

// startDownloadTo resolves the version (the latest when none is given)
// and its size, so that a resume never mixes two versions and the length
// is bounded even when the content's answer does not give it.
func (s *DocumentsService) startDownloadTo(ctx context.Context, nodeID int64, w io.Writer, o DownloadToOptions) (*downloadTo, error) {
	var (
		v   *DocumentVersion
		err error
	)
	if o.Version == 0 {
		v, err = s.Versions().Latest(ctx, nodeID)
	} else {
		v, err = s.Versions().Get(ctx, nodeID, o.Version)
	}
	if err != nil {
		return nil, err
	}
	run := &downloadTo{s: s, nodeID: nodeID, w: w, maxResumes: o.MaxResumes, want: v.FileSize, progress: o.Progress,
		res: &DownloadResult{Version: v.Number}}
	if o.Version != 0 {
		run.res.Version = o.Version
	}
	if run.want < 0 {
		run.want = -1
	}
	if o.SHA256 != "" || o.ComputeSHA256 {
		run.h = sha256.New()
	}
	return run, nil
}

// step opens the content from the last byte written and copies it to w.
// It reports done when the content is complete, and resumes (returns not
// done) after a drop while the budget lasts.
func (d *downloadTo) step(ctx context.Context) (done bool, err error) {
	if d.want >= 0 && d.written >= d.want && d.written > 0 {
		return true, nil // everything arrived; the drop came after the last byte
	}
	body, err := d.s.Download(ctx, d.nodeID, &DownloadOptions{Version: d.res.Version, Offset: d.written})
	var skip *skipError
	if errors.As(err, &skip) && d.canResume(ctx) {
		d.resumed("download dropped before the resume offset, resuming", "error", skip.err)
		return false, nil
	}
	if err != nil {
		return false, err
	}
	defer body.Close()
	if d.res.Resumes == 0 && d.written == 0 {
		d.res.MimeType, d.res.FileName = body.MimeType, body.FileName
	}
	if body.TotalSize >= 0 {
		if d.want >= 0 && body.TotalSize != d.want {
			// Not the version's content (an error page from a server
			// that is restarting, say): ask again, within the budget.
			if d.canResume(ctx) {
				d.resumed("download answered with the wrong length, asking again", "got", body.TotalSize, "want", d.want)
				return false, nil
			}
			return false, fmt.Errorf("xecm: %s: %w: the server sends %d bytes, the version has %d", opDownloadTo, ErrIntegrity, body.TotalSize, d.want)
		}
		d.want = body.TotalSize
	}
	return d.copyBody(ctx, body)
}

// copyBody writes the body to w, never past the version's size.
func (d *downloadTo) copyBody(ctx context.Context, body io.Reader) (done bool, err error) {
	src := body
	if d.want >= 0 {
		src = io.LimitReader(body, d.want-d.written)
	}
	var progress func(int64)
	if d.progress != nil {
		base := d.written
		progress = func(n int64) { d.progress(base+n, d.want) }
	}
	n, rerr, werr := copyTracked(d.w, src, d.h, progress)
	d.written += n
	if werr != nil {
		return false, fmt.Errorf("xecm: %s: writing: %w", opDownloadTo, werr)
	}
	if rerr == nil {
		if d.want < 0 {
			return true, nil
		}
		if d.written >= d.want {
			return true, d.checkNoMore(body)
		}
		rerr = io.ErrUnexpectedEOF // the server closed early without an error
	}
	if ctx.Err() != nil {
		return false, fmt.Errorf("xecm: %s: %w", opDownloadTo, ctx.Err())
	}
	if !d.canResume(ctx) {
		return false, fmt.Errorf("xecm: %s: connection lost after %d of %s bytes, %d resumes: %w",
			opDownloadTo, d.written, sizeText(d.want), d.res.Resumes, rerr)
	}
	d.resumed("download dropped, resuming", "error", rerr)
	return false, nil
}

// checkNoMore fails when the body goes on past the version's size: the
// server sends other content than the version's (w got its first bytes
// only).
func (d *downloadTo) checkNoMore(body io.Reader) error {
	var one [1]byte
	if n, _ := io.ReadFull(body, one[:]); n > 0 {
		return fmt.Errorf("xecm: %s: %w: the server sends more than the version's %d bytes; stopped writing there",
			opDownloadTo, ErrIntegrity, d.want)
	}
	return nil
}

func (d *downloadTo) canResume(ctx context.Context) bool {
	return d.res.Resumes < d.maxResumes && ctx.Err() == nil
}

func (d *downloadTo) resumed(msg string, args ...any) {
	d.res.Resumes++
	d.s.c.logger.Debug("xecm: "+msg, append([]any{"node", d.nodeID, "version", d.res.Version, "offset", d.written}, args...)...)
}

// finish checks the length and the digest of what was written.
func (d *downloadTo) finish(wantSHA string) (*DownloadResult, error) {
	res := d.res
	res.Size = d.written
	if d.h != nil {
		res.SHA256 = hex.EncodeToString(d.h.Sum(nil))
	}
	if d.want >= 0 && d.written != d.want {
		return nil, fmt.Errorf("xecm: %s: %w: got %d bytes, want %d", opDownloadTo, ErrIntegrity, d.written, d.want)
	}
	if wantSHA != "" && !strings.EqualFold(wantSHA, res.SHA256) {
		return nil, fmt.Errorf("xecm: %s: %w: SHA-256 %s, want %s", opDownloadTo, ErrIntegrity, res.SHA256, strings.ToLower(wantSHA))
	}
	return res, nil
}

func sizeText(n int64) string {
	if n < 0 {
		return "unknown"
	}
	return strconv.FormatInt(n, 10)
}

// copyTracked copies r to w and h, telling read failures (worth a resume)
// from write failures (not).
func copyTracked(w io.Writer, r io.Reader, h hash.Hash, progress func(int64)) (n int64, rerr, werr error) {
	tw := &trackedWriter{w: w, h: h, progress: progress}
	n, err := multipart.Copy(tw, r, -1, nil)
	if tw.err != nil {
		return n, nil, tw.err
	}
	var se *multipart.SourceError
	if errors.As(err, &se) {
		err = se.Err
	}
	return n, err, nil
}

type trackedWriter struct {
	w        io.Writer
	h        hash.Hash   // nil when no digest is wanted
	progress func(int64) // nil when none is wanted; gets the bytes written
	written  int64
	err      error
}

func (t *trackedWriter) Write(p []byte) (int, error) {
	n, err := t.w.Write(p)
	if t.h != nil {
		t.h.Write(p[:n])
	}
	if t.progress != nil && n > 0 {
		t.written += int64(n)
		t.progress(t.written)
	}
	if err != nil {
		t.err = err
	}
	return n, err
}
