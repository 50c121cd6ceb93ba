package xecm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"maps"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/xecm-go/xecm/internal/envelope"
)

// WorkspacesService works with business workspaces: types, creation, references, roles and relations.
type WorkspacesService service

// BusinessObject identifies a record in a business application (CRM, ERP)
// that a business workspace stands for.
type BusinessObject struct {
	// ExtSystemID is the external system's connection ID in Extended ECM, such as "SAP_ERP".
	ExtSystemID string
	// BOType is the business object type in that system, such as "KNA1" or "Account".
	BOType string
	// BOID is the object's key in that system, such as "0000050031".
	BOID string
}

// String returns "ExtSystemID/BOType/BOID".
func (b BusinessObject) String() string { return b.ExtSystemID + "/" + b.BOType + "/" + b.BOID }

func (b BusinessObject) check(op, field string) error {
	switch {
	case strings.TrimSpace(b.ExtSystemID) == "":
		return invalidArg(op, "%s.ExtSystemID is required", field)
	case strings.TrimSpace(b.BOType) == "":
		return invalidArg(op, "%s.BOType is required", field)
	case strings.TrimSpace(b.BOID) == "":
		return invalidArg(op, "%s.BOID is required", field)
	}
	return nil
}

// WorkspaceTemplate is a template from which workspaces of a type are created.
type WorkspaceTemplate struct {
	ID      int64  `json:"id"`
	Name    string `json:"name"`
	SubType int    `json:"subtype"`
}

// WorkspaceType is a business workspace type (such as "Customer") with its templates.
type WorkspaceType struct {
	ID        int64
	Name      string
	Names     map[string]string // multilingual names by language code
	RMEnabled bool
	Templates []WorkspaceTemplate
}

