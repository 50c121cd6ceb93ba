// Package specgen reads OpenText's vendor OpenAPI specs and builds the route
// table that package specroutes commits as routes_gen.go.
//
// It is shared by the generator command (internal/specroutes/gen) and by the
// freshness test in package specroutes, which regenerates the table in memory
// and requires it to equal the committed one. It deliberately does not import
// package specroutes, so that package's own tests can import this one.
//
// The specs are only present on development and CI machines (in the
// shared/spec folder beside the repository); nothing in the SDK reads them at
// run time.
package specgen

import (
	"bytes"
	"fmt"
	"go/format"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Spec names one vendor spec file and the short name recorded in the table.
type Spec struct {
	Name string // "cs", "bw" or "rm"
	File string // file name inside the spec directory
}

// specs lists the vendor specs in priority order: when two specs declare the
// same method and path, the earlier spec's entry is kept (its parameter names
// are merged with the later ones).
var specs = []Spec{
	{Name: "cs", File: "content-server-rest-api-2.0.2.yaml"},
	{Name: "bw", File: "business-workspaces-rest-api.yaml"},
	{Name: "rm", File: "records-management-26.1.json"},
}

// Specs returns the vendor specs in priority order.
func Specs() []Spec { return append([]Spec(nil), specs...) }

// Operation is one row of the table. Parameter names are space-separated,
// sorted and deduplicated, to keep the generated file small.
type Operation struct {
	Spec        string
	Method      string
	Path        string
	OperationID string
	Query       string
	Form        string
	JSON        string
	Body        string
}

var httpMethods = map[string]bool{
	"get": true, "put": true, "post": true, "delete": true,
	"patch": true, "head": true, "options": true, "trace": true,
}

// Load reads every spec in Specs from dir and returns the merged, sorted
// table.
func Load(dir string) ([]Operation, error) {
	var all []Operation
	for _, s := range specs {
		raw, err := os.ReadFile(filepath.Join(dir, s.File))
		if err != nil {
			return nil, err
		}
		ops, err := Parse(s.Name, raw)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", s.File, err)
		}
		all = append(all, ops...)
	}
	return Merge(all), nil
}

// Parse extracts the operations of one OpenAPI 3 (or Swagger 2) document,
// YAML or JSON. Paths are normalised: a missing leading slash is added and a
// trailing slash is removed.
//
// Parameter names are taken by location: "path" parameters are implied by the
// path template, "query" parameters go to Query, "formData" parameters and
// the top-level properties of application/x-www-form-urlencoded and
// multipart/form-data request bodies go to Form, those of application/json
// request bodies to JSON; header and cookie parameters
// are skipped. Content Server documents some bodies as a text/plain string
// (the JSON that clients send in the form field "body"); those contribute the
// form name "body". Body lists the request body kinds: "form", "multipart",
// "json", "text" or the raw media type.
func Parse(spec string, raw []byte) ([]Operation, error) {
	var doc map[string]any
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		return nil, err
	}
	r := &resolver{doc: doc}
	paths, _ := doc["paths"].(map[string]any)
	if paths == nil {
		return nil, fmt.Errorf("no paths")
	}
	var ops []Operation
	for p, item := range paths {
		pi, _ := r.deref(item).(map[string]any)
		if pi == nil {
			continue
		}
		common, _ := pi["parameters"].([]any)
		for m, v := range pi {
			if !httpMethods[m] {
				continue
			}
			op, _ := v.(map[string]any)
			if op == nil {
				continue
			}
			o := Operation{Spec: spec, Method: strings.ToUpper(m), Path: NormalizePath(p)}
			o.OperationID, _ = op["operationId"].(string)
			var query, form, jsonKeys, body []string
			params, _ := op["parameters"].([]any)
			for _, prm := range append(append([]any{}, common...), params...) {
				pm, _ := r.deref(prm).(map[string]any)
				name, _ := pm["name"].(string)
				if name == "" {
					continue
				}
				switch pm["in"] {
				case "query":
					query = append(query, name)
				case "formData":
					form = append(form, name)
				}
			}
			if rb, _ := r.deref(op["requestBody"]).(map[string]any); rb != nil {
				content, _ := rb["content"].(map[string]any)
				for ct, c := range content {
					cm, _ := c.(map[string]any)
					schema, _ := r.deref(cm["schema"]).(map[string]any)
					mt := strings.ToLower(strings.TrimSpace(strings.SplitN(ct, ";", 2)[0]))
					switch mt {
					case "application/x-www-form-urlencoded":
						body = append(body, "form")
						form = append(form, r.properties(schema, 0)...)
					case "multipart/form-data":
						body = append(body, "multipart")
						form = append(form, r.properties(schema, 0)...)
					case "application/json":
						body = append(body, "json")
						jsonKeys = append(jsonKeys, r.properties(schema, 0)...)
					case "text/plain":
						body = append(body, "text")
						if props := r.properties(schema, 0); len(props) > 0 {
							form = append(form, props...)
						} else {
							form = append(form, "body")
						}
					default:
						body = append(body, mt)
					}
				}
			}
			o.Query, o.Form, o.JSON, o.Body = join(query), join(form), join(jsonKeys), join(body)
			ops = append(ops, o)
		}
	}
	sortOps(ops)
	return ops, nil
}

