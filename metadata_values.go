package xecm

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// CategoryValues are values for the attributes of one category, given by
// attribute name and resolved to the server's keys from the category's
// definition. Build them with NewCategoryValues, or with
// NewCategoryValuesByName where the call can find the category by name;
// the setters chain:
//
//	v := xecm.NewCategoryValues(contractCatID).
//		Set("Deal ID", "D-1042").
//		Set("Region", []string{"EMEA", "APAC"}).
//		SetRow("Parties", 2, "Role", "Buyer")
//
// Values are Go values of the attribute's type: string; any integer type
// (or a numeric string) for Integer and User attributes; float64 for Real;
// bool for Boolean; time.Time, xecm.Time or a date string ("2025-06-30",
// RFC 3339) for Date; a slice of those for multi-value attributes; nil to
// clear a value. Setting the same attribute twice keeps the last value.
type CategoryValues struct {
	categoryID int64
	// categoryName is the name NewCategoryValuesByName was given; such
	// values have no ID until a call resolves the name.
	categoryName string
	byName       bool
	entries      []valueEntry
}

type valueEntry struct {
	set   string // set name, for SetRow
	row   int    // 1-based row, for SetRow and RemoveRow
	attr  string // attribute name
	key   string // raw key, for SetKey
	value any
	// removeRow asks to delete row `row` of `set`.
	removeRow bool
}

// NewCategoryValues starts an empty set of values for the category with the
// given ID. Applied with no values at all, a category gets its defaults.
func NewCategoryValues(categoryID int64) *CategoryValues {
	return &CategoryValues{categoryID: categoryID}
}

// NewCategoryValuesByName starts an empty set of values for the category
// called name, for a new item whose categories the SDK can read before
// creating it, so that code need not carry category IDs, which differ
// from one installation to the next:
//
//	v := xecm.NewCategoryValuesByName("Customer").Set("Customer Name", "ACME Corp")
//
// Workspaces.Create and Ensure look the name up among the categories the
// workspace template gives (its workspace create form); Documents.Upload
// and Documents.Versions().Add among the categories on the parent (on the
// document, for a version), which is where a new item inherits them from.
// Names compare exactly first, then ignoring case. A name that no
// category there has, or that two of them share, fails with an error
// matching ErrInvalidArgument (a *CategoryNameError) before anything is
// written. Metadata.Apply and Metadata.Update take IDs only: the REST API
// has no call that finds a category by name in general.
func NewCategoryValuesByName(name string) *CategoryValues {
	return &CategoryValues{categoryName: name, byName: true}
}

// CategoryID returns the ID of the category the values are for; 0 for
// values started with NewCategoryValuesByName (the values themselves are
// never changed: each call resolves the name anew).
func (v *CategoryValues) CategoryID() int64 { return v.categoryID }

// CategoryName returns the name given to NewCategoryValuesByName, or ""
// for values started with an ID.
func (v *CategoryValues) CategoryName() string { return v.categoryName }

// forCategory returns a copy of values given by name for the category ID
// the name resolved to. The entries are shared: nothing changes them.
func (v *CategoryValues) forCategory(id int64) *CategoryValues {
	return &CategoryValues{categoryID: id, categoryName: v.categoryName, entries: v.entries}
}

// Set gives the top-level attribute named attr a value.
func (v *CategoryValues) Set(attr string, value any) *CategoryValues {
	v.entries = append(v.entries, valueEntry{attr: attr, value: value})
	return v
}

// SetRow gives attribute attr in row row (1-based) of the set named set a
// value.
func (v *CategoryValues) SetRow(set string, row int, attr string, value any) *CategoryValues {
	v.entries = append(v.entries, valueEntry{set: set, row: row, attr: attr, value: value})
	return v
}

// RemoveRow deletes row row (1-based) of the set named set (on update).
func (v *CategoryValues) RemoveRow(set string, row int) *CategoryValues {
	v.entries = append(v.entries, valueEntry{set: set, row: row, removeRow: true})
	return v
}