// UnmarshalJSON reads the wire form of a workspace type's properties.
func (t *WorkspaceType) UnmarshalJSON(b []byte) error {
	var w struct {
		ID        flexInt64           `json:"wksp_type_id"`
		Name      string              `json:"wksp_type_name"`
		Names     map[string]string   `json:"wksp_type_names"`
		RMEnabled bool                `json:"rm_enabled"`
		Templates []WorkspaceTemplate `json:"templates"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*t = WorkspaceType{ID: int64(w.ID), Name: w.Name, Names: w.Names, RMEnabled: w.RMEnabled, Templates: w.Templates}
	return nil
}

// Template returns the type's template of the given name, if any.
func (t *WorkspaceType) Template(name string) (WorkspaceTemplate, bool) {
	for _, tp := range t.Templates {
		if tp.Name == name {
			return tp, true
		}
	}
	return WorkspaceTemplate{}, false
}

// WorkspaceTypeListOptions filters ListTypes.
type WorkspaceTypeListOptions struct {
	// ExtSystemID and BOType, given together, keep the types of that
	// business object type (the server refuses one without the other).
	ExtSystemID, BOType string
	// IncludeDisabled also lists disabled types.
	IncludeDisabled bool
	// ManualCreationOnly keeps the types users may create by hand.
	ManualCreationOnly bool
}

// ListTypes returns the workspace types with their templates.
//
// OpenText API: GET api/v2/businessworkspacetypes
func (s *WorkspacesService) ListTypes(ctx context.Context, opts *WorkspaceTypeListOptions) (_ []*WorkspaceType, err error) {
	ctx, observed := s.c.startOp(ctx, "Workspaces.ListTypes")
	defer observed.end(&err)
	q := url.Values{"expand_templates": {"true"}}
	if opts != nil {
		if (opts.ExtSystemID == "") != (opts.BOType == "") {
			return nil, invalidArg("Workspaces.ListTypes", "ExtSystemID and BOType must be given together")
		}
		if opts.ExtSystemID != "" {
			q.Set("ext_system_id", opts.ExtSystemID)
			q.Set("bo_type", opts.BOType)
		}
		if opts.IncludeDisabled {
			q.Set("include_disabled", "true")
		}
		if opts.ManualCreationOnly {
			q.Set("where_manual_creation", "true")
		}
	}
	var env struct {
		Results envelope.OneOrMany[struct {
			Data struct {
				Properties WorkspaceType `json:"properties"`
			} `json:"data"`
		}] `json:"results"`
	}
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: "v2/businessworkspacetypes", query: q}, &env); err != nil {
		return nil, err
	}
	out := make([]*WorkspaceType, 0, len(env.Results))
	for i := range env.Results {
		out = append(out, &env.Results[i].Data.Properties)
	}
	return out, nil
}

// GetType returns one workspace type with its templates.
//
// OpenText API: GET api/v2/businessworkspacetypes/{id}
func (s *WorkspacesService) GetType(ctx context.Context, typeID int64) (_ *WorkspaceType, err error) {
	ctx, observed := s.c.startOp(ctx, "Workspaces.GetType")
	defer observed.end(&err)
	if err := checkID("Workspaces.GetType", "type ID", typeID); err != nil {
		return nil, err
	}
	var env struct {
		Results struct {
			envelope.Single
			Data struct {
				Properties WorkspaceType `json:"properties"`
			} `json:"data"`
		} `json:"results"`
	}
	path := "v2/businessworkspacetypes/" + strconv.FormatInt(typeID, 10)
	q := url.Values{"expand_templates": {"true"}}
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: path, query: q}, &env); err != nil {
		return nil, err
	}
	t := env.Results.Data.Properties
	if t.ID == 0 {
		t.ID = typeID
	}
	return &t, nil
}

// WorkspaceReference is one business object linked to a workspace.
type WorkspaceReference struct {
	BusinessObject
	BOTypeID        int64
	WorkspaceTypeID int64
}

// UnmarshalJSON reads the wire form of a workspace reference.
func (r *WorkspaceReference) UnmarshalJSON(b []byte) error {
	var w struct {
		BOID            string    `json:"business_object_id"`
		BOType          string    `json:"business_object_type"`
		BOTypeID        flexInt64 `json:"business_object_type_id"`
		ExtSystemID     string    `json:"external_system_id"`
		WorkspaceTypeID flexInt64 `json:"workspace_type_id"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*r = WorkspaceReference{BusinessObject: BusinessObject{ExtSystemID: w.ExtSystemID, BOType: w.BOType, BOID: w.BOID},
		BOTypeID: int64(w.BOTypeID), WorkspaceTypeID: int64(w.WorkspaceTypeID)}
	return nil
}

// Workspace is a business workspace: a node of type TypeBusinessWorkspace
// with its workspace type and the business objects it stands for.
type Workspace struct {
	Node
	TypeID   int64
	TypeName string
	// BusinessObject is the workspace's main business object (the first
	// reference), nil for a workspace without one.
	BusinessObject *BusinessObject
	// References lists every business object linked to the workspace.
	// Only Get fills it; list results carry the node properties only.
	References []WorkspaceReference
}

// workspaceData is results.data of a workspace.
type workspaceData struct {
	Properties         json.RawMessage      `json:"properties"`
	BusinessProperties *businessProperties  `json:"business_properties"`
	References         []WorkspaceReference `json:"workspace_references"`
}

type businessProperties struct {
	BOID            string    `json:"business_object_id"`
	BOType          string    `json:"business_object_type"`
	ExtSystemID     string    `json:"external_system_id"`
	WorkspaceTypeID flexInt64 `json:"workspace_type_id"`
	WorkspaceType   string    `json:"workspace_type_name"`
}

func (d *workspaceData) workspace() (*Workspace, error) {
	w := &Workspace{References: d.References}
	if len(d.Properties) > 0 {
		if err := json.Unmarshal(d.Properties, &w.Node); err != nil {
			return nil, err
		}
		var extra struct {
			TypeID   flexInt64 `json:"wksp_type_id"`
			TypeName string    `json:"wksp_type_name"`
		}
		if err := json.Unmarshal(d.Properties, &extra); err != nil {
			return nil, err
		}
		w.TypeID, w.TypeName = int64(extra.TypeID), extra.TypeName
	}
	if bp := d.BusinessProperties; bp != nil {
		if w.TypeID == 0 {
			w.TypeID = int64(bp.WorkspaceTypeID)
		}
		if w.TypeName == "" {
			w.TypeName = bp.WorkspaceType
		}
		if bp.BOID != "" {
			w.BusinessObject = &BusinessObject{ExtSystemID: bp.ExtSystemID, BOType: bp.BOType, BOID: bp.BOID}
		}
	}
	if w.BusinessObject == nil && len(w.References) > 0 {
		bo := w.References[0].BusinessObject
		w.BusinessObject = &bo
	}
	return w, nil
}

// Get returns a workspace with its business properties and references.
//
// It fails with an error matching ErrNotFound if the workspace does not
// exist or is not visible to the user.
//
// OpenText API: GET api/v2/businessworkspaces/{id}
func (s *WorkspacesService) Get(ctx context.Context, id int64) (_ *Workspace, err error) {
	ctx, observed := s.c.startOp(ctx, "Workspaces.Get")
	defer observed.end(&err)
	if err := checkID("Workspaces.Get", "workspace ID", id); err != nil {
		return nil, err
	}
	var env struct {
		Results struct {
			envelope.Single
			Data workspaceData `json:"data"`
		} `json:"results"`
	}
	path := "v2/businessworkspaces/" + strconv.FormatInt(id, 10)
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: path}, &env); err != nil {
		return nil, err
	}
	data := env.Results.Data
	w, err := data.workspace()
	if err != nil {
		return nil, fmt.Errorf("xecm: GET %s: malformed response: %w", path, err)
	}
	if w.ID == 0 {
		w.ID = id
	}
	return w, nil
}

