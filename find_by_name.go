package xecm

import (
	"context"
	"net/http"
	"strconv"
	"strings"
)

// Finding what integrations configure by name, so that no numeric ID that
// differs between test and production has to be written down: workspace
// templates by workspace type name, categories by name or path in the
// Categories Volume, workflow maps by name.

// TemplateByName returns the workspace template of the workspace type
// named typeName (case-insensitive), such as "Customer". templateName picks
// one by name when the type has several; "" takes the type's only one.
//
// It fails with an error matching ErrNotFound that names what is missing
// (and, for a type with several templates and no templateName, lists them).
//
// OpenText API: GET api/v2/businessworkspacetypes?expand_templates=true
func (s *WorkspacesService) TemplateByName(ctx context.Context, typeName, templateName string) (_ *WorkspaceTemplate, err error) {
	ctx, observed := s.c.startOp(ctx, "Workspaces.TemplateByName")
	defer observed.end(&err)
	const op = "Workspaces.TemplateByName"
	if strings.TrimSpace(typeName) == "" {
		return nil, invalidArg(op, "workspace type name is required")
	}
	types, err := s.ListTypes(ctx, nil)
	if err != nil {
		return nil, err
	}
	notFound := func(msg string) error {
		return &APIError{StatusCode: http.StatusNotFound, Method: http.MethodGet, Path: s.c.baseURL.Path + "/api/v2/businessworkspacetypes", Message: msg}
	}
	var names []string
	for _, t := range types {
		names = append(names, strconv.Quote(t.Name))
		if !strings.EqualFold(t.Name, typeName) {
			continue
		}
		var tpls []string
		for i := range t.Templates {
			tpl := &t.Templates[i]
			tpls = append(tpls, strconv.Quote(tpl.Name))
			if templateName != "" && strings.EqualFold(tpl.Name, templateName) {
				return tpl, nil
			}
		}
		switch {
		case templateName == "" && len(t.Templates) == 1:
			return &t.Templates[0], nil
		case templateName == "" && len(t.Templates) > 1:
			return nil, notFound("workspace type " + strconv.Quote(t.Name) + " has several templates (" + strings.Join(tpls, ", ") + "): name one")
		case templateName == "":
			return nil, notFound("workspace type " + strconv.Quote(t.Name) + " has no template")
		}
		return nil, notFound("workspace type " + strconv.Quote(t.Name) + " has no template named " + strconv.Quote(templateName) + " (it has " + strings.Join(tpls, ", ") + ")")
	}
	return nil, notFound("no workspace type named " + strconv.Quote(typeName) + " (there are " + strings.Join(names, ", ") + ")")
}

// CategoryByName returns the node of the category at path in the
// Categories Volume, such as "Contract" or "Legal/Contract" (the names of
// the category folders, then the category's), with the category ID as its
// ID.
//
// It fails with an error matching ErrNotFound that names the missing part
// of the path, and with ErrConflict when the path ends at an item that is
// not a category.
//
// OpenText API: GET api/v2/volumes/133, then GET api/v2/nodes/{id}/nodes
// with where_name per path segment
func (s *MetadataService) CategoryByName(ctx context.Context, path string) (_ *Node, err error) {
	ctx, observed := s.c.startOp(ctx, "Metadata.CategoryByName")
	defer observed.end(&err)
	if len(splitNodePath(path)) == 0 {
		return nil, invalidArg("Metadata.CategoryByName", "category name is required")
	}
	n, err := (*NodesService)(s).ByVolumePath(ctx, VolumeCategories, path)
	if err != nil {
		return nil, err
	}
	if n.Type != TypeCategory {
		return nil, &APIError{StatusCode: http.StatusConflict, Method: http.MethodGet, Path: s.c.baseURL.Path + "/api/v2/nodes/" + strconv.FormatInt(n.ID, 10),
			Message: strconv.Quote(path) + " in the Categories Volume is a " + firstNonEmpty(n.TypeName, "node of type "+strconv.Itoa(n.Type)) + ", not a category"}
	}
	return n, nil
}

// MapByName returns the workflow map (TypeWorkflowMap) named name, found
// by the search engine; when several maps carry the name, it fails rather
// than guess.
//
// It fails with an error matching ErrNotFound when no map has that exact
// name, and with ErrConflict when several do.
//
// OpenText API: POST api/v2/search (OTName and OTSubType:128)
func (s *WorkflowsService) MapByName(ctx context.Context, name string) (_ *Node, err error) {
	ctx, observed := s.c.startOp(ctx, "Workflows.MapByName")
	defer observed.end(&err)
	const op = "Workflows.MapByName"
	if strings.TrimSpace(name) == "" {
		return nil, invalidArg(op, "workflow map name is required")
	}
	q := SearchQuery{Where: LQLAnd(LQLField("OTName", name), LQLField("OTSubType", strconv.Itoa(TypeWorkflowMap)))}
	var found []*Node
	for r, err := range (*SearchService)(s).QueryIter(ctx, q) {
		if err != nil {
			return nil, err
		}
		if r.Type == TypeWorkflowMap && r.Name == name {
			n := r.Node
			found = append(found, &n)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return nil, &APIError{StatusCode: http.StatusNotFound, Method: http.MethodPost, Path: s.c.baseURL.Path + "/api/v2/search",
			Message: "no workflow map named " + strconv.Quote(name)}
	}
	ids := make([]string, len(found))
	for i, n := range found {
		ids[i] = strconv.FormatInt(n.ID, 10)
	}
	return nil, &APIError{StatusCode: http.StatusConflict, Method: http.MethodPost, Path: s.c.baseURL.Path + "/api/v2/search",
		Message: strconv.Itoa(len(found)) + " workflow maps are named " + strconv.Quote(name) + " (" + strings.Join(ids, ", ") + "): pass the ID"}
}
