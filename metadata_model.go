package xecm

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// AttributeType is the data type of a category attribute.
type AttributeType string

// Attribute types. The names are the server's type_name values, except
// AttrSet, which the server calls "Assoc".
const (
	AttrString  AttributeType = "String"
	AttrInteger AttributeType = "Integer"
	AttrReal    AttributeType = "Real"
	AttrDate    AttributeType = "Date"
	AttrBoolean AttributeType = "Boolean"
	// AttrUser holds a user ID (an integer on the wire).
	AttrUser AttributeType = "User"
	// AttrSet groups attributes in rows ("Assoc" on the wire).
	AttrSet AttributeType = "Set"
)

// AttributeDefinition describes one attribute of a category, or one set
// and its member attributes.
type AttributeDefinition struct {
	// Key is the attribute's key: "{category}_{attribute}" for top-level
	// attributes and sets, "{category}_{set}_x_{attribute}" for set members
	// (the server's placeholder "x" stands for the row number).
	Key string
	// ID is the attribute's ID inside its category (2 and up).
	ID   int
	Name string
	Type AttributeType
	// Required says a value must be given when the category is applied.
	Required bool
	ReadOnly bool
	Hidden   bool
	// MaxLength bounds text values, in characters; 0 means no bound.
	MaxLength int
	// MultiValue says the attribute holds a list of values, at most
	// MaxValues of them.
	MultiValue bool
	MaxValues  int
	// ValidValues, when not empty, lists the only values allowed (popup
	// and select attributes), formatted as text.
	ValidValues []string
	// Default is the value the server applies when none is given (nil
	// when it has none).
	Default any
	// MaxRows bounds the rows of a set (Type AttrSet); 1 for a fixed,
	// single-row set.
	MaxRows int
	// Attributes are the members of a set, in display order.
	Attributes []AttributeDefinition
}

// CategoryDefinition is the attribute layout of a category.
type CategoryDefinition struct {
	ID   int64
	Name string
	// Attributes are the top-level attributes and sets, in display order.
	Attributes []AttributeDefinition
}

// Attribute returns the top-level attribute or set with the given name.
// Names compare exactly first, then case-insensitively.
func (d *CategoryDefinition) Attribute(name string) (*AttributeDefinition, bool) {
	if d == nil {
		return nil, false
	}
	return findAttr(d.Attributes, name)
}

// Member returns the set member attribute with the given name.
func (a *AttributeDefinition) Member(name string) (*AttributeDefinition, bool) {
	if a == nil {
		return nil, false
	}
	return findAttr(a.Attributes, name)
}

func findAttr(attrs []AttributeDefinition, name string) (*AttributeDefinition, bool) {
	for i := range attrs {
		if attrs[i].Name == name {
			return &attrs[i], true
		}
	}
	for i := range attrs {
		if strings.EqualFold(attrs[i].Name, name) {
			return &attrs[i], true
		}
	}
	return nil, false
}

// byKey finds an attribute (or set member) by its key, with "x" or a row
// number in the row position of member keys.
func (d *CategoryDefinition) byKey(key string) (set, attr *AttributeDefinition, row int, ok bool) {
	parts := strings.Split(key, "_")
	if len(parts) < 2 || parts[0] != strconv.FormatInt(d.ID, 10) {
		return nil, nil, 0, false
	}
	id, err := strconv.Atoi(parts[1])
	if err != nil {
		return nil, nil, 0, false
	}
	var top *AttributeDefinition
	for i := range d.Attributes {
		if d.Attributes[i].ID == id {
			top = &d.Attributes[i]
		}
	}
	if top == nil {
		return nil, nil, 0, false
	}
	switch len(parts) {
	case 2:
		return nil, top, 0, true
	case 4:
		if top.Type != AttrSet {
			return nil, nil, 0, false
		}
		if parts[2] != "x" {
			if row, err = strconv.Atoi(parts[2]); err != nil || row < 1 {
				return nil, nil, 0, false
			}
		}
		mid, err := strconv.Atoi(parts[3])
		if err != nil {
			return nil, nil, 0, false
		}
		for i := range top.Attributes {
			if top.Attributes[i].ID == mid {
				return top, &top.Attributes[i], row, true
			}
		}
	}
	return nil, nil, 0, false
}

