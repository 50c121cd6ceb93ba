package xecm

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"math"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xecm-go/xecm/internal/envelope"
	"github.com/xecm-go/xecm/internal/jsonread"
)

// NodesService works with nodes of any type: get, browse, create folders,
// rename, move, copy, delete, reserve.
type NodesService service

// Node subtypes (the "type" of a node) used throughout the SDK.
const (
	TypeFolder              = 0
	TypeShortcut            = 1
	TypeURL                 = 140
	TypeCategory            = 131
	TypeDocument            = 144
	TypeEnterpriseWorkspace = 141
	TypeWorkflowMap         = 128
	TypeClassification      = 199
	TypeHold                = 833
	TypeBusinessWorkspace   = 848
)

// MaxNameLength is the longest item name Content Server accepts.
const MaxNameLength = 248

// Node is a Content Server item: folder, document, workspace, and so on.
type Node struct {
	ID                      int64             `json:"id"`
	Name                    string            `json:"name"`
	Type                    int               `json:"type"`
	TypeName                string            `json:"type_name"`
	ParentID                int64             `json:"parent_id"`
	VolumeID                int64             `json:"volume_id"`
	Description             string            `json:"description"`
	NameMultilingual        map[string]string `json:"name_multilingual,omitempty"`
	DescriptionMultilingual map[string]string `json:"description_multilingual,omitempty"`
	CreateDate              Time              `json:"create_date"`
	CreateUserID            int64             `json:"create_user_id"`
	ModifyDate              Time              `json:"modify_date"`
	ModifyUserID            int64             `json:"modify_user_id"`
	OwnerUserID             int64             `json:"owner_user_id"`
	OwnerGroupID            int64             `json:"owner_group_id"`
	Reserved                bool              `json:"reserved"`
	ReservedUserID          int64             `json:"reserved_user_id"`
	ReservedDate            Time              `json:"reserved_date"`
	Container               bool              `json:"container"`
	ContainerSize           int               `json:"container_size"`
	Size                    int64             `json:"size"`
	MimeType                string            `json:"mime_type"`
	Hidden                  bool              `json:"hidden"`
	Versionable             bool              `json:"versionable"`
	AdvancedVersioning      bool              `json:"advanced_versioning"`
	ExternalCreateDate      Time              `json:"external_create_date"`
	ExternalModifyDate      Time              `json:"external_modify_date"`
	ExternalSource          string            `json:"external_source"`
	ExternalIdentity        string            `json:"external_identity"`
	ExternalIdentityType    string            `json:"external_identity_type"`
	GUID                    string            `json:"guid"`
	// URL is the address of a URL object (TypeURL).
	URL string `json:"url,omitempty"`
	// OriginalID is the item a shortcut (TypeShortcut) points to.
	OriginalID int64 `json:"original_id,omitempty"`
	// MetadataToken is the edit-conflict token, present when the node was
	// read with NodeGetOptions.State. Pass it to Update to fail with
	// ErrConflict instead of overwriting someone else's change.
	MetadataToken string `json:"-"`
}

// UnmarshalJSON tolerates the server's loose typing: IDs and sizes as
// strings, "reserved_user_id" as 0, null or a number, guid as null.
func (n *Node) UnmarshalJSON(b []byte) error {
	var w nodeWire
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*n = w.node()
	return nil
}

