package xecm

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/http"
	"sync"

	"github.com/xecm-go/xecm/internal/multipart"
)

// Upload creates a document under req.ParentID with the given content,
// category values and classifications, in one call, and returns it with the
// size and SHA-256 of the content sent.
//
// Content of known size at or above the large-file threshold (see
// WithLargeFileThreshold) goes through the large-file API: a session whose
// parts are sent and retried one by one, then the document is created from
// the session. Everything else is streamed in one multipart request, with
// an exact Content-Length when the size is known.
//
// A reopenable upload (see DocumentUploadRequest) is retried after transient
// failures and replayed after a fresh login; a one-shot upload is sent once.
// It fails with an error matching ErrAlreadyExists if the parent already
// holds an item of that name, and with ErrOutcomeUnknown if the request was
// sent but its answer lost: look the name up before trying again.
//
// OpenText API: POST api/v2/nodes (multipart: body + file, or upload_key)
func (s *DocumentsService) Upload(ctx context.Context, req DocumentUploadRequest) (_ *UploadResult, err error) {
	ctx, observed := s.c.startOp(ctx, "Documents.Upload")
	defer observed.end(&err)
	const op = "Documents.Upload"
	if err := checkID(op, "ParentID", req.ParentID); err != nil {
		return nil, err
	}
	if err := checkName(op, req.Name); err != nil {
		return nil, err
	}
	if err := checkExternalSource(op, req.ExternalSource); err != nil {
		return nil, err
	}
	src, err := newContentSource(op, req.Content, req.Open, req.Size)
	if err != nil {
		return nil, err
	}
	src.digest = req.ComputeSHA256
	roles, err := s.buildRoles(ctx, op, req.ParentID, createRoles{categories: req.Categories, values: req.Values,
		classifications: req.Classifications, rmClassID: req.RMClassificationID, recordDetails: req.RecordDetails})
	if err != nil {
		return nil, err
	}
	mimeType := req.MimeType
	if mimeType == "" {
		mimeType = "application/octet-stream"
	}
	body := map[string]any{"type": TypeDocument, "parent_id": req.ParentID, "name": req.Name}
	if req.Description != "" {
		body["description"] = req.Description
	}
	if !req.ExternalCreateDate.IsZero() {
		body["external_create_date"] = fileDate(req.ExternalCreateDate)
	}
	if !req.ExternalModifyDate.IsZero() {
		body["external_modify_date"] = fileDate(req.ExternalModifyDate)
	}
	if req.ExternalSource != "" {
		body["external_source"] = req.ExternalSource
	}
	if req.AdvancedVersioning {
		body["advanced_versioning"] = true
	}
	if roles != nil {
		body["roles"] = roles
	}

	var env struct {
		Results nodeResult `json:"results"`
	}
	res := &UploadResult{}
	if s.c.useLargeFile(ctx, src.size) {
		lf, err := s.c.uploadLarge(ctx, req.Name, mimeType, src, req.Progress)
		switch {
		case errors.Is(err, errLargeFileUnavailable):
			// The session was refused before any content was read: fall
			// back to one streamed request.
		case err != nil:
			return nil, err
		default:
			body["upload_key"] = lf.key
			form, err := jsonBodyForm(body)
			if err != nil {
				return nil, err
			}
			if err := s.c.do(ctx, &request{method: http.MethodPost, path: "v2/nodes", form: form}, &env); err != nil {
				s.c.cancelLargeFile(ctx, lf.key)
				return nil, err
			}
			res.Size, res.SHA256, res.LargeFile = lf.size, lf.sum, true
		}
	}
	if !res.LargeFile {
		js, err := jsonBodyForm(body)
		if err != nil {
			return nil, err
		}
		sent, err := s.c.sendMultipart(ctx, http.MethodPost, "v2/nodes",
			[]multipart.Field{{Name: "body", Value: js.Get("body")}},
			multipart.File{FieldName: "file", FileName: req.Name, ContentType: mimeType},
			src, req.Progress, &env)
		if err != nil {
			return nil, err
		}
		res.Size, res.SHA256 = sent.size, sent.sum
	}
	n := env.Results.Data.Properties.node()
	if n.ID == 0 {
		return nil, malformed(http.MethodPost, "v2/nodes", "no node id in the create response")
	}
	res.Node = &n
	return res, nil
}

// sentContent is the fingerprint of content that reached the server.
type sentContent struct {
	size int64
	sum  string // hex SHA-256
}

