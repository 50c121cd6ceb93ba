package xecm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"reflect"
	"sort"
	"strings"
	"sync"
	"time"
)

// DocumentsService uploads documents, downloads their content and manages
// their versions (see Versions).
//
// Uploads stream: memory stays at one copy buffer (or, for large-file
// uploads of one-shot readers, one part) whatever the size of the file.
type DocumentsService service

// Versions returns the service for the versions of documents.
func (s *DocumentsService) Versions() *VersionsService { return (*VersionsService)(s) }

// DefaultLargeFileThreshold is the size from which uploads use the
// large-file API when neither WithLargeFileThreshold nor the server's
// settings say otherwise.
const DefaultLargeFileThreshold = 64 << 20

// WithLargeFileThreshold sets the content size from which uploads of known
// size use the server's large-file API (sessions sent in parts, each part
// retried on its own). Zero keeps the default: the minimum size the server
// reports in GET api/v2/multipart/settings (read once per Client), else
// DefaultLargeFileThreshold. A negative value never uses the large-file API.
func WithLargeFileThreshold(n int64) Option {
	return func(cfg *config) error {
		cfg.documents.largeFileThreshold = n
		return nil
	}
}

type documentsConfig struct {
	largeFileThreshold int64
}

// documentsState is the per-Client memory of the large-file settings.
type documentsState struct {
	cfg documentsConfig

	mu       sync.Mutex
	settings *LargeFileSettings // nil until read
}

// DocumentUploadRequest describes a new document.
//
// The content comes from Open or Content. Open, or a Content that
// implements io.ReaderAt (such as *os.File, *bytes.Reader, *strings.Reader)
// with a known size, makes the upload reopenable: it is retried after
// transient failures and replayed after a fresh login. Any other Content is
// read once, and the upload is sent once.
type DocumentUploadRequest struct {
	// ParentID is the folder or workspace that receives the document.
	ParentID int64
	// Name of the document; at most MaxNameLength characters, unique
	// within the parent.
	Name string
	// MimeType of the content. If empty, application/octet-stream.
	MimeType string
	// Description of the document.
	Description string
	// ExternalCreateDate, ExternalModifyDate and ExternalSource record
	// where the file came from (dates are sent as days). ExternalSource is
	// one of the server's values, such as "file_system" or "scanner".
	ExternalCreateDate time.Time
	ExternalModifyDate time.Time
	ExternalSource     string
	// AdvancedVersioning numbers the versions major.minor (see
	// VersionsService.Promote) instead of 1, 2, 3.
	AdvancedVersioning bool

	// Content is read for the upload: once, or per attempt through
	// io.ReaderAt from offset 0 (see the type's doc).
	Content io.Reader
	// Open, if set, returns the content from its start for each attempt.
	// It takes precedence over Content. The SDK closes what it returns.
	Open func() (io.ReadCloser, error)
	// Size is the content length in bytes. If zero, the SDK asks the content
	// (a Size or Len method, or Stat of a file); when it cannot tell, the
	// upload is sent with unknown length, and never as a large file.
	Size int64

	// Progress, if set, is called as content is sent, with the bytes sent so
	// far in the current attempt and the total (-1 if unknown). A retried
	// attempt starts again from zero, and the attempt it replaces reports no
	// more. It is called from another goroutine, never from two at once, and
	// must not block.
	Progress func(sent, total int64)
	// ComputeSHA256 computes the SHA-256 of the content bytes as they are
	// sent (UploadResult.SHA256). It is off by default: hashing costs about
	// as much CPU as sending, and slows an upload on a machine with few
	// cores. DownloadTo computes or checks a digest on request too.
	ComputeSHA256 bool

	// Categories applies category values in the same call, as raw
	// attribute keys "{categoryID}_{attributeID}" ("9830_2") to values;
	// "{categoryID}_1" with an empty map applies a category with its
	// defaults.
	Categories map[string]any
	// Values applies category values set by attribute name (see
	// NewCategoryValues, or NewCategoryValuesByName for a category the
	// parent carries), checked against the categories' definitions before
	// anything is sent and merged into Categories.
	Values []*CategoryValues
	// Classifications applies these classification IDs in the same call.
	Classifications []int64
	// RMClassificationID applies a records management classification in
	// the same call, with RecordDetails (optional) as its record details.
	RMClassificationID int64
	RecordDetails      *RecordDetailsUpdate
}

// UploadResult is what an upload created, with the fingerprint of the
// content as it was sent.
type UploadResult struct {
	// Node is the document (for Upload), or the document after the new
	// version (for Versions.Add, when the server returns it).
	Node *Node
	// Version is the version created, when the server says (Versions.Add).
	Version *DocumentVersion
	// Size is the number of content bytes sent.
	Size int64
	// SHA256 is the lower-case hex SHA-256 of the content bytes sent,
	// when the request set ComputeSHA256; empty otherwise.
	SHA256 string
	// LargeFile reports whether the large-file API carried the content.
	LargeFile bool
}

// externalSources are the values the server accepts for external_source.
var externalSources = map[string]bool{
	"file_system": true, "mobile_device": true, "scanner": true, "fax": true, "ftp": true,
	"shared_drive": true, "removable_disk": true, "backup_media": true, "optical_disk": true,
	"onedrive": true, "cloud_storage": true, "camera": true, "email_server": true, "elink": true,
	"opentext_core": true, "edocs": true, "sap": true, "document_management": true,
	"exchange_mailbox": true, "notes_mailbox": true, "outlook_pst": true, "file_stream": true,
	"mailbox_other": true,
}

func checkExternalSource(op, src string) error {
	if src == "" || externalSources[src] {
		return nil
	}
	known := make([]string, 0, len(externalSources))
	for k := range externalSources {
		known = append(known, k)
	}
	sort.Strings(known)
	return invalidArg(op, "ExternalSource %q is not one the server accepts (%s)", src, strings.Join(known, ", "))
}

