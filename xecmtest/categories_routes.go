package xecmtest

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
)

func (s *Server) installCategoryRoutes() {
	s.api("GET /v2/nodes/{id}/categories", s.handleListCategories)
	s.api("POST /v2/nodes/{id}/categories", s.handleApplyCategory)
	s.api("POST /v2/nodes/{id}/categories/apply", s.handleApplyDown)
	s.api("PUT /v2/nodes/{id}/categories/upgrade", s.handleUpgradeCategories)
	s.api("GET /v2/nodes/{id}/categories/{category_id}", s.handleGetCategory)
	s.api("PUT /v2/nodes/{id}/categories/{category_id}", s.handleUpdateCategory)
	s.api("DELETE /v2/nodes/{id}/categories/{category_id}", s.handleRemoveCategory)
	s.api("POST /v2/nodes/{id}/categories/{category_id}/inheritance", s.handleInheritance(true))
	s.api("DELETE /v2/nodes/{id}/categories/{category_id}/inheritance", s.handleInheritance(false))
	s.api("GET /v1/forms/nodes/categories/create", s.handleCategoryForm(false))
	s.api("GET /v1/forms/nodes/categories/update", s.handleCategoryForm(true))
}

// categoryResult renders one element of the results of GET .../categories.
func (s *Server) categoryResult(c *call, d *catDef, con *catOnNode) map[string]any {
	r := map[string]any{"data": map[string]any{"categories": d.dataValues(con.Values)}}
	if c.flag("metadata") {
		key := strconv.FormatInt(d.ID, 10)
		r["metadata"] = map[string]any{"categories": d.metadata()}
		r["metadata_map"] = map[string]any{"categories": map[string]any{key: d.topKeys()}}
		r["metadata_order"] = map[string]any{"categories": []string{key}}
	}
	return r
}

func (s *Server) handleListCategories(c *call) (any, error) {
	n, err := s.pathNodeAs500Locked(c, msgNoNode)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, 0, len(s.cats.onNode[n.ID]))
	for id := range s.cats.onNode[n.ID] {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	results := make([]any, 0, len(ids))
	for _, id := range ids {
		results = append(results, s.categoryResult(c, s.cats.defs[id], s.cats.onNode[n.ID][id]))
	}
	return map[string]any{"links": c.selfLinks(), "results": results}, nil
}

// pathCategoryLocked resolves {id} and {category_id} to a category on a node.
func (s *Server) pathCategoryLocked(c *call) (*node, *catDef, *catOnNode, error) {
	n, err := s.pathNodeAs500Locked(c, msgNoNode)
	if err != nil {
		return nil, nil, nil, err
	}
	cid, err := c.pathID("category_id")
	if err != nil {
		return nil, nil, nil, err
	}
	con := s.cats.onNode[n.ID][cid]
	if con == nil {
		return nil, nil, nil, errorf(http.StatusBadRequest, "Category ID '%d' is not a category on node '%d'", cid, n.ID)
	}
	return n, s.cats.defs[cid], con, nil
}

func (s *Server) handleGetCategory(c *call) (any, error) {
	_, d, con, err := s.pathCategoryLocked(c)
	if err != nil {
		return nil, err
	}
	return map[string]any{"links": c.selfLinks(), "results": s.categoryResult(c, d, con)}, nil
}

// categoryValueParams returns the attribute-key parameters of a request.
func categoryValueParams(c *call, catID int64) map[string]any {
	prefix := strconv.FormatInt(catID, 10) + "_"
	out := map[string]any{}
	for k, v := range c.params.values {
		if strings.HasPrefix(k, prefix) {
			out[k] = v
		}
	}
	return out
}

