package portal

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

// Everything outside the policy gets the very same 404 as a node that does
// not exist, so a reader learns nothing about what is there.
func TestOutsideThePolicyIsNotFound(t *testing.T) {
	src := fixture()
	h, _ := newTestHandler(t, src, nil)
	missing := get(h, "GET", "/documents/999")
	require.Equal(t, http.StatusNotFound, missing.Code)

	for _, path := range []string{
		"/documents/102",            // Status = Draft
		"/documents/104",            // text/html is not in the allowlist
		"/documents/201",            // outside the roots
		"/documents/10",             // a folder, not a document
		"/documents/101/versions/1", // not the latest (LatestVersion)
		"/documents/101/versions/3", // no such version
		"/documents/abc",
		"/documents/0",
		"/documents/-1",
		"/documents/0101",
		"/documents/101/versions/0",
		"/documents/99999999999999999999",
		"/collections/unknown",
		"/nothing",
	} {
		w := get(h, "GET", path)
		assert.Equal(t, http.StatusNotFound, w.Code, path)
		assert.Equal(t, missing.Body.String(), w.Body.String(), path)
		assert.Empty(t, w.Header().Get("ETag"), path)
	}
	assert.Zero(t, src.count("Open"), "nothing outside the policy is ever opened")
}

func TestVersionRules(t *testing.T) {
	src := fixture()
	// 107: advanced versioning, 1.0 released, then 1.1 (minor, unreleased).
	src.addDoc(107, 10, "sop.pdf", "application/pdf", "Approved", "one-oh", "one-one")
	src.nodes[107].info.AdvancedVersioning = true
	src.nodes[107].versions[0].info.Major, src.nodes[107].versions[0].info.Minor = 1, 0
	src.nodes[107].versions[1].info.Major, src.nodes[107].versions[1].info.Minor = 1, 1

	cases := []struct {
		rule VersionRule
		path string
		want int
		body string
	}{
		{LatestVersion, "/documents/107", 200, "one-one"},
		{LatestVersion, "/documents/107/versions/2", 200, "one-one"},
		{LatestVersion, "/documents/107/versions/1", 404, ""},
		{ReleasedVersions, "/documents/107", 200, "one-oh"}, // the latest released
		{ReleasedVersions, "/documents/107/versions/1", 200, "one-oh"},
		{ReleasedVersions, "/documents/107/versions/2", 404, ""},
		{ReleasedVersions, "/documents/101/versions/1", 200, "handbook version one"}, // standard versioning: all released
		{AllVersions, "/documents/107", 200, "one-one"},
		{AllVersions, "/documents/107/versions/1", 200, "one-oh"},
		{AllVersions, "/documents/107/versions/3", 404, ""},
	}
	for _, c := range cases {
		h, _ := newTestHandler(t, src, func(cfg *Config) { cfg.Policy.Versions = c.rule })
		w := get(h, "GET", c.path)
		require.Equal(t, c.want, w.Code, "%s %s", c.rule, c.path)
		if c.want == 200 {
			assert.Equal(t, c.body, w.Body.String(), "%s %s", c.rule, c.path)
		}
	}
}

func TestConditionsAndTypes(t *testing.T) {
	cats := []CategoryValues{
		{ID: 7100, Name: "Document Control", Values: map[string]any{"Status": "Approved", "Audience": []any{"Staff", "Suppliers"}, "Level": 3}},
	}
	cases := []struct {
		c    Condition
		want bool
	}{
		{Condition{Category: "Document Control", Attribute: "Status", Values: []string{"Approved"}}, true},
		{Condition{CategoryID: 7100, Attribute: "Status", Values: []string{"Released", "Approved"}}, true},
		{Condition{CategoryID: 7101, Attribute: "Status", Values: []string{"Approved"}}, false},
		{Condition{Category: "Document Control", Attribute: "Status", Values: []string{"approved"}}, false},
		{Condition{Category: "Document Control", Attribute: "Audience", Values: []string{"Suppliers"}}, true},
		{Condition{Category: "Document Control", Attribute: "Level", Values: []string{"3"}}, true},
		{Condition{Category: "Document Control", Attribute: "Missing", Values: []string{"x"}}, false},
		{Condition{Category: "Other", Attribute: "Status", Values: []string{"Approved"}}, false},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, c.c.met(cats), "%+v", c.c)
	}

	p := Policy{MIMETypes: []string{"application/pdf", "image/*"}}
	assert.True(t, p.allowsType("application/pdf"))
	assert.True(t, p.allowsType("Application/PDF; charset=binary"))
	assert.True(t, p.allowsType("image/png"))
	assert.False(t, p.allowsType("text/html"))
	assert.False(t, p.allowsType("application/pdfx"))
	assert.False(t, p.allowsType(""))
	assert.True(t, (&Policy{MIMETypes: []string{"*/*"}}).allowsType("text/html"))
}

