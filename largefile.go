package xecm

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/xecm-go/xecm/internal/multipart"
)

// LargeFileSettings are the server's limits for large-file uploads.
type LargeFileSettings struct {
	Enabled bool  `json:"is_enabled"`
	MinSize int64 `json:"min_size"` // smallest file a session takes, in bytes
	MaxSize int64 `json:"max_size"` // largest file a session takes, in bytes
}

// LargeFileSettings reads the server's large-file upload settings.
//
// OpenText API: GET api/v2/multipart/settings
func (s *DocumentsService) LargeFileSettings(ctx context.Context) (_ *LargeFileSettings, err error) {
	ctx, observed := s.c.startOp(ctx, "Documents.LargeFileSettings")
	defer observed.end(&err)
	var raw json.RawMessage
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: "v2/multipart/settings"}, &raw); err != nil {
		return nil, err
	}
	var st LargeFileSettings
	if err := decodeFlexResult(raw, &st); err != nil {
		return nil, fmt.Errorf("xecm: GET v2/multipart/settings: malformed response: %w", err)
	}
	return &st, nil
}

// decodeFlexResult decodes an object that the server may send bare, under
// "results", or under "results.data" (the spec shows it bare; v2 calls
// usually wrap).
func decodeFlexResult(raw json.RawMessage, v any) error {
	var env struct {
		Results json.RawMessage `json:"results"`
	}
	if err := json.Unmarshal(raw, &env); err != nil {
		return err
	}
	if isJSONObject(env.Results) {
		var inner struct {
			Data json.RawMessage `json:"data"`
		}
		if json.Unmarshal(env.Results, &inner) == nil && isJSONObject(inner.Data) {
			return json.Unmarshal(inner.Data, v)
		}
		return json.Unmarshal(env.Results, v)
	}
	return json.Unmarshal(raw, v)
}

func isJSONObject(b json.RawMessage) bool {
	b = bytes.TrimSpace(b)
	return len(b) > 0 && b[0] == '{'
}

// minLargeFile is the size below which the settings are not even read:
// a session costs three extra requests, which small files never repay.
const minLargeFile = 1 << 20

// useLargeFile decides whether content of the given size (-1: unknown)
// goes through the large-file API.
func (c *Client) useLargeFile(ctx context.Context, size int64) bool {
	t := c.docs.cfg.largeFileThreshold
	switch {
	case t < 0 || size <= 0:
		return false
	case t > 0:
		return size >= t
	case size < minLargeFile:
		return false
	}
	st := c.cachedLargeFileSettings(ctx)
	if st == nil {
		return size >= DefaultLargeFileThreshold
	}
	if !st.Enabled || st.MaxSize > 0 && size > st.MaxSize {
		return false
	}
	threshold := int64(DefaultLargeFileThreshold)
	if st.MinSize > 0 {
		threshold = max(st.MinSize, minLargeFile)
	}
	return size >= threshold
}

// cachedLargeFileSettings reads the settings once per Client. A server
// that refuses the call has no large-file API, which is remembered too; a
// transport failure or a transient answer (503, a login page, ...) is not,
// and nil is returned.
func (c *Client) cachedLargeFileSettings(ctx context.Context) *LargeFileSettings {
	c.docs.mu.Lock()
	defer c.docs.mu.Unlock()
	if c.docs.settings != nil {
		return c.docs.settings
	}
	st, err := (*DocumentsService)(&c.common).LargeFileSettings(ctx)
	var ae *APIError
	switch {
	case err == nil:
		c.docs.settings = st
	case errors.As(err, &ae) && refusesForGood(ae.StatusCode):
		c.docs.settings = &LargeFileSettings{Enabled: false}
	default:
		return nil
	}
	return c.docs.settings
}

// refusesForGood reports whether an error status says the call is not
// served at all, as opposed to not right now (401, 408, 429, 502-504, or
// a 2xx that was not JSON).
func refusesForGood(status int) bool {
	switch status {
	case http.StatusUnauthorized, http.StatusRequestTimeout, http.StatusTooManyRequests:
		return false
	}
	return status >= 400 && status < 500 || status == http.StatusInternalServerError || status == http.StatusNotImplemented
}

// errLargeFileUnavailable says the server refused to start a session; no
// content was read, so the caller can send it the ordinary way.
var errLargeFileUnavailable = errors.New("xecm: large-file session refused")

// largeSession is the server's answer to a session start.
type largeSession struct {
	UploadKey  string    `json:"upload_key"`
	NumParts   flexInt64 `json:"num_parts"`
	PartSize   flexInt64 `json:"part_size"`
	MaxRetries flexInt64 `json:"max_retries"`
}

// largeUpload is a completed session, ready to create a node or version.
type largeUpload struct {
	key  string
	size int64
	sum  string
}

// cancelTimeout bounds the DELETE that cancels a failed session.
const cancelTimeout = 30 * time.Second