func (s *Server) handleApplyCategory(c *call) (any, error) {
	n, err := s.pathNodeAs500Locked(c, msgNoNode)
	if err != nil {
		return nil, err
	}
	cid, ok, err := c.params.int64("category_id")
	if err != nil {
		return nil, errorf(http.StatusBadRequest, "Invalid datatype specified for argument 'category_id'")
	}
	if !ok {
		return nil, missing("category_id")
	}
	d := s.cats.defs[cid]
	if d == nil {
		return nil, errorf(http.StatusBadRequest, "No permissions to access the attribute definition node")
	}
	if s.cats.onNode[n.ID][cid] != nil {
		return nil, errorf(http.StatusBadRequest, "The attribute group '%s' already exists", d.Name)
	}
	vals, err := d.validate(categoryValueParams(c, cid), nil)
	if err != nil {
		return nil, err
	}
	con := &catOnNode{Values: vals}
	s.setCategoryLocked(n.ID, cid, con)
	s.touchCategoryLocked(c, n, con)
	return c.emptyResults(), nil
}

func (s *Server) handleUpdateCategory(c *call) (any, error) {
	n, d, con, err := s.pathCategoryLocked(c)
	if err != nil {
		return nil, err
	}
	vals := categoryValueParams(c, d.ID)
	tok := ""
	if st, ok := vals[d.key(1)].(map[string]any); ok {
		tok, _ = st["metadata_token"].(string)
	}
	if t, _ := c.params.str("metadata_token"); t != "" {
		tok = t
	}
	if tok != "" && tok != categoryToken(n.ID, d.ID, con) {
		return nil, errorf(http.StatusConflict, "Could not update metadata (edit conflict).")
	}
	if len(vals) == 0 || len(vals) == 1 && vals[d.key(1)] != nil {
		return nil, errorf(http.StatusBadRequest, "Parameters are required for PUT, POST, and PATCH methods")
	}
	for k := range c.params.values {
		if head, _, _ := strings.Cut(k, "_"); head != strconv.FormatInt(d.ID, 10) && k != "metadata_token" && strings.Contains(k, "_") {
			if _, err := strconv.Atoi(head); err == nil {
				return nil, errorf(http.StatusBadRequest, "Category ID '%d' was specified for Categories Update, but a non-matching attribute ('%s') was found", d.ID, k)
			}
		}
	}
	merged, err := d.validate(vals, con.Values)
	if err != nil {
		return nil, err
	}
	con.Values = merged
	s.touchCategoryLocked(c, n, con)
	state := map[string]any{strconv.FormatInt(d.ID, 10): map[string]any{"metadata_token": categoryToken(n.ID, d.ID, con)}}
	return map[string]any{"links": c.selfLinks(), "results": map[string]any{"state": map[string]any{"categories": state}}}, nil
}

func (s *Server) handleRemoveCategory(c *call) (any, error) {
	n, d, con, err := s.pathCategoryLocked(c)
	if err != nil {
		return nil, err
	}
	delete(s.cats.onNode[n.ID], d.ID)
	s.touchCategoryLocked(c, n, con)
	return c.emptyResults(), nil
}

func (s *Server) handleInheritance(on bool) jsonHandler {
	return func(c *call) (any, error) {
		n, _, con, err := s.pathCategoryLocked(c)
		if err != nil {
			return nil, errorf(http.StatusInternalServerError, "Could not find category ID %s on the node", c.r.PathValue("category_id"))
		}
		if !n.container() {
			return nil, errorf(http.StatusBadRequest, "Category inheritance applies to containers only.")
		}
		con.Inherit = on
		return c.emptyResults(), nil
	}
}