// SetKey gives a value by the server's raw attribute key, such as "9830_2"
// or "9830_4_2_5". When the definition is known the key and value are
// checked like named ones; values made only of raw keys are sent as given
// without reading the definition.
func (v *CategoryValues) SetKey(key string, value any) *CategoryValues {
	v.entries = append(v.entries, valueEntry{key: key, value: value})
	return v
}

// rawOnly reports whether every entry is a raw key (no definition needed).
func (v *CategoryValues) rawOnly() bool {
	for _, e := range v.entries {
		if e.key == "" {
			return false
		}
	}
	return true
}

// AttributeError reports a category value the SDK refused before sending
// anything. It matches ErrInvalidArgument with errors.Is.
type AttributeError struct {
	CategoryID int64
	Category   string // the category's name, when known
	// Attribute names the attribute as the caller gave it: "Deal ID",
	// "Parties[2].Role", or a raw key.
	Attribute string
	Problem   string

	// missing marks a required attribute given no value (rather than
	// given an empty one), which the node a new item takes its category
	// from may still supply.
	missing bool
}

// Error implements error.
func (e *AttributeError) Error() string {
	cat := strconv.FormatInt(e.CategoryID, 10)
	if e.Category != "" {
		cat = fmt.Sprintf("%q (%d)", e.Category, e.CategoryID)
	}
	return fmt.Sprintf("xecm: category %s, attribute %q: %s", cat, e.Attribute, e.Problem)
}

// Unwrap makes errors.Is(err, ErrInvalidArgument) true.
func (e *AttributeError) Unwrap() error { return ErrInvalidArgument }

// onlyMissing reports whether err is made only of required attributes
// given no value.
func onlyMissing(err error) bool {
	var list []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		list = j.Unwrap()
	} else {
		list = []error{err}
	}
	for _, e := range list {
		if ae, ok := e.(*AttributeError); !ok || !ae.missing {
			return false
		}
	}
	return len(list) > 0
}

// resolveMode says whether values are for a new category (apply or create,
// where required attributes must have a value) or an update.
type resolveMode int

const (
	forApply resolveMode = iota
	forUpdate
)

// rawFlat checks and returns values made only of raw keys.
func (v *CategoryValues) rawFlat() (map[string]any, error) {
	prefix := strconv.FormatInt(v.categoryID, 10) + "_"
	out := map[string]any{}
	for _, e := range v.entries {
		if !strings.HasPrefix(e.key, prefix) || !validKey(e.key) {
			return nil, &AttributeError{CategoryID: v.categoryID, Attribute: e.key,
				Problem: "not an attribute key of this category (want " + prefix + "{attribute} or " + prefix + "{set}_{row}_{attribute})"}
		}
		out[e.key] = e.value
	}
	if len(out) == 0 {
		out[prefix+"1"] = map[string]any{}
	}
	return out, nil
}

func validKey(k string) bool {
	parts := strings.Split(k, "_")
	if len(parts) < 2 || len(parts) > 4 {
		return false
	}
	for _, p := range parts {
		if n, err := strconv.Atoi(p); err != nil || n < 1 {
			return false
		}
	}
	return true
}

// Resolve checks values against the definition and returns them in the
// flat form of node, version and upload calls ({"9830_2": "x", ...}).
// Every problem is reported, each as an *AttributeError, joined. Values
// given by category name resolve when the definition has that name.
func (d *CategoryDefinition) Resolve(v *CategoryValues) (map[string]any, error) {
	if v != nil && v.byName && d != nil {
		name := strings.TrimSpace(v.categoryName)
		if !strings.EqualFold(strings.TrimSpace(d.Name), name) {
			return nil, invalidArg("Metadata", "definition is of category %q (%d), not %q", d.Name, d.ID, name)
		}
		v = v.forCategory(d.ID)
	}
	return d.resolve(v, forApply, nil)
}