// WorkspaceListOptions filters and pages List. Filters combine with AND.
type WorkspaceListOptions struct {
	ListOptions
	// TypeID keeps workspaces of this type (where_workspace_type_id).
	TypeID int64
	// TypeName keeps workspaces of the type with this name (where_workspace_type_name).
	TypeName string
	// Name filters by name: an exact name, or with the prefixes
	// "contains_" or "startswith_" (where_name).
	Name string
	// ColumnQuery is a query in the server's column query language, such
	// as "name LIKE '*Test'" (where_column_query).
	ColumnQuery string
	// BusinessObject fields keep workspaces of that external system,
	// business object type and ID; each may be given alone.
	ExtSystemID, BOType, BOID string
	// Early keeps only early workspaces (true) or none (false); nil: all.
	Early *bool
	// Sort orders the result, such as "asc_name" or "desc_name".
	Sort string
	// RecentlyAccessed lists the user's recently accessed workspaces
	// instead of searching (expanded_view=false on the wire).
	RecentlyAccessed bool
}

func (o *WorkspaceListOptions) query(lo ListOptions) url.Values {
	q := url.Values{"expanded_view": {"true"}}
	if o != nil {
		if o.RecentlyAccessed {
			q.Set("expanded_view", "false")
		}
		if o.TypeID > 0 {
			q.Set("where_workspace_type_id", strconv.FormatInt(o.TypeID, 10))
		}
		set := func(k, v string) {
			if v != "" {
				q.Set(k, v)
			}
		}
		set("where_workspace_type_name", o.TypeName)
		set("where_name", o.Name)
		set("where_column_query", o.ColumnQuery)
		set("where_ext_system_id", o.ExtSystemID)
		set("where_bo_type", o.BOType)
		set("where_bo_id", o.BOID)
		set("sort", o.Sort)
		if o.Early != nil {
			q.Set("where_is_early", strconv.FormatBool(*o.Early))
		}
	}
	setListOptions(q, lo)
	return q
}