func (s *Server) handleApplyDown(c *call) (any, error) {
	n, err := s.pathNodeAs500Locked(c, msgNoNode)
	if err != nil {
		return nil, err
	}
	raw, ok := c.params.raw("categories")
	list, isList := raw.([]any)
	if !ok || !isList || len(list) == 0 {
		return nil, errorf(http.StatusInternalServerError, "Body parameter is invalid")
	}
	type job struct {
		id     int64
		action string
	}
	var jobs []job
	for _, e := range list {
		m, ok := e.(map[string]any)
		if !ok {
			return nil, errorf(http.StatusInternalServerError, "Body parameter is invalid")
		}
		id, ok := toInt64(m["id"])
		if !ok {
			return nil, errorf(http.StatusInternalServerError, "Body parameter is invalid")
		}
		action, _ := m["action"].(string)
		switch action {
		case "", "add", "add_upgrade", "upgrade", "replace", "delete", "none":
		default:
			return nil, errorf(http.StatusInternalServerError, "Body parameter is invalid")
		}
		if s.cats.onNode[n.ID][id] == nil && action != "delete" && action != "none" {
			return nil, errorf(http.StatusInternalServerError, "Could not find category ID '%d' on the node", id)
		}
		jobs = append(jobs, job{id, action})
	}
	clear := false
	if b, ok := c.params.raw("clear_existing_categories"); ok {
		clear = b == true || b == "true"
	}
	var walk func(p *node)
	walk = func(p *node) {
		for _, cid := range p.Children {
			child := s.nodes.byID[cid]
			if child == nil {
				continue
			}
			if clear {
				for id := range s.cats.onNode[child.ID] {
					delete(s.cats.onNode[child.ID], id)
				}
			}
			changed := clear
			for _, j := range jobs {
				src := s.cats.onNode[n.ID][j.id]
				cur := s.cats.onNode[child.ID][j.id]
				switch j.action {
				case "none":
				case "delete":
					if cur != nil {
						delete(s.cats.onNode[child.ID], j.id)
						changed = true
					}
				case "add":
					if cur == nil {
						s.setCategoryLocked(child.ID, j.id, &catOnNode{Values: cloneMap(src.Values), Rev: 1})
						changed = true
					}
				case "upgrade":
					// Definitions have one version in the simulator.
				default: // add_upgrade, replace
					if cur == nil || j.action == "replace" {
						s.setCategoryLocked(child.ID, j.id, &catOnNode{Values: cloneMap(src.Values), Rev: 1})
						changed = true
					}
				}
			}
			if changed {
				s.recordLocked(AuditEntry{NodeID: child.ID, EventType: EventAttributeValueChanged, UserID: c.userID()})
			}
			walk(child)
		}
	}
	walk(n)
	return map[string]any{"links": c.selfLinks(), "results": map[string]any{}}, nil
}

func (s *Server) handleUpgradeCategories(c *call) (any, error) {
	n, err := s.pathNodeAs500Locked(c, msgNoNode)
	if err != nil {
		return nil, err
	}
	ids := c.params.all("category_id")
	if len(ids) == 0 {
		return nil, missing("category_id")
	}
	for _, raw := range ids {
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			return nil, errorf(http.StatusBadRequest, "Invalid datatype specified for argument \"id\".")
		}
		if s.cats.onNode[n.ID][id] == nil {
			return nil, errorf(http.StatusInternalServerError, "Category ID '%d' is not a category on node '%d'", id, n.ID)
		}
	}
	// Every simulated category is at its only (latest) version.
	return nil, errorf(http.StatusInternalServerError, "Could not upgrade category '%s' on node '%d', it is already the latest version", ids[0], n.ID)
}

func (s *Server) handleCategoryForm(update bool) jsonHandler {
	return func(c *call) (any, error) {
		id, err := strconv.ParseInt(c.query.Get("id"), 10, 64)
		if err != nil {
			return nil, invalid("id", c.query.Get("id"))
		}
		n, err := s.getNode(id)
		if err != nil && !update && s.ws.templates[id] != nil {
			// Workspace templates are nodes on a real server; here they
			// live beside the tree, so their create form is served all the
			// same.
			n, err = &node{ID: id}, nil
		}
		if err != nil {
			return nil, err
		}
		cid, err := strconv.ParseInt(c.query.Get("category_id"), 10, 64)
		if err != nil {
			return nil, invalid("category_id", c.query.Get("category_id"))
		}
		d := s.cats.defs[cid]
		if d == nil {
			return nil, errorf(http.StatusBadRequest, "No permissions to access the attribute definition node")
		}
		con := s.cats.onNode[n.ID][cid]
		if !update {
			return map[string]any{"forms": []any{d.form(map[string]any{}, "")}}, nil
		}
		if con == nil {
			return nil, errorf(http.StatusBadRequest, "Category ID '%d' is not a category on node '%d'", cid, n.ID)
		}
		return map[string]any{"forms": []any{d.form(con.Values, categoryToken(n.ID, cid, con))}}, nil
	}
}