// resolve checks and converts v. held are values by key that the new
// category takes over from elsewhere (see MetadataService.Resolve): a
// required attribute held there needs no value in v.
func (d *CategoryDefinition) resolve(v *CategoryValues, mode resolveMode, held map[string]any) (map[string]any, error) {
	if v == nil {
		return nil, invalidArg("Metadata", "nil category values")
	}
	if d == nil || d.ID != v.categoryID {
		return nil, invalidArg("Metadata", "definition does not match category %d", v.categoryID)
	}
	r := &resolution{d: d, mode: mode, out: map[string]any{}, given: map[string]bool{}, rows: map[string]map[int]bool{}}
	for _, e := range v.entries {
		switch {
		case e.key != "":
			r.byKey(e)
		case e.set == "":
			r.byName(e)
		default:
			r.inSet(e)
		}
	}
	if mode == forApply {
		r.checkRequired(held)
	}
	if len(r.errs) > 0 {
		return nil, errors.Join(r.errs...)
	}
	if len(r.out) == 0 {
		r.out[strconv.FormatInt(d.ID, 10)+"_1"] = map[string]any{}
	}
	return r.out, nil
}

// resolution is one run of resolve: the values converted so far by key,
// the problems found, and which attributes and set rows were given.
type resolution struct {
	d     *CategoryDefinition
	mode  resolveMode
	out   map[string]any
	errs  []error
	given map[string]bool         // top-level keys given
	rows  map[string]map[int]bool // set key -> rows touched
}

func (r *resolution) fail(attr, format string, args ...any) {
	r.errs = append(r.errs, &AttributeError{CategoryID: r.d.ID, Category: r.d.Name, Attribute: attr, Problem: fmt.Sprintf(format, args...)})
}

func (r *resolution) missing(attr string) {
	r.errs = append(r.errs, &AttributeError{CategoryID: r.d.ID, Category: r.d.Name, Attribute: attr, Problem: "a value is required", missing: true})
}

// convert converts a value for attribute a, reporting a problem under label.
func (r *resolution) convert(label string, a *AttributeDefinition, value any) (any, bool) {
	val, problem := convertValue(a, value)
	if problem != "" {
		r.fail(label, "%s", problem)
		return nil, false
	}
	return val, true
}

// byKey takes a value given by attribute key ("9830_2", "9830_5_3_6").
func (r *resolution) byKey(e valueEntry) {
	set, a, row, ok := r.d.byKey(e.key)
	if !ok || (set != nil && row == 0) || a.Type == AttrSet {
		r.fail(e.key, "no attribute has this key")
		return
	}
	if set != nil && set.MaxRows > 0 && row > set.MaxRows {
		r.fail(e.key, "row %d is past the set's %d rows", row, set.MaxRows)
		return
	}
	val, ok := r.convert(e.key, a, e.value)
	if !ok {
		return
	}
	r.out[e.key] = val
	if set != nil {
		markRow(r.rows, set.Key, row)
	} else {
		r.given[a.Key] = true
	}
}

// byName takes a value given by the name of a top-level attribute.
func (r *resolution) byName(e valueEntry) {
	a, ok := r.d.Attribute(e.attr)
	if !ok {
		r.fail(e.attr, "no such attribute (attributes: %s)", attrNames(r.d.Attributes))
		return
	}
	if a.Type == AttrSet {
		r.fail(e.attr, "is a set: give its values with SetRow")
		return
	}
	val, ok := r.convert(e.attr, a, e.value)
	if !ok {
		return
	}
	r.out[a.Key] = val
	r.given[a.Key] = true
}