func TestNewRefusesAPolicyThatCouldPublishNothing(t *testing.T) {
	src := fixture()
	good := Policy{Roots: []int64{10}, Approval: approvedVersions, MIMETypes: []string{"application/pdf"}}
	bad := map[string]func(*Config){
		"no roots":          func(c *Config) { c.Policy.Roots = nil },
		"bad root":          func(c *Config) { c.Policy.Roots = []int64{0} },
		"no MIME types":     func(c *Config) { c.Policy.MIMETypes = nil },
		"bad MIME pattern":  func(c *Config) { c.Policy.MIMETypes = []string{"pdf"} },
		"star major":        func(c *Config) { c.Policy.MIMETypes = []string{"*/pdf"} },
		"condition no attr": func(c *Config) { c.Policy.Require = []Condition{{Category: "X", Values: []string{"a"}}} },
		"condition no cat":  func(c *Config) { c.Policy.Require = []Condition{{Attribute: "A", Values: []string{"a"}}} },
		"condition no vals": func(c *Config) { c.Policy.Require = []Condition{{Category: "X", Attribute: "A"}} },
		"unknown rule":      func(c *Config) { c.Policy.Versions = 7 },
		"no approval":       func(c *Config) { c.Policy.Approval = Approval{} },
		"bad collection":    func(c *Config) { c.Collections = map[string]Collection{"x": {}} },
		"partner no spaces": func(c *Config) { c.Partners = map[string]Partner{"p": {}} },
		"partners, no key":  func(c *Config) { c.Signer = nil },
	}
	for name, mutate := range bad {
		clk := &clock{t: t0}
		cfg := baseConfig(clk)
		cfg.Policy = good
		mutate(&cfg)
		_, err := New(src, cfg)
		assert.ErrorIs(t, err, xecm.ErrInvalidArgument, name)
	}
	_, err := New(nil, Config{Policy: good})
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	_, err = New(src, Config{Policy: good})
	assert.NoError(t, err)
}

func TestWithoutDirectAccessOnlyLinksServe(t *testing.T) {
	src := fixture()
	h, _ := newTestHandler(t, src, func(c *Config) { c.DirectAccess = false })
	assert.Equal(t, http.StatusNotFound, get(h, "GET", "/documents/101").Code)
	assert.Equal(t, http.StatusNotFound, get(h, "GET", "/collections/policies").Code)
	l, err := h.NewLink(t.Context(), LinkRequest{Document: 101, TTL: 3600e9})
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, get(h, "GET", "/"+l.Path).Code)
	assert.Equal(t, http.StatusMethodNotAllowed, get(h, "POST", "/"+l.Path).Code, "a link that would be served")
}

// The handler keeps its own copy of the policy: a caller changing the slices
// of its Config afterwards does not widen what is published.
func TestNewCopiesThePolicy(t *testing.T) {
	cfg := Config{Policy: Policy{Roots: []int64{10}, MIMETypes: []string{"application/pdf"}, Approval: approvedVersions,
		Require: []Condition{{Category: "Document Control", Attribute: "Status", Values: []string{"Approved"}}}}}
	h, err := New(fixture(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Policy.MIMETypes[0] = "*/*"
	cfg.Policy.Require[0].Values[0] = "Draft"
	assert.Equal(t, "application/pdf", h.cfg.Policy.MIMETypes[0])
	assert.Equal(t, "Approved", h.cfg.Policy.Require[0].Values[0])
}
