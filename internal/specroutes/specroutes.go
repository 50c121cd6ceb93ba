// Package specroutes is the table of every operation (method and path
// template) declared in OpenText's vendor OpenAPI specs for Extended ECM:
// the Content Server REST API 2.0.2 ("cs"), the Business Workspaces REST API
// ("bw") and the Records Management 26.1 REST API ("rm").
//
// The specs are the truth about paths and parameter names. The SDK calls only
// routes that the specs declare, and the simulator serves only such routes;
// tests hold both to this table with Match and CheckRequest, so a typo in a
// path, a made-up endpoint or an undeclared parameter fails a test rather
// than a customer's request. The few routes the server serves but no spec
// declares are listed by hand, each with its source, in Supplements.
//
// The table is generated (see routes_gen.go and the gen command) from the
// spec files kept in shared/spec beside the repository on development and CI
// machines. The specs are not needed at run time or on users' machines; a
// test regenerates the table in memory when the specs are present and fails
// if the committed table is stale.
//
// All paths are relative to the REST API root, ".../cs.exe/api", so
// "/v1/auth" and "/v2/nodes/{id}".
package specroutes

//go:generate go run ./gen

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
)

// Operation is one operation of a vendor spec.
//
// Parameter names are stored as space-separated, sorted lists to keep the
// generated table small; use QueryParams, FormParams and PathParams to get
// them as slices.
type Operation struct {
	// Spec names the spec that declares the operation: "cs" (Content
	// Server), "bw" (Business Workspaces) or "rm" (Records Management).
	// When several specs declare the same method and path, the first of
	// cs, bw, rm is recorded and the parameter names are merged.
	Spec string
	// Method is the HTTP method, upper case.
	Method string
	// Path is the path template relative to the API root, with the spec's
	// own placeholder names, e.g. "/v2/nodes/{id}". A missing leading slash
	// and trailing slashes in the spec have been normalised away.
	Path string
	// OperationID is the spec's operationId; many rm operations have none.
	OperationID string
	// Query lists the declared query parameter names, space-separated.
	Query string
	// Form lists the declared form field names (x-www-form-urlencoded or
	// multipart/form-data properties, or "body" for the Content Server
	// operations that document their body as a JSON string), space-separated.
	Form string
	// JSON lists the top-level property names of the application/json
	// request body the spec declares, space-separated. Content Server takes
	// such a body as the JSON string of the form field "body" (reference
	// §1.2), and so do the SDK and the simulator.
	JSON string
	// Body lists the kinds of request body the spec declares, space-separated:
	// "form", "multipart", "json", "text"; empty when there is none.
	Body string
	// Source says where an operation of Supplements was verified, or, for
	// a spec operation that Match returns with supplemented parameters,
	// where those were; it is empty otherwise.
	Source string
}

// Operations returns every operation of the three vendor specs, sorted by
// path and then method, with identical method-and-path pairs declared by
// several specs merged into one entry. The table is generated; the slice
// returned is the caller's own.
func Operations() []Operation { return slices.Clone(operations) }

// QueryParams returns the names of the declared query parameters.
func (o Operation) QueryParams() []string { return strings.Fields(o.Query) }

// FormParams returns the names of the declared form fields.
func (o Operation) FormParams() []string { return strings.Fields(o.Form) }

// JSONParams returns the declared top-level names of the JSON body.
func (o Operation) JSONParams() []string { return strings.Fields(o.JSON) }

// BodyParams returns the names the JSON in the form field "body" may carry:
// the declared form fields and JSON body names. Content Server takes its
// parameters as plain form fields or as one form field "body" holding them
// as a JSON object (reference §1.2; the spec says so for many operations),
// and a JSON request body the same way.
func (o Operation) BodyParams() []string {
	return sortedSet(append(o.FormParams(), o.JSONParams()...))
}

