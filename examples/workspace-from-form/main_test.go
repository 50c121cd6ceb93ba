package main

import (
	"bytes"
	"context"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/examples/exampleenv"
	"github.com/xecm-go/xecm/internal/simcheck"
	"github.com/xecm-go/xecm/xecmtest"
)

func TestWorkspaceFromFormDemo(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(t.Context(), Config{}, &out))
	assert.Contains(t, out.String(), "201 Created")
	assert.Contains(t, out.String(), `400 Bad Request external: no user "nobody"`)
	assert.Contains(t, out.String(), `Workspace type "Customer": template `, "what was found by name is said")
}

// TestWorkspaceFromFormServesUntilStopped runs the command as against a
// real server: it serves the form until its context ends, then returns.
func TestWorkspaceFromFormServesUntilStopped(t *testing.T) {
	sim := simcheck.Start(t)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	urlc := make(chan string, 1)
	done := make(chan error, 1)
	cfg := Config{Config: exampleenv.Config{URL: sim.URL, Username: "Admin", Password: "livelink"}, Addr: "127.0.0.1:0",
		ready: func(u string) { urlc <- u }}
	go func() { done <- run(ctx, cfg, io.Discard) }()
	var base string
	select {
	case base = <-urlc:
	case err := <-done:
		t.Fatalf("run returned before serving: %v", err)
	}
	resp, err := http.PostForm(base+"workspaces", url.Values{"kind": {"customer"}, "name": {"Onboarding Hooli"}, "country": {"US"}, "lead": {"jdoe"}})
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusCreated, resp.StatusCode)
	assert.Len(t, sim.Workspaces(), 1)
	cancel()
	require.NoError(t, <-done)
	_, err = http.Get(base)
	assert.Error(t, err, "no longer serving")
}

// formServer serves the form handler against a simulator of the test's own.
func formServer(t *testing.T) (*xecmtest.Server, *xecm.Client, *httptest.Server) {
	t.Helper()
	sim := simcheck.Start(t)
	env, err := exampleenv.Connect(t.Context(), exampleenv.Config{URL: sim.URL, Username: "Admin", Password: "livelink"}, io.Discard)
	require.NoError(t, err)
	h, err := newFormHandler(t.Context(), env.Client, io.Discard)
	require.NoError(t, err)
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return sim, env.Client, ts
}

