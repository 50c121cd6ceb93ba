package xecmtest

import (
	"crypto/rand"
	"encoding/hex"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Large-file upload sessions (reference §4.4): start, parts of the size
// the server chose, complete, cancel; then the node or version is created
// with upload_key. Parts are written by offset into one spooled blob, so a
// session holds no more memory than its content's spool threshold.

// largeFileLimits are the session settings.
type largeFileLimits struct {
	Enabled  bool
	MinSize  int64
	MaxSize  int64
	PartSize int64
	TTL      time.Duration
}

func defaultLargeFileLimits() largeFileLimits {
	return largeFileLimits{Enabled: true, MinSize: 10 << 20, MaxSize: 1 << 40, PartSize: 8 << 20, TTL: time.Hour}
}

// SetLargeFileLimits changes the large-file settings: whether sessions
// are enabled, the file sizes they accept, the part size the server
// chooses and how long a session lives. Zero values keep the current
// setting. Defaults: enabled, 10 MiB to 1 TiB, 8 MiB parts, one hour.
func (s *Server) SetLargeFileLimits(enabled bool, minSize, maxSize, partSize int64, ttl time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	l := &s.docs.lf
	l.Enabled = enabled
	if minSize > 0 {
		l.MinSize = minSize
	}
	if maxSize > 0 {
		l.MaxSize = maxSize
	}
	if partSize > 0 {
		l.PartSize = partSize
	}
	if ttl > 0 {
		l.TTL = ttl
	}
}

// LargeFileSessions returns the keys of the open (not yet consumed or
// cancelled) large-file sessions.
func (s *Server) LargeFileSessions() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var keys []string
	for k := range s.docs.sessions {
		keys = append(keys, k)
	}
	return keys
}

// uploadSession is one large-file upload.
type uploadSession struct {
	key       string
	user      int64
	fileName  string
	mimeType  string
	size      int64
	partSize  int64
	numParts  int
	parts     map[int]bool
	w         *blobWriter
	content   *blob // set when completed
	completed bool
	expires   time.Time
}

const msgBadKey = "Failed to complete request. Either the UploadKey is invalid, or you do not have permission to access this upload session"

func (s *Server) installLargeFile() {
	s.api("GET /v2/multipart/settings", func(c *call) (any, error) {
		l := s.docs.lf
		return map[string]any{"is_enabled": l.Enabled, "min_size": l.MinSize, "max_size": l.MaxSize}, nil
	})
	s.api("POST /v2/multipart", s.handleStartUpload)
	s.api("POST /v2/multipart/{upload_key}/{part_number}", s.handleUploadPart)
	s.api("POST /v2/multipart/{upload_key}", s.handleCompleteUpload)
	s.api("DELETE /v2/multipart/{upload_key}", func(c *call) (any, error) {
		sess, err := s.sessionLocked(c.r.PathValue("upload_key"), c.userID())
		if err != nil {
			return nil, err
		}
		if sess.w != nil {
			sess.w.discard()
		}
		delete(s.docs.sessions, sess.key)
		return map[string]any{}, nil
	})
}

// sessionLocked finds a session of the user, dropping it when expired.
func (s *Server) sessionLocked(key string, user int64) (*uploadSession, error) {
	sess := s.docs.sessions[key]
	if sess == nil || sess.user != user {
		return nil, errorf(http.StatusInternalServerError, msgBadKey)
	}
	if !s.now().Before(sess.expires) {
		if sess.w != nil {
			sess.w.discard()
		}
		delete(s.docs.sessions, key)
		return nil, errorf(http.StatusInternalServerError, "Multipart Upload session expired")
	}
	return sess, nil
}

