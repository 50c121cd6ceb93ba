package xecm

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/xecm-go/xecm/internal/envelope"
)

// MetadataService works with categories and their attribute values.
//
// Values are set by attribute name (see CategoryValues) and checked against
// the category's definition before anything is sent. Content Server has no
// REST call for category definitions, so the SDK reads them from the
// category forms and from ?metadata responses, once per category, and keeps
// them on the Client (a bounded cache; ForgetDefinitions empties it).
type MetadataService service

func categoriesPath(nodeID int64) string {
	return "v2/nodes/" + strconv.FormatInt(nodeID, 10) + "/categories"
}

func categoryPath(nodeID, categoryID int64) string {
	return categoriesPath(nodeID) + "/" + strconv.FormatInt(categoryID, 10)
}

// wireCategoryResult is one element of the results of GET .../categories.
type wireCategoryResult struct {
	Data struct {
		Categories map[string]json.RawMessage `json:"categories"`
	} `json:"data"`
	Metadata struct {
		Categories map[string]wireAttrMeta `json:"categories"`
	} `json:"metadata"`
	MetadataMap struct {
		Categories map[string][]string `json:"categories"`
	} `json:"metadata_map"`
}

// category builds a Category from one result; ok is false for an element
// without any category in it.
func (r wireCategoryResult) category() (*Category, bool, error) {
	catKey := ""
	for k := range r.Metadata.Categories {
		if !strings.Contains(k, "_") {
			catKey = k
		}
	}
	if catKey == "" {
		for k := range r.Data.Categories {
			catKey, _, _ = strings.Cut(k, "_")
			break
		}
	}
	if catKey == "" {
		return nil, false, nil
	}
	id, err := strconv.ParseInt(catKey, 10, 64)
	if err != nil {
		return nil, false, fmt.Errorf("category key %q is not a number", catKey)
	}
	c := &Category{ID: id, Values: make(map[string]any, len(r.Data.Categories))}
	for k, raw := range r.Data.Categories {
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			return nil, false, fmt.Errorf("value of %s: %w", k, err)
		}
		c.Values[k] = v
	}
	if len(r.Metadata.Categories) > 0 {
		d, err := definitionFromMetadata(catKey, r.Metadata.Categories, r.MetadataMap.Categories[catKey])
		if err != nil {
			return nil, false, err
		}
		c.Definition, c.Name = d, d.Name
	}
	return c, true, nil
}

// List returns the categories applied to a node, with their values and
// definitions.
//
// OpenText API: GET api/v2/nodes/{id}/categories?metadata
func (s *MetadataService) List(ctx context.Context, nodeID int64) (_ []*Category, err error) {
	ctx, observed := s.c.startOp(ctx, "Metadata.List")
	defer observed.end(&err)
	if err := checkID("Metadata.List", "node ID", nodeID); err != nil {
		return nil, err
	}
	var env struct {
		Results envelope.OneOrMany[wireCategoryResult] `json:"results"`
	}
	q := url.Values{"metadata": {""}}
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: categoriesPath(nodeID), query: q}, &env); err != nil {
		return nil, err
	}
	return s.categoriesOf(categoriesPath(nodeID), env.Results)
}

// categoriesOf reads the categories of a categories answer from path,
// keeping their definitions in the client's cache.
func (s *MetadataService) categoriesOf(path string, results []wireCategoryResult) ([]*Category, error) {
	var out []*Category
	for _, r := range results {
		c, ok, err := r.category()
		if err != nil {
			return nil, malformed(http.MethodGet, path, err.Error())
		}
		if ok {
			s.c.defs.put(c.Definition.clone())
			out = append(out, c)
		}
	}
	return out, nil
}

