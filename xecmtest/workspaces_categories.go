package xecmtest

import (
	"maps"
	"net/http"
	"slices"
	"strconv"
)

// The categories the workspace templates apply, kept in the categories
// area's store (categories.go), which also serves them.
func (s *Server) installWorkspaceCategories() {
	for _, d := range []*catDef{
		{ID: CategoryCustomer, Name: "Customer", Attrs: []*catAttr{
			{ID: 2, Name: "Country", Type: "String", MaxLength: 64}, {ID: 3, Name: "Customer Name", Type: "String", MaxLength: 128},
			{ID: 4, Name: "Industry", Type: "String", MaxLength: 64}, {ID: 5, Name: "Tags", Type: "String", MultiValue: true, MaxValues: 10, MaxLength: 32},
			{ID: 6, Name: "Employees", Type: "Integer"}}},
		{ID: CategorySupplier, Name: "Supplier", Attrs: []*catAttr{
			{ID: 2, Name: "Country", Type: "String", MaxLength: 64}, {ID: 3, Name: "Supplier Number", Type: "String", MaxLength: 20}}},
		{ID: CategoryLegalMatter, Name: "Legal Matter", Attrs: []*catAttr{
			{ID: 2, Name: "Matter Number", Type: "String", MaxLength: 20}, {ID: 3, Name: "Court", Type: "String", MaxLength: 64}}},
	} {
		s.cats.defs[d.ID] = d
	}
	s.api("GET /v2/forms/businessworkspaces/create", s.handleWorkspaceCreateForm)
}

// handleWorkspaceCreateForm is GET api/v2/forms/businessworkspaces/create:
// the forms for a workspace from a template (template_id, or the template
// of the type serving ext_system_id and bo_type). As on the server, the
// first form holds the system attributes and has no role_name; the form
// of role "categories" nests data, options and schema by category ID,
// each laid out as that category's own create form, with the template's
// values as the data.
func (s *Server) handleWorkspaceCreateForm(c *call) (any, error) {
	tpl, err := s.formTemplateLocked(c)
	if err != nil {
		return nil, err
	}
	if raw := c.query.Get("parent_id"); raw != "" {
		pid, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			return nil, invalid("parent_id", raw)
		}
		parent, err := s.getNode(pid)
		if err != nil {
			return nil, err
		}
		if err := s.requireLocked(c.userID(), parent, "see"); err != nil {
			return nil, err
		}
	}
	system := map[string]any{
		"data": map[string]any{"name": "", "description": "", "template_id": tpl.ID, "wksp_type_id": tpl.TypeID},
		"options": map[string]any{"fields": map[string]any{
			"name": map[string]any{"type": "text", "label": "Name"}, "description": map[string]any{"type": "textarea", "label": "Description"}}},
		"schema": map[string]any{"type": "object", "properties": map[string]any{
			"name":        map[string]any{"type": "string", "title": "Name", "maxLength": 248, "required": true},
			"description": map[string]any{"type": "string", "title": "Description"}}},
	}
	forms := []any{system}
	if d := s.cats.defs[tpl.CategoryID]; d != nil {
		vals := map[string]any{}
		if con := s.cats.onNode[tpl.ID][d.ID]; con != nil {
			vals = con.Values
		}
		f := d.form(vals, "")
		cid := strconv.FormatInt(d.ID, 10)
		forms = append(forms, map[string]any{
			"role_name": "categories",
			"data":      map[string]any{cid: f["data"]},
			"options":   map[string]any{"fields": map[string]any{cid: f["options"]}},
			"schema":    map[string]any{"type": "object", "properties": map[string]any{cid: f["schema"]}},
		})
	}
	return map[string]any{"forms": forms}, nil
}

// formTemplateLocked finds the template a create form is asked for.
func (s *Server) formTemplateLocked(c *call) (*wsTemplate, error) {
	if raw := c.query.Get("template_id"); raw != "" {
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			return nil, invalid("template_id", raw)
		}
		if tpl := s.ws.templates[id]; tpl != nil {
			return tpl, nil
		}
		return nil, errorf(http.StatusBadRequest, "The workspace template %d could not be found.", id)
	}
	ext, bo := c.query.Get("ext_system_id"), c.query.Get("bo_type")
	if ext != "" && bo != "" {
		for _, id := range slices.Sorted(maps.Keys(s.ws.types)) {
			t := s.ws.types[id]
			if len(t.Templates) > 0 && slices.ContainsFunc(t.BOTypes, func(k boKey) bool { return k.ExtSystemID == ext && k.BOType == bo }) {
				return s.ws.templates[t.Templates[0]], nil
			}
		}
		return nil, errorf(http.StatusBadRequest, "No workspace type is configured for the business object type %s/%s.", ext, bo)
	}
	if raw := c.query.Get("bo_type_id"); raw != "" {
		// The simulator keeps no business object type IDs.
		return nil, errorf(http.StatusBadRequest, "The business object type %s could not be found.", raw)
	}
	return nil, errorf(http.StatusBadRequest, "Either the parameter 'template_id' or 'bo_type_id', or the parameters 'ext_system_id' and 'bo_type' are required.")
}

// applyTemplateCategoryLocked applies the template's category to a new
// workspace, with the values of roles.categories (nested by category id);
// other categories are refused.
func (s *Server) applyTemplateCategoryLocked(c *call, n *node, tpl *wsTemplate) error {
	cid := strconv.FormatInt(tpl.CategoryID, 10)
	nested := map[string]any{cid: map[string]any{}}
	roles, _ := c.params.values["roles"].(map[string]any)
	if raw, ok := roles["categories"]; ok {
		given, isMap := raw.(map[string]any)
		if !isMap {
			return invalid("roles.categories", raw)
		}
		for id, v := range given {
			if id != cid {
				return errorf(http.StatusBadRequest, "The category %s is not applied by the template %d.", id, tpl.ID)
			}
			nested[id] = v
		}
	}
	return s.applyCategoryRolesLocked(c, n, nested, true)
}