// sendMultipart streams one multipart request (fields, then the content
// as the file part) and decodes the JSON answer into v. A reopenable source
// gives the request a body that is rebuilt for every attempt with the same
// boundary; a one-shot source is sent once.
func (c *Client) sendMultipart(ctx context.Context, method, path string, fields []multipart.Field, file multipart.File,
	src *contentSource, progress func(sent, total int64), v any) (sentContent, error) {
	env, err := multipart.New(fields, file)
	if err != nil {
		return sentContent{}, err
	}
	newHash := func() hash.Hash { return nil }
	if src.digest {
		newHash = sha256.New
	}
	tr := newAttempts(env, src.size, newHash, func(n int64) {
		if progress != nil {
			progress(n, src.size)
		}
	})
	body := &bodySource{contentType: env.ContentType(), length: env.Length(src.size)}
	if src.reopenable() {
		body.open = func() (io.Reader, error) { return tr.start(src.reopen), nil }
	} else {
		once := struct{ io.Reader }{src.once} // never close the caller's reader
		body.once = tr.start(func() (io.Reader, error) { return once, nil })
	}
	err = c.do(ctx, &request{method: method, path: path, body: body, retryUnprocessed: true}, v)
	last := tr.finish()
	return last.outcome(err)
}

// attempts tracks the streamed bodies of one request's attempts (each retry
// and each replay after a login opens a new one), so that every writing
// goroutine is ended and waited for, and the fingerprint is taken from an
// attempt that sent everything.
//
// A retry can begin while the transport is still reading the previous
// body, so two writing goroutines may be alive at once. Progress is the
// caller's function and need not be safe for concurrent use: calls are
// serialised, and only the newest attempt reports.
type attempts struct {
	env      *multipart.Envelope
	size     int64
	newHash  func() hash.Hash
	progress func(n int64)

	mu   sync.Mutex
	list []*attempt

	// reporting is held while progress runs and while a new attempt takes
	// over, so that no call of a superseded attempt follows start.
	reporting sync.Mutex
	current   int // number of the attempt that reports, guarded by reporting
}

type attempt struct {
	stream *multipart.Stream
	h      hash.Hash
	res    multipart.Result
}

func newAttempts(env *multipart.Envelope, size int64, newHash func() hash.Hash, progress func(int64)) *attempts {
	return &attempts{env: env, size: size, newHash: newHash, progress: progress}
}

// start opens one attempt's body.
func (t *attempts) start(open func() (io.Reader, error)) io.Reader {
	a := &attempt{h: t.newHash()}
	t.reporting.Lock()
	t.current++
	number := t.current
	t.reporting.Unlock()
	var sent int64
	a.stream = t.env.Stream(open, t.size, func(p []byte) {
		if a.h != nil {
			a.h.Write(p)
		}
		sent += int64(len(p))
		t.report(number, sent)
	})
	t.mu.Lock()
	t.list = append(t.list, a)
	t.mu.Unlock()
	return a.stream.Body
}

// report passes attempt number's progress on, unless a newer attempt began.
func (t *attempts) report(number int, sent int64) {
	t.reporting.Lock()
	defer t.reporting.Unlock()
	if number == t.current {
		t.progress(sent)
	}
}

// finish ends every attempt and returns the last one that wrote the whole
// body, or else the last one (nil if none was started).
func (t *attempts) finish() *attempt {
	t.mu.Lock()
	list := t.list
	t.list = nil
	t.mu.Unlock()
	var last, lastComplete *attempt
	for _, a := range list {
		a.res = a.stream.Wait()
		last = a
		if a.res.Err == nil {
			lastComplete = a
		}
	}
	if lastComplete != nil {
		return lastComplete
	}
	return last
}

// outcome combines the request's error with what the attempt wrote. A
// failure of the content itself (unreadable, shorter or longer than its
// Size) is the better explanation than the transport's error it caused.
func (a *attempt) outcome(reqErr error) (sentContent, error) {
	if a != nil && a.res.Err != nil {
		var se *multipart.SourceError
		if errors.As(a.res.Err, &se) {
			return sentContent{}, fmt.Errorf("xecm: upload content: %w", se.Err)
		}
	}
	if reqErr != nil {
		return sentContent{}, reqErr
	}
	if a == nil || a.res.Err != nil {
		return sentContent{}, errors.New("xecm: the server answered before the whole content was sent")
	}
	sent := sentContent{size: a.res.N}
	if a.h != nil {
		sent.sum = hex.EncodeToString(a.h.Sum(nil))
	}
	return sent, nil
}
