// Package multipart builds streamed multipart/form-data request bodies of
// the shape Content Server uploads use: form fields (such as the JSON "body"
// part) followed by one file part (such as "file" or "part_content").
//
// The envelope (every byte except the file content) is rendered once, with a
// fixed boundary, so that each attempt of a retried request sends the very
// same bytes under the Content-Type header that was fixed for the first one,
// and so that the exact Content-Length is known whenever the content's size
// is. The content itself is never buffered: Stream copies it through an
// io.Pipe with one pooled buffer.
package multipart

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/textproto"
	"strings"
	"sync"
)

// Field is one plain form field, sent before the file part.
type Field struct {
	Name  string
	Value string
	// ContentType, if set, is sent as the part's Content-Type (for example
	// "application/json" for the "body" part). Plain fields have none.
	ContentType string
}

// File describes the file part.
type File struct {
	FieldName   string // form field name, such as "file"
	FileName    string // the file name the server records
	ContentType string // the MIME type of the content
}

// Envelope is a rendered multipart body without its file content. It is
// immutable and safe for concurrent use.
type Envelope struct {
	boundary string
	head     []byte // fields and the file part's header
	tail     []byte // closing delimiter
}

// New renders the envelope for the fields and the file part under a fresh
// random boundary.
func New(fields []Field, file File) (*Envelope, error) {
	var rnd [24]byte
	if _, err := rand.Read(rnd[:]); err != nil {
		return nil, err
	}
	return NewWithBoundary("xecm-"+hex.EncodeToString(rnd[:]), fields, file)
}

