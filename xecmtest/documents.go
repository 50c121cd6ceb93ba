package xecmtest

import (
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The documents area: documents (subtype 144) with real content and
// versions, downloads with Range, and large-file upload sessions
// (largefile.go).
//
//   - POST api/v2/nodes with type 144 takes the content as multipart part
//     "file" or as "upload_key" of a completed large-file session; the
//     MIME type is the file part's Content-Type (else mime_type, else
//     application/octet-stream). "advanced_versioning": true gives
//     major/minor numbering.
//   - GET api/v2/nodes/{id}/versions (page, limit, order), GET, PUT
//     (description) and DELETE of .../versions/{n}, DELETE .../versions
//     with number_to_keep in the query, POST .../{n}/promote, /lock,
//     /unlock, POST .../versions (plain fields: file or upload_key,
//     description, add_major_version, external_*, roles), and GET
//     api/v1/nodes/{id}/versions/latest.
//   - Content: GET api/v1/nodes/{id}/content (latest) and GET
//     api/v{1,2}/nodes/{id}/versions/{n}/content, with Range answered 206.
//
// Audit: Create (by the node core), Version Added 11 for each added
// version, Version Opened 14 for each download.

// docVersion is one version of a simulated document.
type docVersion struct {
	Number       int
	Major, Minor int
	ID           int64
	Description  string
	FileName     string
	MimeType     string
	Content      *blob
	Created      time.Time
	Owner        int64
	Locked       bool
	LockedDate   time.Time
	LockedUser   int64
	ExtCreate    string
	ExtModify    string
	ExtSource    string
}

// docStore is the state of the documents area.
type docStore struct {
	versions map[int64][]*docVersion // node -> versions, ascending numbers
	advanced map[int64]bool          // nodes with advanced versioning
	sessions map[string]*uploadSession
	lf       largeFileLimits
	spoolDir string // temporary files of large content, removed by Close
}

func (s *Server) installDocuments() {
	s.docs = docStore{versions: map[int64][]*docVersion{}, advanced: map[int64]bool{}, sessions: map[string]*uploadSession{}, lf: defaultLargeFileLimits()}
	s.nodes.hooks.create[TypeDocument] = createDocument
	s.nodes.hooks.sections["versions"] = func(s *Server, c *call, n *node) (any, error) {
		out := []any{}
		for _, v := range s.docs.versions[n.ID] {
			out = append(out, s.versionJSON(n, v, dateV2))
		}
		return out, nil
	}
	s.nodes.hooks.copied = append(s.nodes.hooks.copied, func(s *Server, c *call, src, dst *node) error {
		if vs := s.docs.versions[src.ID]; len(vs) > 0 {
			// A copy starts with the source's latest version as version 1.
			v := *vs[len(vs)-1]
			v.Number, v.Major, v.Minor, v.ID = 1, 0, 0, int64(s.nextSeq())
			v.Locked, v.LockedUser, v.LockedDate = false, 0, time.Time{}
			s.docs.versions[dst.ID] = []*docVersion{&v}
		}
		return nil
	})
	s.nodes.hooks.deleted = append(s.nodes.hooks.deleted, func(s *Server, n *node) {
		delete(s.docs.versions, n.ID)
		delete(s.docs.advanced, n.ID)
	})
	s.nodes.hooks.props = append(s.nodes.hooks.props, func(s *Server, n *node, p map[string]any) {
		if vs := s.docs.versions[n.ID]; len(vs) > 0 {
			latest := vs[len(vs)-1]
			p["versions_control_advanced"] = s.docs.advanced[n.ID]
			p["advanced_versioning"] = s.docs.advanced[n.ID]
			if latest.ExtSource != "" {
				p["external_source"] = latest.ExtSource
			}
			if latest.ExtCreate != "" {
				p["external_create_date"] = latest.ExtCreate
			}
			if latest.ExtModify != "" {
				p["external_modify_date"] = latest.ExtModify
			}
		}
	})
	s.installVersionRoutes()
	s.installVersionRoutesV1()
	s.installContentRoutes()
	s.installLargeFile()
}

// createDocument is the create hook of documents.
func createDocument(s *Server, c *call, spec newNode) (*node, error) {
	if err := s.checkNewDocumentLocked(spec); err != nil {
		return nil, err
	}
	content, fileName, mimeType, err := s.contentParamLocked(c)
	if err != nil {
		return nil, err
	}
	if fileName == "" {
		fileName = spec.Name
	}
	spec.Size, spec.MimeType = content.size, mimeType
	n, err := s.insertNodeLocked(spec, c.userID())
	if err != nil {
		return nil, err
	}
	if adv, _ := c.params.str("advanced_versioning"); adv == "true" {
		s.docs.advanced[n.ID] = true
	}
	v := &docVersion{Number: 1, ID: int64(s.nextSeq()), FileName: fileName, MimeType: mimeType, Content: content,
		Created: s.now(), Owner: c.userID()}
	if s.docs.advanced[n.ID] {
		v.Minor = 1
	}
	s.readExternalLocked(c, v)
	s.docs.versions[n.ID] = []*docVersion{v}
	return n, nil
}

// checkNewDocumentLocked refuses a name that is taken before the
// content is copied, as the real server does before storing anything.
func (s *Server) checkNewDocumentLocked(spec newNode) error {
	parent, err := s.getNode(spec.ParentID)
	if err != nil {
		return err
	}
	return s.checkName(parent, spec.Name, 0)
}

func (s *Server) readExternalLocked(c *call, v *docVersion) {
	v.ExtCreate, _ = c.params.str("external_create_date")
	v.ExtModify, _ = c.params.str("external_modify_date")
	v.ExtSource, _ = c.params.str("external_source")
}

// contentParamLocked takes the content of a create or add-version call:
// the "file" part, or the "upload_key" of a completed session (consumed).
func (s *Server) contentParamLocked(c *call) (*blob, string, string, error) {
	mimeType, _ := c.params.str("mime_type")
	if fh, ok := c.params.file("file"); ok {
		f, err := fh.Open()
		if err != nil {
			return nil, "", "", errorf(http.StatusInternalServerError, "Could not read the file: %v", err)
		}
		defer f.Close()
		dir, err := s.spoolDirLocked()
		if err != nil {
			return nil, "", "", errorf(http.StatusInternalServerError, "Could not store the file: %v", err)
		}
		b, err := newBlobFrom(f, fh.Size, dir)
		if err != nil {
			return nil, "", "", errorf(http.StatusInternalServerError, "Could not store the file: %v", err)
		}
		if ct := fh.Header.Get("Content-Type"); ct != "" {
			mimeType = ct
		}
		if mimeType == "" {
			mimeType = "application/octet-stream"
		}
		return b, fh.Filename, mimeType, nil
	}
	if key, ok := c.params.str("upload_key"); ok && key != "" {
		sess, err := s.sessionLocked(key, c.userID())
		if err != nil {
			return nil, "", "", err
		}
		if !sess.completed {
			return nil, "", "", errorf(http.StatusInternalServerError, "Invalid status. The Large File Upload session %s is not complete.", key)
		}
		delete(s.docs.sessions, key)
		return sess.content, sess.fileName, sess.mimeType, nil
	}
	return nil, "", "", errorf(http.StatusBadRequest, "Missing required parameter 'File'")
}

// documentLocked returns the document with the given id, or the errors the
// server gives for unknown nodes and nodes without versions.
func (s *Server) documentLocked(c *call, perm string) (*node, []*docVersion, error) {
	id, err := c.pathID("id")
	if err != nil {
		return nil, nil, err
	}
	n, err := s.getNode(id)
	if err != nil {
		return nil, nil, err
	}
	if err := s.checkAccessLocked(c, n, perm); err != nil {
		return nil, nil, err
	}
	vs, ok := s.docs.versions[n.ID]
	if !ok {
		return nil, nil, errorf(http.StatusInternalServerError, "Could not process object, type '%s' has no role 'versions'", typeName(n.Type))
	}
	return n, vs, nil
}

// versionLocked finds version {version_number} of the document.
func (s *Server) versionLocked(c *call, perm string) (*node, *docVersion, error) {
	n, vs, err := s.documentLocked(c, perm)
	if err != nil {
		return nil, nil, err
	}
	num, err := strconv.Atoi(c.r.PathValue("version_number"))
	if err == nil && num > 0 {
		for _, v := range vs {
			if v.Number == num {
				return n, v, nil
			}
		}
	}
	return nil, nil, noVersion(c)
}

// noVersion is the answer to a version number the document does not have,
// which differs by route in the vendor spec.
func noVersion(c *call) error {
	switch {
	case c.r.Method == http.MethodDelete:
		return errorf(http.StatusBadRequest, "Error getting version for node")
	case strings.HasSuffix(c.r.URL.Path, "/content") || c.r.PathValue("document_name") != "":
		return errorf(http.StatusInternalServerError, "The version is not found")
	}
	return errNoAccess()
}

func (s *Server) versionJSON(n *node, v *docVersion, date func(time.Time) any) map[string]any {
	name := strconv.Itoa(v.Number)
	if s.docs.advanced[n.ID] {
		name = strconv.Itoa(v.Major) + "." + strconv.Itoa(v.Minor)
	}
	fileType := ""
	if i := strings.LastIndexByte(v.FileName, '.'); i >= 0 {
		fileType = v.FileName[i+1:]
	}
	var lockedUser any
	if v.Locked {
		lockedUser = v.LockedUser
	}
	return map[string]any{
		"id": n.ID, "version_id": v.ID, "version_number": v.Number, "version_number_name": name,
		"version_number_major": v.Major, "version_number_minor": v.Minor,
		"description": v.Description, "file_name": v.FileName, "file_size": v.Content.size, "file_type": fileType,
		"mime_type": v.MimeType, "create_date": date(v.Created), "modify_date": date(v.Created),
		"file_create_date": date(v.Created), "file_modify_date": date(v.Created),
		"owner_id": v.Owner, "locked": v.Locked, "locked_date": date(v.LockedDate), "locked_user_id": lockedUser,
		"external_create_date": nilIfEmpty(v.ExtCreate), "external_modify_date": nilIfEmpty(v.ExtModify),
		"external_source": v.ExtSource, "has_generation": false, "provider_name": "simulator",
	}
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func (s *Server) installVersionRoutes() {
	s.api("GET /v2/nodes/{id}/versions", s.handleListVersions)
	s.api("POST /v2/nodes/{id}/versions", s.handleAddVersion)
	s.api("DELETE /v2/nodes/{id}/versions", s.handlePurgeVersions)
	s.api("GET /v2/nodes/{id}/versions/{version_number}", s.handleGetVersion)
	s.api("PUT /v2/nodes/{id}/versions/{version_number}", s.handleUpdateVersion)
	s.api("DELETE /v2/nodes/{id}/versions/{version_number}", s.handleDeleteVersion)
	s.api("POST /v2/nodes/{id}/versions/{version_number}/promote", s.handlePromoteVersion)
	s.api("POST /v2/nodes/{id}/versions/{version_number}/lock", s.handleLockVersion(true))
	s.api("POST /v2/nodes/{id}/versions/{version_number}/unlock", s.handleLockVersion(false))
	s.api("GET /v1/nodes/{id}/versions/latest", s.handleLatestVersion)
}

func (s *Server) handleListVersions(c *call) (any, error) {
	n, vs, err := s.documentLocked(c, "see_contents")
	if err != nil {
		return nil, err
	}
	page, limit, err := c.pageRequest(100)
	if err != nil {
		return nil, err
	}
	ordered := append([]*docVersion(nil), vs...)
	switch c.query.Get("order") {
	case "", "asc":
	case "desc":
		for i, j := 0, len(ordered)-1; i < j; i, j = i+1, j-1 {
			ordered[i], ordered[j] = ordered[j], ordered[i]
		}
	default:
		return nil, invalid("order", c.query.Get("order"))
	}
	items, pg := paginate(ordered, page, limit)
	results := make([]any, 0, len(items))
	for _, v := range items {
		results = append(results, map[string]any{"data": map[string]any{"versions": s.versionJSON(n, v, dateV2)}})
	}
	return map[string]any{"links": c.selfLinks(), "collection": map[string]any{"paging": pg}, "results": results}, nil
}

func (s *Server) handleGetVersion(c *call) (any, error) {
	n, v, err := s.versionLocked(c, "see_contents")
	if err != nil {
		return nil, err
	}
	return map[string]any{"links": c.selfLinks(), "results": map[string]any{"data": map[string]any{"versions": s.versionJSON(n, v, dateV2)}}}, nil
}

func (s *Server) handleLatestVersion(c *call) (any, error) {
	n, vs, err := s.documentLocked(c, "see_contents")
	if err != nil {
		return nil, err
	}
	return map[string]any{"data": s.versionJSON(n, vs[len(vs)-1], dateNoZone), "definitions": map[string]any{}}, nil
}

func (s *Server) handleAddVersion(c *call) (any, error) {
	n, v, err := s.addVersionLocked(c)
	if err != nil {
		return nil, err
	}
	return map[string]any{"links": c.selfLinks(), "results": map[string]any{"data": map[string]any{
		"properties": s.propsLocked(n, layoutV2), "versions": s.versionJSON(n, v, dateV2)}}}, nil
}

// addVersionLocked adds a version from the request (POST v1 and v2
// nodes/{id}/versions).
func (s *Server) addVersionLocked(c *call) (*node, *docVersion, error) {
	n, vs, err := s.documentLocked(c, "modify")
	if err != nil {
		return nil, nil, err
	}
	desc, _ := c.params.str("description")
	if utf8.RuneCountInString(desc) > 255 {
		return nil, nil, errorf(http.StatusBadRequest, "The description must not exceed 255 characters.")
	}
	major := false
	if m, ok := c.params.str("add_major_version"); ok {
		switch m {
		case "true", "1":
			major = true
		case "false", "0", "":
		default:
			return nil, nil, errorf(http.StatusBadRequest, "Could not set feature Versioning, value must be a Boolean")
		}
	}
	if src, ok := c.params.str("external_source"); ok && src != "" && !knownExternalSource(src) {
		return nil, nil, errorf(http.StatusBadRequest, "External source not found")
	}
	content, fileName, mimeType, err := s.contentParamLocked(c)
	if err != nil {
		return nil, nil, err
	}
	if fileName == "" {
		fileName = n.Name
	}
	last := vs[len(vs)-1]
	v := &docVersion{Number: last.Number + 1, ID: int64(s.nextSeq()), Description: desc, FileName: fileName,
		MimeType: mimeType, Content: content, Created: s.now(), Owner: c.userID()}
	if s.docs.advanced[n.ID] {
		if major {
			v.Major, v.Minor = last.Major+1, 0
		} else {
			v.Major, v.Minor = last.Major, last.Minor+1
		}
	}
	s.readExternalLocked(c, v)
	if raw, ok := c.params.raw("roles"); ok {
		if str, isStr := raw.(string); isStr {
			m := map[string]any{}
			if err := decodeJSONObject([]byte(str), m); err != nil {
				return nil, nil, err
			}
			raw = m
		}
		roles, _ := raw.(map[string]any)
		if cats, ok := roles["categories"]; ok {
			if h := s.nodes.hooks.roles["categories"]; h != nil {
				// The superseded version keeps the values it had.
				s.freezeBeforeAddLocked(n.ID, last.Number)
				if err := h(s, c, n, cats); err != nil {
					delete(s.cats.frozenFor, n.ID)
					return nil, nil, err
				}
			}
		}
	}
	s.docs.versions[n.ID] = append(vs, v)
	n.Size, n.MimeType = content.size, mimeType
	s.touchLocked(n, c.userID())
	s.recordLocked(AuditEntry{NodeID: n.ID, EventType: EventVersionAdded, UserID: c.userID(), Date: v.Created, Version: v.Number})
	return n, v, nil
}

func knownExternalSource(src string) bool {
	switch src {
	case "file_system", "mobile_device", "scanner", "fax", "ftp", "shared_drive", "removable_disk", "backup_media",
		"optical_disk", "onedrive", "cloud_storage", "camera", "email_server", "elink", "opentext_core", "edocs", "sap",
		"document_management", "exchange_mailbox", "notes_mailbox", "outlook_pst", "file_stream", "mailbox_other":
		return true
	}
	return false
}

func (s *Server) handleUpdateVersion(c *call) (any, error) {
	n, v, err := s.versionLocked(c, "modify")
	if err != nil {
		return nil, err
	}
	desc, _ := c.params.str("description")
	if utf8.RuneCountInString(desc) > 255 {
		return nil, errorf(http.StatusBadRequest, "The description must not exceed 255 characters.")
	}
	v.Description = desc
	s.touchLocked(n, c.userID())
	return map[string]any{"links": c.selfLinks(), "results": map[string]any{"data": map[string]any{"versions": s.versionJSON(n, v, dateV2)}}}, nil
}

func (s *Server) handleDeleteVersion(c *call) (any, error) {
	n, v, err := s.versionLocked(c, "delete_versions")
	if err != nil {
		return nil, err
	}
	vs := s.docs.versions[n.ID]
	if v.Locked || len(vs) == 1 {
		// The server refuses to delete a locked version and the only one.
		return nil, errorf(http.StatusBadRequest, "Could not process object, invalid action 'versions-delete'")
	}
	out := vs[:0:0]
	for _, x := range vs {
		if x != v {
			out = append(out, x)
		}
	}
	s.docs.versions[n.ID] = out
	latest := out[len(out)-1]
	n.Size, n.MimeType = latest.Content.size, latest.MimeType
	s.touchLocked(n, c.userID())
	return map[string]any{"links": c.selfLinks(), "results": []any{}}, nil
}

func (s *Server) handlePurgeVersions(c *call) (any, error) {
	n, vs, err := s.documentLocked(c, "delete_versions")
	if err != nil {
		return nil, err
	}
	// number_to_keep is a query parameter in the spec; clients also send
	// it as a form field in the DELETE body (as pyxecm sends the fields of
	// other deletes, which the server reads), so either place counts.
	keep := 1
	raw := c.query.Get("number_to_keep")
	if raw == "" {
		raw, _ = c.params.str("number_to_keep")
	}
	if raw != "" {
		k, err := strconv.Atoi(raw)
		if err != nil || k < 1 {
			return nil, errorf(http.StatusInternalServerError, "Invalid value for NumberToKeep")
		}
		keep = k
	}
	// Keep the newest versions, and every locked one.
	cut := max(len(vs)-keep, 0)
	out := vs[:0:0]
	for i, v := range vs {
		if i >= cut || v.Locked {
			out = append(out, v)
		}
	}
	s.docs.versions[n.ID] = out
	s.touchLocked(n, c.userID())
	return map[string]any{"links": c.selfLinks(), "results": []any{}}, nil
}

func (s *Server) handlePromoteVersion(c *call) (any, error) {
	n, v, err := s.versionLocked(c, "add_major_version")
	if err != nil {
		return nil, err
	}
	if !s.docs.advanced[n.ID] {
		return nil, errorf(http.StatusInternalServerError, "You cannot promote a version of a document using standard versioning.")
	}
	if v.Minor == 0 {
		return nil, errorf(http.StatusInternalServerError, "You cannot promote a major version.")
	}
	vs := s.docs.versions[n.ID]
	last := vs[len(vs)-1]
	desc, _ := c.params.str("description")
	if desc == "" {
		desc = v.Description
	}
	nv := *v
	nv.Number, nv.ID, nv.Major, nv.Minor, nv.Description = last.Number+1, int64(s.nextSeq()), last.Major+1, 0, desc
	nv.Created, nv.Owner, nv.Locked, nv.LockedUser, nv.LockedDate = s.now(), c.userID(), false, 0, time.Time{}
	s.docs.versions[n.ID] = append(vs, &nv)
	n.Size, n.MimeType = nv.Content.size, nv.MimeType
	s.touchLocked(n, c.userID())
	s.recordLocked(AuditEntry{NodeID: n.ID, EventType: EventVersionAdded, UserID: c.userID(), Date: nv.Created, Version: nv.Number})
	return map[string]any{"links": c.selfLinks(), "results": map[string]any{"data": map[string]any{"versions": s.versionJSON(n, &nv, dateV2)}}}, nil
}

func (s *Server) handleLockVersion(lock bool) jsonHandler {
	return func(c *call) (any, error) {
		n, v, err := s.versionLocked(c, "modify")
		if err != nil {
			return nil, err
		}
		v.Locked = lock
		if lock {
			v.LockedUser, v.LockedDate = c.userID(), s.now()
		} else {
			v.LockedUser, v.LockedDate = 0, time.Time{}
		}
		s.touchLocked(n, c.userID())
		return map[string]any{"links": c.selfLinks(), "results": map[string]any{}}, nil
	}
}

// installContentRoutes serves the content of the latest version and of a
// given version under every path the spec declares, v1 and v2, with the
// trailing file name segment (which the server ignores: it is there for
// browsers that save under the last path segment), GET and HEAD.
func (s *Server) installContentRoutes() {
	for _, v := range []string{"/v1", "/v2"} {
		for _, p := range []string{
			"/nodes/{id}/content",
			"/nodes/{id}/content/{filename}",
			"/nodes/{id}/versions/{version_number}/content",
			"/nodes/{id}/versions/{version_number}/content/{document_name}",
		} {
			s.apiRaw("GET "+v+p, 0, s.serveContent)
			s.apiRaw("HEAD "+v+p, 0, s.serveContent)
		}
	}
}

// serveContent streams a version's content, answering Range with 206. It
// runs without s.mu while writing.
func (s *Server) serveContent(c *call) error {
	s.mu.Lock()
	var n *node
	var v *docVersion
	var err error
	if c.r.PathValue("version_number") != "" {
		n, v, err = s.versionLocked(c, "see_contents")
	} else {
		var vs []*docVersion
		n, vs, err = s.documentLocked(c, "see_contents")
		if err == nil {
			v = vs[len(vs)-1]
		}
	}
	if err == nil && c.r.Method != http.MethodHead {
		s.recordLocked(AuditEntry{NodeID: n.ID, EventType: EventVersionOpened, UserID: c.userID()})
		s.noteAccessedLocked(c.userID(), n.ID)
	}
	s.mu.Unlock()
	if err != nil {
		if strings.Contains(err.Error(), "has no role") {
			return errNoAccess()
		}
		return err
	}
	r, err := v.Content.open()
	if err != nil {
		return errorf(http.StatusInternalServerError, "Could not open the content: %v", err)
	}
	defer r.Close()
	h := c.w.Header()
	h.Set("Content-Type", v.MimeType)
	// FormatMediaType quotes and escapes the name (RFC 2231 for non-ASCII),
	// so that a client reads back the name that was stored.
	disp := mime.FormatMediaType("attachment", map[string]string{"filename": v.FileName})
	if disp == "" {
		disp = `attachment; filename="` + strings.ReplaceAll(v.FileName, `"`, "") + `"`
	}
	h.Set("Content-Disposition", disp)
	http.ServeContent(c.w, c.r, v.FileName, v.Created, r)
	return nil
}
