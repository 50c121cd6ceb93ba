package main

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// Shape is what the comparison holds two answers to: not their values,
// which differ from one server to the next, but their form.
type Shape struct {
	// StatusClass is "2xx", "4xx", ...
	StatusClass string
	// Envelope is "results object", "results array", "no results",
	// "empty" or "content" (not JSON).
	Envelope string
	// Paging is the paging layout: "collection.paging", "paging" (top
	// level), "flat" (v1 page fields at the top level) or "none".
	Paging string
	// Types maps every path in the JSON body ("results[].data.id", with
	// "[]" for array elements and "{n}" for numeric keys) to the set of
	// JSON types found there: "object", "array", "string", "number",
	// "bool", "null".
	Types map[string]map[string]bool
	// Headers are the names of the recorded response headers present.
	Headers []string
}

// dynamicKey matches keys that are data, not layout: IDs and category
// attribute keys such as "9830_2".
var dynamicKey = regexp.MustCompile(`^[0-9]+(_[0-9]+)*$`)

// shapeOf returns the shape of an answer.
func shapeOf(status int, headers map[string]string, bodyKind string, body any) Shape {
	s := Shape{StatusClass: fmt.Sprintf("%dxx", status/100), Paging: "none", Types: map[string]map[string]bool{}}
	for h := range headers {
		s.Headers = append(s.Headers, h)
	}
	sort.Strings(s.Headers)
	switch bodyKind {
	case "content", "empty":
		s.Envelope = bodyKind
		return s
	}
	s.Envelope = "no results"
	if m, ok := body.(map[string]any); ok {
		switch m["results"].(type) {
		case map[string]any:
			s.Envelope = "results object"
		case []any:
			s.Envelope = "results array"
		}
		s.Paging = pagingLayout(m)
	}
	collectTypes(s.Types, "", body)
	return s
}

func pagingLayout(m map[string]any) string {
	if c, ok := m["collection"].(map[string]any); ok {
		if _, ok := c["paging"].(map[string]any); ok {
			return "collection.paging"
		}
	}
	if _, ok := m["paging"].(map[string]any); ok {
		return "paging"
	}
	_, page := m["page"]
	_, limit := m["limit"]
	_, total := m["total_count"]
	if page && (limit || total) {
		return "flat"
	}
	return "none"
}

func jsonType(v any) string {
	switch v.(type) {
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case string:
		return "string"
	case bool:
		return "bool"
	case nil:
		return "null"
	}
	return "number" // json.Number, float64
}

func collectTypes(types map[string]map[string]bool, path string, v any) {
	if types[path] == nil {
		types[path] = map[string]bool{}
	}
	types[path][jsonType(v)] = true
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if dynamicKey.MatchString(k) {
				k = "{n}"
			}
			collectTypes(types, joinPath(path, k), e)
		}
	case []any:
		for _, e := range x {
			collectTypes(types, path+"[]", e)
		}
	}
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// diffShapes lists how got (the simulator's answer) differs from want
// (the recorded one). Below an array empty on either side, or a value
// null on either side, nothing can be compared and nothing is reported.
func diffShapes(want, got Shape) []string {
	var out []string
	if want.StatusClass != got.StatusClass {
		out = append(out, fmt.Sprintf("status: recorded %s, simulator %s", want.StatusClass, got.StatusClass))
		return out // an error answer has another body altogether
	}
	if want.Envelope != got.Envelope {
		out = append(out, fmt.Sprintf("envelope: recorded %s, simulator %s", want.Envelope, got.Envelope))
	}
	if want.Paging != got.Paging {
		out = append(out, fmt.Sprintf("paging: recorded %s, simulator %s", want.Paging, got.Paging))
	}
	for _, h := range want.Headers {
		if !slices.Contains(got.Headers, h) {
			out = append(out, "header "+h+": recorded, the simulator sends none")
		}
	}
	for _, h := range got.Headers {
		if !slices.Contains(want.Headers, h) {
			out = append(out, "header "+h+": the simulator sends it, the recording has none")
		}
	}
	for _, p := range sortedPaths(want.Types, got.Types) {
		if p == "" || !comparable(want.Types, got.Types, p) {
			continue
		}
		wt, gt := want.Types[p], got.Types[p]
		switch {
		case isElement(p) && (wt == nil || gt == nil):
			// An empty array, or a map of IDs with no entry, on one side:
			// its elements cannot be compared.
		case gt == nil:
			out = append(out, fmt.Sprintf("key %s (%s): recorded, missing in the simulator", p, typeList(wt)))
		case wt == nil:
			out = append(out, fmt.Sprintf("key %s (%s): the simulator sends it, the recording has none", p, typeList(gt)))
		case !compatible(wt, gt):
			out = append(out, fmt.Sprintf("key %s: recorded %s, simulator %s", p, typeList(wt), typeList(gt)))
		}
	}
	return out
}

// comparable reports whether every ancestor of path holds an object or
// an array on both sides (and array elements exist on both sides), so
// that path's presence or absence means something.
func comparable(want, got map[string]map[string]bool, path string) bool {
	for _, a := range ancestors(path) {
		if !container(want[a]) || !container(got[a]) {
			return false
		}
	}
	return true
}

// ancestors lists the paths above p, the root ("") first: "a[].b" has
// "", "a" and "a[]".
func ancestors(p string) []string {
	out := []string{""}
	for i := 1; i < len(p); i++ {
		if p[i] == '.' || p[i] == '[' {
			out = append(out, p[:i])
		}
	}
	return out
}

// isElement reports whether p is an array element or an entry of a map
// keyed by IDs, which one answer may have none of.
func isElement(p string) bool {
	return strings.HasSuffix(p, "[]") || p == "{n}" || strings.HasSuffix(p, ".{n}")
}

// container reports whether a path holds an object or an array.
func container(types map[string]bool) bool { return types["object"] || types["array"] }

// compatible reports whether two type sets share a type, null aside (a
// null says nothing about the type a value has when it is set).
func compatible(a, b map[string]bool) bool {
	if len(a) == 1 && a["null"] || len(b) == 1 && b["null"] {
		return true
	}
	for t := range a {
		if t != "null" && b[t] {
			return true
		}
	}
	return false
}

func typeList(types map[string]bool) string {
	var out []string
	for t := range types {
		out = append(out, t)
	}
	sort.Strings(out)
	return strings.Join(out, "|")
}

func sortedPaths(a, b map[string]map[string]bool) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range []map[string]map[string]bool{a, b} {
		for p := range m {
			if !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	sort.Strings(out)
	return out
}