func post(t *testing.T, ts *httptest.Server, form url.Values) (int, string) {
	t.Helper()
	resp, err := http.PostForm(ts.URL+"/workspaces", form)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func memberNames(t *testing.T, c *xecm.Client, ws int64, role string) []string {
	t.Helper()
	r, err := c.Workspaces.Role(t.Context(), ws, role)
	require.NoError(t, err)
	ms, err := c.Workspaces.RoleMembers(t.Context(), ws, r.ID)
	require.NoError(t, err)
	var names []string
	for _, m := range ms {
		names = append(names, m.Name)
	}
	return names
}

func TestFormCreatesAStructuredWorkspace(t *testing.T) {
	sim, c, ts := formServer(t)
	resp, err := http.Get(ts.URL + "/")
	require.NoError(t, err)
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Contains(t, string(page), `<form method="post" action="/workspaces">`)

	status, body := post(t, ts, url.Values{"kind": {"legal-matter"}, "name": {"Initech v. Example"}, "reference": {"LM-7"},
		"court": {"High Court"}, "lead": {"jdoe"}, "team": {"msmith, Admin"}, "external": {"msmith"}, "external_access": {"contribute"}})
	require.Equal(t, http.StatusCreated, status, body)
	require.Len(t, sim.Workspaces(), 1)
	info := sim.Workspaces()[0]
	assert.Contains(t, body, `"workspace_id":`)
	assert.Equal(t, xecmtest.WorkspaceTypeLegalMatter, info.TypeID)
	var folders []string
	for _, n := range sim.Children(info.NodeID) {
		folders = append(folders, n.Name)
	}
	assert.ElementsMatch(t, []string{"Pleadings", "Evidence", "Correspondence"}, folders, "the template's folders")
	vals, ok := sim.CategoryValues(info.NodeID, xecmtest.CategoryLegalMatter)
	require.True(t, ok)
	assert.Equal(t, "LM-7", vals["23400_2"])
	assert.Equal(t, "High Court", vals["23400_3"])
	assert.Contains(t, memberNames(t, c, info.NodeID, "Lead Counsel"), "jdoe")
	assert.ElementsMatch(t, []string{"msmith", "Admin"}, memberNames(t, c, info.NodeID, "Paralegal"))
	assert.ElementsMatch(t, []string{"msmith"}, memberNames(t, c, info.NodeID, "External Counsel"))
	ext, err := c.Workspaces.Role(t.Context(), info.NodeID, "External Counsel")
	require.NoError(t, err)
	assert.Contains(t, ext.Permissions, xecm.PermAddItems, "contribute access")
	assert.NotContains(t, ext.Permissions, xecm.PermDelete)

	status, body = post(t, ts, url.Values{"kind": {"customer"}, "name": {"Onboarding Umbrella"}, "country": {"UK"}, "lead": {"msmith"}})
	require.Equal(t, http.StatusCreated, status, body)
	var customer int64
	for _, w := range sim.Workspaces() {
		if w.TypeID == xecmtest.WorkspaceTypeCustomer {
			customer = w.NodeID
		}
	}
	require.NotZero(t, customer)
	ext, err = c.Workspaces.Role(t.Context(), customer, "Customer")
	require.NoError(t, err)
	assert.ElementsMatch(t, xecm.ReadPermissions(), ext.Permissions, "read access by default")
	vals, _ = sim.CategoryValues(customer, xecmtest.CategoryCustomer)
	assert.Equal(t, "Onboarding Umbrella", vals["23228_3"])

	status, body = post(t, ts, url.Values{"kind": {"customer"}, "name": {"Onboarding Umbrella"}, "country": {"UK"}, "lead": {"msmith"}})
	assert.Equal(t, http.StatusConflict, status, body)
	assert.Len(t, sim.Workspaces(), 2)
}

func TestFormRefusesBadInputNamingTheField(t *testing.T) {
	sim, _, ts := formServer(t)
	good := url.Values{"kind": {"supplier"}, "name": {"Qualification Globex"}, "country": {"DE"}, "reference": {"S-1"}, "lead": {"msmith"}}
	cases := map[string]struct {
		field string
		edit  func(v url.Values)
	}{
		"unknown kind":     {"kind", func(v url.Values) { v.Set("kind", "partner") }},
		"no name":          {"name", func(v url.Values) { v.Set("name", "  ") }},
		"long name":        {"name", func(v url.Values) { v.Set("name", strings.Repeat("n", 249)) }},
		"no country":       {"country", func(v url.Values) { v.Del("country") }},
		"no reference":     {"reference", func(v url.Values) { v.Del("reference") }},
		"no lead":          {"lead", func(v url.Values) { v.Del("lead") }},
		"two leads":        {"lead", func(v url.Values) { v.Set("lead", "jdoe,msmith") }},
		"unknown lead":     {"lead", func(v url.Values) { v.Set("lead", "jdo") }},
		"unknown member":   {"team", func(v url.Values) { v.Set("team", "jdoe,ghost") }},
		"unknown external": {"external", func(v url.Values) { v.Set("external", "ghost") }},
		"bad access":       {"external_access", func(v url.Values) { v.Set("external_access", "all") }},
		"text too long":    {"reference", func(v url.Values) { v.Set("reference", strings.Repeat("9", 300)) }},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			form := url.Values{}
			for k, v := range good {
				form[k] = append([]string(nil), v...)
			}
			tc.edit(form)
			status, body := post(t, ts, form)
			assert.Equal(t, http.StatusBadRequest, status, body)
			assert.True(t, strings.HasPrefix(body, tc.field+": "), "the answer names the field: %q", body)
		})
	}
	assert.Empty(t, sim.Workspaces(), "nothing is created from a bad form")
	status, body := post(t, ts, good)
	assert.Equal(t, http.StatusCreated, status, body)
}

// A kinds table that names a category the template does not give is the
// service's set-up at fault, not the form: 500, logged, nothing created.
func TestFormWithAMisnamedCategoryIsASetUpError(t *testing.T) {
	sim := simcheck.Start(t)
	env, err := exampleenv.Connect(t.Context(), exampleenv.Config{URL: sim.URL, Username: "Admin", Password: "livelink"}, io.Discard)
	require.NoError(t, err)
	wrong := maps.Clone(kinds)
	k := wrong["customer"]
	k.Category = "Client"
	wrong["customer"] = k
	// Read once the answer is in: the handler has written it by then.
	var log bytes.Buffer
	h, err := newKindsHandler(t.Context(), env.Client, exampleenv.SyncWriter(&log), wrong)
	require.NoError(t, err)
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)

	status, body := post(t, ts, url.Values{"kind": {"customer"}, "name": {"Onboarding Umbrella"}, "country": {"UK"}, "lead": {"msmith"}})
	assert.Equal(t, http.StatusInternalServerError, status, body)
	assert.Contains(t, log.String(), `category "Client": not found among the categories of workspace template`)
	assert.Empty(t, sim.Workspaces())

	status, body = post(t, ts, url.Values{"kind": {"legal-matter"}, "name": {"Initech v. Example"}, "reference": {"LM-7"}, "court": {"High Court"}, "lead": {"jdoe"}})
	assert.Equal(t, http.StatusCreated, status, "the other kinds still work: %s", body)
}