// uploadLarge sends the content through a large-file session and completes
// it. On any failure after the session started, the session is cancelled on
// the server, even when ctx has ended.
func (c *Client) uploadLarge(ctx context.Context, name, mimeType string, src *contentSource, progress func(sent, total int64)) (lf *largeUpload, err error) {
	if src.at != nil {
		// Parts are read by offset, each exactly its size: check that the
		// content does not go on past Size before a session is started.
		var one [1]byte
		if n, _ := src.at.ReadAt(one[:], src.size); n > 0 {
			return nil, fmt.Errorf("xecm: upload content: %w", multipart.ErrLongContent)
		}
	}
	form := url.Values{"file_name": {name}, "file_size": {strconv.FormatInt(src.size, 10)}, "mime_type": {mimeType}}
	var raw json.RawMessage
	if err := c.do(ctx, &request{method: http.MethodPost, path: "v2/multipart", form: form}, &raw); err != nil {
		var ae *APIError
		if errors.As(err, &ae) && ae.StatusCode != http.StatusUnauthorized {
			c.logger.Debug("xecm: large-file session refused, sending in one request", "status", ae.StatusCode)
			return nil, errLargeFileUnavailable
		}
		return nil, err
	}
	var sess largeSession
	if err := decodeFlexResult(raw, &sess); err != nil || sess.UploadKey == "" {
		return nil, malformed(http.MethodPost, "v2/multipart", "no upload_key in the session")
	}
	defer func() {
		if err != nil {
			c.cancelLargeFile(ctx, sess.UploadKey)
		}
	}()
	partSize := int64(sess.PartSize)
	if partSize <= 0 {
		return nil, malformed(http.MethodPost, "v2/multipart", "no part_size in the session")
	}
	numParts := (src.size + partSize - 1) / partSize
	if sess.NumParts > 0 && int64(sess.NumParts) != numParts {
		return nil, malformed(http.MethodPost, "v2/multipart",
			fmt.Sprintf("num_parts %d does not fit file_size %d and part_size %d", sess.NumParts, src.size, partSize))
	}

	// Content that cannot be read at an offset is read in order, one part
	// at a time, into one buffer: the most an upload ever holds.
	var seq io.Reader
	var buf []byte
	if src.at == nil {
		if src.reopen != nil {
			r, err := src.reopen()
			if err != nil {
				return nil, fmt.Errorf("xecm: upload content: opening: %w", err)
			}
			if cl, ok := r.(io.Closer); ok {
				defer cl.Close()
			}
			seq = r
		} else {
			seq = src.once
		}
		buf = make([]byte, min(partSize, src.size))
	}

	var running hash.Hash // nil: no digest asked for
	if src.digest {
		running = sha256.New()
	}
	keyPath := "v2/multipart/" + url.PathEscape(sess.UploadKey)
	for part := int64(1); part <= numParts; part++ {
		off := (part - 1) * partSize
		n := min(partSize, src.size-off)
		var open func() (io.Reader, error)
		if src.at != nil {
			open = func() (io.Reader, error) { return io.NewSectionReader(src.at, off, n), nil }
		} else {
			if _, err := io.ReadFull(seq, buf[:n]); err != nil {
				if err == io.EOF || err == io.ErrUnexpectedEOF {
					err = fmt.Errorf("%w (part %d of %d)", multipart.ErrShortContent, part, numParts)
				}
				return nil, fmt.Errorf("xecm: upload content: %w", err)
			}
			chunk := buf[:n]
			open = func() (io.Reader, error) { return bytes.NewReader(chunk), nil }
		}
		h, err := c.sendPart(ctx, keyPath+"/"+strconv.FormatInt(part, 10), name, mimeType, n, open, running, func(sent int64) {
			if progress != nil {
				progress(off+sent, src.size)
			}
		})
		if err != nil {
			return nil, err
		}
		running = h
	}
	if seq != nil {
		var one [1]byte
		if m, _ := io.ReadFull(seq, one[:]); m > 0 {
			return nil, fmt.Errorf("xecm: upload content: %w", multipart.ErrLongContent)
		}
	}
	if err := c.do(ctx, &request{method: http.MethodPost, path: keyPath}, nil); err != nil {
		return nil, err
	}
	lu := &largeUpload{key: sess.UploadKey, size: src.size}
	if running != nil {
		lu.sum = hex.EncodeToString(running.Sum(nil))
	}
	return lu, nil
}

// sendPart sends one part, retried on its own (the part is marked
// idempotent: a repeat that the server reports as already uploaded is a
// success). It returns the running hash advanced over the part.
func (c *Client) sendPart(ctx context.Context, path, name, mimeType string, n int64, open func() (io.Reader, error),
	running hash.Hash, progress func(int64)) (hash.Hash, error) {
	// Each attempt hashes from the state before this part, so a retried
	// part is counted once. Without a running hash nothing is hashed.
	resume := func() hash.Hash { return nil }
	if running != nil {
		state, err := running.(encoding.BinaryMarshaler).MarshalBinary()
		if err != nil {
			return nil, err
		}
		resume = func() hash.Hash {
			h := sha256.New()
			_ = h.(encoding.BinaryUnmarshaler).UnmarshalBinary(state)
			return h
		}
	}
	env, err := multipart.New(nil, multipart.File{FieldName: "part_content", FileName: name, ContentType: mimeType})
	if err != nil {
		return nil, err
	}
	tr := newAttempts(env, n, resume, progress)
	body := &bodySource{contentType: env.ContentType(), length: env.Length(n),
		open: func() (io.Reader, error) { return tr.start(open), nil }}
	err = c.do(WithIdempotent(ctx), &request{method: http.MethodPost, path: path, body: body}, nil)
	last := tr.finish()
	if err != nil && isAlreadyUploaded(err) && last != nil && last.res.Err == nil {
		err = nil // an earlier attempt arrived; its answer was lost
	}
	if _, err := last.outcome(err); err != nil {
		return nil, err
	}
	return last.h, nil
}

func isAlreadyUploaded(err error) bool {
	var ae *APIError
	return errors.As(err, &ae) && containsFold(ae.Message, "has already been uploaded")
}

// cancelLargeFile removes a session on the server, best effort, with a
// context of its own so that it runs even when ctx has been cancelled.
func (c *Client) cancelLargeFile(ctx context.Context, key string) {
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cancelTimeout)
	defer cancel()
	err := c.do(cctx, &request{method: http.MethodDelete, path: "v2/multipart/" + url.PathEscape(key)}, nil)
	if err != nil {
		c.logger.Warn("xecm: cancelling a large-file session failed", "error", err)
	}
}