// List returns one page of workspaces matching the options: a search over
// all workspaces the user may see, or with RecentlyAccessed the user's
// recent ones. Items carry node properties and the workspace type; use Get
// for references.
//
// OpenText API: GET api/v2/businessworkspaces
func (s *WorkspacesService) List(ctx context.Context, opts *WorkspaceListOptions) (_ *Page[*Workspace], err error) {
	ctx, observed := s.c.startOp(ctx, "Workspaces.List")
	defer observed.end(&err)
	var lo ListOptions
	if opts != nil {
		lo = opts.ListOptions
	}
	return s.list(ctx, opts, lo)
}

func (s *WorkspacesService) list(ctx context.Context, opts *WorkspaceListOptions, lo ListOptions) (*Page[*Workspace], error) {
	if lo.Page < 0 || lo.Limit < 0 {
		return nil, invalidArg("Workspaces.List", "page and limit must not be negative")
	}
	if opts != nil && opts.TypeID < 0 {
		return nil, invalidArg("Workspaces.List", "TypeID must not be negative")
	}
	var env struct {
		envelope.Paged
		Results envelope.OneOrMany[struct {
			Data workspaceData `json:"data"`
		}] `json:"results"`
	}
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: "v2/businessworkspaces", query: opts.query(lo)}, &env); err != nil {
		return nil, err
	}
	items := make([]*Workspace, 0, len(env.Results))
	for i := range env.Results {
		w, err := env.Results[i].Data.workspace()
		if err != nil {
			return nil, fmt.Errorf("xecm: GET v2/businessworkspaces: malformed response: %w", err)
		}
		items = append(items, w)
	}
	return newPage(items, env.Paging()), nil
}

// ListIter returns an iterator over every workspace matching the options,
// fetching pages lazily. The options are copied, never changed.
func (s *WorkspacesService) ListIter(ctx context.Context, opts *WorkspaceListOptions) iter.Seq2[*Workspace, error] {
	var cp *WorkspaceListOptions
	var start ListOptions
	if opts != nil {
		c := *opts
		if opts.Early != nil {
			c.Early = Ptr(*opts.Early)
		}
		cp, start = &c, opts.ListOptions
	}
	return paginate(ctx, pager[*Workspace]{
		start: start,
		fetch: func(ctx context.Context, lo ListOptions) (*Page[*Workspace], error) { return s.list(ctx, cp, lo) },
		key:   func(w *Workspace) int64 { return w.ID },
	})
}

// GetByBusinessObject returns the workspace of a business object, with
// its references.
//
// It fails with an error matching ErrNotFound when no workspace visible to
// the user stands for the business object.
//
// OpenText API: GET api/v2/businessworkspaces with where_ext_system_id,
// where_bo_type and where_bo_id, then GET api/v2/businessworkspaces/{id}
func (s *WorkspacesService) GetByBusinessObject(ctx context.Context, bo BusinessObject) (_ *Workspace, err error) {
	ctx, observed := s.c.startOp(ctx, "Workspaces.GetByBusinessObject")
	defer observed.end(&err)
	const op = "Workspaces.GetByBusinessObject"
	if err := bo.check(op, "business object"); err != nil {
		return nil, err
	}
	id, err := s.findByBusinessObject(ctx, bo)
	if err != nil {
		return nil, err
	}
	if id == 0 {
		return nil, &APIError{StatusCode: http.StatusNotFound, Method: http.MethodGet, Path: s.c.baseURL.Path + "/api/v2/businessworkspaces",
			Message: "no business workspace found for business object " + bo.String()}
	}
	return s.Get(ctx, id)
}