func (s *Server) handleStartUpload(c *call) (any, error) {
	l := s.docs.lf
	if !l.Enabled {
		return nil, errorf(http.StatusBadRequest, "Large File Upload is not enabled.")
	}
	name, _ := c.params.str("file_name")
	mimeType, _ := c.params.str("mime_type")
	if strings.TrimSpace(name) == "" {
		return nil, missing("file_name")
	}
	if strings.TrimSpace(mimeType) == "" {
		return nil, missing("mime_type")
	}
	size, ok, err := c.params.int64("file_size")
	if err != nil {
		return nil, errorf(http.StatusBadRequest, "Pattern of argument was not recognized.")
	}
	if !ok {
		return nil, missing("file_size")
	}
	if size < l.MinSize || size > l.MaxSize {
		return nil, errorf(http.StatusInternalServerError, "Invalid block size: File size must be between %d and %d bytes.", l.MinSize, l.MaxSize)
	}
	dir, err := s.spoolDirLocked()
	if err != nil {
		return nil, errorf(http.StatusInternalServerError, "Could not start the upload: %v", err)
	}
	w, err := newBlobWriter(size, dir)
	if err != nil {
		return nil, errorf(http.StatusInternalServerError, "Could not start the upload: %v", err)
	}
	var rnd [12]byte
	_, _ = rand.Read(rnd[:])
	sess := &uploadSession{
		key: hex.EncodeToString(rnd[:]), user: c.userID(), fileName: name, mimeType: mimeType, size: size,
		partSize: l.PartSize, numParts: int((size + l.PartSize - 1) / l.PartSize), parts: map[int]bool{}, w: w,
		expires: s.now().Add(l.TTL),
	}
	s.docs.sessions[sess.key] = sess
	return map[string]any{"upload_key": sess.key, "num_parts": sess.numParts, "part_size": sess.partSize, "max_retries": 3}, nil
}

func (s *Server) handleUploadPart(c *call) (any, error) {
	sess, err := s.sessionLocked(c.r.PathValue("upload_key"), c.userID())
	if err != nil {
		return nil, err
	}
	if sess.completed {
		return nil, errorf(http.StatusInternalServerError, msgBadKey)
	}
	part, err := strconv.Atoi(c.r.PathValue("part_number"))
	if err != nil || part < 1 || part > sess.numParts {
		return nil, errorf(http.StatusInternalServerError, "Invalid BlockID: Expected BlockID between 1 and %d", sess.numParts)
	}
	if sess.parts[part] {
		return nil, errorf(http.StatusInternalServerError, "Invalid BlockID: BlockID %d has already been uploaded.", part)
	}
	// The part comes as a multipart file part or as a form field.
	var r io.Reader
	var got int64
	if fh, ok := c.params.file("part_content"); ok {
		f, err := fh.Open()
		if err != nil {
			return nil, errorf(http.StatusInternalServerError, "Could not read the part: %v", err)
		}
		defer f.Close()
		r, got = f, fh.Size
	} else if v, ok := c.params.str("part_content"); ok {
		r, got = strings.NewReader(v), int64(len(v))
	} else {
		return nil, missing("part_content")
	}
	want := sess.partSize
	if part == sess.numParts {
		want = sess.size - int64(sess.numParts-1)*sess.partSize
	}
	if got != want {
		return nil, errorf(http.StatusInternalServerError, "Invalid block size: BlockID %d must be %d bytes, got %d.", part, want, got)
	}
	off := int64(part-1) * sess.partSize
	if _, err := io.Copy(io.NewOffsetWriter(sess.w, off), r); err != nil {
		return nil, errorf(http.StatusInternalServerError, "Could not store the part: %v", err)
	}
	sess.parts[part] = true
	return map[string]any{}, nil
}

func (s *Server) handleCompleteUpload(c *call) (any, error) {
	sess, err := s.sessionLocked(c.r.PathValue("upload_key"), c.userID())
	if err != nil {
		return nil, err
	}
	if sess.completed || len(sess.parts) == 0 {
		return nil, errorf(http.StatusInternalServerError, "Invalid status. Cannot close an empty or already closed upload.")
	}
	if len(sess.parts) != sess.numParts {
		return nil, errorf(http.StatusInternalServerError, "Invalid status. %d of %d parts have been uploaded.", len(sess.parts), sess.numParts)
	}
	sess.content = sess.w.finish(sess.size)
	sess.w = nil
	if err := hashBlob(sess.content); err != nil {
		return nil, errorf(http.StatusInternalServerError, "Could not complete the upload: %v", err)
	}
	sess.completed = true
	return map[string]any{}, nil
}