// Get returns one category of a node with its values and definition.
//
// It fails with an error matching ErrNotFound if the category is not on
// the node.
//
// OpenText API: GET api/v2/nodes/{id}/categories/{category_id}?metadata
func (s *MetadataService) Get(ctx context.Context, nodeID, categoryID int64) (_ *Category, err error) {
	ctx, observed := s.c.startOp(ctx, "Metadata.Get")
	defer observed.end(&err)
	const op = "Metadata.Get"
	if err := checkID(op, "node ID", nodeID); err != nil {
		return nil, err
	}
	if err := checkID(op, "category ID", categoryID); err != nil {
		return nil, err
	}
	var env struct {
		Results envelope.OneOrMany[wireCategoryResult] `json:"results"`
	}
	q := url.Values{"metadata": {""}}
	path := categoryPath(nodeID, categoryID)
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: path, query: q}, &env); err != nil {
		return nil, err
	}
	for _, r := range env.Results {
		c, ok, err := r.category()
		if err != nil {
			return nil, malformed("GET", path, err.Error())
		}
		if ok && c.ID == categoryID {
			if c.Definition != nil {
				s.c.defs.put(c.Definition.clone())
			}
			return c, nil
		}
	}
	return nil, &APIError{StatusCode: http.StatusNotFound, Method: http.MethodGet, Path: "/api/" + path,
		Message: fmt.Sprintf("category %d is not on node %d", categoryID, nodeID)}
}

// Definition returns the attribute layout of a category, read from the
// category's create form for node nodeID (a node the category could be
// applied to, such as the parent of a document about to be uploaded) and
// cached on the Client.
//
// OpenText API: GET api/v1/forms/nodes/categories/create?id={nodeID}&category_id={categoryID}
func (s *MetadataService) Definition(ctx context.Context, nodeID, categoryID int64) (_ *CategoryDefinition, err error) {
	ctx, observed := s.c.startOp(ctx, "Metadata.Definition")
	defer observed.end(&err)
	d, err := s.definition(ctx, "Metadata.Definition", nodeID, categoryID)
	return d.clone(), err
}

func (s *MetadataService) definition(ctx context.Context, op string, nodeID, categoryID int64) (*CategoryDefinition, error) {
	if err := checkID(op, "node ID", nodeID); err != nil {
		return nil, err
	}
	if err := checkID(op, "category ID", categoryID); err != nil {
		return nil, err
	}
	if d := s.c.defs.get(categoryID); d != nil {
		return d, nil
	}
	form, err := s.categoryForm(ctx, "create", nodeID, categoryID)
	if err != nil {
		return nil, err
	}
	d := definitionFromForm(categoryID, form)
	s.c.defs.put(d)
	return d, nil
}

// categoryForm reads the create or update form of a category on a node.
func (s *MetadataService) categoryForm(ctx context.Context, kind string, nodeID, categoryID int64) (wireForm, error) {
	var env struct {
		Forms []wireForm `json:"forms"`
	}
	path := "v1/forms/nodes/categories/" + kind
	q := url.Values{"id": {strconv.FormatInt(nodeID, 10)}, "category_id": {strconv.FormatInt(categoryID, 10)}}
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: path, query: q}, &env); err != nil {
		return wireForm{}, err
	}
	if len(env.Forms) == 0 {
		return wireForm{}, malformed("GET", path, "no form in the response")
	}
	return env.Forms[0], nil
}

// ForgetDefinitions drops cached category definitions (all of them when
// no ID is given), for example after a category was changed on the server.
func (s *MetadataService) ForgetDefinitions(categoryIDs ...int64) { s.c.defs.forget(categoryIDs...) }

// ResolvedCategories are category values checked against their
// definitions, ready for the "roles" of a create call.
type ResolvedCategories struct {
	byCat map[int64]map[string]any
	order []int64
}

// Flat returns the values in the flat form of node, document, version and
// upload calls: {"9830_2": "x", "6228_1": {}}. The map is a fresh copy.
func (r *ResolvedCategories) Flat() map[string]any {
	out := map[string]any{}
	if r == nil {
		return out
	}
	for _, id := range r.order {
		for k, v := range r.byCat[id] {
			out[k] = v
		}
	}
	return out
}

// Nested returns the values in the form of business workspace calls,
// keyed by category ID: {"9830": {"9830_2": "x"}}. The map is a fresh copy.
func (r *ResolvedCategories) Nested() map[string]any {
	out := map[string]any{}
	if r == nil {
		return out
	}
	for _, id := range r.order {
		inner := map[string]any{}
		for k, v := range r.byCat[id] {
			inner[k] = v
		}
		out[strconv.FormatInt(id, 10)] = inner
	}
	return out
}