// Category is a category applied to a node, with its values and the
// definition of its attributes.
type Category struct {
	ID   int64
	Name string
	// Definition is the attribute layout, as the server sent it with the
	// values.
	Definition *CategoryDefinition
	// Values holds the raw values by attribute key ("9830_2",
	// "9830_4_2_5"), as the server sent them: strings, json.Number,
	// booleans, nil, or []any for multi-value attributes.
	Values map[string]any
}

// Value returns the value of the top-level attribute with the given name.
func (c *Category) Value(attr string) (any, bool) {
	a, ok := c.Definition.Attribute(attr)
	if !ok || a.Type == AttrSet {
		return nil, false
	}
	v, ok := c.Values[a.Key]
	return v, ok
}

// RowValue returns the value of attribute attr in row row (1-based) of
// the set named set.
func (c *Category) RowValue(set string, row int, attr string) (any, bool) {
	s, ok := c.Definition.Attribute(set)
	if !ok || s.Type != AttrSet {
		return nil, false
	}
	m, ok := s.Member(attr)
	if !ok {
		return nil, false
	}
	v, ok := c.Values[rowKey(m.Key, row)]
	return v, ok
}

// Rows returns the number of rows the set named set holds.
func (c *Category) Rows(set string) int {
	s, ok := c.Definition.Attribute(set)
	if !ok || s.Type != AttrSet {
		return 0
	}
	prefix := s.Key + "_"
	rows := 0
	for k := range c.Values {
		rest, ok := strings.CutPrefix(k, prefix)
		if !ok {
			continue
		}
		r, _, _ := strings.Cut(rest, "_")
		if n, err := strconv.Atoi(r); err == nil && n > rows {
			rows = n
		}
	}
	return rows
}

// rowKey turns a member key "{c}_{s}_x_{a}" into the key of one row.
func rowKey(memberKey string, row int) string {
	return strings.Replace(memberKey, "_x_", "_"+strconv.Itoa(row)+"_", 1)
}

// --- the ?metadata form of definitions -------------------------------------

// wireAttrMeta is one entry of metadata.categories in GET .../categories?metadata.
type wireAttrMeta struct {
	Key                 string `json:"key"`
	Name                string `json:"name"`
	Persona             string `json:"persona"`
	TypeName            string `json:"type_name"`
	Required            bool   `json:"required"`
	ReadOnly            bool   `json:"read_only"`
	Hidden              bool   `json:"hidden"`
	MaxLength           *int   `json:"max_length"`
	MultiValue          bool   `json:"multi_value"`
	MultiValueLengthMax *int   `json:"multi_value_length_max"`
	ValidValues         []any  `json:"valid_values"`
	DefaultValue        any    `json:"default_value"`
}

// definitionFromMetadata builds the definition of category catKey from the
// flat metadata map; order, if not empty, is the display order of the
// top-level keys (metadata_map).
func definitionFromMetadata(catKey string, meta map[string]wireAttrMeta, order []string) (*CategoryDefinition, error) {
	id, err := strconv.ParseInt(catKey, 10, 64)
	if err != nil {
		return nil, fmt.Errorf("category key %q is not a number", catKey)
	}
	d := &CategoryDefinition{ID: id, Name: meta[catKey].Name}
	members := map[int][]AttributeDefinition{}
	for key, m := range meta {
		parts := strings.Split(key, "_")
		if parts[0] != catKey || len(parts) < 2 {
			continue
		}
		aid, err := strconv.Atoi(parts[len(parts)-1])
		if err != nil || aid == 1 && len(parts) == 2 {
			continue
		}
		a := attrFromMetadata(key, aid, m)
		switch {
		case len(parts) == 2:
			d.Attributes = append(d.Attributes, a)
		case len(parts) == 4 && parts[2] == "x":
			sid, err := strconv.Atoi(parts[1])
			if err != nil {
				continue
			}
			members[sid] = append(members[sid], a)
		}
	}
	for i := range d.Attributes {
		if d.Attributes[i].Type == AttrSet {
			ms := members[d.Attributes[i].ID]
			sortAttrs(ms, nil)
			d.Attributes[i].Attributes = ms
		}
	}
	sortAttrs(d.Attributes, order)
	return d, nil
}