// findByBusinessObject returns the ID of the workspace of bo, or 0.
func (s *WorkspacesService) findByBusinessObject(ctx context.Context, bo BusinessObject) (int64, error) {
	page, err := s.list(ctx, &WorkspaceListOptions{ExtSystemID: bo.ExtSystemID, BOType: bo.BOType, BOID: bo.BOID}, ListOptions{Limit: 2})
	if err != nil {
		return 0, err
	}
	if len(page.Items) == 0 {
		return 0, nil
	}
	return page.Items[0].ID, nil
}

// WorkspaceCreateRequest describes a new business workspace.
type WorkspaceCreateRequest struct {
	// TemplateID is the workspace template to create from (required).
	TemplateID int64
	// TypeID is the workspace type; the server derives it from the
	// template when zero.
	TypeID int64
	// Name of the workspace; may be empty when the type generates names.
	Name        string
	Description string
	// ParentID is where to create the workspace; zero lets the type's
	// location setting decide (needed for sub-workspaces and types
	// created "in the current location").
	ParentID int64
	// Categories are category values in the nested form the create call
	// takes: category ID -> attribute key -> value, such as
	// {"23228": {"23228_2": "Germany"}}.
	Categories map[string]map[string]any
	// Values are category values set by attribute name. They are checked
	// against the definitions the template carries before anything is
	// sent, and merged into Categories. Values made with
	// NewCategoryValuesByName find their category by name among those of
	// the template's workspace create form (one more request); values
	// made with NewCategoryValues(id) need no such lookup.
	Values []*CategoryValues
	// BusinessObject links the workspace to a record of a business application.
	BusinessObject *BusinessObject
	// RMClassificationID applies a records management classification.
	RMClassificationID int64
	// ClassificationID applies a (non-RM) classification (class_id).
	ClassificationID int64
	// ExternalCreateDate and ExternalModifyDate carry the business
	// object's own dates, if any.
	ExternalCreateDate, ExternalModifyDate time.Time
}

func (r *WorkspaceCreateRequest) validate(op string) error {
	if err := checkID(op, "TemplateID", r.TemplateID); err != nil {
		return err
	}
	if r.TypeID < 0 || r.ParentID < 0 || r.RMClassificationID < 0 || r.ClassificationID < 0 {
		return invalidArg(op, "TypeID, ParentID, RMClassificationID and ClassificationID must not be negative")
	}
	if r.Name != "" {
		if err := checkName(op, r.Name); err != nil {
			return err
		}
	} else if r.BusinessObject == nil {
		return invalidArg(op, "Name is required for a workspace without a BusinessObject (only business objects get generated names)")
	}
	if r.BusinessObject != nil {
		if err := r.BusinessObject.check(op, "BusinessObject"); err != nil {
			return err
		}
	}
	if err := checkNamed(op, "Values", r.Values); err != nil {
		return err
	}
	for catID, values := range r.Categories {
		if _, err := strconv.ParseInt(catID, 10, 64); err != nil {
			return invalidArg(op, "Categories key %q is not a category ID", catID)
		}
		for key := range values {
			if !strings.HasPrefix(key, catID+"_") {
				return invalidArg(op, "Categories[%q] holds attribute key %q of another category", catID, key)
			}
		}
	}
	return nil
}

// body builds the JSON body of the create call.
func (r *WorkspaceCreateRequest) body() map[string]any {
	b := map[string]any{"template_id": r.TemplateID}
	if r.TypeID > 0 {
		b["wksp_type_id"] = r.TypeID
	}
	if r.Name != "" {
		b["name"] = r.Name
	}
	if r.Description != "" {
		b["description"] = r.Description
	}
	if r.ParentID > 0 {
		b["parent_id"] = r.ParentID
	}
	if r.ClassificationID > 0 {
		b["class_id"] = r.ClassificationID
	}
	if bo := r.BusinessObject; bo != nil {
		b["ext_system_id"], b["bo_type"], b["bo_id"] = bo.ExtSystemID, bo.BOType, bo.BOID
	}
	if !r.ExternalCreateDate.IsZero() {
		b["external_create_date"] = r.ExternalCreateDate.UTC().Format(time.RFC3339)
	}
	if !r.ExternalModifyDate.IsZero() {
		b["external_modify_date"] = r.ExternalModifyDate.UTC().Format(time.RFC3339)
	}
	if roles := r.roles(); len(roles) > 0 {
		b["roles"] = roles
	}
	return b
}