// nodeWire is Node as the server sends it, with tolerant number types and
// no UnmarshalJSON of its own: the envelopes decode it in the same pass as
// the rest of the response, rather than handing its bytes to a nested
// json.Unmarshal that would validate and scan them again.
type nodeWire struct {
	ID                      flexInt64   `json:"id"`
	Name                    string      `json:"name"`
	Type                    flexInt64   `json:"type"`
	TypeName                string      `json:"type_name"`
	ParentID                flexInt64   `json:"parent_id"`
	VolumeID                flexInt64   `json:"volume_id"`
	Description             string      `json:"description"`
	NameMultilingual        langStrings `json:"name_multilingual"`
	DescriptionMultilingual langStrings `json:"description_multilingual"`
	CreateDate              Time        `json:"create_date"`
	CreateUserID            flexInt64   `json:"create_user_id"`
	ModifyDate              Time        `json:"modify_date"`
	ModifyUserID            flexInt64   `json:"modify_user_id"`
	OwnerUserID             flexInt64   `json:"owner_user_id"`
	OwnerGroupID            flexInt64   `json:"owner_group_id"`
	Reserved                bool        `json:"reserved"`
	ReservedUserID          flexInt64   `json:"reserved_user_id"`
	ReservedDate            Time        `json:"reserved_date"`
	Container               bool        `json:"container"`
	ContainerSize           flexInt64   `json:"container_size"`
	Size                    flexInt64   `json:"size"`
	MimeType                string      `json:"mime_type"`
	Hidden                  bool        `json:"hidden"`
	Versionable             bool        `json:"versionable"`
	AdvancedVersioning      bool        `json:"advanced_versioning"`
	ExternalCreateDate      Time        `json:"external_create_date"`
	ExternalModifyDate      Time        `json:"external_modify_date"`
	ExternalSource          string      `json:"external_source"`
	ExternalIdentity        string      `json:"external_identity"`
	ExternalIdentityType    string      `json:"external_identity_type"`
	GUID                    string      `json:"guid"`
	URL                     string      `json:"url"`
	OriginalID              flexInt64   `json:"original_id"`
}

func (w nodeWire) node() Node {
	return Node{
		ID: int64(w.ID), Name: w.Name, Type: int(w.Type), TypeName: w.TypeName,
		ParentID: int64(w.ParentID), VolumeID: int64(w.VolumeID), Description: w.Description,
		NameMultilingual: map[string]string(w.NameMultilingual), DescriptionMultilingual: map[string]string(w.DescriptionMultilingual),
		CreateDate: w.CreateDate, CreateUserID: int64(w.CreateUserID),
		ModifyDate: w.ModifyDate, ModifyUserID: int64(w.ModifyUserID),
		OwnerUserID: int64(w.OwnerUserID), OwnerGroupID: int64(w.OwnerGroupID),
		Reserved: w.Reserved, ReservedUserID: int64(w.ReservedUserID), ReservedDate: w.ReservedDate,
		Container: w.Container, ContainerSize: int(w.ContainerSize), Size: int64(w.Size), MimeType: w.MimeType,
		Hidden: w.Hidden, Versionable: w.Versionable, AdvancedVersioning: w.AdvancedVersioning,
		ExternalCreateDate: w.ExternalCreateDate, ExternalModifyDate: w.ExternalModifyDate,
		ExternalSource: w.ExternalSource, ExternalIdentity: w.ExternalIdentity,
		ExternalIdentityType: w.ExternalIdentityType, GUID: w.GUID,
		URL: w.URL, OriginalID: int64(w.OriginalID),
	}
}

// flexInt64 decodes a number, a numeric string, null or "" as an int64.
type flexInt64 int64

func (f *flexInt64) UnmarshalJSON(b []byte) error {
	if v, ok := jsonread.ParseInt(b); ok {
		*f = flexInt64(v) // the common case, without allocating
		return nil
	}
	s := strings.Trim(string(b), `"`)
	if s == "" || s == "null" {
		*f = 0
		return nil
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		// 2000.0 or 2e3 is still a whole number; 2000.5 is not one.
		fv, ferr := strconv.ParseFloat(s, 64)
		if ferr != nil || fv != math.Trunc(fv) || math.Abs(fv) > 1<<53 {
			return fmt.Errorf("xecm: not a whole number: %s", prefix(b, 40))
		}
		v = int64(fv)
	}
	*f = flexInt64(v)
	return nil
}

// nodeData is the v2 "data" object of a node.
type nodeData struct {
	Properties nodeWire `json:"properties"`
}

// nodeResult is one element of a v2 "results".
type nodeResult struct {
	envelope.Single
	Data nodeData `json:"data"`
	// State holds the edit-conflict token when ?state was sent.
	State json.RawMessage `json:"state"`
}

