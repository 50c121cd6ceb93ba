package xecm

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xecm-go/xecm/internal/envelope"
	"github.com/xecm-go/xecm/internal/multipart"
)

// VersionsService works with the versions of documents. Get it from
// DocumentsService.Versions.
type VersionsService service

// MaxVersionDescription is the longest version description the SDK sends.
const MaxVersionDescription = 255

// DocumentVersion is one version of a document.
type DocumentVersion struct {
	NodeID       int64  // the document
	Number       int    // version number, from 1
	Major        int    // major number (advanced versioning)
	Minor        int    // minor number (advanced versioning)
	NumberName   string // the number as the server shows it, such as "2" or "1.3"
	VersionID    int64  // the server's ID of the version object
	Description  string
	FileName     string
	FileSize     int64 // bytes; -1 when the server did not say, never read as empty
	FileType     string
	MimeType     string
	CreateDate   Time
	ModifyDate   Time
	OwnerID      int64
	Locked       bool
	LockedDate   Time
	LockedUserID int64
	// ExternalCreateDate, ExternalModifyDate and ExternalSource are what the
	// uploader recorded about the file's origin.
	ExternalCreateDate Time
	ExternalModifyDate Time
	ExternalSource     string
}

// UnmarshalJSON reads the wire form of a version, tolerating both spellings
// of the major and minor numbers and "locked" as a number or a boolean.
func (v *DocumentVersion) UnmarshalJSON(b []byte) error {
	var w struct {
		ID                 flexInt64 `json:"id"`
		VersionNumber      flexInt64 `json:"version_number"`
		VersionNumberMajor flexInt64 `json:"version_number_major"`
		VersionNumberMinor flexInt64 `json:"version_number_minor"`
		VersionMajorNumber flexInt64 `json:"version_major_number"`
		VersionMinorNumber flexInt64 `json:"version_minor_number"`
		VersionNumberName  any       `json:"version_number_name"`
		VersionID          flexInt64 `json:"version_id"`
		Description        string    `json:"description"`
		FileName           string    `json:"file_name"`
		FileSize           fileSize  `json:"file_size"`
		FileType           string    `json:"file_type"`
		MimeType           string    `json:"mime_type"`
		CreateDate         Time      `json:"create_date"`
		ModifyDate         Time      `json:"modify_date"`
		OwnerID            flexInt64 `json:"owner_id"`
		Locked             any       `json:"locked"`
		LockedDate         Time      `json:"locked_date"`
		LockedUserID       flexInt64 `json:"locked_user_id"`
		ExternalCreateDate Time      `json:"external_create_date"`
		ExternalModifyDate Time      `json:"external_modify_date"`
		ExternalSource     string    `json:"external_source"`
	}
	w.FileSize = -1 // stays so when file_size is absent
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*v = DocumentVersion{
		NodeID: int64(w.ID), Number: int(w.VersionNumber),
		Major: int(max(w.VersionNumberMajor, w.VersionMajorNumber)), Minor: int(max(w.VersionNumberMinor, w.VersionMinorNumber)),
		VersionID: int64(w.VersionID), Description: w.Description,
		FileName: w.FileName, FileSize: int64(w.FileSize), FileType: w.FileType, MimeType: w.MimeType,
		CreateDate: w.CreateDate, ModifyDate: w.ModifyDate, OwnerID: int64(w.OwnerID),
		LockedDate: w.LockedDate, LockedUserID: int64(w.LockedUserID),
		ExternalCreateDate: w.ExternalCreateDate, ExternalModifyDate: w.ExternalModifyDate, ExternalSource: w.ExternalSource,
	}
	switch l := w.Locked.(type) {
	case nil:
	case bool:
		v.Locked = l
	case float64:
		v.Locked = l != 0
	default:
		return fmt.Errorf("xecm: version: locked is neither a boolean nor a number: %v", l)
	}
	switch n := w.VersionNumberName.(type) {
	case nil:
	case string:
		v.NumberName = n
	case float64:
		v.NumberName = strconv.FormatFloat(n, 'f', -1, 64)
	default:
		return fmt.Errorf("xecm: version: version_number_name is neither a string nor a number: %v", n)
	}
	return nil
}

// fileSize decodes file_size like flexInt64, but null and "" as -1
// (unknown): a size the server did not give must not read as 0 bytes.
type fileSize int64

func (f *fileSize) UnmarshalJSON(b []byte) error {
	if s := string(b); s == "null" || s == `""` {
		*f = -1
		return nil
	}
	return (*flexInt64)(f).UnmarshalJSON(b)
}

// versionsData is the v2 "data" of version calls: "versions" is an object
// for one version, and sometimes an array.
type versionsData struct {
	envelope.Single
	Data struct {
		Versions   envelope.OneOrMany[DocumentVersion] `json:"versions"`
		Properties *Node                               `json:"properties"`
	} `json:"data"`
}