func attrFromMetadata(key string, id int, m wireAttrMeta) AttributeDefinition {
	a := AttributeDefinition{Key: key, ID: id, Name: m.Name, Required: m.Required, ReadOnly: m.ReadOnly,
		Hidden: m.Hidden, MultiValue: m.MultiValue, Default: m.DefaultValue}
	if m.MaxLength != nil {
		a.MaxLength = *m.MaxLength
	}
	if m.MultiValueLengthMax != nil && *m.MultiValueLengthMax > 0 {
		a.MaxValues = *m.MultiValueLengthMax
	}
	for _, v := range m.ValidValues {
		a.ValidValues = append(a.ValidValues, fmt.Sprint(v))
	}
	switch {
	case m.Persona == "set" || strings.EqualFold(m.TypeName, "Assoc"):
		a.Type, a.MaxRows, a.MultiValue, a.MaxValues = AttrSet, a.MaxValues, false, 0
	case strings.EqualFold(m.TypeName, "Integer"):
		a.Type = AttrInteger
	case strings.EqualFold(m.TypeName, "Real"):
		a.Type = AttrReal
	case strings.EqualFold(m.TypeName, "Date"):
		a.Type = AttrDate
	case strings.EqualFold(m.TypeName, "Boolean"):
		a.Type = AttrBoolean
	case strings.EqualFold(m.TypeName, "User"):
		a.Type = AttrUser
	default:
		a.Type = AttrString
	}
	if !a.MultiValue && a.Type != AttrSet {
		a.MaxValues = 1
	}
	return a
}

// sortAttrs orders attributes by the given key order, then by ID.
func sortAttrs(attrs []AttributeDefinition, order []string) {
	pos := map[string]int{}
	for i, k := range order {
		pos[k] = i + 1
	}
	sort.SliceStable(attrs, func(i, j int) bool {
		pi, pj := pos[attrs[i].Key], pos[attrs[j].Key]
		if pi != pj && pi != 0 && pj != 0 {
			return pi < pj
		}
		if (pi == 0) != (pj == 0) {
			return pi != 0
		}
		return attrs[i].ID < attrs[j].ID
	})
}

// --- the Alpaca form of definitions ----------------------------------------

// wireForm is one form of GET api/v1/forms/nodes/categories/{create,update}.
type wireForm struct {
	Data    map[string]json.RawMessage `json:"data"`
	Options struct {
		Fields map[string]struct {
			Type string `json:"type"`
		} `json:"fields"`
	} `json:"options"`
	Schema wireSchema `json:"schema"`
}

type wireSchema struct {
	Title      string                `json:"title"`
	Type       string                `json:"type"`
	Format     string                `json:"format"`
	Required   bool                  `json:"required"`
	ReadOnly   bool                  `json:"readonly"`
	MaxLength  int                   `json:"maxLength"`
	MaxItems   int                   `json:"maxItems"`
	Enum       []any                 `json:"enum"`
	Items      *wireSchema           `json:"items"`
	Properties map[string]wireSchema `json:"properties"`
}