// NewWithBoundary is New with a given boundary (for tests and golden files).
func NewWithBoundary(boundary string, fields []Field, file File) (*Envelope, error) {
	if file.FieldName == "" {
		return nil, errors.New("multipart: empty file field name")
	}
	var head bytes.Buffer
	mw := multipart.NewWriter(&head)
	if err := mw.SetBoundary(boundary); err != nil {
		return nil, fmt.Errorf("multipart: %w", err)
	}
	for _, f := range fields {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", `form-data; name="`+escapeQuotes(f.Name)+`"`)
		if f.ContentType != "" {
			h.Set("Content-Type", f.ContentType)
		}
		w, err := mw.CreatePart(h)
		if err != nil {
			return nil, err
		}
		if _, err := io.WriteString(w, f.Value); err != nil {
			return nil, err
		}
	}
	ct := file.ContentType
	if ct == "" {
		ct = "application/octet-stream"
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="`+escapeQuotes(file.FieldName)+`"; filename="`+escapeQuotes(file.FileName)+`"`)
	h.Set("Content-Type", ct)
	if _, err := mw.CreatePart(h); err != nil {
		return nil, err
	}
	headLen := head.Len()
	// Close writes the closing delimiter; cut it off as the tail.
	if err := mw.Close(); err != nil {
		return nil, err
	}
	all := head.Bytes()
	return &Envelope{
		boundary: boundary,
		head:     append([]byte(nil), all[:headLen]...),
		tail:     append([]byte(nil), all[headLen:]...),
	}, nil
}

// The quoting mime/multipart applies to form names (it is unexported there).
var quoteEscaper = strings.NewReplacer("\\", "\\\\", `"`, "\\\"", "\r", "%0D", "\n", "%0A")

func escapeQuotes(s string) string { return quoteEscaper.Replace(s) }

// ContentType is the request's Content-Type, with the boundary.
func (e *Envelope) ContentType() string { return "multipart/form-data; boundary=" + e.boundary }

// Boundary returns the boundary.
func (e *Envelope) Boundary() string { return e.boundary }

// Length is the exact length of the whole body for content of the given
// size, or -1 when size is negative (unknown).
func (e *Envelope) Length(size int64) int64 {
	if size < 0 {
		return -1
	}
	return int64(len(e.head)) + size + int64(len(e.tail))
}

// BufferSize is the size of the pooled copy buffers.
const BufferSize = 256 << 10

var bufPool = sync.Pool{New: func() any { b := make([]byte, BufferSize); return &b }}

// ErrShortContent is returned when the content ends before its declared size.
var ErrShortContent = errors.New("multipart: content is shorter than its declared size")

// ErrLongContent is returned when the content goes on past its declared size.
var ErrLongContent = errors.New("multipart: content is longer than its declared size")

// SourceError is a failure of the content itself (opening or reading it, or
// a size other than the declared one), as opposed to the request body being
// abandoned by the transport.
type SourceError struct{ Err error }

// Error implements error.
func (e *SourceError) Error() string { return "reading the upload content: " + e.Err.Error() }

// Unwrap returns the underlying failure.
func (e *SourceError) Unwrap() error { return e.Err }

// Result is the outcome of one streamed body, known once Done is closed.
type Result struct {
	N   int64 // content bytes written
	Err error // nil when the whole body was written
}

// Stream is one attempt at sending the body.
type Stream struct {
	// Body is the request body; the HTTP transport reads and closes it.
	Body *io.PipeReader
	done chan struct{}
	res  Result
}

// Wait closes Body (unblocking a writer the server stopped reading) and
// returns the outcome once the writing goroutine has finished.
func (s *Stream) Wait() Result {
	s.Body.CloseWithError(errAbandoned)
	<-s.done
	return s.res
}

var errAbandoned = errors.New("multipart: request body no longer read")

// Stream starts a goroutine writing the body: the envelope head, the content
// from open (called only once the first bytes are read, so a stream that is
// abandoned unread never opens its content), and the tail. When size is not
// negative, exactly size bytes must come from the content, or the body ends
// with ErrShortContent or ErrLongContent and the request fails rather than
// storing a truncated document.
//
// Each chunk of content is passed to tap (if non-nil) after it was written,
// from the goroutine, before the next is read: use it for hashing and
// progress. The goroutine always ends: when the body is fully written, when
// the transport closes Body, or when Wait is called.
func (e *Envelope) Stream(open func() (io.Reader, error), size int64, tap func([]byte)) *Stream {
	pr, pw := io.Pipe()
	s := &Stream{Body: pr, done: make(chan struct{})}
	go func() {
		defer close(s.done)
		n, err := e.write(pw, open, size, tap)
		s.res = Result{N: n, Err: err}
		_ = pw.CloseWithError(err) // nil: the reader sees EOF
	}()
	return s
}

func (e *Envelope) write(w io.Writer, open func() (io.Reader, error), size int64, tap func([]byte)) (int64, error) {
	if _, err := w.Write(e.head); err != nil {
		return 0, err
	}
	r, err := open()
	if err != nil {
		return 0, &SourceError{fmt.Errorf("opening: %w", err)}
	}
	if c, ok := r.(io.Closer); ok {
		defer c.Close()
	}
	n, err := Copy(w, r, size, tap)
	if err != nil {
		return n, err
	}
	_, err = w.Write(e.tail)
	return n, err
}

// Copy copies from r to w with a pooled buffer, exactly size bytes when size
// is not negative (failing with ErrShortContent or ErrLongContent otherwise),
// else until EOF. Each written chunk is passed to tap, if non-nil, in order.
// Failures of r (and of its size) are *SourceError; failures of w are
// returned as is.
//
// tap (hashing, progress) runs on a helper goroutine while the chunk is
// being written, so that a SHA-256 costs no throughput on a machine with a
// spare core; the buffer is reused only when both are done with it.
func Copy(w io.Writer, r io.Reader, size int64, tap func([]byte)) (int64, error) {
	bp := bufPool.Get().(*[]byte)
	defer bufPool.Put(bp)
	buf := *bp
	var chunks chan []byte
	var tapped chan struct{}
	if tap != nil {
		chunks, tapped = make(chan []byte), make(chan struct{})
		go func() {
			for c := range chunks {
				tap(c)
				tapped <- struct{}{}
			}
			close(tapped)
		}()
		defer func() {
			close(chunks)
			<-tapped
		}()
	}
	var n int64
	for {
		chunk := buf
		if size >= 0 {
			left := size - n
			if left == 0 {
				// Make sure nothing follows: one more byte would be lost.
				var one [1]byte
				m, err := io.ReadFull(r, one[:])
				if m > 0 {
					return n, &SourceError{ErrLongContent}
				}
				if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
					return n, &SourceError{err}
				}
				return n, nil
			}
			if left < int64(len(chunk)) {
				chunk = chunk[:left]
			}
		}
		m, rerr := r.Read(chunk)
		if m > 0 {
			if tap != nil {
				chunks <- chunk[:m]
			}
			_, werr := w.Write(chunk[:m])
			if tap != nil {
				<-tapped
			}
			if werr != nil {
				return n, werr
			}
			n += int64(m)
		}
		if rerr == io.EOF {
			if size >= 0 && n < size {
				return n, &SourceError{fmt.Errorf("%w (%d of %d bytes)", ErrShortContent, n, size)}
			}
			return n, nil
		}
		if rerr != nil {
			return n, &SourceError{rerr}
		}
	}
}