// VersionListOptions pages and orders List.
type VersionListOptions struct {
	ListOptions
	// Descending lists the newest version first; the default is oldest first.
	Descending bool
}

func versionsPath(nodeID int64) string {
	return "v2/nodes/" + strconv.FormatInt(nodeID, 10) + "/versions"
}

func versionPath(nodeID int64, number int) string {
	return versionsPath(nodeID) + "/" + strconv.Itoa(number)
}

func checkVersion(op string, nodeID int64, number int) error {
	if err := checkID(op, "node ID", nodeID); err != nil {
		return err
	}
	if number <= 0 {
		return invalidArg(op, "version number must be positive, got %d", number)
	}
	return nil
}

// List returns one page of a document's versions.
//
// OpenText API: GET api/v2/nodes/{id}/versions
func (s *VersionsService) List(ctx context.Context, nodeID int64, opts *VersionListOptions) (_ *Page[DocumentVersion], err error) {
	ctx, observed := s.c.startOp(ctx, "Versions.List")
	defer observed.end(&err)
	var o VersionListOptions
	if opts != nil {
		o = *opts
	}
	return s.list(ctx, nodeID, o.Descending, o.ListOptions)
}

func (s *VersionsService) list(ctx context.Context, nodeID int64, desc bool, lo ListOptions) (*Page[DocumentVersion], error) {
	const op = "Versions.List"
	if err := checkID(op, "node ID", nodeID); err != nil {
		return nil, err
	}
	if lo.Page < 0 || lo.Limit < 0 {
		return nil, invalidArg(op, "page and limit must not be negative")
	}
	q := url.Values{}
	if desc {
		q.Set("order", "desc")
	}
	setListOptions(q, lo)
	var env struct {
		envelope.Paged
		Results envelope.OneOrMany[versionsData] `json:"results"`
	}
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: versionsPath(nodeID), query: q}, &env); err != nil {
		return nil, err
	}
	var items []DocumentVersion
	for _, r := range env.Results {
		for _, v := range r.Data.Versions {
			if v.Number > 0 { // "versions": {} means none
				items = append(items, v)
			}
		}
	}
	return newPage(items, env.Paging()), nil
}

// ListIter returns an iterator over all versions of a document, fetching
// pages lazily. The options are copied, never changed.
func (s *VersionsService) ListIter(ctx context.Context, nodeID int64, opts *VersionListOptions) iter.Seq2[DocumentVersion, error] {
	var o VersionListOptions
	if opts != nil {
		o = *opts
	}
	return paginate(ctx, pager[DocumentVersion]{
		start: o.ListOptions,
		fetch: func(ctx context.Context, lo ListOptions) (*Page[DocumentVersion], error) {
			return s.list(ctx, nodeID, o.Descending, lo)
		},
		key: func(v DocumentVersion) int64 { return int64(v.Number) },
	})
}

// Get returns one version of a document.
//
// OpenText API: GET api/v2/nodes/{id}/versions/{version_number}
func (s *VersionsService) Get(ctx context.Context, nodeID int64, number int) (_ *DocumentVersion, err error) {
	ctx, observed := s.c.startOp(ctx, "Versions.Get")
	defer observed.end(&err)
	const op = "Versions.Get"
	if err := checkVersion(op, nodeID, number); err != nil {
		return nil, err
	}
	var env struct {
		Results versionsData `json:"results"`
	}
	path := versionPath(nodeID, number)
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: path}, &env); err != nil {
		return nil, err
	}
	v := env.Results.Data.Versions.First()
	if v.Number == 0 {
		return nil, malformed(http.MethodGet, path, "no version in the response")
	}
	return &v, nil
}

// Latest returns the newest version of a document. Version 2 of the API
// has no "latest", so this is a v1 call.
//
// OpenText API: GET api/v1/nodes/{id}/versions/latest
func (s *VersionsService) Latest(ctx context.Context, nodeID int64) (_ *DocumentVersion, err error) {
	ctx, observed := s.c.startOp(ctx, "Versions.Latest")
	defer observed.end(&err)
	if err := checkID("Versions.Latest", "node ID", nodeID); err != nil {
		return nil, err
	}
	var env struct {
		Data envelope.OneOrMany[DocumentVersion] `json:"data"`
	}
	path := "v1/nodes/" + strconv.FormatInt(nodeID, 10) + "/versions/latest"
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: path}, &env); err != nil {
		return nil, err
	}
	v := env.Data.First()
	if v.Number == 0 {
		return nil, malformed(http.MethodGet, path, "no version in the response")
	}
	return &v, nil
}