// NormalizePath adds a missing leading slash and removes a trailing one.
func NormalizePath(p string) string {
	p = strings.TrimSpace(p)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	for len(p) > 1 && strings.HasSuffix(p, "/") {
		p = p[:len(p)-1]
	}
	return p
}

var placeholder = regexp.MustCompile(`\{[^}]*\}`)

// shape is a path with its placeholder names erased, so that /a/{x} and
// /a/{y} are the same route.
func shape(p string) string { return placeholder.ReplaceAllString(p, "{}") }

// Merge deduplicates operations with the same method and path shape (the
// first one wins, parameter names are merged) and sorts the result by path,
// then method.
func Merge(ops []Operation) []Operation {
	idx := map[string]int{}
	var out []Operation
	for _, o := range ops {
		k := o.Method + " " + shape(o.Path)
		if i, ok := idx[k]; ok {
			e := &out[i]
			e.Query = join(append(strings.Fields(e.Query), strings.Fields(o.Query)...))
			e.Form = join(append(strings.Fields(e.Form), strings.Fields(o.Form)...))
			e.JSON = join(append(strings.Fields(e.JSON), strings.Fields(o.JSON)...))
			e.Body = join(append(strings.Fields(e.Body), strings.Fields(o.Body)...))
			if e.OperationID == "" {
				e.OperationID = o.OperationID
			}
			continue
		}
		idx[k] = len(out)
		out = append(out, o)
	}
	sortOps(out)
	return out
}

func sortOps(ops []Operation) {
	sort.Slice(ops, func(i, j int) bool {
		a, b := ops[i], ops[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Method != b.Method {
			return a.Method < b.Method
		}
		return a.Spec < b.Spec
	})
}

func join(names []string) string {
	seen := map[string]bool{}
	var out []string
	for _, n := range names {
		n = strings.TrimSpace(n)
		if n == "" || seen[n] {
			continue
		}
		seen[n] = true
		out = append(out, n)
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}

type resolver struct{ doc map[string]any }

// deref follows local "$ref"s ("#/components/...") until it reaches a value
// that is not a reference. Unresolvable references yield nil.
func (r *resolver) deref(v any) any {
	for i := 0; i < 32; i++ {
		m, ok := v.(map[string]any)
		if !ok {
			return v
		}
		ref, ok := m["$ref"].(string)
		if !ok {
			return v
		}
		v = r.pointer(ref)
	}
	return nil
}

func (r *resolver) pointer(ref string) any {
	if !strings.HasPrefix(ref, "#/") {
		return nil
	}
	var cur any = r.doc
	for _, tok := range strings.Split(ref[2:], "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		switch c := cur.(type) {
		case map[string]any:
			cur = c[tok]
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(c) {
				return nil
			}
			cur = c[i]
		default:
			return nil
		}
	}
	return cur
}

// properties returns the top-level property names of an object schema,
// following $ref and merging allOf/oneOf/anyOf branches.
func (r *resolver) properties(schema map[string]any, depth int) []string {
	if schema == nil || depth > 16 {
		return nil
	}
	var names []string
	if props, ok := r.deref(schema["properties"]).(map[string]any); ok {
		for n := range props {
			names = append(names, n)
		}
	}
	for _, k := range []string{"allOf", "oneOf", "anyOf"} {
		list, _ := schema[k].([]any)
		for _, s := range list {
			sm, _ := r.deref(s).(map[string]any)
			names = append(names, r.properties(sm, depth+1)...)
		}
	}
	return names
}

// Source renders ops as the Go source of routes_gen.go (package specroutes),
// gofmt'd.
func Source(ops []Operation) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("// Code generated by gen/main.go; DO NOT EDIT.\n\n")
	b.WriteString("package specroutes\n\n")
	b.WriteString("// operations is the table behind Operations, generated from the vendor specs.\n")
	b.WriteString("var operations = []Operation{\n")
	for _, o := range ops {
		fmt.Fprintf(&b, "{Spec: %q, Method: %q, Path: %q", o.Spec, o.Method, o.Path)
		for _, f := range []struct{ k, v string }{
			{"OperationID", o.OperationID}, {"Query", o.Query}, {"Form", o.Form}, {"JSON", o.JSON}, {"Body", o.Body},
		} {
			if f.v != "" {
				fmt.Fprintf(&b, ", %s: %q", f.k, f.v)
			}
		}
		b.WriteString("},\n")
	}
	b.WriteString("}\n")
	return format.Source(b.Bytes())
}

// ModuleRoot walks up from the working directory to the folder holding
// go.mod, for the commands that work on the repository wherever they run.
func ModuleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("specgen: go.mod not found above %s", dir)
		}
		dir = parent
	}
}