// buildRoles is the one place where the "roles" member of a create or
// add-version request is built: category values under "categories",
// classification IDs under "classifications". It returns nil when there is
// nothing to apply.
//
// Values set by attribute name are resolved against the definitions read
// at defsNodeID (the parent of a new document, the document for a version).
func (s *DocumentsService) buildRoles(ctx context.Context, op string, defsNodeID int64, r createRoles) (map[string]any, error) {
	roles := map[string]any{}
	cats := make(map[string]any, len(r.categories))
	for k, v := range r.categories {
		if err := checkAttributeKey(k); err != nil {
			return nil, invalidArg(op, "Categories: %v", err)
		}
		cats[k] = v
	}
	if len(r.values) > 0 {
		res, err := (*MetadataService)(s).Resolve(ctx, defsNodeID, r.values...)
		if err != nil {
			return nil, err
		}
		maps.Copy(cats, res.Flat())
	}
	if len(cats) > 0 {
		roles["categories"] = cats
	}
	if r.rmClassID != 0 || r.recordDetails != nil {
		rm, err := rmClassificationRole(op, "RMClassificationID", r.rmClassID, r.recordDetails)
		if err != nil {
			return nil, err
		}
		roles["rmclassifications"] = rm
	}
	classifications := r.classifications
	if len(classifications) > 0 {
		for _, id := range classifications {
			if id <= 0 {
				return nil, invalidArg(op, "Classifications: %d is not a positive ID", id)
			}
		}
		roles["classifications"] = map[string]any{"create_id": []int64{}, "id": classifications}
	}
	if len(roles) == 0 {
		return nil, nil
	}
	return roles, nil
}

// createRoles is what a create or add-version call may apply with it.
type createRoles struct {
	categories      map[string]any    // raw flat attribute keys
	values          []*CategoryValues // values by attribute name
	classifications []int64
	rmClassID       int64
	recordDetails   *RecordDetailsUpdate
}

// checkAttributeKey checks the "{categoryID}_{attributeID}" form, with
// optional further "_{n}" parts for set rows and attributes.
func checkAttributeKey(k string) error {
	parts := strings.Split(k, "_")
	if len(parts) < 2 {
		return fmt.Errorf("key %q is not of the form {categoryID}_{attributeID}", k)
	}
	for _, p := range parts {
		if p == "" || strings.Trim(p, "0123456789") != "" {
			return fmt.Errorf("key %q is not of the form {categoryID}_{attributeID}", k)
		}
	}
	return nil
}

// contentSource is the content of an upload in the form the senders need.
type contentSource struct {
	size int64 // -1 when unknown
	// reopen returns the content from its start; nil for a one-shot reader.
	reopen func() (io.Reader, error)
	// at reads any range of the content without buffering, when the
	// caller gave an io.ReaderAt of known size.
	at io.ReaderAt
	// once is the one-shot reader.
	once io.Reader
	// digest asks for the SHA-256 of the bytes sent (ComputeSHA256).
	digest bool
}

func (cs *contentSource) reopenable() bool { return cs.reopen != nil }

// newContentSource derives the content source from the request fields.
func newContentSource(op string, content io.Reader, open func() (io.ReadCloser, error), size int64) (*contentSource, error) {
	if size < 0 {
		return nil, invalidArg(op, "Size must not be negative, got %d", size)
	}
	if open == nil && content == nil {
		return nil, invalidArg(op, "no content: set Content or Open")
	}
	if open == nil && isNilPointer(content) {
		// Its methods would panic, on the goroutine that writes the body.
		return nil, invalidArg(op, "Content is a nil %T", content)
	}
	if size == 0 {
		size = sizeOf(content)
	}
	cs := &contentSource{size: size}
	switch {
	case open != nil:
		cs.reopen = func() (io.Reader, error) {
			rc, err := open()
			if err != nil {
				return nil, err
			}
			if rc == nil {
				return nil, errors.New("xecm: Open returned a nil reader")
			}
			return rc, nil
		}
	case isReaderAt(content) && size >= 0:
		at := content.(io.ReaderAt)
		cs.at = at
		// One byte more than Size, so that content longer than Size fails
		// (ErrLongContent) as it does for a one-shot reader, instead of
		// being stored cut to its first Size bytes.
		cs.reopen = func() (io.Reader, error) { return io.NewSectionReader(at, 0, min(size, math.MaxInt64-1)+1), nil }
	default:
		cs.once = content
	}
	return cs, nil
}

// isNilPointer reports whether r is a typed nil pointer, such as a nil
// *bytes.Reader in a non-nil io.Reader.
func isNilPointer(r io.Reader) bool {
	v := reflect.ValueOf(r)
	return v.Kind() == reflect.Pointer && v.IsNil()
}

func isReaderAt(r io.Reader) bool {
	_, ok := r.(io.ReaderAt)
	return ok
}

// sizeOf asks the content for its length; -1 when it cannot tell.
func sizeOf(r io.Reader) int64 {
	switch v := r.(type) {
	case nil:
		return -1
	case *os.File:
		if fi, err := v.Stat(); err == nil && fi.Mode().IsRegular() {
			return fi.Size()
		}
		return -1
	case interface{ Size() int64 }:
		if _, ok := r.(io.ReaderAt); ok {
			return v.Size() // bytes.Reader, strings.Reader, io.SectionReader: the whole content
		}
	case interface{ Len() int }:
		return int64(v.Len()) // bytes.Buffer: what is left to read
	}
	return -1
}

// fileDate formats an external date as the day the API expects.
func fileDate(t time.Time) string { return t.Format(time.DateOnly) }