// CategoryIDs returns the IDs of the resolved categories, in the order given.
func (r *ResolvedCategories) CategoryIDs() []int64 {
	if r == nil {
		return nil
	}
	return append([]int64(nil), r.order...)
}

// Resolve checks category values for a new item under nodeID (the parent
// of a document to upload or of a workspace to create) and returns them
// ready for the create call's "roles": Flat for documents, folders and
// versions, Nested for business workspaces. Definitions are read from the
// categories' create forms against nodeID, once per category per Client.
// Values given only by raw key are passed on without reading a definition.
//
// Values given by category name (NewCategoryValuesByName) resolve among
// the categories on nodeID, read once for the call; values given by ID
// cost no such read.
//
// Unknown attributes, values of the wrong type, missing required values,
// text that is too long and too many values fail with an error matching
// ErrInvalidArgument (each problem an *AttributeError), before anything is
// written. A required value not given is not missing when nodeID already
// holds one in that category, since the new item takes it over (a folder's
// inherited category, a template's values, a document's own for a new
// version); only then is nodeID's category read, and the server has the
// last word.
func (s *MetadataService) Resolve(ctx context.Context, nodeID int64, vals ...*CategoryValues) (_ *ResolvedCategories, err error) {
	ctx, observed := s.c.startOp(ctx, "Metadata.Resolve")
	defer observed.end(&err)
	const op = "Metadata.Resolve"
	if err := checkID(op, "node ID", nodeID); err != nil {
		return nil, err
	}
	if err := checkNamed(op, "category values", vals); err != nil {
		return nil, err
	}
	vals, listed, err := s.resolveNames(ctx, op, nodeID, vals)
	if err != nil {
		return nil, err
	}
	r := &ResolvedCategories{byCat: map[int64]map[string]any{}}
	for _, v := range vals {
		if err := checkID(op, "category ID", v.categoryID); err != nil {
			return nil, err
		}
		if _, dup := r.byCat[v.categoryID]; dup {
			return nil, invalidArg(op, "category %d is given twice", v.categoryID)
		}
		flat, err := s.resolveOne(ctx, op, nodeID, v, forApply, nil)
		if err != nil && onlyMissing(err) {
			flat, err = s.resolveOverHeld(ctx, op, nodeID, v, err, listed)
		}
		if err != nil {
			return nil, err
		}
		r.byCat[v.categoryID] = flat
		r.order = append(r.order, v.categoryID)
	}
	return r, nil
}

// resolveOverHeld resolves v again when only required values are missing,
// counting the values the category already holds on nodeID: the new item
// takes them over, by inheritance from its parent folder, from the
// workspace template, or from the document a new version is added to.
// Without the category there (or where it may not be read), the first
// error stands; another failure to read it is returned. listed, when not
// nil, holds every category on nodeID already read (by resolveNames).
func (s *MetadataService) resolveOverHeld(ctx context.Context, op string, nodeID int64, v *CategoryValues, first error, listed map[int64]map[string]any) (map[string]any, error) {
	held, ok := listed[v.categoryID]
	if listed == nil {
		c, err := s.Get(ctx, nodeID, v.categoryID)
		if errors.Is(err, ErrNotFound) || errors.Is(err, ErrForbidden) {
			return nil, first // nothing there the new item could take over
		}
		if err != nil {
			// Not a missing value: the caller may have left it to nodeID
			// rightly, and only the read failed.
			return nil, err
		}
		held, ok = c.Values, true
	}
	if !ok || len(held) == 0 {
		return nil, first
	}
	return s.resolveOne(ctx, op, nodeID, v, forApply, held)
}

func (s *MetadataService) resolveOne(ctx context.Context, op string, nodeID int64, v *CategoryValues, mode resolveMode, held map[string]any) (map[string]any, error) {
	if v.rawOnly() {
		return v.rawFlat()
	}
	var d *CategoryDefinition
	var err error
	if mode == forUpdate {
		d, err = s.updateDefinition(ctx, nodeID, v.categoryID)
	} else {
		d, err = s.definition(ctx, op, nodeID, v.categoryID)
	}
	if err != nil {
		return nil, err
	}
	return d.resolve(v, mode, held)
}

