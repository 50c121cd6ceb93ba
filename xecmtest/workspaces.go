package xecmtest

import (
	"cmp"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// BusinessWorkspacesVolumeID is the seeded volume that holds business
// workspaces created without a parent_id (type 862, outside the
// Enterprise Workspace).
const BusinessWorkspacesVolumeID int64 = 2100

// Seeded workspace types and their templates.
const (
	WorkspaceTypeCustomer    int64 = 11
	WorkspaceTypeSupplier    int64 = 12
	WorkspaceTypeLegalMatter int64 = 13

	TemplateCustomer    int64 = 21001
	TemplateSupplier    int64 = 21002
	TemplateLegalMatter int64 = 21003
)

// Seeded categories applied by the workspace templates.
const (
	CategoryCustomer    int64 = 23228 // 23228_2 Country, _3 Customer Name, _4 Industry, _5 Tags (multi-value)
	CategorySupplier    int64 = 23300 // 23300_2 Country, _3 Supplier Number
	CategoryLegalMatter int64 = 23400 // 23400_2 Matter Number, _3 Court
)

// wsState is the business workspaces area.
type wsState struct {
	types      map[int64]*wsType
	templates  map[int64]*wsTemplate
	byNode     map[int64]*workspace
	roles      map[int64]*wsRole
	nextRoleID int64
	relations  []wsRelation
}

type boKey struct{ ExtSystemID, BOType, BOID string }

type wsType struct {
	ID        int64
	Name      string
	RMEnabled bool
	Templates []int64
	BOTypes   []boKey // ExtSystemID and BOType of the business object types it serves
}

type roleTemplate struct {
	Name   string
	Leader bool
	Perms  []string
}

type wsTemplate struct {
	ID         int64
	Name       string
	TypeID     int64
	Folders    []string
	Roles      []roleTemplate
	CategoryID int64
}

type workspace struct {
	NodeID             int64
	TypeID             int64
	Refs               []boKey
	RMClassificationID int64
	Icon               *wsIcon // its own widget icon, if any
}

type wsRole struct {
	ID, WorkspaceID int64
	Name            string
	Description     string
	Leader          bool
	Perms           []string
	Members         []int64
}

type wsRelation struct{ Parent, Child int64 }

func (st *wsState) roleByID(id int64) *wsRole {
	if st.roles == nil {
		return nil
	}
	return st.roles[id]
}

var readWrite = []string{"see", "see_contents", "modify", "edit_attributes", "add_items", "reserve", "add_major_version"}

func (s *Server) installWorkspaces() {
	s.ws = wsState{types: map[int64]*wsType{}, templates: map[int64]*wsTemplate{}, byNode: map[int64]*workspace{},
		roles: map[int64]*wsRole{}, nextRoleID: 50000}
	now := s.now()
	s.nodes.byID[BusinessWorkspacesVolumeID] = &node{
		ID: BusinessWorkspacesVolumeID, ParentID: -1, VolumeID: -BusinessWorkspacesVolumeID, Type: 862,
		Name: "Business Workspaces", NameML: map[string]string{"en": "Business Workspaces"}, DescriptionML: map[string]string{"en": ""},
		Created: now, Modified: now, CreateUser: adminUserID, ModifyUser: adminUserID, OwnerUser: adminUserID, OwnerGroup: defaultGroupID, Rev: 1,
	}
	for _, t := range []*wsType{
		{ID: WorkspaceTypeCustomer, Name: "Customer", RMEnabled: true, Templates: []int64{TemplateCustomer},
			BOTypes: []boKey{{"SAP", "KNA1", ""}, {"SFDC", "Account", ""}}},
		{ID: WorkspaceTypeSupplier, Name: "Supplier", Templates: []int64{TemplateSupplier}, BOTypes: []boKey{{"SAP", "LFA1", ""}}},
		{ID: WorkspaceTypeLegalMatter, Name: "Legal Matter", Templates: []int64{TemplateLegalMatter}},
	} {
		s.ws.types[t.ID] = t
	}
	for _, tp := range []*wsTemplate{
		{ID: TemplateCustomer, Name: "Customer", TypeID: WorkspaceTypeCustomer, CategoryID: CategoryCustomer,
			Folders: []string{"Contracts", "Correspondence", "Invoices"},
			Roles:   []roleTemplate{{"Account Manager", true, readWrite}, {"Sales", false, readWrite}, {"Customer", false, []string{"see", "see_contents"}}}},
		{ID: TemplateSupplier, Name: "Supplier", TypeID: WorkspaceTypeSupplier, CategoryID: CategorySupplier,
			Folders: []string{"Contracts", "Orders", "Quality"},
			Roles:   []roleTemplate{{"Purchaser", true, readWrite}, {"Supplier", false, []string{"see", "see_contents", "add_items"}}}},
		{ID: TemplateLegalMatter, Name: "Legal Matter", TypeID: WorkspaceTypeLegalMatter, CategoryID: CategoryLegalMatter,
			Folders: []string{"Pleadings", "Evidence", "Correspondence"},
			Roles:   []roleTemplate{{"Lead Counsel", true, fullControl}, {"Paralegal", false, readWrite}, {"External Counsel", false, []string{"see", "see_contents"}}}},
	} {
		s.ws.templates[tp.ID] = tp
	}
	s.installWorkspaceCategories()
	s.nodes.hooks.props = append(s.nodes.hooks.props, func(s *Server, n *node, p map[string]any) {
		if w := s.ws.byNode[n.ID]; w != nil {
			p["wksp_type_id"] = w.TypeID
			p["wksp_type_name"] = s.ws.types[w.TypeID].Name
		}
	})
	s.nodes.hooks.deleted = append(s.nodes.hooks.deleted, func(s *Server, n *node) {
		if s.ws.byNode[n.ID] == nil {
			return
		}
		delete(s.ws.byNode, n.ID)
		for id, r := range s.ws.roles {
			if r.WorkspaceID == n.ID {
				delete(s.ws.roles, id)
			}
		}
		s.ws.relations = slices.DeleteFunc(s.ws.relations, func(r wsRelation) bool { return r.Parent == n.ID || r.Child == n.ID })
	})
	s.api("GET /v2/businessworkspacetypes", s.handleWorkspaceTypes)
	s.api("GET /v2/businessworkspacetypes/{workspace_type_id}", s.handleWorkspaceType)
	s.api("POST /v2/businessworkspaces", s.handleCreateWorkspace)
	s.api("GET /v2/businessworkspaces", s.handleListWorkspaces)
	s.api("GET /v2/businessworkspaces/{bw_id}", s.handleGetWorkspace)
	s.installWorkspaceRoles()
	s.installWorkspaceRelations()
	s.installWorkspaceReferences()
	s.installWorkspaceIcons()
	s.installWorkspaceNodeRoles()
	s.installCreatableWorkspaceTypes()
	s.installBusinessObjects()
}

func (s *Server) typeJSONLocked(t *wsType) map[string]any {
	var tpls []any
	for _, id := range t.Templates {
		tpls = append(tpls, map[string]any{"id": id, "name": s.ws.templates[id].Name, "subtype": TypeBusinessWorkspace})
	}
	return map[string]any{"data": map[string]any{
		"properties": map[string]any{"wksp_type_id": t.ID, "wksp_type_name": t.Name, "wksp_type_names": map[string]string{"en": t.Name},
			"rm_enabled": t.RMEnabled, "templates": tpls},
		"wksp_info": map[string]any{"wksp_type_icon": "/appimg/ot_bws/icons/" + strings.ToLower(strings.ReplaceAll(t.Name, " ", "")) + ".svg"},
	}}
}

func (s *Server) handleWorkspaceTypes(c *call) (any, error) {
	ext, bo := c.query.Get("ext_system_id"), c.query.Get("bo_type")
	if (ext == "") != (bo == "") {
		return nil, errorf(http.StatusBadRequest, "The parameters 'ext_system_id' and 'bo_type' must be used together.")
	}
	ids := make([]int64, 0, len(s.ws.types))
	for id := range s.ws.types {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var results []any
	for _, id := range ids {
		t := s.ws.types[id]
		if ext != "" && !slices.ContainsFunc(t.BOTypes, func(k boKey) bool { return k.ExtSystemID == ext && k.BOType == bo }) {
			continue
		}
		results = append(results, s.typeJSONLocked(t))
	}
	if results == nil {
		results = []any{}
	}
	return map[string]any{"links": c.selfLinks(), "results": results}, nil
}

func (s *Server) handleWorkspaceType(c *call) (any, error) {
	id, err := c.pathID("workspace_type_id")
	if err != nil {
		return nil, err
	}
	t := s.ws.types[id]
	if t == nil {
		return nil, errorf(http.StatusBadRequest, "The workspace type %d could not be found.", id)
	}
	return map[string]any{"links": c.selfLinks(), "results": s.typeJSONLocked(t)}, nil
}

// workspaceOfBOLocked returns the workspace referencing the business object.
func (s *Server) workspaceOfBOLocked(k boKey) *workspace {
	for _, w := range s.ws.byNode {
		if slices.Contains(w.Refs, k) {
			return w
		}
	}
	return nil
}

// readBO reads ext_system_id, bo_type and bo_id: all three or none.
func readBO(p params) (boKey, bool, error) {
	ext, _ := p.str("ext_system_id")
	typ, _ := p.str("bo_type")
	id, _ := p.str("bo_id")
	if ext == "" && typ == "" && id == "" {
		return boKey{}, false, nil
	}
	for name, v := range map[string]string{"ext_system_id": ext, "bo_type": typ, "bo_id": id} {
		if v == "" {
			return boKey{}, false, missing(name)
		}
	}
	return boKey{ext, typ, id}, true, nil
}

// handleCreateWorkspace is POST api/v2/businessworkspaces: a workspace
// from a template (folders, roles, permissions, category), or with
// ibo_workspace_id one more business object on an existing workspace.
func (s *Server) handleCreateWorkspace(c *call) (any, error) {
	bo, hasBO, err := readBO(c.params)
	if err != nil {
		return nil, err
	}
	if iboID, ok, err := c.params.int64("ibo_workspace_id"); err != nil {
		return nil, err
	} else if ok {
		return s.addReferenceLocked(c, iboID, bo, hasBO)
	}
	tplID, ok, err := c.params.int64("template_id")
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, missing("template_id")
	}
	tpl := s.ws.templates[tplID]
	if tpl == nil {
		return nil, errorf(http.StatusBadRequest, "The workspace template %d could not be found.", tplID)
	}
	if typeID, ok, err := c.params.int64("wksp_type_id"); err != nil {
		return nil, err
	} else if ok && typeID != tpl.TypeID {
		return nil, errorf(http.StatusBadRequest, "The template %d does not belong to the workspace type %d.", tplID, typeID)
	}
	typ := s.ws.types[tpl.TypeID]
	if hasBO {
		if w := s.workspaceOfBOLocked(bo); w != nil {
			return nil, errorf(http.StatusInternalServerError, "A business workspace for the business object %s/%s/%s already exists.", bo.ExtSystemID, bo.BOType, bo.BOID)
		}
	}
	name, _ := c.params.str("name")
	if name == "" && hasBO {
		name = typ.Name + " " + bo.BOID // the types' name generation
	}
	if name == "" {
		return nil, missing("name")
	}
	parentID := BusinessWorkspacesVolumeID
	if pid, ok, err := c.params.int64("parent_id"); err != nil {
		return nil, err
	} else if ok && pid != 0 {
		parentID = pid
	}
	parent, err := s.getNode(parentID)
	if err != nil {
		return nil, err
	}
	if err := s.requireLocked(c.userID(), parent, "add_items"); err != nil {
		return nil, err
	}
	var rmClass int64
	if roles, ok := c.params.values["roles"].(map[string]any); ok {
		if rm, ok := roles["rmclassifications"].(map[string]any); ok {
			if v, ok := toInt64(rm["rmclassification_id"]); ok {
				rmClass = v
			}
		}
	}
	desc, _ := c.params.str("description")
	n, err := s.insertNodeLocked(newNode{ParentID: parentID, Type: TypeBusinessWorkspace, Name: name, Description: desc}, c.userID())
	if err != nil {
		return nil, err
	}
	s.createdLocked(n)
	s.holdAuditLocked(n.ID) // the Create comes first, the category after it
	if err := s.applyTemplateCategoryLocked(c, n, tpl); err != nil {
		s.releaseAuditLocked(false)
		s.removeSubtreeLocked(n)
		return nil, err
	}
	w := &workspace{NodeID: n.ID, TypeID: typ.ID, RMClassificationID: rmClass}
	if hasBO {
		w.Refs = []boKey{bo}
	}
	s.ws.byNode[n.ID] = w
	// The template's permissions: the owner and the roles, nobody else.
	a := &acl{owner: fullControl}
	for _, rt := range tpl.Roles {
		s.ws.nextRoleID++
		r := &wsRole{ID: s.ws.nextRoleID, WorkspaceID: n.ID, Name: rt.Name, Leader: rt.Leader, Perms: slices.Clone(rt.Perms)}
		if rt.Leader {
			r.Members = []int64{c.userID()}
		}
		s.ws.roles[r.ID] = r
		a.assigned = append(a.assigned, aclEntry{r.ID, slices.Clone(rt.Perms)})
	}
	s.perms.acls[n.ID] = a
	s.releaseAuditLocked(true, AuditEntry{NodeID: n.ID, EventType: EventCreate, UserID: c.userID()})
	if rmClass != 0 {
		s.recordLocked(AuditEntry{NodeID: n.ID, EventType: EventClassificationApplied, UserID: c.userID()})
	}
	for _, f := range tpl.Folders {
		fn, err := s.insertNodeLocked(newNode{ParentID: n.ID, Type: TypeFolder, Name: f}, c.userID())
		if err != nil {
			return nil, err
		}
		s.recordLocked(AuditEntry{NodeID: fn.ID, EventType: EventCreate, UserID: c.userID()})
	}
	return map[string]any{"links": c.selfLinks(), "results": map[string]any{"id": n.ID, "direct_open": true, "sub_folder_id": 0}}, nil
}

// workspaceLocked resolves a workspace the caller can see.
func (s *Server) workspaceLocked(c *call, id int64) (*workspace, *node, error) {
	w := s.ws.byNode[id]
	n := s.nodes.byID[id]
	if w == nil || n == nil {
		return nil, nil, errNoAccess()
	}
	if err := s.requireLocked(c.userID(), n, "see"); err != nil {
		return nil, nil, err
	}
	return w, n, nil
}

func (s *Server) pathWorkspaceLocked(c *call) (*workspace, *node, error) {
	id, err := c.pathID("bw_id")
	if err != nil {
		return nil, nil, err
	}
	return s.workspaceLocked(c, id)
}

func (s *Server) referencesJSONLocked(w *workspace) []any {
	out := []any{}
	for i, r := range w.Refs {
		out = append(out, map[string]any{"business_object_id": r.BOID, "business_object_type": r.BOType,
			"business_object_type_id": int64(100 + i), "external_system_id": r.ExtSystemID,
			"has_default_display": true, "has_default_search": true, "workspace_type_id": w.TypeID})
	}
	return out
}

func (s *Server) workspaceDataLocked(w *workspace, n *node, full bool) map[string]any {
	typ := s.ws.types[w.TypeID]
	data := map[string]any{"properties": s.propsLocked(n, layoutV2)}
	if !full {
		return data
	}
	bp := map[string]any{"workspace_type_id": typ.ID, "workspace_type_name": typ.Name,
		"workspace_type_name_multilingual": map[string]string{"en": typ.Name}, "isEarly": false,
		"has_default_display": len(w.Refs) > 0, "has_default_search": len(w.Refs) > 0}
	if len(w.Refs) > 0 {
		r := w.Refs[0]
		bp["business_object_id"], bp["business_object_type"], bp["external_system_id"] = r.BOID, r.BOType, r.ExtSystemID
		bp["business_object_type_id"], bp["external_system_name"] = 100, r.ExtSystemID
	}
	data["business_properties"] = bp
	data["workspace_references"] = s.referencesJSONLocked(w)
	data["wksp_info"] = map[string]any{"wksp_type_icon": "/appimg/ot_bws/icons/" + strings.ToLower(strings.ReplaceAll(typ.Name, " ", "")) + ".svg"}
	return data
}

func (s *Server) handleGetWorkspace(c *call) (any, error) {
	w, n, err := s.pathWorkspaceLocked(c)
	if err != nil {
		return nil, err
	}
	data := s.workspaceDataLocked(w, n, true)
	if c.flag("include_icon") {
		addIconContent(w, data["business_properties"].(map[string]any))
	}
	return map[string]any{"links": c.selfLinks(), "results": map[string]any{"actions": map[string]any{"data": map[string]any{}, "map": map[string]any{}, "order": []string{}},
		"data": data}}, nil
}

// nameFilter reads where_name: exact, or with contains_ / startswith_.
func nameFilter(raw string) func(string) bool {
	l := strings.ToLower(raw)
	switch {
	case raw == "":
		return func(string) bool { return true }
	case strings.HasPrefix(l, "contains_"):
		return func(n string) bool { return strings.Contains(strings.ToLower(n), l[len("contains_"):]) }
	case strings.HasPrefix(l, "startswith_"):
		return func(n string) bool { return strings.HasPrefix(strings.ToLower(n), l[len("startswith_"):]) }
	default:
		return func(n string) bool { return strings.EqualFold(n, raw) }
	}
}

// defaultWorkspaceLimit is the page size of workspace lists without "limit".
const defaultWorkspaceLimit = 500

func (s *Server) handleListWorkspaces(c *call) (any, error) {
	q := c.query
	if q.Get("where_column_query") != "" {
		return nil, errorf(http.StatusBadRequest, "The simulator does not evaluate where_column_query.")
	}
	typeID := int64(0)
	if raw := q.Get("where_workspace_type_id"); raw != "" {
		v, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			return nil, invalid("where_workspace_type_id", raw)
		}
		typeID = v
	}
	if raw := q.Get("where_is_early"); raw == "true" {
		typeID = -1 // the simulator has no early workspaces
	}
	expanded := q.Get("expanded_view") == "true"
	typeName := q.Get("where_workspace_type_name")
	matchName := nameFilter(q.Get("where_name"))
	ext, boType, boID := q.Get("where_ext_system_id"), q.Get("where_bo_type"), q.Get("where_bo_id")
	var hits []*workspace
	for _, w := range s.ws.byNode {
		n := s.nodes.byID[w.NodeID]
		if n == nil || !s.canLocked(c.userID(), n, "see") {
			continue
		}
		if !expanded && n.CreateUser != c.userID() {
			continue // the collapsed view: the user's own recent workspaces
		}
		if typeID != 0 && w.TypeID != typeID || typeName != "" && !strings.EqualFold(s.ws.types[w.TypeID].Name, typeName) || !matchName(n.Name) {
			continue
		}
		if ext != "" || boType != "" || boID != "" {
			if !slices.ContainsFunc(w.Refs, func(r boKey) bool {
				return (ext == "" || r.ExtSystemID == ext) && (boType == "" || r.BOType == boType) && (boID == "" || r.BOID == boID)
			}) {
				continue
			}
		}
		hits = append(hits, w)
	}
	s.sortWorkspacesLocked(hits, q.Get("sort"))
	return s.workspacePageLocked(c, hits)
}

