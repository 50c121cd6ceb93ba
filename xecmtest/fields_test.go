package xecmtest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/xecm-go/xecm/internal/specroutes"
	"github.com/xecm-go/xecm/internal/specroutes/specgen"
)

// The node GET carries the categories and permissions sections it is asked
// for, and cuts list sections with element(N) and limit(N).
func TestNodeFieldsSections(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	doc := uploadDocument(t, c, 2000, "fields.pdf")
	resp, m := c.body(http.MethodPost, fmt.Sprintf("/v2/nodes/%d/categories", doc), map[string]any{"category_id": ContractCategoryID, "9830_2": "D-1"})
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	body, ct := multipartForm(t, nil, "fields.pdf", []byte("v2"))
	resp, m = c.req(http.MethodPost, fmt.Sprintf("/v2/nodes/%d/versions", doc), body, ct, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode, m)

	resp, m = c.get(fmt.Sprintf("/v2/nodes/%d?fields=categories&fields=permissions", doc))
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	data := dig(t, m, "results", "data").(map[string]any)
	assert.NotContains(t, data, "properties", "only the sections asked for")
	cats := data["categories"].([]any)
	require.Len(t, cats, 1)
	assert.Equal(t, "D-1", cats[0].(map[string]any)["9830_2"])
	perms := data["permissions"].([]any)
	require.NotEmpty(t, perms)
	assert.Equal(t, "owner", perms[0].(map[string]any)["type"])
	assert.EqualValues(t, 1000, perms[0].(map[string]any)["right_id"])

	_, m = c.get(fmt.Sprintf("/v2/nodes/%d?fields=versions.element(1)&fields=permissions.limit(1)", doc))
	versions := dig(t, m, "results", "data", "versions").([]any)
	require.Len(t, versions, 1)
	assert.EqualValues(t, 2, versions[0].(map[string]any)["version_number"])
	assert.Len(t, dig(t, m, "results", "data", "permissions"), 1)

	resp, m = c.get(fmt.Sprintf("/v2/nodes/%d?fields=nonsense", doc))
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode, "a section the node does not have is refused, not dropped")
	assert.Contains(t, errMsg(m), "nonsense")
}

// Browsing with metadata carries each item's metadata; the node GET too.
func TestBrowseMetadataPerItem(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	parent := c.createFolder(2000, "Meta")
	c.createFolder(parent, "a")
	c.createFolder(parent, "b")
	resp, m := c.get(fmt.Sprintf("/v2/nodes/%d/nodes?metadata", parent))
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	results := m["results"].([]any)
	require.Len(t, results, 2)
	for _, r := range results {
		def := dig(t, r, "metadata", "properties", "create_date").(map[string]any)
		assert.Equal(t, "Date", def["type_name"])
		assert.EqualValues(t, -7, def["type"])
		assert.Contains(t, dig(t, r, "metadata_order", "properties"), "name")
	}
	_, m = c.get(fmt.Sprintf("/v2/nodes/%d?metadata", parent))
	assert.Equal(t, "Integer", dig(t, m, "results", "metadata", "properties", "id", "type_name"))
	assert.Equal(t, "Parent ID", dig(t, m, "results", "metadata", "properties", "parent_id", "name"))
}

// routeParams are what the vendor specs say of a GET route's answer: the
// "fields" sections their examples name and whether "metadata" is declared.
type routeParams struct {
	sections []string
	metadata bool
}

var fieldsExample = regexp.MustCompile(`fields=([A-Za-z_]+)`)