// updateDefinition finds the definition of a category already on a node.
func (s *MetadataService) updateDefinition(ctx context.Context, nodeID, categoryID int64) (*CategoryDefinition, error) {
	if d := s.c.defs.get(categoryID); d != nil {
		return d, nil
	}
	c, err := s.Get(ctx, nodeID, categoryID)
	if err != nil {
		return nil, err
	}
	if c.Definition == nil {
		return nil, malformed("GET", categoryPath(nodeID, categoryID), "no category definition in the ?metadata response")
	}
	return c.Definition, nil
}

// Apply applies a category to a node with the given values; attributes
// not given get their defaults.
//
// OpenText API: POST api/v2/nodes/{id}/categories
func (s *MetadataService) Apply(ctx context.Context, nodeID int64, vals *CategoryValues) (err error) {
	ctx, observed := s.c.startOp(ctx, "Metadata.Apply")
	defer observed.end(&err)
	const op = "Metadata.Apply"
	if err := checkID(op, "node ID", nodeID); err != nil {
		return err
	}
	if vals == nil {
		return invalidArg(op, "nil category values")
	}
	if err := needsID(op, vals); err != nil {
		return err
	}
	if err := checkID(op, "category ID", vals.categoryID); err != nil {
		return err
	}
	flat, err := s.resolveOne(ctx, op, nodeID, vals, forApply, nil)
	if err != nil {
		return err
	}
	body := map[string]any{"category_id": vals.categoryID}
	for k, v := range flat {
		if k != strconv.FormatInt(vals.categoryID, 10)+"_1" {
			body[k] = v
		}
	}
	form, err := jsonBodyForm(body)
	if err != nil {
		return err
	}
	return s.c.do(ctx, &request{method: http.MethodPost, path: categoriesPath(nodeID), form: form}, nil)
}

// CategoryUpdateOptions holds the optional parts of Update.
type CategoryUpdateOptions struct {
	// MetadataToken, if set (from Token), makes the update fail with
	// ErrConflict when someone changed the category since it was read.
	MetadataToken string
}

// Update changes values of a category already on a node; attributes not
// given keep their values. It returns the category's new metadata token
// when the server sends one.
//
// It fails with an error matching ErrConflict when opts.MetadataToken is
// stale; see UpdateRetry for the read-change-write loop.
//
// OpenText API: PUT api/v2/nodes/{id}/categories/{category_id}
func (s *MetadataService) Update(ctx context.Context, nodeID int64, vals *CategoryValues, opts *CategoryUpdateOptions) (_ string, err error) {
	ctx, observed := s.c.startOp(ctx, "Metadata.Update")
	defer observed.end(&err)
	const op = "Metadata.Update"
	if err := checkID(op, "node ID", nodeID); err != nil {
		return "", err
	}
	if vals == nil {
		return "", invalidArg(op, "nil category values")
	}
	if err := needsID(op, vals); err != nil {
		return "", err
	}
	if err := checkID(op, "category ID", vals.categoryID); err != nil {
		return "", err
	}
	if len(vals.entries) == 0 {
		return "", invalidArg(op, "no values to update")
	}
	flat, err := s.resolveOne(ctx, op, nodeID, vals, forUpdate, nil)
	if err != nil {
		return "", err
	}
	catKey := strconv.FormatInt(vals.categoryID, 10)
	delete(flat, catKey+"_1")
	if opts != nil && opts.MetadataToken != "" {
		flat[catKey+"_1"] = map[string]any{"metadata_token": opts.MetadataToken}
	}
	form, err := jsonBodyForm(flat)
	if err != nil {
		return "", err
	}
	var env struct {
		Results struct {
			State struct {
				Categories json.RawMessage `json:"categories"`
			} `json:"state"`
		} `json:"results"`
		State struct {
			Categories json.RawMessage `json:"categories"`
		} `json:"state"`
	}
	if err := s.c.do(ctx, &request{method: http.MethodPut, path: categoryPath(nodeID, vals.categoryID), form: form}, &env); err != nil {
		return "", err
	}
	raw := env.Results.State.Categories
	if len(raw) == 0 {
		raw = env.State.Categories
	}
	tok, err := categoryToken(raw, vals.categoryID)
	if err != nil {
		return "", malformed(http.MethodPut, categoryPath(nodeID, vals.categoryID), "state.categories: "+err.Error())
	}
	return tok, nil
}

