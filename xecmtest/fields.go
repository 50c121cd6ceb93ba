package xecmtest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
)

// answerFieldsAndMetadata holds a JSON answer of a GET to the request's
// "fields" and "metadata" parameters, so that no answer silently drops
// what was asked for:
//
//   - every section named in "fields" ("fields=categories",
//     "fields=versions.element(0)", "fields=data" on v1) must be in the
//     answer (in results.data, in each results[].data, or at the top level
//     of a v1 answer); if a route has no such section, the request is
//     refused with a 400 naming it rather than answered without it;
//   - with "metadata", every result without a "metadata" member gets one:
//     the definitions of the keys of each data section, as the spec's
//     results.metadata / metadata_order describe them. Routes that know
//     their definitions (categories, node properties) write their own; the
//     others get definitions derived from the values answered (type from
//     the value, name from the key), which is all the simulator knows.
//
// v is returned unchanged when neither parameter was sent.
func (c *call) answerFieldsAndMetadata(v any) (any, error) {
	if c.r.Method != http.MethodGet || (!c.query.Has("fields") && !c.flag("metadata")) {
		return v, nil
	}
	raw, err := marshalJSON(v)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var top map[string]any
	if err := dec.Decode(&top); err != nil {
		return v, nil // not an object: nothing to hold
	}
	var items []map[string]any // result objects (with "data")
	switch r := top["results"].(type) {
	case map[string]any:
		items = append(items, r)
	case []any:
		for _, e := range r {
			if m, ok := e.(map[string]any); ok {
				items = append(items, m)
			}
		}
	}
	if fs := parseFieldSpec(c.query, "fields"); !fs.all {
		for name := range fs.sections {
			if !carries(top, items, name) {
				// No recorded answer of the server to an unknown section is
				// at hand; refusing is the one answer that drops nothing.
				return nil, errorf(http.StatusBadRequest, "The fields parameter asks for the section '%s', which this request does not have.", name)
			}
		}
	}
	if c.flag("metadata") {
		for _, it := range items {
			if _, has := it["metadata"]; has {
				continue
			}
			data, _ := it["data"].(map[string]any)
			meta, order := map[string]any{}, map[string]any{}
			for section, sv := range data {
				defs, keys := deriveDefinitions(sv)
				meta[section], order[section] = defs, keys
			}
			it["metadata"], it["metadata_order"] = meta, order
		}
	}
	return top, nil
}

// carries reports whether the answer has the section name in some result's
// data, or at its top level (v1 answers).
func carries(top map[string]any, items []map[string]any, name string) bool {
	if _, ok := top[name]; ok && top["results"] == nil {
		return true
	}
	if len(items) == 0 {
		// An empty list carries every section it was asked for.
		r, isList := top["results"].([]any)
		return isList && len(r) == 0
	}
	for _, it := range items {
		if data, ok := it["data"].(map[string]any); ok {
			if _, has := data[name]; has {
				return true
			}
		}
	}
	return false
}

// deriveDefinitions returns the metadata definitions of the keys of a data
// section (an object, or a list of objects) and their order.
func deriveDefinitions(section any) (map[string]any, []string) {
	var sample map[string]any
	switch t := section.(type) {
	case map[string]any:
		sample = t
	case []any:
		sample = map[string]any{}
		for _, e := range t {
			if m, ok := e.(map[string]any); ok {
				for k, v := range m {
					if _, seen := sample[k]; !seen || sample[k] == nil {
						sample[k] = v
					}
				}
			}
		}
	}
	defs := map[string]any{}
	keys := make([]string, 0, len(sample))
	for k, v := range sample {
		if strings.HasSuffix(k, "_expand") {
			continue
		}
		keys = append(keys, k)
		defs[k] = definition(k, v)
	}
	slices.Sort(keys)
	return defs, keys
}

// Data type codes of Content Server's definitions (OScript types, as
// @kweli/cs-rest's data-types-enum lists them).
const (
	dtString  = -1
	dtInteger = 2
	dtBoolean = 5
	dtDate    = -7
	dtAssoc   = -18
	dtList    = -2
)

// definition is the metadata definition of one key, from its value.
func definition(key string, v any) map[string]any {
	typ, typeName := dtString, "String"
	switch t := v.(type) {
	case json.Number:
		typ, typeName = dtInteger, "Integer"
	case bool:
		typ, typeName = dtBoolean, "Boolean"
	case []any:
		typ, typeName = dtList, "List"
	case map[string]any:
		typ, typeName = dtAssoc, "Assoc"
	case string:
		if strings.HasSuffix(key, "_date") || strings.HasSuffix(key, "Date") {
			typ, typeName = dtDate, "Date"
		}
		_ = t
	}
	persona := ""
	switch {
	case strings.HasSuffix(key, "_user_id") || key == "user_id":
		persona = "user"
	case strings.HasSuffix(key, "_group_id"):
		persona = "group"
	case key == "parent_id" || key == "volume_id" || key == "id" && typ == dtInteger:
		persona = "node"
	case key == "right_id":
		persona = "member"
	}
	return map[string]any{
		"key": key, "name": keyLabel(key), "type": typ, "type_name": typeName, "persona": persona,
		"read_only": true, "required": false, "hidden": false, "multi_value": typ == dtList,
		"description": nil,
	}
}

// keyLabel turns a key like "create_user_id" into "Create User ID".
func keyLabel(key string) string {
	words := strings.FieldsFunc(key, func(r rune) bool { return r == '_' })
	for i, w := range words {
		switch w {
		case "id":
			words[i] = "ID"
		default:
			words[i] = strings.ToUpper(w[:1]) + w[1:]
		}
	}
	return strings.Join(words, " ")
}
