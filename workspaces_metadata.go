package xecm

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"
)

// RecordMapping maps the fields of a source-system record (a CRM account,
// an ERP order) to category attributes of a workspace. Keys are record
// field names; values are attribute names as the category defines them
// ("Country"), or "Category:Attribute" where two categories share a name.
type RecordMapping map[string]string

// RecordUpdate reports what UpdateFromRecord changed.
type RecordUpdate struct {
	// Changed holds the new value of every attribute that was written,
	// keyed by attribute key ("23228_2").
	Changed map[string]any
	// Fields names, sorted, the record fields whose attributes were
	// written: the mapping's own names, for logs a reader can follow.
	Fields []string
	// Unchanged counts mapped attributes that already had the record's value.
	Unchanged int
}

// UpdateFromRecord brings the workspace's category values in line with a
// record from its source system: for every mapped field present in the
// record, the attribute is set to the field's value. Only attributes whose
// value differs are written, in one request per category touched; when
// nothing differs, nothing is written. Fields missing from the record are
// left alone; a field present with a nil value clears the attribute.
//
// Record values may be strings, numbers, booleans, time.Time and slices of
// these (for multi-value attributes). Attributes inside sets are not
// supported. A mapping to an attribute the workspace does not carry fails
// with ErrInvalidArgument before anything is written.
//
// OpenText API: GET api/v2/nodes/{id}/categories, PUT api/v2/nodes/{id}/categories/{category_id}
func (s *WorkspacesService) UpdateFromRecord(ctx context.Context, workspaceID int64, record map[string]any, mapping RecordMapping) (_ *RecordUpdate, err error) {
	ctx, observed := s.c.startOp(ctx, "Workspaces.UpdateFromRecord")
	defer observed.end(&err)
	const op = "Workspaces.UpdateFromRecord"
	if err := checkID(op, "workspace ID", workspaceID); err != nil {
		return nil, err
	}
	if len(mapping) == 0 {
		return nil, invalidArg(op, "mapping is empty")
	}
	for field, attr := range mapping {
		if strings.TrimSpace(field) == "" || strings.TrimSpace(attr) == "" {
			return nil, invalidArg(op, "mapping entry %q -> %q: field and attribute names are required", field, attr)
		}
	}
	for field, v := range record {
		if _, mapped := mapping[field]; mapped && !validRecordValue(v) {
			return nil, invalidArg(op, "record field %q: unsupported value type %T", field, v)
		}
	}
	cats, err := s.c.nodeCategories(ctx, workspaceID)
	if err != nil {
		return nil, err
	}
	res := &RecordUpdate{Changed: map[string]any{}}
	writes := map[string]map[string]any{} // category ID -> attribute key -> value
	fields := make([]string, 0, len(mapping))
	for f := range mapping {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	for _, field := range fields {
		attrName := mapping[field]
		key, err := cats.resolve(attrName)
		if err != nil {
			return nil, invalidArg(op, "mapping %q -> %q: %v", field, attrName, err)
		}
		v, present := record[field]
		if !present {
			continue
		}
		if sameValue(cats.values[key], v) {
			res.Unchanged++
			continue
		}
		catID, _, _ := strings.Cut(key, "_")
		if writes[catID] == nil {
			writes[catID] = map[string]any{}
		}
		writes[catID][key] = wireValue(v)
		res.Changed[key] = v
		res.Fields = append(res.Fields, field) // fields are visited sorted
	}
	catIDs := make([]string, 0, len(writes))
	for id := range writes {
		catIDs = append(catIDs, id)
	}
	sort.Strings(catIDs)
	for _, catID := range catIDs {
		form, err := jsonBodyForm(writes[catID])
		if err != nil {
			return res, invalidArg(op, "category %s values cannot be encoded: %v", catID, err)
		}
		path := "v2/nodes/" + strconv.FormatInt(workspaceID, 10) + "/categories/" + catID
		if err := s.c.do(ctx, &request{method: http.MethodPut, path: path, form: form}, nil); err != nil {
			return res, fmt.Errorf("xecm: %s: updating category %s: %w", op, catID, err)
		}
	}
	return res, nil
}

// nodeCategoryValues is what the SDK needs of a node's categories: the
// current values and the attribute names.
type nodeCategoryValues struct {
	values   map[string]any    // attribute key -> value
	attrs    map[string]string // attribute key -> attribute name (plain attributes only)
	catNames map[string]string // category ID -> category name
}

// nodeCategories reads the values and attribute names of a node's
// categories through MetadataService.List.
func (c *Client) nodeCategories(ctx context.Context, nodeID int64) (*nodeCategoryValues, error) {
	cats, err := c.Metadata.List(ctx, nodeID)
	if err != nil {
		return nil, err
	}
	out := &nodeCategoryValues{values: map[string]any{}, attrs: map[string]string{}, catNames: map[string]string{}}
	for _, cat := range cats {
		out.catNames[strconv.FormatInt(cat.ID, 10)] = cat.Name
		maps.Copy(out.values, cat.Values)
		if cat.Definition == nil {
			continue
		}
		for _, a := range cat.Definition.Attributes {
			if a.Type != AttrSet {
				out.attrs[a.Key] = a.Name
			}
		}
	}
	return out, nil
}

// resolve finds the attribute key of "Attribute" or "Category:Attribute".
func (cv *nodeCategoryValues) resolve(name string) (string, error) {
	catFilter := ""
	if cat, attr, ok := strings.Cut(name, ":"); ok {
		for _, n := range cv.catNames {
			if strings.EqualFold(n, strings.TrimSpace(cat)) {
				catFilter, name = n, strings.TrimSpace(attr)
				break
			}
		}
	}
	var found []string
	for key, n := range cv.attrs {
		if !strings.EqualFold(n, name) {
			continue
		}
		catID, _, _ := strings.Cut(key, "_")
		if catFilter != "" && !strings.EqualFold(cv.catNames[catID], catFilter) {
			continue
		}
		found = append(found, key)
	}
	sort.Strings(found)
	switch len(found) {
	case 0:
		return "", fmt.Errorf("the workspace has no category attribute named %q", name)
	case 1:
		return found[0], nil
	default:
		return "", fmt.Errorf("attribute name %q is ambiguous (%s): qualify it as \"Category:Attribute\"", name, strings.Join(found, ", "))
	}
}

func validRecordValue(v any) bool {
	switch t := v.(type) {
	case nil, string, bool, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, float32, float64,
		json.Number, time.Time, Time:
		return true
	case []any:
		for _, e := range t {
			if !validRecordValue(e) {
				return false
			}
		}
		return true
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Slice {
		for i := range rv.Len() {
			if !validRecordValue(rv.Index(i).Interface()) {
				return false
			}
		}
		return true
	}
	return false
}

// scalarText is the canonical text of a scalar value, for comparison and
// for the form: numbers without exponent or trailing zeros, times in UTC.
func scalarText(v any) string {
	switch t := v.(type) {
	case nil:
		return ""
	case string:
		if tm, err := ParseTime(t); err == nil && len(t) >= len("2006-01-02") {
			return tm.UTC().Format(time.RFC3339)
		}
		return t
	case bool:
		return strconv.FormatBool(t)
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64)
	case float32:
		return strconv.FormatFloat(float64(t), 'f', -1, 32)
	case json.Number:
		if f, err := t.Float64(); err == nil {
			return strconv.FormatFloat(f, 'f', -1, 64)
		}
		return t.String()
	case time.Time:
		return t.UTC().Format(time.RFC3339)
	case Time:
		return t.UTC().Format(time.RFC3339)
	default:
		return fmt.Sprint(t)
	}
}

// valueTexts flattens a value to the texts of its elements (one for a scalar).
func valueTexts(v any) []string {
	if v == nil {
		return nil
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice {
		if s := scalarText(v); s != "" {
			return []string{s}
		}
		return nil
	}
	var out []string
	for i := range rv.Len() {
		if s := scalarText(rv.Index(i).Interface()); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// sameValue compares a server value with a record value; empty values
// (null, "", []) are all equal, and a one-element list equals its element.
func sameValue(current, want any) bool {
	a, b := valueTexts(current), valueTexts(want)
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// wireValue converts a record value for the JSON body: times as RFC 3339
// in UTC, lists element by element, everything else as it is.
func wireValue(v any) any {
	switch t := v.(type) {
	case time.Time:
		return t.UTC().Format(time.RFC3339)
	case Time:
		return t.UTC().Format(time.RFC3339)
	}
	rv := reflect.ValueOf(v)
	if v != nil && rv.Kind() == reflect.Slice {
		out := make([]any, 0, rv.Len())
		for i := range rv.Len() {
			out = append(out, wireValue(rv.Index(i).Interface()))
		}
		return out
	}
	return v
}