// categoryToken finds the token of one category in a state.categories
// value, which servers write as {"9830": {...}}, {"9830_1": {...}} or a
// list of such objects. A value of another shape is an error: a token
// dropped unnoticed would turn the next update's conflict check off.
func categoryToken(raw json.RawMessage, categoryID int64) (string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	key := strconv.FormatInt(categoryID, 10)
	type tok struct {
		MetadataToken string `json:"metadata_token"`
	}
	var objs envelope.OneOrMany[map[string]tok]
	if err := envelope.Unmarshal(raw, &objs); err != nil {
		return "", err
	}
	for _, m := range objs {
		for _, k := range []string{key, key + "_1"} {
			if t, ok := m[k]; ok && t.MetadataToken != "" {
				return t.MetadataToken, nil
			}
		}
	}
	return "", nil
}

// Token returns the current metadata token of a category on a node, for
// an Update that must not overwrite someone else's change.
//
// OpenText API: GET api/v1/forms/nodes/categories/update?id={id}&category_id={category_id}
func (s *MetadataService) Token(ctx context.Context, nodeID, categoryID int64) (_ string, err error) {
	ctx, observed := s.c.startOp(ctx, "Metadata.Token")
	defer observed.end(&err)
	const op = "Metadata.Token"
	if err := checkID(op, "node ID", nodeID); err != nil {
		return "", err
	}
	if err := checkID(op, "category ID", categoryID); err != nil {
		return "", err
	}
	form, err := s.categoryForm(ctx, "update", nodeID, categoryID)
	if err != nil {
		return "", err
	}
	key := strconv.FormatInt(categoryID, 10) + "_1"
	raw, ok := form.Data[key]
	if !ok {
		return "", malformed(http.MethodGet, "v1/forms/nodes/categories/update", "no "+key+" (the category's metadata token) in the form")
	}
	var st struct {
		MetadataToken *string `json:"metadata_token"`
	}
	if err := json.Unmarshal(raw, &st); err != nil || st.MetadataToken == nil {
		return "", malformed(http.MethodGet, "v1/forms/nodes/categories/update", fmt.Sprintf("%s is not {\"metadata_token\": string}: %s", key, prefix(raw, 60)))
	}
	return *st.MetadataToken, nil
}

// Remove removes a category from a node.
//
// OpenText API: DELETE api/v2/nodes/{id}/categories/{category_id}
func (s *MetadataService) Remove(ctx context.Context, nodeID, categoryID int64) (err error) {
	ctx, observed := s.c.startOp(ctx, "Metadata.Remove")
	defer observed.end(&err)
	if err := checkID("Metadata.Remove", "node ID", nodeID); err != nil {
		return err
	}
	if err := checkID("Metadata.Remove", "category ID", categoryID); err != nil {
		return err
	}
	return s.c.do(ctx, &request{method: http.MethodDelete, path: categoryPath(nodeID, categoryID)}, nil)
}

// SetInheritance turns on or off the inheritance of a category (which is
// on the container nodeID) by items created under it later.
//
// OpenText API: POST (on) or DELETE (off) api/v2/nodes/{id}/categories/{category_id}/inheritance
func (s *MetadataService) SetInheritance(ctx context.Context, nodeID, categoryID int64, inherit bool) (err error) {
	ctx, observed := s.c.startOp(ctx, "Metadata.SetInheritance")
	defer observed.end(&err)
	if err := checkID("Metadata.SetInheritance", "node ID", nodeID); err != nil {
		return err
	}
	if err := checkID("Metadata.SetInheritance", "category ID", categoryID); err != nil {
		return err
	}
	method := http.MethodDelete
	if inherit {
		method = http.MethodPost
	}
	return s.c.do(ctx, &request{method: method, path: categoryPath(nodeID, categoryID) + "/inheritance"}, nil)
}

