package xecmtest

import (
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Seeded categories (reference §5). Category ids are those of the
// category nodes on a real server; the simulator keeps only their
// definitions.
const (
	// ContractCategoryID is the "Contract" category: Deal ID (2, text,
	// required, max 20), Account Name (3, text, max 64), Amount (4,
	// integer), Signed Date (5, date), Region (6, text, multi-value, at
	// most 3 of EMEA, APAC, AMER, LATAM), and the set Parties (7, at most 5
	// rows) with Name (8, text, required, max 64) and Role (9, text, one
	// of Buyer, Seller, Guarantor).
	ContractCategoryID int64 = 9830
	// CustomerCategoryID is the "Customer Master Data" category (named apart
	// from the Customer workspace template's own CategoryCustomer, so that
	// a category named in a policy is never ambiguous): Customer Number (2,
	// text, required, max 10), Customer Name (3, text), Active (4,
	// boolean), Account Manager (5, user).
	CustomerCategoryID int64 = 6228
	// DocumentControlCategoryID is the "Document Control" category:
	// Status (2, text, one of Draft, In Review, Approved, Withdrawn),
	// Approved By (3, user), Approved Version (4, integer: the version
	// number the approval covers) and Approved On (5, date: when it was
	// given), which portals publish by (portal.Policy.Require and
	// portal.Approval).
	DocumentControlCategoryID int64 = 9900
)

// catAttr is an attribute (or set) of a simulated category.
type catAttr struct {
	ID          int
	Name        string
	Type        string // String, Integer, Date, Boolean, User, Assoc (set)
	Required    bool
	MaxLength   int
	MultiValue  bool
	MaxValues   int // for multi-value attributes
	ValidValues []string
	MaxRows     int // for sets
	Members     []*catAttr
}

// catDef is a simulated category definition.
type catDef struct {
	ID    int64
	Name  string
	Attrs []*catAttr
}

// catOnNode is a category applied to a node.
type catOnNode struct {
	Values  map[string]any // flat keys with row numbers
	Rev     int64          // bumped on every change; source of the token
	Inherit bool           // inherited by items created below (containers)
}

// categoryStore is the state of the categories area.
type categoryStore struct {
	defs   map[int64]*catDef
	onNode map[int64]map[int64]*catOnNode // node -> category -> values
	// versions holds the values of superseded versions; frozenFor marks
	// an add that froze them itself (versions_categories.go).
	versions  map[int64]versionCats
	frozenFor map[int64]int
}

func (s *Server) installCategories() {
	s.cats = categoryStore{defs: map[int64]*catDef{}, onNode: map[int64]map[int64]*catOnNode{}}
	s.cats.defs[ContractCategoryID] = &catDef{ID: ContractCategoryID, Name: "Contract", Attrs: []*catAttr{
		{ID: 2, Name: "Deal ID", Type: "String", Required: true, MaxLength: 20},
		{ID: 3, Name: "Account Name", Type: "String", MaxLength: 64},
		{ID: 4, Name: "Amount", Type: "Integer"},
		{ID: 5, Name: "Signed Date", Type: "Date"},
		{ID: 6, Name: "Region", Type: "String", MultiValue: true, MaxValues: 3, MaxLength: 10, ValidValues: []string{"EMEA", "APAC", "AMER", "LATAM"}},
		{ID: 7, Name: "Parties", Type: "Assoc", MaxRows: 5, Members: []*catAttr{
			{ID: 8, Name: "Name", Type: "String", Required: true, MaxLength: 64},
			{ID: 9, Name: "Role", Type: "String", ValidValues: []string{"Buyer", "Seller", "Guarantor"}},
		}},
	}}
	s.cats.defs[DocumentControlCategoryID] = &catDef{ID: DocumentControlCategoryID, Name: "Document Control", Attrs: []*catAttr{
		{ID: 2, Name: "Status", Type: "String", MaxLength: 16, ValidValues: []string{"Draft", "In Review", "Approved", "Withdrawn"}},
		{ID: 3, Name: "Approved By", Type: "User"},
		{ID: 4, Name: "Approved Version", Type: "Integer"},
		{ID: 5, Name: "Approved On", Type: "Date"},
	}}
	s.cats.defs[CustomerCategoryID] = &catDef{ID: CustomerCategoryID, Name: "Customer Master Data", Attrs: []*catAttr{
		{ID: 2, Name: "Customer Number", Type: "String", Required: true, MaxLength: 10},
		{ID: 3, Name: "Customer Name", Type: "String", MaxLength: 128},
		{ID: 4, Name: "Active", Type: "Boolean"},
		{ID: 5, Name: "Account Manager", Type: "User"},
	}}
	s.nodes.hooks.roles["categories"] = func(s *Server, c *call, n *node, v any) error {
		return s.applyCategoryRolesLocked(c, n, v, false)
	}
	s.nodes.hooks.created = append(s.nodes.hooks.created, func(s *Server, parent, n *node) {
		s.inheritCategoriesLocked(parent, n)
	})
	s.nodes.hooks.copied = append(s.nodes.hooks.copied, func(s *Server, c *call, src, dst *node) error {
		for id, con := range s.cats.onNode[src.ID] {
			s.setCategoryLocked(dst.ID, id, &catOnNode{Values: cloneMap(con.Values), Rev: 1, Inherit: con.Inherit})
		}
		return nil
	})
	s.nodes.hooks.deleted = append(s.nodes.hooks.deleted, func(s *Server, n *node) { delete(s.cats.onNode, n.ID) })
	// fields=categories on the node GET and browse: the values of each
	// category on the node, one object per category as GET categories
	// answers them in results[].data.categories. No recorded answer of the
	// node GET with this section is at hand; the spec names the section
	// ("node and category information") without its shape.
	s.nodes.hooks.sections["categories"] = func(s *Server, c *call, n *node) (any, error) {
		ids := make([]int64, 0, len(s.cats.onNode[n.ID]))
		for id := range s.cats.onNode[n.ID] {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		out := make([]any, 0, len(ids))
		for _, id := range ids {
			out = append(out, s.cats.defs[id].dataValues(s.cats.onNode[n.ID][id].Values))
		}
		return out, nil
	}
	s.installCategoryRoutes()
	s.installVersionCategories()
}

// inheritCategoriesLocked gives a new node the categories of its parent
// that have inheritance on, with their values, as the server does for items
// added to a folder. A container inherits them with inheritance on, so they
// pass further down. Values the create call sends are merged over these.
func (s *Server) inheritCategoriesLocked(parent, n *node) {
	for id, con := range s.cats.onNode[parent.ID] {
		if con.Inherit {
			s.setCategoryLocked(n.ID, id, &catOnNode{Values: cloneMap(con.Values), Rev: 1, Inherit: n.container()})
		}
	}
}

func (s *Server) setCategoryLocked(nodeID, catID int64, con *catOnNode) {
	if s.cats.onNode[nodeID] == nil {
		s.cats.onNode[nodeID] = map[int64]*catOnNode{}
	}
	s.cats.onNode[nodeID][catID] = con
}

// categoryToken is the metadata token of one category on one node.
func categoryToken(nodeID, catID int64, con *catOnNode) string {
	sum := md5.Sum([]byte(fmt.Sprintf("cat:%d:%d:%d", nodeID, catID, con.Rev)))
	return hex.EncodeToString(sum[:])
}

// applyCategoryRolesLocked applies roles.categories of a create call.
// Node and version calls use flat keys ({"9830_2":"x","6228_1":{}});
// business workspace calls nest them by category ({"9830":{"9830_2":"x"}}),
// which nested selects. Everything is validated before anything changes.
func (s *Server) applyCategoryRolesLocked(c *call, n *node, v any, nested bool) error {
	m, ok := v.(map[string]any)
	if !ok {
		return invalid("roles.categories", v)
	}
	byCat := map[int64]map[string]any{}
	for k, val := range m {
		if nested {
			inner, ok := val.(map[string]any)
			id, err := strconv.ParseInt(k, 10, 64)
			if !ok || err != nil {
				return errorf(http.StatusBadRequest, "Invalid attribute entry found: %s", k)
			}
			byCat[id] = inner
			continue
		}
		if k == "inheritance" {
			continue
		}
		head, _, _ := strings.Cut(k, "_")
		id, err := strconv.ParseInt(head, 10, 64)
		if err != nil {
			return errorf(http.StatusInternalServerError, "Invalid attribute entry found.")
		}
		if byCat[id] == nil {
			byCat[id] = map[string]any{}
		}
		byCat[id][k] = val
	}
	type applied struct {
		id      int64
		vals    map[string]any
		inherit bool
		rev     int64
	}
	var todo []applied
	for id, vals := range byCat {
		d := s.cats.defs[id]
		if d == nil {
			return errorf(http.StatusBadRequest, "No permissions to access the attribute definition node")
		}
		var base map[string]any
		inherit, rev := false, int64(1)
		if have := s.cats.onNode[n.ID][id]; have != nil {
			// Inherited, or the node's own (a new version): a change of it,
			// so earlier tokens go stale.
			base, inherit, rev = have.Values, have.Inherit, have.Rev+1
		}
		clean, err := d.validate(vals, base)
		if err != nil {
			return err
		}
		todo = append(todo, applied{id, clean, inherit, rev})
	}
	slices.SortFunc(todo, func(a, b applied) int { return int(a.id - b.id) })
	for _, a := range todo {
		s.setCategoryLocked(n.ID, a.id, &catOnNode{Values: a.vals, Rev: a.rev, Inherit: a.inherit})
		s.recordLocked(AuditEntry{NodeID: n.ID, EventType: EventAttributeValueChanged, UserID: c.userID()})
	}
	return nil
}

// key helpers ---------------------------------------------------------------

func (d *catDef) key(parts ...int) string {
	b := strconv.FormatInt(d.ID, 10)
	for _, p := range parts {
		b += "_" + strconv.Itoa(p)
	}
	return b
}

func (d *catDef) attr(id int) *catAttr {
	for _, a := range d.Attrs {
		if a.ID == id {
			return a
		}
	}
	return nil
}

func (a *catAttr) member(id int) *catAttr {
	for _, m := range a.Members {
		if m.ID == id {
			return m
		}
	}
	return nil
}

// validate checks values given by flat key and returns them merged over
// base (nil for a new category), as the server stores them. Errors carry
// the server's messages.
func (d *catDef) validate(vals map[string]any, base map[string]any) (map[string]any, error) {
	out := cloneMap(base)
	if out == nil {
		out = map[string]any{}
	}
	bad := func(k string) error {
		return errorf(http.StatusInternalServerError, "Invalid attribute entry found: %s", k)
	}
	for k, v := range vals {
		parts := strings.Split(k, "_")
		if parts[0] != strconv.FormatInt(d.ID, 10) || len(parts) < 2 {
			return nil, bad(k)
		}
		nums := make([]int, len(parts)-1)
		for i, p := range parts[1:] {
			n, err := strconv.Atoi(p)
			if err != nil || n < 1 {
				return nil, bad(k)
			}
			nums[i] = n
		}
		switch len(nums) {
		case 1:
			if nums[0] == 1 {
				continue // {cat}_1: apply with defaults, or the token
			}
			a := d.attr(nums[0])
			if a == nil || a.Type == "Assoc" {
				return nil, bad(k)
			}
			w, err := a.check(k, v)
			if err != nil {
				return nil, err
			}
			out[k] = w
		case 2: // {cat}_{set}_{row}: "" removes the row
			a := d.attr(nums[0])
			if a == nil || a.Type != "Assoc" || nums[1] > a.MaxRows {
				return nil, bad(k)
			}
			if s, ok := v.(string); !ok || s != "" {
				return nil, bad(k)
			}
			prefix := k + "_"
			for ok := range out {
				if strings.HasPrefix(ok, prefix) {
					delete(out, ok)
				}
			}
		case 3:
			a := d.attr(nums[0])
			if a == nil || a.Type != "Assoc" || nums[1] > a.MaxRows {
				return nil, bad(k)
			}
			m := a.member(nums[2])
			if m == nil {
				return nil, bad(k)
			}
			w, err := m.check(k, v)
			if err != nil {
				return nil, err
			}
			out[k] = w
		default:
			return nil, bad(k)
		}
	}
	return out, nil
}

// check validates one value of attribute a sent under key k.
func (a *catAttr) check(k string, v any) (any, error) {
	if a.MultiValue {
		list, ok := v.([]any)
		if !ok {
			list = []any{v}
		}
		if a.MaxValues > 0 && len(list) > a.MaxValues {
			return nil, errorf(http.StatusBadRequest, "Attribute '%s' accepts at most %d values.", a.Name, a.MaxValues)
		}
		out := make([]any, 0, len(list))
		for _, e := range list {
			w, err := a.scalar(k, e)
			if err != nil {
				return nil, err
			}
			out = append(out, w)
		}
		return out, nil
	}
	if _, isList := v.([]any); isList {
		return nil, errorf(http.StatusBadRequest, "Attribute '%s' accepts a single value.", a.Name)
	}
	return a.scalar(k, v)
}

func (a *catAttr) scalar(k string, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	wrong := func() error {
		return errorf(http.StatusInternalServerError, "Could not set feature %s, value must be a %s", k, strings.ToLower(a.Type))
	}
	var w any
	switch a.Type {
	case "String":
		s, ok := v.(string)
		if !ok {
			if n, isNum := v.(json.Number); isNum {
				s = n.String()
			} else {
				return nil, wrong()
			}
		}
		if a.MaxLength > 0 && utf8.RuneCountInString(s) > a.MaxLength {
			return nil, errorf(http.StatusBadRequest, "The value for attribute '%s' exceeds the maximum length of %d.", a.Name, a.MaxLength)
		}
		w = s
	case "Integer", "User":
		n, ok := toInt64(v)
		if !ok {
			return nil, wrong()
		}
		w = n
	case "Boolean":
		switch t := v.(type) {
		case bool:
			w = t
		case string:
			b, err := strconv.ParseBool(t)
			if err != nil {
				return nil, wrong()
			}
			w = b
		default:
			return nil, wrong()
		}
	case "Date":
		s, ok := v.(string)
		if !ok {
			return nil, wrong()
		}
		if s == "" {
			return nil, nil
		}
		t, ok := parseDateParam(s, false)
		if !ok {
			return nil, wrong()
		}
		w = t.UTC().Format(layoutNoZone)
	default:
		return nil, wrong()
	}
	if s, ok := w.(string); ok && s != "" && len(a.ValidValues) > 0 && !slices.Contains(a.ValidValues, s) {
		return nil, errorf(http.StatusBadRequest, "The value '%s' is not a valid value for attribute '%s'.", s, a.Name)
	}
	return w, nil
}

// rows is the number of rows set a holds in vals (at least 1).
func (d *catDef) rows(a *catAttr, vals map[string]any) int {
	prefix := d.key(a.ID) + "_"
	rows := 1
	for k := range vals {
		if rest, ok := strings.CutPrefix(k, prefix); ok {
			r, _, _ := strings.Cut(rest, "_")
			if n, err := strconv.Atoi(r); err == nil && n > rows {
				rows = n
			}
		}
	}
	return rows
}

// dataValues renders the data.categories values of one category: every
// attribute (nil when unset), every member of every row, lists for
// multi-value attributes.
func (d *catDef) dataValues(vals map[string]any) map[string]any {
	out := map[string]any{}
	put := func(k string, a *catAttr) {
		v, ok := vals[k]
		if !ok || v == nil {
			if a.MultiValue {
				v = []any{}
			} else {
				v = nil
			}
		}
		if t, isDate := v.(string); isDate && a.Type == "Date" && t != "" {
			v = t
		}
		out[k] = v
	}
	for _, a := range d.Attrs {
		if a.Type != "Assoc" {
			put(d.key(a.ID), a)
			continue
		}
		for row := 1; row <= d.rows(a, vals); row++ {
			for _, m := range a.Members {
				put(d.key(a.ID, row, m.ID), m)
			}
		}
	}
	return out
}

// metadata renders the metadata.categories entries of the category.
func (d *catDef) metadata() map[string]any {
	out := map[string]any{strconv.FormatInt(d.ID, 10): map[string]any{
		"key": strconv.FormatInt(d.ID, 10), "name": d.Name, "persona": "category", "read_only": true,
		"hidden": false, "required": false, "multi_value": false, "next_id": d.nextID(),
	}}
	meta := func(key string, a *catAttr) map[string]any {
		persona, typeName := "categoryattribute", a.Type
		maxVals := 1
		if a.MultiValue {
			maxVals = a.MaxValues
		}
		if a.Type == "Assoc" {
			persona, maxVals = "set", a.MaxRows
		}
		var maxLen any
		if a.MaxLength > 0 {
			maxLen = a.MaxLength
		}
		m := map[string]any{
			"key": key, "name": a.Name, "persona": persona, "type_name": typeName, "required": a.Required,
			"read_only": false, "hidden": false, "max_length": maxLen, "multi_value": a.MultiValue || a.Type == "Assoc",
			"multi_value_length_max": maxVals, "default_value": nil, "description": nil,
		}
		if len(a.ValidValues) > 0 {
			m["valid_values"] = a.ValidValues
		}
		return m
	}
	for _, a := range d.Attrs {
		out[d.key(a.ID)] = meta(d.key(a.ID), a)
		for _, m := range a.Members {
			k := d.key(a.ID) + "_x_" + strconv.Itoa(m.ID)
			out[k] = meta(k, m)
		}
	}
	return out
}

func (d *catDef) nextID() int {
	n := 2
	for _, a := range d.Attrs {
		n = max(n, a.ID+1)
		for _, m := range a.Members {
			n = max(n, m.ID+1)
		}
	}
	return n
}

func (d *catDef) topKeys() []string {
	keys := make([]string, 0, len(d.Attrs))
	for _, a := range d.Attrs {
		keys = append(keys, d.key(a.ID))
	}
	return keys
}

// form renders the Alpaca create or update form of the category: data
// (defaults, or the current values and token), options and schema.
func (d *catDef) form(vals map[string]any, token string) map[string]any {
	data := map[string]any{d.key(1): map[string]any{"metadata_token": token}}
	fields := map[string]any{}
	props := map[string]any{d.key(1): map[string]any{"readonly": true, "required": false, "type": "object"}}
	schema := func(a *catAttr) (map[string]any, string) {
		sch := map[string]any{"title": a.Name, "readonly": false, "required": a.Required}
		ft := "text"
		switch a.Type {
		case "Integer":
			sch["type"], ft = "integer", "integer"
		case "User":
			sch["type"], ft = "integer", "otcs_user_picker"
		case "Boolean":
			sch["type"], ft = "boolean", "checkbox"
		case "Date":
			sch["type"], ft = "string", "date"
		default:
			sch["type"] = "string"
			if a.MaxLength > 0 {
				sch["maxLength"] = a.MaxLength
			}
			if len(a.ValidValues) > 0 {
				sch["enum"], ft = a.ValidValues, "select"
			}
		}
		if a.MultiValue {
			return map[string]any{"title": a.Name, "readonly": false, "required": a.Required, "type": "array",
				"maxItems": a.MaxValues, "items": sch}, ft
		}
		return sch, ft
	}
	for _, a := range d.Attrs {
		k := d.key(a.ID)
		if a.Type != "Assoc" {
			sch, ft := schema(a)
			props[k] = sch
			fields[k] = map[string]any{"type": ft, "label": a.Name, "hidden": false, "readonly": false}
			v, ok := vals[k]
			if !ok && a.MultiValue {
				v = []any{}
			}
			data[k] = v
			continue
		}
		memberProps := map[string]any{}
		var rows []any
		for row := 1; row <= d.rows(a, vals); row++ {
			r := map[string]any{}
			for _, m := range a.Members {
				r[k+"_x_"+strconv.Itoa(m.ID)] = vals[d.key(a.ID, row, m.ID)]
			}
			rows = append(rows, r)
		}
		for _, m := range a.Members {
			sch, ft := schema(m)
			mk := k + "_x_" + strconv.Itoa(m.ID)
			memberProps[mk] = sch
			fields[mk] = map[string]any{"type": ft, "label": m.Name}
		}
		props[k] = map[string]any{"title": a.Name, "type": "array", "readonly": false, "required": a.Required,
			"items": map[string]any{"type": "object", "maxItems": a.MaxRows, "properties": memberProps}}
		data[k] = rows
	}
	return map[string]any{
		"data":    data,
		"options": map[string]any{"fields": fields},
		"schema":  map[string]any{"title": d.Name, "type": "object", "properties": props},
	}
}

// CategoryValues returns the values (by flat key) of a category on a node.
func (s *Server) CategoryValues(nodeID, categoryID int64) (map[string]any, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	con := s.cats.onNode[nodeID][categoryID]
	if con == nil {
		return nil, false
	}
	return cloneMap(con.Values), true
}

// touchCategoryLocked records a change of a category on a node.
func (s *Server) touchCategoryLocked(c *call, n *node, con *catOnNode) {
	con.Rev++
	n.Modified, n.ModifyUser = s.now(), c.userID()
	s.recordLocked(AuditEntry{NodeID: n.ID, EventType: EventAttributeValueChanged, UserID: c.userID()})
}