// NodeGetOptions chooses what Get returns.
type NodeGetOptions struct {
	// Fields restricts the response, such as "properties{id,name,parent_id}".
	Fields []string
	// Expand expands references, such as "properties{original_id}".
	Expand []string
	// State asks for the node's edit-conflict token (Node.MetadataToken).
	State bool
}

// Get returns the node with the given ID.
//
// It fails with an error matching ErrNotFound if the node does not exist
// or is not visible to the user.
//
// OpenText API: GET api/v2/nodes/{id}
func (s *NodesService) Get(ctx context.Context, id int64, opts *NodeGetOptions) (_ *Node, err error) {
	ctx, observed := s.c.startOp(ctx, "Nodes.Get")
	defer observed.end(&err)
	if err := checkID("Nodes.Get", "node ID", id); err != nil {
		return nil, err
	}
	var q url.Values
	if opts != nil {
		q = url.Values{"fields": opts.Fields, "expand": opts.Expand}
		if opts.State {
			q.Set("state", "")
		}
	}
	var env nodeOne
	path := "v2/nodes/" + strconv.FormatInt(id, 10)
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: path, query: dropEmpty(q)}, &env); err != nil {
		return nil, err
	}
	res := env.Results
	n := res.Data.Properties.node()
	if n.ID == 0 {
		return nil, malformed(http.MethodGet, path, "no node properties in the response")
	}
	inner, err := metadataToken(res.State)
	if err != nil {
		return nil, malformed(http.MethodGet, path, "results.state: "+err.Error())
	}
	outer, err := metadataToken(env.State)
	if err != nil {
		return nil, malformed(http.MethodGet, path, "state: "+err.Error())
	}
	n.MetadataToken = firstNonEmpty(inner, outer)
	return &n, nil
}