// PathParams returns the placeholder names of the path template, in order.
func (o Operation) PathParams() []string {
	var names []string
	for _, seg := range splitPath(o.Path) {
		if isPlaceholder(seg) {
			names = append(names, seg[1:len(seg)-1])
		}
	}
	return names
}

// String returns "METHOD /path (spec)".
func (o Operation) String() string { return o.Method + " " + o.Path + " (" + o.Spec + ")" }

// ErrNoOperation is wrapped by the errors CheckRequest returns when no spec
// operation matches the method and path.
var ErrNoOperation = errors.New("specroutes: no operation in the vendor specs")

// UnknownParamsError is returned by CheckRequest when a request carries query
// parameters or form fields that the matched operation does not declare.
//
// The vendor specs often leave out parameters that Content Server accepts
// (for example the common v2 "fields" and "expand" options on some
// operations), so callers decide which unknown names they tolerate.
type UnknownParamsError struct {
	// Operation is the matched spec operation.
	Operation Operation
	// Query holds the undeclared query parameter names, sorted.
	Query []string
	// Form holds the undeclared form field names, sorted.
	Form []string
	// Body holds the undeclared keys of the JSON in the form field "body",
	// sorted.
	Body []string
}

// Error lists the undeclared names and the names the operation declares.
func (e *UnknownParamsError) Error() string {
	var parts []string
	if len(e.Query) > 0 {
		parts = append(parts, fmt.Sprintf("query parameters %q not declared (declared: %q)",
			e.Query, e.Operation.QueryParams()))
	}
	if len(e.Form) > 0 {
		parts = append(parts, fmt.Sprintf("form fields %q not declared (declared: %q)",
			e.Form, e.Operation.FormParams()))
	}
	if len(e.Body) > 0 {
		parts = append(parts, fmt.Sprintf("keys %q of the JSON in \"body\" not declared (declared: %q)",
			e.Body, e.Operation.BodyParams()))
	}
	return "specroutes: " + e.Operation.String() + ": " + strings.Join(parts, "; ")
}

type index struct {
	// all is Operations, those that Supplements adds parameters to with
	// them, followed by the Supplements of routes no spec declares.
	all []Operation
	// byKey maps "METHOD segment-count" to candidate indexes into all.
	byKey map[string][]int
}

var (
	indexOnce sync.Once
	idx       index
)

func getIndex() *index {
	indexOnce.Do(func() {
		idx.all = append([]Operation(nil), operations...)
		for _, sup := range supplements {
			if i := specOperation(sup); i >= 0 {
				o := &idx.all[i]
				o.Query = strings.Join(sortedSet(append(o.QueryParams(), sup.QueryParams()...)), " ")
				o.Form = strings.Join(sortedSet(append(o.FormParams(), sup.FormParams()...)), " ")
				o.JSON = strings.Join(sortedSet(append(o.JSONParams(), sup.JSONParams()...)), " ")
				o.Source = sup.Source
				continue
			}
			idx.all = append(idx.all, sup)
		}
		idx.byKey = map[string][]int{}
		for i, o := range idx.all {
			k := fmt.Sprintf("%s %d", o.Method, len(splitPath(o.Path)))
			idx.byKey[k] = append(idx.byKey[k], i)
		}
	})
	return &idx
}

// specOperation returns the index in operations (Operations) of the operation with the
// method and path (placeholder names aside) of sup, or -1.
func specOperation(sup Operation) int {
	segs := splitPath(sup.Path)
	for i, o := range operations {
		if o.Method != sup.Method || len(splitPath(o.Path)) != len(segs) {
			continue
		}
		if sameTemplate(splitPath(o.Path), segs) {
			return i
		}
	}
	return -1
}

// sameTemplate reports whether two path templates have the same literal
// segments and placeholders in the same places.
func sameTemplate(a, b []string) bool {
	for i := range a {
		if isPlaceholder(a[i]) != isPlaceholder(b[i]) || !isPlaceholder(a[i]) && a[i] != b[i] {
			return false
		}
	}
	return true
}