// roles builds the "roles" member of the create call: category values
// (nested by category ID, unlike POST v2/nodes) and the RM classification.
// It is the one place that knows this layout.
func (r *WorkspaceCreateRequest) roles() map[string]any {
	roles := map[string]any{}
	if len(r.Categories) > 0 {
		roles["categories"] = r.Categories
	}
	if r.RMClassificationID > 0 {
		// The same layout as a document's create call; a positive ID
		// without record details cannot fail.
		roles["rmclassifications"], _ = RMClassificationRole(r.RMClassificationID, nil)
	}
	return roles
}

// Create creates a business workspace from a template and returns it (as Get does).
//
// It fails with an error matching ErrAlreadyExists when the name is taken
// or the business object already has a workspace, and with
// ErrOutcomeUnknown when the answer was lost (see Ensure, which recovers).
//
// OpenText API: POST api/v2/businessworkspaces
func (s *WorkspacesService) Create(ctx context.Context, req WorkspaceCreateRequest) (_ *Workspace, err error) {
	ctx, observed := s.c.startOp(ctx, "Workspaces.Create")
	defer observed.end(&err)
	id, err := s.create(ctx, "Workspaces.Create", req)
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, id)
}

func (s *WorkspacesService) create(ctx context.Context, op string, req WorkspaceCreateRequest) (int64, error) {
	if err := req.validate(op); err != nil {
		return 0, err
	}
	if len(req.Values) > 0 {
		if err := s.resolveValues(ctx, op, &req); err != nil {
			return 0, err
		}
	}
	return s.postWorkspace(ctx, req.body())
}

// resolveValues turns the values set by name into keys and merges them
// (nested by category, as the workspace create call takes them) into a
// copy of req.Categories. Values given by category ID resolve against the
// template through Metadata.Resolve; values given by category name against
// the template's workspace create form, read only when there are some.
func (s *WorkspacesService) resolveValues(ctx context.Context, op string, req *WorkspaceCreateRequest) error {
	var byID, byName []*CategoryValues
	for _, v := range req.Values {
		if v.byName {
			byName = append(byName, v)
		} else {
			byID = append(byID, v)
		}
	}
	nested := map[string]map[string]any{}
	if len(byID) > 0 {
		res, err := (*MetadataService)(s).Resolve(ctx, req.TemplateID, byID...)
		if err != nil {
			return err
		}
		for cat, vals := range res.Nested() {
			nested[cat], _ = vals.(map[string]any)
		}
	}
	if len(byName) > 0 {
		tc, err := s.templateCategories(ctx, req.TemplateID, req.ParentID)
		if err != nil {
			return err
		}
		where := "workspace template " + strconv.FormatInt(req.TemplateID, 10)
		for _, v := range byName {
			id, err := findCategory(op, where, req.TemplateID, tc.names, v.categoryName)
			if err != nil {
				return err
			}
			cat := strconv.FormatInt(id, 10)
			if _, dup := nested[cat]; dup {
				return invalidArg(op, "category %d is given twice (once as %q)", id, v.categoryName)
			}
			flat, err := tc.defs[id].resolve(v.forCategory(id), forApply, nil)
			if err != nil {
				return err
			}
			nested[cat] = flat
		}
	}
	merged := make(map[string]map[string]any, len(req.Categories)+len(nested))
	for cat, vals := range req.Categories {
		merged[cat] = maps.Clone(vals)
	}
	for cat, inner := range nested {
		if merged[cat] == nil {
			merged[cat] = map[string]any{}
		}
		maps.Copy(merged[cat], inner)
	}
	req.Categories = merged
	return nil
}