func (s *Server) sortWorkspacesLocked(ws []*workspace, sortBy string) {
	name := func(w *workspace) string { return strings.ToLower(s.nodes.byID[w.NodeID].Name) }
	switch sortBy {
	case "asc_name", "name":
		slices.SortFunc(ws, func(a, b *workspace) int { return cmp.Compare(name(a), name(b)) })
	case "desc_name":
		slices.SortFunc(ws, func(a, b *workspace) int { return cmp.Compare(name(b), name(a)) })
	default:
		slices.SortFunc(ws, func(a, b *workspace) int { return cmp.Compare(a.NodeID, b.NodeID) })
	}
}

// workspacePageLocked renders one page of workspaces with the top-level
// "paging" layout of the business workspace lists.
func (s *Server) workspacePageLocked(c *call, ws []*workspace) (any, error) {
	page, limit, err := c.pageRequest(defaultWorkspaceLimit)
	if err != nil {
		return nil, err
	}
	items, p := paginate(ws, page, limit)
	results := make([]any, 0, len(items))
	for _, w := range items {
		results = append(results, map[string]any{"actions": map[string]any{"data": map[string]any{}}, "data": s.workspaceDataLocked(w, s.nodes.byID[w.NodeID], false)})
	}
	return map[string]any{"links": c.selfLinks(), "paging": p, "results": results, "wksp_info": map[string]any{"wksp_type_icon": nil}}, nil
}