// metadataToken finds the token in "state", which the server places under
// results.state.properties, results.state or state. A state of another
// shape is an error, not a missing token.
func metadataToken(state json.RawMessage) (string, error) {
	if len(state) == 0 || string(state) == "null" {
		return "", nil
	}
	var st struct {
		MetadataToken string `json:"metadata_token"`
		Properties    struct {
			MetadataToken string `json:"metadata_token"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(state, &st); err != nil {
		return "", err
	}
	return firstNonEmpty(st.Properties.MetadataToken, st.MetadataToken), nil
}

// Where-type filters for ListChildren besides subtypes.
const (
	WhereContainers    = -1 // folders, workspaces and other containers
	WhereSearchable    = -2 // items the search engine indexes
	WhereNonContainers = -3 // documents and other leaf items
)

// NodeListOptions filters and pages ListChildren.
type NodeListOptions struct {
	ListOptions
	// WhereType keeps subtypes (TypeDocument...) or one of the Where* groups.
	WhereType []int
	// WhereName keeps names containing this text.
	WhereName string
	// Sort orders the children: "name", "asc_name", "desc_name",
	// "desc_modify_date" or any column key with asc_/desc_.
	Sort string
	// Fields restricts the properties returned.
	Fields []string
}

func (o *NodeListOptions) query(lo ListOptions) url.Values {
	q := url.Values{}
	if o != nil {
		for _, t := range o.WhereType {
			q.Add("where_type", strconv.Itoa(t))
		}
		if o.WhereName != "" {
			q.Set("where_name", o.WhereName)
		}
		if o.Sort != "" {
			q.Set("sort", o.Sort)
		}
		q["fields"] = o.Fields
	}
	setListOptions(q, lo)
	return dropEmpty(q)
}

func setListOptions(q url.Values, lo ListOptions) {
	if lo.Page > 0 {
		q.Set("page", strconv.Itoa(lo.Page))
	}
	if lo.Limit > 0 {
		q.Set("limit", strconv.Itoa(lo.Limit))
	}
}

// ListChildren returns one page of the children of a container.
//
// OpenText API: GET api/v2/nodes/{id}/nodes
func (s *NodesService) ListChildren(ctx context.Context, parentID int64, opts *NodeListOptions) (_ *Page[*Node], err error) {
	ctx, observed := s.c.startOp(ctx, "Nodes.ListChildren")
	defer observed.end(&err)
	var lo ListOptions
	if opts != nil {
		lo = opts.ListOptions
	}
	return s.listChildren(ctx, parentID, opts, lo)
}

func (s *NodesService) listChildren(ctx context.Context, parentID int64, opts *NodeListOptions, lo ListOptions) (*Page[*Node], error) {
	if err := checkID("Nodes.ListChildren", "parent ID", parentID); err != nil {
		return nil, err
	}
	return s.browse(ctx, "Nodes.ListChildren", "v2/nodes/"+strconv.FormatInt(parentID, 10)+"/nodes", opts, lo)
}

// browse fetches one page of a browse answer (GET v2/nodes/{id}/nodes and
// GET v2/volumes/{type}/nodes answer alike).
func (s *NodesService) browse(ctx context.Context, op, path string, opts *NodeListOptions, lo ListOptions) (*Page[*Node], error) {
	if lo.Page < 0 || lo.Limit < 0 {
		return nil, invalidArg(op, "page and limit must not be negative")
	}
	var env nodePage
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: path, query: opts.query(lo)}, &env); err != nil {
		return nil, err
	}
	return nodesPage(env.Results, env.Paging()), nil
}

// nodesPage is a page of v2 node results, with one allocation for the
// page's nodes, not one per node.
func nodesPage(results []nodeResult, pg envelope.Paging) *Page[*Node] {
	nodes := make([]Node, len(results))
	items := make([]*Node, len(results))
	for i := range results {
		nodes[i] = results[i].Data.Properties.node()
		items[i] = &nodes[i]
	}
	return newPage(items, pg)
}

// ListChildrenIter returns an iterator over all children of a container,
// fetching pages lazily as the loop advances. The options are copied, never
// changed. Iteration stops at the first error, which is yielded once.
func (s *NodesService) ListChildrenIter(ctx context.Context, parentID int64, opts *NodeListOptions) iter.Seq2[*Node, error] {
	return browseIter(ctx, opts, func(ctx context.Context, o *NodeListOptions, lo ListOptions) (*Page[*Node], error) {
		return s.listChildren(ctx, parentID, o, lo)
	})
}

// browseIter pages a browse lazily with a copy of opts.
func browseIter(ctx context.Context, opts *NodeListOptions, fetch func(context.Context, *NodeListOptions, ListOptions) (*Page[*Node], error)) iter.Seq2[*Node, error] {
	var cp *NodeListOptions
	var start ListOptions
	if opts != nil {
		c := *opts
		c.WhereType = append([]int(nil), opts.WhereType...)
		c.Fields = append([]string(nil), opts.Fields...)
		cp, start = &c, opts.ListOptions
	}
	return paginate(ctx, pager[*Node]{
		start: start,
		fetch: func(ctx context.Context, lo ListOptions) (*Page[*Node], error) {
			return fetch(ctx, cp, lo)
		},
		key: func(n *Node) int64 { return n.ID },
	})
}

// FolderCreateOptions holds the optional parts of a new folder.
type FolderCreateOptions struct {
	Description string
}

// CreateFolder creates a folder under parentID and returns it.
//
// It fails with an error matching ErrAlreadyExists if the parent already
// holds an item of that name.
//
// OpenText API: POST api/v2/nodes
func (s *NodesService) CreateFolder(ctx context.Context, parentID int64, name string, opts *FolderCreateOptions) (_ *Node, err error) {
	ctx, observed := s.c.startOp(ctx, "Nodes.CreateFolder")
	defer observed.end(&err)
	const op = "Nodes.CreateFolder"
	if err := checkID(op, "parent ID", parentID); err != nil {
		return nil, err
	}
	if err := checkName(op, name); err != nil {
		return nil, err
	}
	body := map[string]any{"type": TypeFolder, "parent_id": parentID, "name": name}
	if opts != nil && opts.Description != "" {
		body["description"] = opts.Description
	}
	return s.create(ctx, body)
}

// create posts a create body and returns the new node.
func (s *NodesService) create(ctx context.Context, body map[string]any) (*Node, error) {
	form, err := jsonBodyForm(body)
	if err != nil {
		return nil, err
	}
	var env struct {
		Results nodeResult `json:"results"`
	}
	if err := s.c.do(ctx, &request{method: http.MethodPost, path: "v2/nodes", form: form}, &env); err != nil {
		return nil, err
	}
	n := env.Results.Data.Properties.node()
	if n.ID == 0 {
		return nil, malformed("POST", "v2/nodes", "no node id in the create response")
	}
	return &n, nil
}

// NodeUpdateRequest changes a node's name and description. Nil fields are
// left as they are.
type NodeUpdateRequest struct {
	Name                    *string
	Description             *string
	NameMultilingual        map[string]string // language code -> name
	DescriptionMultilingual map[string]string // language code -> description
	// MetadataToken, if set (from Get with State), makes the update fail
	// with ErrConflict when someone changed the node since it was read.
	MetadataToken string
}

// Update renames a node or changes its description.
//
// OpenText API: PUT api/v2/nodes/{id}
func (s *NodesService) Update(ctx context.Context, id int64, req NodeUpdateRequest) (err error) {
	ctx, observed := s.c.startOp(ctx, "Nodes.Update")
	defer observed.end(&err)
	const op = "Nodes.Update"
	if err := checkID(op, "node ID", id); err != nil {
		return err
	}
	body := map[string]any{}
	if req.Name != nil {
		if err := checkName(op, *req.Name); err != nil {
			return err
		}
		body["name"] = *req.Name
	}
	if req.Description != nil {
		body["description"] = *req.Description
	}
	if len(req.NameMultilingual) > 0 {
		for lang, n := range req.NameMultilingual {
			if err := checkName(op, n); err != nil {
				return invalidArg(op, "multilingual name (%s): %v", lang, err)
			}
		}
		body["name_multilingual"] = req.NameMultilingual
		if req.Name == nil {
			// The server requires "name" beside its multilingual form (and
			// ignores it): send one of the given names.
			body["name"] = anyValue(req.NameMultilingual)
		}
	}
	if len(req.DescriptionMultilingual) > 0 {
		body["description_multilingual"] = req.DescriptionMultilingual
		if req.Description == nil {
			body["description"] = anyValue(req.DescriptionMultilingual)
		}
	}
	if len(body) == 0 {
		return invalidArg(op, "nothing to update: set Name, Description or a multilingual field")
	}
	if req.MetadataToken != "" {
		body["metadata_token"] = req.MetadataToken
	}
	return s.put(ctx, id, body)
}

func anyValue(m map[string]string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if v, ok := m["en"]; ok {
		return v
	}
	return m[keys[0]]
}

func (s *NodesService) put(ctx context.Context, id int64, body map[string]any) error {
	form, err := jsonBodyForm(body)
	if err != nil {
		return err
	}
	return s.c.do(ctx, &request{method: http.MethodPut, path: "v2/nodes/" + strconv.FormatInt(id, 10), form: form}, nil)
}

// Move moves a node under a new parent.
//
// OpenText API: PUT api/v2/nodes/{id} with parent_id
func (s *NodesService) Move(ctx context.Context, id, newParentID int64) (err error) {
	ctx, observed := s.c.startOp(ctx, "Nodes.Move")
	defer observed.end(&err)
	if err := checkID("Nodes.Move", "node ID", id); err != nil {
		return err
	}
	if err := checkID("Nodes.Move", "new parent ID", newParentID); err != nil {
		return err
	}
	return s.put(ctx, id, map[string]any{"parent_id": newParentID})
}

// CopyOptions holds the optional parts of a copy.
type CopyOptions struct {
	// Name of the copy; the original's name if empty.
	Name string
}

// Copy copies a node (with its content and sub-items) under destParentID
// and returns the copy.
//
// OpenText API: POST api/v2/nodes with original_id
func (s *NodesService) Copy(ctx context.Context, id, destParentID int64, opts *CopyOptions) (_ *Node, err error) {
	ctx, observed := s.c.startOp(ctx, "Nodes.Copy")
	defer observed.end(&err)
	const op = "Nodes.Copy"
	if err := checkID(op, "node ID", id); err != nil {
		return nil, err
	}
	if err := checkID(op, "destination parent ID", destParentID); err != nil {
		return nil, err
	}
	body := map[string]any{"original_id": id, "parent_id": destParentID}
	if opts != nil && opts.Name != "" {
		if err := checkName(op, opts.Name); err != nil {
			return nil, err
		}
		body["name"] = opts.Name
	}
	return s.create(ctx, body)
}

// Delete deletes a node (the server moves it to the recycle bin).
//
// OpenText API: DELETE api/v2/nodes/{id}
func (s *NodesService) Delete(ctx context.Context, id int64) (err error) {
	ctx, observed := s.c.startOp(ctx, "Nodes.Delete")
	defer observed.end(&err)
	if err := checkID("Nodes.Delete", "node ID", id); err != nil {
		return err
	}
	return s.c.do(ctx, &request{method: http.MethodDelete, path: "v2/nodes/" + strconv.FormatInt(id, 10)}, nil)
}

// Reserve reserves (checks out) a node for the user userID.
//
// OpenText API: PUT api/v2/nodes/{id} with reserved_user_id
func (s *NodesService) Reserve(ctx context.Context, id, userID int64) (err error) {
	ctx, observed := s.c.startOp(ctx, "Nodes.Reserve")
	defer observed.end(&err)
	if err := checkID("Nodes.Reserve", "node ID", id); err != nil {
		return err
	}
	if err := checkID("Nodes.Reserve", "user ID", userID); err != nil {
		return err
	}
	return s.put(ctx, id, map[string]any{"reserved_user_id": userID})
}

// Unreserve releases a reservation.
//
// OpenText API: PUT api/v2/nodes/{id} with reserved_user_id "null"
func (s *NodesService) Unreserve(ctx context.Context, id int64) (err error) {
	ctx, observed := s.c.startOp(ctx, "Nodes.Unreserve")
	defer observed.end(&err)
	if err := checkID("Nodes.Unreserve", "node ID", id); err != nil {
		return err
	}
	// The API takes the string "null", not JSON null, to clear it.
	return s.put(ctx, id, map[string]any{"reserved_user_id": "null"})
}

// Ancestor is one step of the path from the root to a node.
type Ancestor struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	ParentID int64  `json:"parent_id"`
	Type     int    `json:"type"`
	TypeName string `json:"type_name"`
	VolumeID int64  `json:"volume_id"`
}

// Ancestors returns the path from the volume root down to the node itself.
//
// OpenText API: GET api/v1/nodes/{id}/ancestors
func (s *NodesService) Ancestors(ctx context.Context, id int64) (_ []Ancestor, err error) {
	ctx, observed := s.c.startOp(ctx, "Nodes.Ancestors")
	defer observed.end(&err)
	if err := checkID("Nodes.Ancestors", "node ID", id); err != nil {
		return nil, err
	}
	var env struct {
		Ancestors []Ancestor `json:"ancestors"`
	}
	path := "v1/nodes/" + strconv.FormatInt(id, 10) + "/ancestors"
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: path}, &env); err != nil {
		return nil, err
	}
	return env.Ancestors, nil
}

// checkName validates an item name before it is sent.
func checkName(op, name string) error { return checkNameField(op, "name", name) }

// checkNameField is checkName for a name given in the named field.
func checkNameField(op, field, name string) error {
	if strings.TrimSpace(name) == "" {
		return invalidArg(op, "%s is required", field)
	}
	if n := utf8.RuneCountInString(name); n > MaxNameLength {
		return invalidArg(op, "%s is %d characters long; the server accepts at most %d", field, n, MaxNameLength)
	}
	return nil
}

// jsonBodyForm puts a JSON document in the form field "body", the encoding
// most v2 write calls require.
func jsonBodyForm(body any) (url.Values, error) {
	b, err := json.Marshal(body)
	if err != nil {
		return nil, err
	}
	return url.Values{"body": {string(b)}}, nil
}

func dropEmpty(q url.Values) url.Values {
	for k, v := range q {
		if len(v) == 0 {
			delete(q, k)
		}
	}
	return q
}

func malformed(method, path, what string) error {
	return &APIError{StatusCode: http.StatusOK, Method: method, Path: "/api/" + path, Message: "malformed response: " + what}
}
