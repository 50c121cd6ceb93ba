package xecm

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// CategoryNameError reports category values given by category name (see
// NewCategoryValuesByName) whose name matches none of the categories a new
// item gets, or more than one. Nothing was written. It matches
// ErrInvalidArgument with errors.Is.
type CategoryNameError struct {
	// Name is the category name as given.
	Name string
	// NodeID is where the name was looked up: the workspace template, or
	// the parent of a new document (the document, for a version).
	NodeID int64
	// Matches holds the IDs of the categories that share the name, when
	// it is ambiguous; it is empty when no category has the name.
	Matches []int64
	// Known lists the names of the categories there, when none matched.
	Known []string

	op, where string // "Workspaces.Create", "workspace template 21001"
}

// Error implements error.
func (e *CategoryNameError) Error() string {
	var problem string
	switch {
	case len(e.Matches) > 1:
		ids := make([]string, len(e.Matches))
		for i, id := range e.Matches {
			ids[i] = strconv.FormatInt(id, 10)
		}
		problem = fmt.Sprintf("ambiguous: categories %s of %s have that name; give the ID with NewCategoryValues",
			strings.Join(ids, ", "), e.where)
	case len(e.Known) == 0:
		problem = fmt.Sprintf("not found: %s carries no categories", e.where)
	default:
		quoted := make([]string, len(e.Known))
		for i, n := range e.Known {
			quoted[i] = strconv.Quote(n)
		}
		problem = fmt.Sprintf("not found among the categories of %s (%s)", e.where, strings.Join(quoted, ", "))
	}
	return fmt.Sprintf("xecm: %s: category %q: %s", e.op, e.Name, problem)
}

// Unwrap makes errors.Is(err, ErrInvalidArgument) true.
func (e *CategoryNameError) Unwrap() error { return ErrInvalidArgument }

// findCategory returns the ID of the one category in cats (ID -> name)
// called name: an exact match first, then one ignoring case.
func findCategory(op, where string, nodeID int64, cats map[int64]string, name string) (int64, error) {
	name = strings.TrimSpace(name)
	for _, same := range []func(string) bool{
		func(n string) bool { return n == name },
		func(n string) bool { return strings.EqualFold(n, name) },
	} {
		var ids []int64
		for id, n := range cats {
			if same(strings.TrimSpace(n)) {
				ids = append(ids, id)
			}
		}
		slices.Sort(ids)
		switch len(ids) {
		case 0:
			continue
		case 1:
			return ids[0], nil
		default:
			return 0, &CategoryNameError{Name: name, NodeID: nodeID, Matches: ids, op: op, where: where}
		}
	}
	known := make([]string, 0, len(cats))
	for _, n := range cats {
		known = append(known, n)
	}
	slices.Sort(known)
	return 0, &CategoryNameError{Name: name, NodeID: nodeID, Known: known, op: op, where: where}
}

// checkNamed refuses nil values and values with an empty category name,
// which no lookup could resolve; field names the values in the request.
func checkNamed(op, field string, vals []*CategoryValues) error {
	for i, v := range vals {
		switch {
		case v == nil:
			return invalidArg(op, "%s[%d] is nil", field, i)
		case v.byName && strings.TrimSpace(v.categoryName) == "":
			return invalidArg(op, "%s[%d]: the category name is empty", field, i)
		}
	}
	return nil
}

// anyByName reports whether some of the values give a category name.
func anyByName(vals []*CategoryValues) bool {
	return slices.ContainsFunc(vals, func(v *CategoryValues) bool { return v != nil && v.byName })
}

// resolveNames returns vals with every category name turned into the ID
// of the category of that name on nodeID, read with one request (List,
// which also caches the definitions resolving needs next), and the values
// of every category there. Without names it returns vals as they are, and
// no values, at no cost.
func (s *MetadataService) resolveNames(ctx context.Context, op string, nodeID int64, vals []*CategoryValues) ([]*CategoryValues, map[int64]map[string]any, error) {
	if !anyByName(vals) {
		return vals, nil, nil
	}
	cats, err := s.List(ctx, nodeID)
	if err != nil {
		return nil, nil, err
	}
	names := make(map[int64]string, len(cats))
	held := make(map[int64]map[string]any, len(cats))
	for _, c := range cats {
		names[c.ID], held[c.ID] = c.Name, c.Values
	}
	where := "node " + strconv.FormatInt(nodeID, 10)
	out := make([]*CategoryValues, len(vals))
	for i, v := range vals {
		out[i] = v
		if v == nil || !v.byName {
			continue
		}
		id, err := findCategory(op, where, nodeID, names, v.categoryName)
		if err != nil {
			return nil, nil, err
		}
		out[i] = v.forCategory(id)
	}
	return out, held, nil
}

// needsID refuses values given by category name where the SDK has nowhere
// to look the name up: a category applied to an existing node is not on it
// yet, and the REST API has no call that finds a category by name.
// Updates take IDs too, so that Update, UpdateRetry and Apply agree.
func needsID(op string, v *CategoryValues) error {
	if v.byName {
		return invalidArg(op, "the values name category %q: give its ID with NewCategoryValues (Metadata.List gives the IDs of a node's categories)", v.categoryName)
	}
	return nil
}