// inSet takes a value of a set's row, or the removal of a row.
func (r *resolution) inSet(e valueEntry) {
	label := fmt.Sprintf("%s[%d].%s", e.set, e.row, e.attr)
	if e.removeRow {
		label = fmt.Sprintf("%s[%d]", e.set, e.row)
	}
	s, ok := r.d.Attribute(e.set)
	if !ok || s.Type != AttrSet {
		r.fail(label, "no set named %q", e.set)
		return
	}
	if e.row < 1 || s.MaxRows > 0 && e.row > s.MaxRows {
		r.fail(label, "row %d is out of range (rows 1 to %d)", e.row, max(s.MaxRows, 1))
		return
	}
	if e.removeRow {
		if r.mode != forUpdate {
			r.fail(label, "rows can only be removed from a category already on a node")
			return
		}
		r.out[s.Key+"_"+strconv.Itoa(e.row)] = ""
		return
	}
	m, ok := s.Member(e.attr)
	if !ok {
		r.fail(label, "set %q has no attribute %q (attributes: %s)", s.Name, e.attr, attrNames(s.Attributes))
		return
	}
	val, ok := r.convert(label, m, e.value)
	if !ok {
		return
	}
	r.out[rowKey(m.Key, e.row)] = val
	markRow(r.rows, s.Key, e.row)
}

// checkRequired reports every required attribute without a value, given,
// default or held; in a set, for the rows given.
func (r *resolution) checkRequired(held map[string]any) {
	for _, a := range r.d.Attributes {
		if a.Type == AttrSet {
			for row := range r.rows[a.Key] {
				for _, m := range a.Attributes {
					if k := rowKey(m.Key, row); m.Required && !hasValue(r.out[k]) && !hasValue(m.Default) && !hasValue(held[k]) {
						r.missing(fmt.Sprintf("%s[%d].%s", a.Name, row, m.Name))
					}
				}
			}
			continue
		}
		if a.Required && !r.given[a.Key] && !hasValue(a.Default) && !hasValue(held[a.Key]) {
			r.missing(a.Name)
		}
	}
}

func markRow(rows map[string]map[int]bool, set string, row int) {
	if rows[set] == nil {
		rows[set] = map[int]bool{}
	}
	rows[set][row] = true
}

func attrNames(attrs []AttributeDefinition) string {
	names := make([]string, 0, len(attrs))
	for _, a := range attrs {
		names = append(names, strconv.Quote(a.Name))
	}
	return strings.Join(names, ", ")
}

// hasValue reports whether v is a real value (not nil, "" or an empty list).
func hasValue(v any) bool {
	switch t := v.(type) {
	case nil:
		return false
	case string:
		return t != ""
	case []any:
		return slices.ContainsFunc(t, hasValue)
	}
	return true
}

// convertValue checks v against a and returns its wire form, or a problem.
func convertValue(a *AttributeDefinition, v any) (any, string) {
	if a.ReadOnly {
		return nil, "the attribute is read-only"
	}
	if list, isList := asList(v); isList {
		if !a.MultiValue {
			return nil, fmt.Sprintf("takes a single value, %d given", len(list))
		}
		if a.MaxValues > 0 && len(list) > a.MaxValues {
			return nil, fmt.Sprintf("too many values: %d given, at most %d allowed", len(list), a.MaxValues)
		}
		out := make([]any, 0, len(list))
		for i, e := range list {
			w, problem := convertScalar(a, e)
			if problem != "" {
				return nil, fmt.Sprintf("value %d: %s", i+1, problem)
			}
			out = append(out, w)
		}
		if a.Required && !hasValue(out) { // on update too: that would clear it
			return nil, "a value is required"
		}
		return out, ""
	}
	w, problem := convertScalar(a, v)
	if problem != "" {
		return nil, problem
	}
	if a.Required && !hasValue(w) { // on update too: that would clear it
		return nil, "a value is required"
	}
	if a.MultiValue {
		if w == nil {
			return []any{}, ""
		}
		return []any{w}, ""
	}
	return w, ""
}