// VersionAddRequest describes a new version of a document. The content
// fields work as in DocumentUploadRequest.
type VersionAddRequest struct {
	// FileName is the name of the file the version records.
	FileName string
	// MimeType of the content. If empty, application/octet-stream.
	MimeType string
	// Description of the version, at most MaxVersionDescription characters.
	Description string
	// Major adds a major version (documents with advanced versioning).
	Major bool
	// ExternalCreateDate, ExternalModifyDate and ExternalSource record
	// where the file came from.
	ExternalCreateDate time.Time
	ExternalModifyDate time.Time
	ExternalSource     string

	Content  io.Reader
	Open     func() (io.ReadCloser, error)
	Size     int64
	Progress func(sent, total int64)
	// ComputeSHA256 computes the SHA-256 of the content bytes as they are
	// sent (UploadResult.SHA256), as in DocumentUploadRequest.
	ComputeSHA256 bool

	// Categories sets category values on the new version, as raw
	// attribute keys ("9830_2") to values.
	Categories map[string]any
	// Values sets category values by attribute name (see NewCategoryValues,
	// or NewCategoryValuesByName for a category the document carries),
	// checked against the definitions before anything is sent.
	Values []*CategoryValues
}

// Add adds a version to a document, streamed like Upload (large files go
// through the large-file API), and returns it with the size and SHA-256 of
// the content sent.
//
// OpenText API: POST api/v2/nodes/{id}/versions (multipart: fields + file, or upload_key)
func (s *VersionsService) Add(ctx context.Context, nodeID int64, req VersionAddRequest) (_ *UploadResult, err error) {
	ctx, observed := s.c.startOp(ctx, "Versions.Add")
	defer observed.end(&err)
	const op = "Versions.Add"
	if err := checkID(op, "node ID", nodeID); err != nil {
		return nil, err
	}
	if err := checkNameField(op, "FileName", req.FileName); err != nil {
		return nil, err
	}
	if err := checkDescription(op, req.Description); err != nil {
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
	roles, err := (*DocumentsService)(s).buildRoles(ctx, op, nodeID, createRoles{categories: req.Categories, values: req.Values})
	if err != nil {
		return nil, err
	}
	mimeType := req.MimeType
	if mimeType == "" {
		mimeType = "application/octet-stream"
	}
	// This call takes plain fields, not a JSON "body".
	form := url.Values{}
	if req.Description != "" {
		form.Set("description", req.Description)
	}
	form.Set("add_major_version", strconv.FormatBool(req.Major))
	if !req.ExternalCreateDate.IsZero() {
		form.Set("external_create_date", fileDate(req.ExternalCreateDate))
	}
	if !req.ExternalModifyDate.IsZero() {
		form.Set("external_modify_date", fileDate(req.ExternalModifyDate))
	}
	if req.ExternalSource != "" {
		form.Set("external_source", req.ExternalSource)
	}
	if roles != nil {
		b, err := json.Marshal(roles)
		if err != nil {
			return nil, invalidArg(op, "Categories: %v", err)
		}
		form.Set("roles", string(b))
	}

	path := versionsPath(nodeID)
	var env struct {
		Results versionsData `json:"results"`
		// v1-style answer: {"id":..,"version_number":..}
		ID            flexInt64 `json:"id"`
		VersionNumber flexInt64 `json:"version_number"`
	}
	res := &UploadResult{}
	if s.c.useLargeFile(ctx, src.size) {
		lf, err := s.c.uploadLarge(ctx, req.FileName, mimeType, src, req.Progress)
		switch {
		case err == nil:
			form.Set("upload_key", lf.key)
			if err := s.c.do(ctx, &request{method: http.MethodPost, path: path, form: form}, &env); err != nil {
				s.c.cancelLargeFile(ctx, lf.key)
				return nil, err
			}
			res.Size, res.SHA256, res.LargeFile = lf.size, lf.sum, true
		case err != errLargeFileUnavailable:
			return nil, err
		}
	}
	if !res.LargeFile {
		fields := make([]multipart.Field, 0, len(form))
		for _, k := range sortedKeys(form) {
			fields = append(fields, multipart.Field{Name: k, Value: form.Get(k)})
		}
		sent, err := s.c.sendMultipart(ctx, http.MethodPost, path, fields,
			multipart.File{FieldName: "file", FileName: req.FileName, ContentType: mimeType}, src, req.Progress, &env)
		if err != nil {
			return nil, err
		}
		res.Size, res.SHA256 = sent.size, sent.sum
	}
	data := env.Results.Data
	if p := data.Properties; p != nil && p.ID != 0 {
		res.Node = p
	}
	if vs := data.Versions; len(vs) > 0 {
		v := vs[len(vs)-1]
		for _, x := range vs {
			if x.Number > v.Number {
				v = x
			}
		}
		if v.Number > 0 {
			res.Version = &v
		}
	} else if env.VersionNumber > 0 {
		res.Version = &DocumentVersion{NodeID: int64(env.ID), Number: int(env.VersionNumber), FileSize: -1}
	}
	return res, nil
}

func sortedKeys(v url.Values) []string {
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	sort.Strings(keys) // a stable order makes requests reproducible
	return keys
}

func checkDescription(op, d string) error {
	if n := utf8.RuneCountInString(d); n > MaxVersionDescription {
		return invalidArg(op, "Description is %d characters long; at most %d are sent", n, MaxVersionDescription)
	}
	return nil
}

// UpdateDescription changes the description of a version.
//
// OpenText API: PUT api/v2/nodes/{id}/versions/{version_number}
func (s *VersionsService) UpdateDescription(ctx context.Context, nodeID int64, number int, description string) (err error) {
	ctx, observed := s.c.startOp(ctx, "Versions.UpdateDescription")
	defer observed.end(&err)
	const op = "Versions.UpdateDescription"
	if err := checkVersion(op, nodeID, number); err != nil {
		return err
	}
	if err := checkDescription(op, description); err != nil {
		return err
	}
	form := url.Values{"description": {description}}
	return s.c.do(ctx, &request{method: http.MethodPut, path: versionPath(nodeID, number), form: form}, nil)
}

// Promote promotes a minor version to the next major version (documents
// with advanced versioning; others fail with the server's error). The
// description, if not empty, is the new major version's.
//
// OpenText API: POST api/v2/nodes/{id}/versions/{version_number}/promote
func (s *VersionsService) Promote(ctx context.Context, nodeID int64, number int, description string) (err error) {
	ctx, observed := s.c.startOp(ctx, "Versions.Promote")
	defer observed.end(&err)
	const op = "Versions.Promote"
	if err := checkVersion(op, nodeID, number); err != nil {
		return err
	}
	if err := checkDescription(op, description); err != nil {
		return err
	}
	var form url.Values
	if strings.TrimSpace(description) != "" {
		form = url.Values{"description": {description}}
	}
	return s.c.do(ctx, &request{method: http.MethodPost, path: versionPath(nodeID, number) + "/promote", form: form}, nil)
}

// Lock locks a version against deletion.
//
// OpenText API: POST api/v2/nodes/{id}/versions/{version_number}/lock
func (s *VersionsService) Lock(ctx context.Context, nodeID int64, number int) (err error) {
	ctx, observed := s.c.startOp(ctx, "Versions.Lock")
	defer observed.end(&err)
	if err := checkVersion("Versions.Lock", nodeID, number); err != nil {
		return err
	}
	return s.c.do(ctx, &request{method: http.MethodPost, path: versionPath(nodeID, number) + "/lock"}, nil)
}

// Unlock unlocks a version.
//
// OpenText API: POST api/v2/nodes/{id}/versions/{version_number}/unlock
func (s *VersionsService) Unlock(ctx context.Context, nodeID int64, number int) (err error) {
	ctx, observed := s.c.startOp(ctx, "Versions.Unlock")
	defer observed.end(&err)
	if err := checkVersion("Versions.Unlock", nodeID, number); err != nil {
		return err
	}
	return s.c.do(ctx, &request{method: http.MethodPost, path: versionPath(nodeID, number) + "/unlock"}, nil)
}

// Delete deletes one version.
//
// OpenText API: DELETE api/v2/nodes/{id}/versions/{version_number}
func (s *VersionsService) Delete(ctx context.Context, nodeID int64, number int) (err error) {
	ctx, observed := s.c.startOp(ctx, "Versions.Delete")
	defer observed.end(&err)
	if err := checkVersion("Versions.Delete", nodeID, number); err != nil {
		return err
	}
	return s.c.do(ctx, &request{method: http.MethodDelete, path: versionPath(nodeID, number)}, nil)
}

// Purge deletes all but the newest keep versions (minor versions, with
// advanced versioning). keep must be at least 1.
//
// OpenText API: DELETE api/v2/nodes/{id}/versions?number_to_keep={keep}
func (s *VersionsService) Purge(ctx context.Context, nodeID int64, keep int) (err error) {
	ctx, observed := s.c.startOp(ctx, "Versions.Purge")
	defer observed.end(&err)
	const op = "Versions.Purge"
	if err := checkID(op, "node ID", nodeID); err != nil {
		return err
	}
	if keep < 1 {
		return invalidArg(op, "keep must be at least 1, got %d", keep)
	}
	// The spec puts number_to_keep in the query: a DELETE body is dropped.
	q := url.Values{"number_to_keep": {strconv.Itoa(keep)}}
	return s.c.do(ctx, &request{method: http.MethodDelete, path: versionsPath(nodeID), query: q}, nil)
}