// postWorkspace sends a create body and returns the workspace ID.
func (s *WorkspacesService) postWorkspace(ctx context.Context, body map[string]any) (int64, error) {
	form, err := jsonBodyForm(body)
	if err != nil {
		return 0, err
	}
	// The create answer has the ID directly in results, with no "data".
	var env struct {
		Results struct {
			envelope.Single
			ID   flexInt64 `json:"id"`
			Data *struct {
				Properties struct {
					ID flexInt64 `json:"id"`
				} `json:"properties"`
			} `json:"data"`
		} `json:"results"`
	}
	if err := s.c.do(ctx, &request{method: http.MethodPost, path: "v2/businessworkspaces", form: form}, &env); err != nil {
		return 0, err
	}
	res := env.Results
	id := int64(res.ID)
	if id == 0 && res.Data != nil {
		id = int64(res.Data.Properties.ID)
	}
	if id == 0 {
		return 0, malformed(http.MethodPost, "v2/businessworkspaces", "no workspace id in the create response")
	}
	return id, nil
}

// Ensure returns the workspace of req.BusinessObject, creating it from req
// when there is none. created reports whether this call created it.
//
// It is safe when several callers (in this process or others) ensure the
// same business object at once: exactly one workspace results. A caller
// that loses the race gets the server's "already exists" answer and then
// reads the winner's workspace; a create whose answer was lost is
// resolved the same way, by reading the workspace of the business object.
//
// OpenText API: GET and POST api/v2/businessworkspaces
func (s *WorkspacesService) Ensure(ctx context.Context, req WorkspaceCreateRequest) (ws *Workspace, created bool, err error) {
	ctx, observed := s.c.startOp(ctx, "Workspaces.Ensure")
	defer observed.end(&err)
	const op = "Workspaces.Ensure"
	if req.BusinessObject == nil {
		return nil, false, invalidArg(op, "BusinessObject is required: it is what identifies the workspace")
	}
	if err := req.validate(op); err != nil {
		return nil, false, err
	}
	bo := *req.BusinessObject
	if id, err := s.findByBusinessObject(ctx, bo); err != nil {
		return nil, false, err
	} else if id != 0 {
		ws, err := s.Get(ctx, id)
		return ws, false, err
	}
	if len(req.Values) > 0 {
		if err := s.resolveValues(ctx, op, &req); err != nil {
			return nil, false, err
		}
	}
	id, err := s.postWorkspace(ctx, req.body())
	if err == nil {
		ws, err := s.Get(ctx, id)
		return ws, true, err
	}
	if !errors.Is(err, ErrAlreadyExists) && !errors.Is(err, ErrOutcomeUnknown) {
		return nil, false, err
	}
	// Someone else created it first (or our create may have gone through):
	// the workspace of the business object is the answer.
	found, rerr := s.findByBusinessObject(ctx, bo)
	if rerr != nil {
		return nil, false, fmt.Errorf("%w (re-reading after: %w)", rerr, err)
	}
	if found == 0 {
		// "Already exists" but not for this business object: the name is
		// taken by another item. That is the caller's conflict to solve.
		return nil, false, err
	}
	ws, err = s.Get(ctx, found)
	return ws, false, err
}

// Delete deletes a workspace (the server moves it to the recycle bin).
//
// OpenText API: DELETE api/v2/nodes/{id}
func (s *WorkspacesService) Delete(ctx context.Context, id int64) (err error) {
	ctx, observed := s.c.startOp(ctx, "Workspaces.Delete")
	defer observed.end(&err)
	if err := checkID("Workspaces.Delete", "workspace ID", id); err != nil {
		return err
	}
	return s.c.do(ctx, &request{method: http.MethodDelete, path: "v2/nodes/" + strconv.FormatInt(id, 10)}, nil)
}