// specFieldParams reads the vendor specs beside the repository (skipping
// the test without them) for the fields sections and metadata flags of
// every GET operation, keyed "GET /path".
func specFieldParams(t *testing.T) map[string]routeParams {
	t.Helper()
	root, err := specgen.ModuleRoot()
	require.NoError(t, err)
	dir := filepath.Join(root, "..", "shared", "spec")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Skipf("vendor specs not found at %s (they live beside the repo on dev and CI machines)", dir)
	}
	out := map[string]routeParams{}
	for _, e := range entries {
		raw, err := os.ReadFile(filepath.Join(dir, e.Name()))
		require.NoError(t, err)
		var doc struct {
			Paths      map[string]map[string]any `yaml:"paths"`
			Components struct {
				Parameters map[string]map[string]any `yaml:"parameters"`
			} `yaml:"components"`
		}
		require.NoError(t, yaml.Unmarshal(raw, &doc), e.Name())
		for path, ops := range doc.Paths {
			get, _ := ops["get"].(map[string]any)
			if get == nil {
				continue
			}
			params, _ := get["parameters"].([]any)
			var rp routeParams
			for _, p := range params {
				pm, _ := p.(map[string]any)
				if ref, ok := pm["$ref"].(string); ok {
					pm = doc.Components.Parameters[ref[strings.LastIndex(ref, "/")+1:]]
				}
				desc, _ := pm["description"].(string)
				switch pm["name"] {
				case "fields":
					for _, m := range fieldsExample.FindAllStringSubmatch(desc, -1) {
						if !contains(rp.sections, m[1]) {
							rp.sections = append(rp.sections, m[1])
						}
					}
				case "metadata":
					rp.metadata = true
				}
			}
			sort.Strings(rp.sections)
			out["GET "+specgen.NormalizePath(path)] = rp
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

// Every GET route the simulator registers answers each "fields" section
// the vendor spec names for it, or refuses it with an error; with
// "metadata" (where declared) every result carries metadata, or the
// request is refused. Nothing is silently dropped.
func TestEveryRouteAnswersTheFieldsItIsAskedFor(t *testing.T) {
	declared := specFieldParams(t)
	s := newServer(t)
	c := admin(t, s)

	// One of everything the routes read.
	doc := uploadDocument(t, c, 2000, "walk.pdf")
	resp, m := c.body(http.MethodPost, fmt.Sprintf("/v2/nodes/%d/categories", doc), map[string]any{"category_id": ContractCategoryID, "9830_2": "D-9"})
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	s.GrantAccess(doc, jdoeUserID, false, "see", "see_contents")
	resp, m = c.body(http.MethodPost, fmt.Sprintf("/v1/nodes/%d/rmclassifications", doc), map[string]any{"class_id": RMClassContracts})
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	ws := s.AddWorkspace(TemplateCustomer, "Walk Customer", nil)
	_, m = c.get(fmt.Sprintf("/v2/businessworkspaces/%d/roles", ws))
	role := int64(dig(t, m["results"].([]any)[0], "data", "properties", "id").(float64))
	pid := startApproval(t, s)
	resp, m = c.form(http.MethodPost, "/v2/members/favorites/tabs", url.Values{"name": {"Walk"}})
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	tab := dig(t, m, "results", "data", "tab_id")

	node := fmt.Sprint(doc)
	samples := map[string]string{
		"/v2/holds/{id}":                        "/v2/holds/13",
		"/v2/rsis/{id}":                         fmt.Sprintf("/v2/rsis/%d", RSIContractsID),
		"/v2/members/{id}":                      "/v2/members/1000",
		"/v2/members/{id}/members":              fmt.Sprintf("/v2/members/%d/members", defaultGroupID),
		"/v2/members/{id}/memberof":             "/v2/members/1001/memberof",
		"/v2/members/favorites/tabs/{id}/nodes": fmt.Sprintf("/v2/members/favorites/tabs/%v/nodes", tab),
		"/v1/nodes/{id}/nodes":                  "/v1/nodes/2000/nodes",
		"/v2/nodes/{id}/nodes":                  "/v2/nodes/2000/nodes",
		"/v1/forms/processes/tasks/update":      taskFormPath(pid, "1"),
		"/v1/forms/nodes/categories/create": fmt.Sprintf("/v1/forms/nodes/categories/create?id=%d&category_id=%d",
			doc, CustomerCategoryID),
		"/v1/forms/nodes/categories/update": fmt.Sprintf("/v1/forms/nodes/categories/update?id=%d&category_id=%d",
			doc, ContractCategoryID),
		"/v2/forms/businessworkspaces/create": fmt.Sprintf("/v2/forms/businessworkspaces/create?template_id=%d", TemplateCustomer),
		// A team entry is a role; the first role (the leader's) holds Admin.
		"/v2/businessworkspaces/{bw_id}/members/{member_id}/members":         fmt.Sprintf("/v2/businessworkspaces/%d/members/%d/members", ws, role),
		"/v2/businessworkspaces/{bw_id}/roles/{role_id}/members/{member_id}": fmt.Sprintf("/v2/businessworkspaces/%d/roles/%d/members/%d", ws, role, adminUserID),
	}
	subst := strings.NewReplacer("{id}", node, "{version_number}", "1", "{filename}", "walk.pdf",
		"{document_name}", "walk.pdf", "{category_id}", fmt.Sprint(ContractCategoryID), "{right_id}", fmt.Sprint(jdoeUserID),
		"{bw_id}", fmt.Sprint(ws), "{role_id}", fmt.Sprint(role), "{workspace_type_id}", fmt.Sprint(WorkspaceTypeCustomer),
		"{process_id}", fmt.Sprint(pid), "{type}", "141")

	get := func(path string) (int, string, map[string]any) {
		resp, err := rawDo(t, c, context.Background(), http.MethodGet, path, nil)
		require.NoError(t, err)
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		var m map[string]any
		if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
			_ = json.Unmarshal(raw, &m)
		}
		return resp.StatusCode, resp.Header.Get("Content-Type"), m
	}
	with := func(path, param string) string {
		if strings.Contains(path, "?") {
			return path + "&" + param
		}
		return path + "?" + param
	}
	checked := 0
	for _, r := range s.Routes() {
		method, tmpl, _ := strings.Cut(r, " ")
		if method != http.MethodGet {
			continue
		}
		op, ok := specroutes.Match(method, tmpl)
		require.True(t, ok, r)
		rp := declared["GET "+op.Path]
		if len(rp.sections) == 0 && !rp.metadata {
			continue
		}
		path, ok := samples[tmpl]
		if !ok {
			path = subst.Replace(tmpl)
		}
		status, ctype, _ := get(path)
		require.Equal(t, http.StatusOK, status, "no working sample request for %s: %s", r, path)
		if !strings.HasPrefix(ctype, "application/json") {
			continue // content: bytes, no sections to answer
		}
		checked++
		for _, section := range rp.sections {
			status, _, m := get(with(path, "fields="+url.QueryEscape(section)))
			if status != http.StatusOK {
				assert.GreaterOrEqual(t, status, 400, "%s fields=%s", r, section)
				assert.NotEmpty(t, errMsg(m), "%s fields=%s: a refusal names why", r, section)
				continue
			}
			assert.True(t, answers(m, section), "%s fields=%s answered 200 without the section: %v", r, section, m)
		}
		if rp.metadata {
			status, _, m := get(with(path, "metadata"))
			if status != http.StatusOK {
				assert.NotEmpty(t, errMsg(m), "%s ?metadata: a refusal names why", r)
				continue
			}
			assert.True(t, hasMetadata(m), "%s ?metadata answered 200 without metadata: %v", r, m)
		}
	}
	assert.Greater(t, checked, 20, "routes walked")
}

// answers reports whether a JSON answer carries a section: at its top (v1),
// in results.data, or in the data of every result.
func answers(m map[string]any, section string) bool {
	if _, ok := m[section]; ok && m["results"] == nil {
		return true
	}
	switch r := m["results"].(type) {
	case map[string]any:
		data, _ := r["data"].(map[string]any)
		_, ok := data[section]
		return ok
	case []any:
		for _, e := range r {
			data, _ := e.(map[string]any)["data"].(map[string]any)
			if _, ok := data[section]; !ok {
				return false
			}
		}
		return true
	}
	return false
}

// hasMetadata reports whether every result of a v2 answer carries
// "metadata" (a v1 answer has no results: its definitions are its own).
func hasMetadata(m map[string]any) bool {
	switch r := m["results"].(type) {
	case map[string]any:
		_, ok := r["metadata"]
		return ok
	case []any:
		for _, e := range r {
			if _, ok := e.(map[string]any)["metadata"]; !ok {
				return false
			}
		}
		return true
	}
	_, ok := m["definitions"]
	return ok
}