// Match finds the spec operation for method and path, looking in
// Operations and then in Supplements.
//
// path is either a concrete request path ("/v2/nodes/123/versions/2") or a
// template with its own placeholder names ("/v2/nodes/{nodeID}"). It is
// relative to the API root, but a prefix up to and including an "/api"
// segment is stripped, so "/api/v2/nodes/1" and "/otcs/cs.exe/api/v2/nodes/1"
// work too; a query string and trailing slashes are ignored.
//
// A spec placeholder segment matches any non-empty segment; a placeholder in
// path matches only a spec placeholder. Literal segments compare exactly (the
// specs' own spelling, including their mistakes, is the truth). When several
// operations match, the one with the most literal segments wins (so
// "/v1/nodes/{id}/versions/latest" beats ".../versions/{version_number}"),
// ties going to the one whose first literal segment comes earliest. The
// method is compared case-insensitively.
func Match(method, path string) (Operation, bool) {
	segs := splitPath(apiRelative(path))
	ix := getIndex()
	cands := ix.byKey[fmt.Sprintf("%s %d", strings.ToUpper(method), len(segs))]
	best, bestScore := -1, []bool(nil)
	for _, i := range cands {
		score, ok := matchSegments(splitPath(ix.all[i].Path), segs)
		if !ok {
			continue
		}
		if best < 0 || better(score, bestScore) {
			best, bestScore = i, score
		}
	}
	if best < 0 {
		return Operation{}, false
	}
	return ix.all[best], true
}

// matchSegments reports whether the spec segments match the request ones and
// which spec segments are literal.
func matchSegments(spec, req []string) ([]bool, bool) {
	lit := make([]bool, len(spec))
	for i, s := range spec {
		r := req[i]
		if isPlaceholder(s) {
			if r == "" {
				return nil, false
			}
			continue
		}
		if r != s {
			return nil, false
		}
		lit[i] = true
	}
	return lit, true
}

// better reports whether literal pattern a beats b: more literals first, then
// the earliest literal where they differ.
func better(a, b []bool) bool {
	ca, cb := count(a), count(b)
	if ca != cb {
		return ca > cb
	}
	for i := range a {
		if a[i] != b[i] {
			return a[i]
		}
	}
	return false
}

func count(b []bool) int {
	n := 0
	for _, v := range b {
		if v {
			n++
		}
	}
	return n
}

// apiRelative strips a query string, and everything up to and including the
// first "api" segment unless the path already starts with a version segment
// such as "v1".
func apiRelative(p string) string {
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	if u, err := url.Parse(p); err == nil && u.Scheme != "" {
		p = u.Path
	}
	segs := splitPath(p)
	if len(segs) > 0 && versionSeg.MatchString(segs[0]) {
		return p
	}
	for i, s := range segs {
		if s == "api" {
			return "/" + strings.Join(segs[i+1:], "/")
		}
	}
	return p
}

var versionSeg = regexp.MustCompile(`^v[0-9]+$`)

func splitPath(p string) []string {
	p = strings.Trim(p, "/")
	if p == "" {
		return nil
	}
	return strings.Split(p, "/")
}

func isPlaceholder(seg string) bool {
	return len(seg) >= 2 && seg[0] == '{' && seg[len(seg)-1] == '}'
}

// categoryAttrKey matches Content Server category attribute keys:
// "{category id}_{attribute id}" with optional set row and attribute parts,
// e.g. "9830_2" or "16878_39_1_40".
var categoryAttrKey = regexp.MustCompile(`^[0-9]+(_[0-9]+)+$`)

