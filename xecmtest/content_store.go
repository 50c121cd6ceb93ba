package xecmtest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"runtime"
)

// spoolThreshold is the content size above which document content lives
// in a temporary file rather than in memory, so that a multi-GiB upload
// does not sit in the heap.
const spoolThreshold = 8 << 20

// blob is the immutable content of one version. Small blobs are held in
// memory; large ones in a temporary file that is removed when the blob is
// no longer referenced (or with Remove).
type blob struct {
	data   []byte
	path   string
	size   int64
	sha256 string
}

// newBlobFrom reads r (of the given size, -1 if unknown) into a blob,
// spooling large content into a file in dir.
func newBlobFrom(r io.Reader, size int64, dir string) (*blob, error) {
	h := sha256.New()
	if size >= 0 && size <= spoolThreshold {
		data := make([]byte, size)
		if _, err := io.ReadFull(r, data); err != nil {
			return nil, err
		}
		h.Write(data)
		return &blob{data: data, size: size, sha256: hex.EncodeToString(h.Sum(nil))}, nil
	}
	w, err := newBlobWriter(size, dir)
	if err != nil {
		return nil, err
	}
	n, err := io.Copy(w, io.TeeReader(r, h))
	if err != nil {
		w.discard()
		return nil, err
	}
	b := w.finish(n)
	b.sha256 = hex.EncodeToString(h.Sum(nil))
	return b, nil
}

// open returns a reader over the content that can seek (for Range).
func (b *blob) open() (io.ReadSeekCloser, error) {
	if b.path == "" {
		return nopSeekCloser{bytes.NewReader(b.data)}, nil
	}
	return os.Open(b.path)
}

type nopSeekCloser struct{ *bytes.Reader }

func (nopSeekCloser) Close() error { return nil }

// blobWriter assembles content, in order (Write) or by offset (WriteAt,
// for large-file parts), in memory or in a temporary file.
type blobWriter struct {
	mem  []byte
	file *os.File
	off  int64
}

// newBlobWriter prepares room for size bytes (-1: unknown, spooled into
// a file in dir).
func newBlobWriter(size int64, dir string) (*blobWriter, error) {
	if size >= 0 && size <= spoolThreshold {
		return &blobWriter{mem: make([]byte, 0, size)}, nil
	}
	f, err := os.CreateTemp(dir, "xecmtest-content-*")
	if err != nil {
		return nil, err
	}
	return &blobWriter{file: f}, nil
}

func (w *blobWriter) Write(p []byte) (int, error) {
	n, err := w.WriteAt(p, w.off)
	w.off += int64(n)
	return n, err
}

// WriteAt writes p at off, growing the content as needed.
func (w *blobWriter) WriteAt(p []byte, off int64) (int, error) {
	if w.file != nil {
		return w.file.WriteAt(p, off)
	}
	if off < 0 {
		return 0, errors.New("negative offset")
	}
	if end := off + int64(len(p)); end > int64(len(w.mem)) {
		if end > int64(cap(w.mem)) {
			grown := make([]byte, end, max(end, 2*int64(cap(w.mem))))
			copy(grown, w.mem)
			w.mem = grown
		} else {
			w.mem = w.mem[:end]
		}
	}
	copy(w.mem[off:], p)
	return len(p), nil
}

// finish turns the written content (size bytes) into a blob.
func (w *blobWriter) finish(size int64) *blob {
	if w.file == nil {
		return &blob{data: w.mem[:size], size: size}
	}
	path := w.file.Name()
	_ = w.file.Close()
	b := &blob{path: path, size: size}
	runtime.AddCleanup(b, func(p string) { _ = os.Remove(p) }, path)
	return b
}

// discard drops what was written.
func (w *blobWriter) discard() {
	if w.file != nil {
		_ = w.file.Close()
		_ = os.Remove(w.file.Name())
	}
	w.mem = nil
}

// hashBlob computes the SHA-256 of a blob assembled by offset.
func hashBlob(b *blob) error {
	r, err := b.open()
	if err != nil {
		return err
	}
	defer r.Close()
	h := sha256.New()
	if _, err := io.Copy(h, r); err != nil {
		return err
	}
	b.sha256 = hex.EncodeToString(h.Sum(nil))
	return nil
}

// spoolDirLocked returns the server's directory for spooled content,
// creating it on first use. Close removes it with everything in it: the
// cleanups tied to garbage collection never run at exit. The caller holds
// s.mu.
func (s *Server) spoolDirLocked() (string, error) {
	if s.docs.spoolDir == "" {
		dir, err := os.MkdirTemp("", "xecmtest-spool-*")
		if err != nil {
			return "", err
		}
		s.docs.spoolDir = dir
	}
	return s.docs.spoolDir, nil
}

// removeSpool deletes the spooled content of the server (on Close).
func (s *Server) removeSpool() {
	s.mu.Lock()
	dir := s.docs.spoolDir
	s.docs.spoolDir = ""
	s.mu.Unlock()
	if dir != "" {
		_ = os.RemoveAll(dir)
	}
}