// definitionFromForm builds a category definition from its Alpaca form.
func definitionFromForm(catID int64, f wireForm) *CategoryDefinition {
	catKey := strconv.FormatInt(catID, 10)
	d := &CategoryDefinition{ID: catID, Name: f.Schema.Title}
	for key, sch := range f.Schema.Properties {
		parts := strings.Split(key, "_")
		if len(parts) != 2 || parts[0] != catKey {
			continue
		}
		id, err := strconv.Atoi(parts[1])
		if err != nil || id == 1 {
			continue // {cat}_1 carries the metadata token, not a value
		}
		a := AttributeDefinition{Key: key, ID: id, Name: sch.Title, Required: sch.Required, ReadOnly: sch.ReadOnly,
			MaxLength: sch.MaxLength, MaxValues: 1}
		switch {
		case sch.Type == "array" && sch.Items != nil && len(sch.Items.Properties) > 0:
			a.Type, a.MaxValues = AttrSet, 0
			a.MaxRows = firstPositive(sch.Items.MaxItems, sch.MaxItems)
			a.Attributes = formMembers(key, sch.Items.Properties, f)
		case sch.Type == "object" && len(sch.Properties) > 0:
			a.Type, a.MaxValues, a.MaxRows = AttrSet, 0, 1
			a.Attributes = formMembers(key, sch.Properties, f)
		case sch.Type == "array":
			item := wireSchema{Type: "string"}
			if sch.Items != nil {
				item = *sch.Items
			}
			a.MultiValue = true
			a.MaxValues = firstPositive(sch.MaxItems, item.MaxItems)
			a.MaxLength = firstPositive(sch.MaxLength, item.MaxLength)
			a.Type = formType(item, f.Options.Fields[key].Type)
			a.ValidValues = enumStrings(item.Enum)
		default:
			a.Type = formType(sch, f.Options.Fields[key].Type)
			a.ValidValues = enumStrings(sch.Enum)
		}
		if raw, ok := f.Data[key]; ok && a.Type != AttrSet {
			var v any
			if json.Unmarshal(raw, &v) == nil {
				a.Default = v
			}
		}
		d.Attributes = append(d.Attributes, a)
	}
	sortAttrs(d.Attributes, nil)
	return d
}

func formMembers(setKey string, props map[string]wireSchema, f wireForm) []AttributeDefinition {
	var out []AttributeDefinition
	for key, sch := range props {
		parts := strings.Split(key, "_")
		if len(parts) != 4 {
			continue
		}
		id, err := strconv.Atoi(parts[3])
		if err != nil {
			continue
		}
		norm := setKey + "_x_" + parts[3]
		a := AttributeDefinition{Key: norm, ID: id, Name: sch.Title, Required: sch.Required, ReadOnly: sch.ReadOnly,
			MaxLength: sch.MaxLength, MaxValues: 1}
		if sch.Type == "array" {
			item := wireSchema{Type: "string"}
			if sch.Items != nil {
				item = *sch.Items
			}
			a.MultiValue = true
			a.MaxValues = firstPositive(sch.MaxItems, item.MaxItems)
			a.MaxLength = firstPositive(sch.MaxLength, item.MaxLength)
			a.Type = formType(item, f.Options.Fields[key].Type)
			a.ValidValues = enumStrings(item.Enum)
		} else {
			a.Type = formType(sch, f.Options.Fields[key].Type)
			a.ValidValues = enumStrings(sch.Enum)
		}
		out = append(out, a)
	}
	sortAttrs(out, nil)
	return out
}

// formType maps an Alpaca schema type and field type to an attribute type.
func formType(sch wireSchema, fieldType string) AttributeType {
	switch sch.Type {
	case "boolean":
		return AttrBoolean
	case "number":
		return AttrReal
	case "integer":
		if strings.Contains(fieldType, "user") || strings.Contains(fieldType, "member") {
			return AttrUser
		}
		return AttrInteger
	}
	if fieldType == "date" || fieldType == "datetime" || sch.Format == "date" || sch.Format == "date-time" {
		return AttrDate
	}
	return AttrString
}

func enumStrings(vs []any) []string {
	var out []string
	for _, v := range vs {
		out = append(out, fmt.Sprint(v))
	}
	return out
}

func firstPositive(ns ...int) int {
	for _, n := range ns {
		if n > 0 {
			return n
		}
	}
	return 0
}