// AddWorkspace creates a workspace from a template as Admin, as POST
// api/v2/businessworkspaces does (folders, roles, permissions), and returns
// its id. bo may be nil. It panics on invalid input.
func (s *Server) AddWorkspace(templateID int64, name string, bo *BusinessObject) int64 {
	body := map[string]any{"template_id": templateID, "name": name}
	if bo != nil {
		body["ext_system_id"], body["bo_type"], body["bo_id"] = bo.ExtSystemID, bo.BOType, bo.BOID
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := &call{s: s, params: params{values: body}, r: &http.Request{Method: http.MethodPost, URL: &url.URL{Path: "/api/v2/businessworkspaces"}}}
	out, err := s.handleCreateWorkspace(c)
	if err != nil {
		panic(fmt.Sprintf("xecmtest: AddWorkspace(%d, %q): %v", templateID, name, err))
	}
	return out.(map[string]any)["results"].(map[string]any)["id"].(int64)
}

// BusinessObject identifies a record of a business application.
type BusinessObject struct{ ExtSystemID, BOType, BOID string }

// WorkspaceInfo is a snapshot of a simulated business workspace.
type WorkspaceInfo struct {
	NodeID     int64
	TypeID     int64
	References []BusinessObject
	Roles      []string // role names, in creation order
}

// Workspaces returns snapshots of every workspace, ordered by id.
func (s *Server) Workspaces() []WorkspaceInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []WorkspaceInfo
	for _, w := range s.ws.byNode {
		wi := WorkspaceInfo{NodeID: w.NodeID, TypeID: w.TypeID}
		for _, r := range w.Refs {
			wi.References = append(wi.References, BusinessObject(r))
		}
		for _, r := range s.rolesOfLocked(w.NodeID) {
			wi.Roles = append(wi.Roles, r.Name)
		}
		out = append(out, wi)
	}
	slices.SortFunc(out, func(a, b WorkspaceInfo) int { return cmp.Compare(a.NodeID, b.NodeID) })
	return out
}
