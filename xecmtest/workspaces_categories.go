package xecmtest

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// The category values of business workspaces: what the templates apply
// and what "roles.categories" of the create call fills in.
//
// This is a minimal stand-in until the metadata area (categories on any
// node) is merged: its routes are registered only when no other area has
// registered them first, so the metadata area takes over by installing
// before installWorkspaces and the workspace state moves to it.

// catAttr is one attribute of a category definition.
type catAttr struct {
	ID    int
	Name  string
	Type  string // "String", "Integer", "Date"
	Multi bool
}

type catDef struct {
	ID    int64
	Name  string
	Attrs []catAttr
}

type catState struct {
	defs   map[int64]*catDef
	values map[int64]map[string]any // node id -> attribute key -> value
}

func (d *catDef) key(a catAttr) string { return strconv.FormatInt(d.ID, 10) + "_" + strconv.Itoa(a.ID) }

func (d *catDef) attr(key string) (catAttr, bool) {
	for _, a := range d.Attrs {
		if d.key(a) == key {
			return a, true
		}
	}
	return catAttr{}, false
}

func (s *Server) installWorkspaceCategories() {
	s.ws.cats = catState{defs: map[int64]*catDef{}, values: map[int64]map[string]any{}}
	for _, d := range []*catDef{
		{ID: CategoryCustomer, Name: "Customer", Attrs: []catAttr{{2, "Country", "String", false}, {3, "Customer Name", "String", false},
			{4, "Industry", "String", false}, {5, "Tags", "String", true}, {6, "Employees", "Integer", false}}},
		{ID: CategorySupplier, Name: "Supplier", Attrs: []catAttr{{2, "Country", "String", false}, {3, "Supplier Number", "String", false}}},
		{ID: CategoryLegalMatter, Name: "Legal Matter", Attrs: []catAttr{{2, "Matter Number", "String", false}, {3, "Court", "String", false}}},
	} {
		s.ws.cats.defs[d.ID] = d
	}
	s.nodes.hooks.deleted = append(s.nodes.hooks.deleted, func(s *Server, n *node) { delete(s.ws.cats.values, n.ID) })
	for pattern, h := range map[string]jsonHandler{
		"GET /v2/nodes/{id}/categories":               s.handleWorkspaceCategories,
		"PUT /v2/nodes/{id}/categories/{category_id}": s.handleUpdateWorkspaceCategory,
	} {
		if !slices.Contains(s.routes, pattern) {
			s.api(pattern, h)
		}
	}
}

func emptyValue(a catAttr) any {
	if a.Multi {
		return []any{}
	}
	return nil
}

// workspaceCategoryValuesLocked returns the template's category with its
// values from roles.categories (keyed by category id, then attribute key).
func (s *Server) workspaceCategoryValuesLocked(c *call, tpl *wsTemplate) (map[string]any, error) {
	d := s.ws.cats.defs[tpl.CategoryID]
	values := map[string]any{}
	for _, a := range d.Attrs {
		values[d.key(a)] = emptyValue(a)
	}
	roles, _ := c.params.values["roles"].(map[string]any)
	raw, ok := roles["categories"]
	if !ok {
		return values, nil
	}
	cats, isMap := raw.(map[string]any)
	if !isMap {
		return nil, invalid("roles.categories", raw)
	}
	for catID, v := range cats {
		if catID != strconv.FormatInt(d.ID, 10) {
			return nil, errorf(http.StatusBadRequest, "The category %s is not applied by the template %d.", catID, tpl.ID)
		}
		attrs, isMap := v.(map[string]any)
		if !isMap {
			return nil, invalid("roles.categories."+catID, v)
		}
		for key, val := range attrs {
			a, ok := d.attr(key)
			if !ok {
				return nil, errorf(http.StatusBadRequest, "The attribute %s does not exist in the category %s.", key, catID)
			}
			if a.Multi {
				if _, isList := val.([]any); !isList {
					val = []any{val}
				}
			}
			values[key] = val
		}
	}
	return values, nil
}

func (s *Server) handleWorkspaceCategories(c *call) (any, error) {
	n, err := s.pathNodeLocked(c)
	if err != nil {
		return nil, err
	}
	values := s.ws.cats.values[n.ID]
	results := []any{}
	if values != nil {
		w := s.ws.byNode[n.ID]
		d := s.ws.cats.defs[s.ws.templates[s.ws.types[w.TypeID].Templates[0]].CategoryID]
		cid := strconv.FormatInt(d.ID, 10)
		meta := map[string]any{cid: map[string]any{"key": cid, "name": d.Name, "persona": "category", "read_only": false}}
		data := map[string]any{}
		for _, a := range d.Attrs {
			k := d.key(a)
			data[k] = values[k]
			meta[k] = map[string]any{"key": k, "name": a.Name, "type_name": a.Type, "persona": "categoryattribute",
				"multi_value": a.Multi, "required": false, "hidden": false}
		}
		results = append(results, map[string]any{"data": map[string]any{"categories": data}, "metadata": map[string]any{"categories": meta}})
	}
	return map[string]any{"links": c.selfLinks(), "results": results}, nil
}

func (s *Server) handleUpdateWorkspaceCategory(c *call) (any, error) {
	n, err := s.pathNodeLocked(c)
	if err != nil {
		return nil, err
	}
	catID, err := c.pathID("category_id")
	if err != nil {
		return nil, err
	}
	values := s.ws.cats.values[n.ID]
	d := s.ws.cats.defs[catID]
	if values == nil || d == nil || s.ws.templates[s.ws.types[s.ws.byNode[n.ID].TypeID].Templates[0]].CategoryID != catID {
		return nil, errorf(http.StatusBadRequest, "Category ID '%d' is not a category on node '%d'", catID, n.ID)
	}
	if err := s.requireLocked(c.userID(), n, "edit_attributes"); err != nil {
		return nil, err
	}
	changes := map[string]any{}
	prefix := strconv.FormatInt(catID, 10) + "_"
	for key, v := range c.params.values {
		if !strings.HasPrefix(key, prefix) || key == prefix+"1" {
			continue
		}
		a, ok := d.attr(key)
		if !ok {
			return nil, errorf(http.StatusBadRequest, "The attribute %s does not exist in the category %d.", key, catID)
		}
		if a.Multi {
			var list []any
			if arr, isArr := v.([]any); isArr {
				list = arr
			} else {
				for _, e := range c.params.all(key) {
					if e != "" {
						list = append(list, e)
					}
				}
			}
			if list == nil {
				list = []any{}
			}
			v = list
		} else if str, isStr := v.(string); isStr && str == "" {
			v = nil
		}
		changes[key] = v
	}
	for k, v := range changes {
		values[k] = v
	}
	if len(changes) > 0 {
		s.touchLocked(n, c.userID())
		s.recordLocked(AuditEntry{NodeID: n.ID, EventType: EventAttributeValueChanged, UserID: c.userID()})
	}
	return c.emptyResults(), nil
}

// WorkspaceCategoryValues returns the category values of a workspace,
// keyed by attribute key (nil when the node is no workspace).
func (s *Server) WorkspaceCategoryValues(nodeID int64) map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	return cloneMap(s.ws.cats.values[nodeID])
}