// ApplyDownAction says what ApplyToSubItems does with one category.
type ApplyDownAction string

// Apply-down actions (the server's names).
const (
	ApplyDownAddUpgrade ApplyDownAction = "add_upgrade" // add, or upgrade where present (the default)
	ApplyDownAdd        ApplyDownAction = "add"
	ApplyDownUpgrade    ApplyDownAction = "upgrade"
	ApplyDownReplace    ApplyDownAction = "replace"
	ApplyDownDelete     ApplyDownAction = "delete"
	ApplyDownNone       ApplyDownAction = "none"
)

// CategoryApplyDown is one category of an ApplyToSubItems request.
type CategoryApplyDown struct {
	CategoryID int64
	// Action defaults to ApplyDownAddUpgrade.
	Action ApplyDownAction
}

// ApplyDownRequest says which categories of a container ApplyToSubItems
// copies onto the items below it.
type ApplyDownRequest struct {
	Categories []CategoryApplyDown
	// AddVersion adds a new version to documents below.
	AddVersion bool
	// ClearExisting removes all categories of the items below first.
	ClearExisting bool
}

// ApplyToSubItems applies categories of a container, with its values, to
// the items below it.
//
// OpenText API: POST api/v2/nodes/{id}/categories/apply
func (s *MetadataService) ApplyToSubItems(ctx context.Context, nodeID int64, req ApplyDownRequest) (err error) {
	ctx, observed := s.c.startOp(ctx, "Metadata.ApplyToSubItems")
	defer observed.end(&err)
	const op = "Metadata.ApplyToSubItems"
	if err := checkID(op, "node ID", nodeID); err != nil {
		return err
	}
	if len(req.Categories) == 0 {
		return invalidArg(op, "no categories given")
	}
	cats := make([]map[string]any, 0, len(req.Categories))
	for i, c := range req.Categories {
		if err := checkID(op, fmt.Sprintf("Categories[%d].CategoryID", i), c.CategoryID); err != nil {
			return err
		}
		switch c.Action {
		case "", ApplyDownAddUpgrade, ApplyDownAdd, ApplyDownUpgrade, ApplyDownReplace, ApplyDownDelete, ApplyDownNone:
		default:
			return invalidArg(op, "Categories[%d].Action %q is not an apply-down action", i, c.Action)
		}
		action := c.Action
		if action == "" {
			action = ApplyDownAddUpgrade
		}
		cats = append(cats, map[string]any{"id": c.CategoryID, "action": action})
	}
	form, err := jsonBodyForm(map[string]any{"categories": cats, "add_version": req.AddVersion,
		"clear_existing_categories": req.ClearExisting})
	if err != nil {
		return err
	}
	return s.c.do(ctx, &request{method: http.MethodPost, path: categoriesPath(nodeID) + "/apply", form: form}, nil)
}

// Upgrade upgrades categories on a node to their latest definitions (all
// or none of them) and forgets their cached definitions.
//
// OpenText API: PUT api/v2/nodes/{id}/categories/upgrade
func (s *MetadataService) Upgrade(ctx context.Context, nodeID int64, categoryIDs ...int64) (err error) {
	ctx, observed := s.c.startOp(ctx, "Metadata.Upgrade")
	defer observed.end(&err)
	const op = "Metadata.Upgrade"
	if err := checkID(op, "node ID", nodeID); err != nil {
		return err
	}
	if len(categoryIDs) == 0 {
		return invalidArg(op, "no category IDs given")
	}
	ids := append([]int64(nil), categoryIDs...)
	for _, id := range ids {
		if err := checkID(op, "category ID", id); err != nil {
			return err
		}
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	form, err := jsonBodyForm(map[string]any{"category_id": ids})
	if err != nil {
		return err
	}
	if err := s.c.do(ctx, &request{method: http.MethodPut, path: categoriesPath(nodeID) + "/upgrade", form: form}, nil); err != nil {
		return err
	}
	s.c.defs.forget(ids...)
	return nil
}