// reportRuns are the operations that run a WebReport. They take the
// report's own parameters, whatever their names: in the query string of
// the GET operations (the spec's description of them: "All dynamic
// parameters and those defined by the output of the
// 'api/v1/nodes/{id}/parameters' or 'api/v1/webreports/{nickname}/parameters'
// APIs are supported when passed in as part of the query string"), and as
// form fields of the POST operations (OpenText's pyxecm,
// OTCS.run_web_report, posts them as form data).
var reportRuns = map[string]bool{
	"getWebReportOutput": true, "getWebReportOutput2": true, "postWebReportOutput": true, "postWebReportOutput2": true,
}

// isCategoryEndpoint reports whether the operation manages a node's
// categories (its path has a literal "categories" segment).
func isCategoryEndpoint(o Operation) bool {
	for _, s := range splitPath(o.Path) {
		if s == "categories" {
			return true
		}
	}
	return false
}

// Request is a request as Check holds it to the specs.
type Request struct {
	Method string
	// Path is the request path (see Match).
	Path  string
	Query url.Values
	// Form are the names of the body's form fields and file parts.
	Form []string
	// BodyKeys are the top-level keys of the JSON object carried in the
	// form field "body", or of a JSON request body.
	BodyKeys []string
}

// CheckRequest is Check of a request without JSON body keys.
func CheckRequest(method, path string, query url.Values, formKeys []string) error {
	return Check(Request{Method: method, Path: path, Query: query, Form: formKeys})
}

// Check matches the request's method and path (see Match) and checks its
// query parameter names, form field names and the keys of the JSON in its
// form field "body" against the matched operation's declared parameters
// (with those Supplements adds).
//
// Content Server takes an operation's parameters as plain form fields or
// as one form field "body" holding them as a JSON object (reference §1.2),
// and an application/json body the same way. So a form field may be any
// declared form field or JSON body name; "body" is allowed on an operation
// that declares a request body, and the keys of its JSON must be such
// names too.
//
// It returns an error wrapping ErrNoOperation when no operation matches, an
// *UnknownParamsError listing every undeclared name when some are not
// declared, and nil otherwise.
//
// Two narrow rules cover what no spec can enumerate: on category endpoints
// (paths with a literal "categories" segment, such as
// "/v2/nodes/{id}/categories/{category_id}"), form fields and body keys
// named like category attribute keys ("9830_2", "16878_39_1_40": digits
// joined by underscores) and "category_id" are allowed; the operations
// that run a WebReport (reportRuns) take any query parameter (GET) or
// form field (POST), since a report declares its own parameters.
func Check(r Request) error {
	op, ok := Match(r.Method, r.Path)
	if !ok {
		return fmt.Errorf("%w: %s %s", ErrNoOperation, strings.ToUpper(r.Method), r.Path)
	}
	e := &UnknownParamsError{Operation: op}
	declared := set(op.QueryParams())
	report := reportRuns[op.OperationID]
	for name := range r.Query {
		if !declared[name] && !(report && op.Method == "GET") {
			e.Query = append(e.Query, name)
		}
	}
	cat := isCategoryEndpoint(op)
	bodyNames := set(op.BodyParams())
	undeclared := func(names []string, extra string) []string {
		var out []string
		seen := map[string]bool{}
		for _, name := range names {
			if bodyNames[name] || seen[name] || name == extra && extra != "" {
				continue
			}
			if cat && (name == "category_id" || categoryAttrKey.MatchString(name)) {
				continue
			}
			if report && op.Method == "POST" && name != "body" {
				continue
			}
			seen[name] = true
			out = append(out, name)
		}
		sort.Strings(out)
		return out
	}
	bodyField := ""
	if op.Body != "" || op.Form != "" || op.JSON != "" {
		bodyField = "body"
	}
	e.Form = undeclared(r.Form, bodyField)
	e.Body = undeclared(r.BodyKeys, "")
	if len(e.Query) == 0 && len(e.Form) == 0 && len(e.Body) == 0 {
		return nil
	}
	sort.Strings(e.Query)
	return e
}

func sortedSet(names []string) []string {
	m := set(names)
	out := make([]string, 0, len(m))
	for n := range m {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func set(names []string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}