// asList returns the elements of a slice value (but not of []byte).
func asList(v any) ([]any, bool) {
	if v == nil {
		return nil, false
	}
	if l, ok := v.([]any); ok {
		return l, true
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array || rv.Type().Elem().Kind() == reflect.Uint8 {
		return nil, false
	}
	out := make([]any, rv.Len())
	for i := range out {
		out[i] = rv.Index(i).Interface()
	}
	return out, true
}

// wireDateLayout is how date values are sent: the server's own zone-less form.
const wireDateLayout = "2006-01-02T15:04:05"

func convertScalar(a *AttributeDefinition, v any) (any, string) {
	if v == nil {
		return nil, ""
	}
	var w any
	switch a.Type {
	case AttrString:
		s, ok := v.(string)
		if !ok {
			return nil, fmt.Sprintf("wants text, got %T", v)
		}
		if n := utf8.RuneCountInString(s); a.MaxLength > 0 && n > a.MaxLength {
			return nil, fmt.Sprintf("too long: %d characters, at most %d allowed", n, a.MaxLength)
		}
		w = s
	case AttrInteger, AttrUser:
		n, ok := toInt(v)
		if !ok {
			return nil, fmt.Sprintf("wants a whole number, got %T %v", v, v)
		}
		if a.Type == AttrUser && n <= 0 {
			return nil, fmt.Sprintf("wants a user ID, got %d", n)
		}
		w = n
	case AttrReal:
		f, ok := toFloat(v)
		if !ok {
			return nil, fmt.Sprintf("wants a number, got %T %v", v, v)
		}
		w = f
	case AttrBoolean:
		switch t := v.(type) {
		case bool:
			w = t
		case string:
			b, err := strconv.ParseBool(t)
			if err != nil {
				return nil, fmt.Sprintf("wants true or false, got %q", t)
			}
			w = b
		default:
			return nil, fmt.Sprintf("wants true or false, got %T", v)
		}
	case AttrDate:
		var t time.Time
		switch x := v.(type) {
		case time.Time:
			t = x
		case Time:
			t = x.Time
		case string:
			if x == "" {
				return "", ""
			}
			p, err := ParseTime(x)
			if err != nil {
				return nil, fmt.Sprintf("wants a date, got %q", x)
			}
			t = p.Time
		default:
			return nil, fmt.Sprintf("wants a date, got %T", v)
		}
		if t.IsZero() {
			return nil, ""
		}
		// The wire form has no zone: send the wall clock the caller gave, so a
		// date at local midnight stays that day.
		w = t.Format(wireDateLayout)
	default:
		return nil, fmt.Sprintf("attributes of type %s cannot be set", a.Type)
	}
	if len(a.ValidValues) > 0 && w != "" && !slices.Contains(a.ValidValues, fmt.Sprint(w)) {
		return nil, fmt.Sprintf("%v is not one of the valid values (%s)", w, strings.Join(a.ValidValues, ", "))
	}
	return w, ""
}

func toInt(v any) (int64, bool) {
	switch t := v.(type) {
	case int:
		return int64(t), true
	case int8:
		return int64(t), true
	case int16:
		return int64(t), true
	case int32:
		return int64(t), true
	case int64:
		return t, true
	case uint8:
		return int64(t), true
	case uint16:
		return int64(t), true
	case uint32:
		return int64(t), true
	case uint:
		if uint64(t) > math.MaxInt64 {
			return 0, false
		}
		return int64(t), true
	case uint64:
		if t > math.MaxInt64 {
			return 0, false
		}
		return int64(t), true
	case float64:
		if t != math.Trunc(t) || math.IsInf(t, 0) || math.Abs(t) > 1<<53 {
			return 0, false
		}
		return int64(t), true
	case float32:
		return toInt(float64(t))
	case json.Number:
		n, err := t.Int64()
		return n, err == nil
	case string:
		n, err := strconv.ParseInt(strings.TrimSpace(t), 10, 64)
		return n, err == nil
	}
	return 0, false
}

func toFloat(v any) (float64, bool) {
	switch t := v.(type) {
	case float64:
		return t, !math.IsNaN(t) && !math.IsInf(t, 0)
	case float32:
		return toFloat(float64(t))
	case json.Number:
		f, err := t.Float64()
		return f, err == nil
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(t), 64)
		return f, err == nil && !math.IsNaN(f) && !math.IsInf(f, 0)
	}
	if n, ok := toInt(v); ok {
		return float64(n), true
	}
	return 0, false
}
