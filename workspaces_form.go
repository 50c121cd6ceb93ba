package xecm

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
)

// templateCategories are the categories a workspace created from a
// template gets, as the workspace create form shows them: their names
// and definitions, with the template's values as the defaults.
type templateCategories struct {
	names map[int64]string
	defs  map[int64]*CategoryDefinition
}

// wireWorkspaceCategoriesForm is the form of role "categories" in the
// workspace create form: data, options and schema nested by category ID,
// each level below that laid out as a category's own create form.
type wireWorkspaceCategoriesForm struct {
	Data    map[string]map[string]json.RawMessage `json:"data"`
	Options struct {
		Fields map[string]struct {
			Fields json.RawMessage `json:"fields"`
		} `json:"fields"`
	} `json:"options"`
	Schema struct {
		Properties map[string]wireSchema `json:"properties"`
	} `json:"schema"`
}

// templateCategories reads the workspace create form of a template (and
// parent, if given) and returns the categories in it. Its other forms
// (system attributes, classifications, team import) are skipped.
//
// The definitions are not cached: their defaults are this template's
// values, which another item of the same category would not get.
//
// OpenText API: GET api/v2/forms/businessworkspaces/create
func (s *WorkspacesService) templateCategories(ctx context.Context, templateID, parentID int64) (*templateCategories, error) {
	const path = "v2/forms/businessworkspaces/create"
	q := url.Values{"template_id": {strconv.FormatInt(templateID, 10)}}
	if parentID > 0 {
		q.Set("parent_id", strconv.FormatInt(parentID, 10))
	}
	var env struct {
		Forms []json.RawMessage `json:"forms"`
	}
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: path, query: q}, &env); err != nil {
		return nil, err
	}
	out := &templateCategories{names: map[int64]string{}, defs: map[int64]*CategoryDefinition{}}
	for _, raw := range env.Forms {
		var role struct {
			RoleName string `json:"role_name"`
		}
		if err := json.Unmarshal(raw, &role); err != nil {
			return nil, malformed(http.MethodGet, path, "a form: "+err.Error())
		}
		if role.RoleName != "categories" {
			continue
		}
		var f wireWorkspaceCategoriesForm
		if err := json.Unmarshal(raw, &f); err != nil {
			return nil, malformed(http.MethodGet, path, "the categories form: "+err.Error())
		}
		for key, sch := range f.Schema.Properties {
			id, err := strconv.ParseInt(key, 10, 64)
			if err != nil || id <= 0 {
				continue
			}
			cf := wireForm{Data: f.Data[key], Schema: sch}
			if fields := f.Options.Fields[key].Fields; len(fields) > 0 {
				if err := json.Unmarshal(fields, &cf.Options.Fields); err != nil {
					return nil, malformed(http.MethodGet, path, "the options of category "+key+": "+err.Error())
				}
			}
			d := definitionFromForm(id, cf)
			out.names[id], out.defs[id] = d.Name, d
		}
	}
	return out, nil
}
