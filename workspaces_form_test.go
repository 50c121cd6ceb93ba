package xecm_test

import (
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xecm-go/xecm"
)

// wsCreateForm is a workspace create form in the vendor's layout: a
// system attributes form without role_name, the form of role "categories"
// nested by category ID (the template's values as data), and others the
// SDK skips.
const wsCreateForm = `{"forms":[
 {"data":{"name":"","description":""},"options":{"fields":{"name":{"type":"text"}}},
  "schema":{"properties":{"name":{"type":"string","title":"Name"}}}},
 {"role_name":"categories",
  "data":{"23228":{"23228_1":{"metadata_token":""},"23228_2":"DE","23228_3":null,"23228_4":null,"23228_5":[{"23228_5_x_6":null}]},
          "30001":{"30001_2":null}},
  "options":{"fields":{"23228":{"fields":{"23228_2":{"type":"text"},"23228_3":{"type":"text"},"23228_4":{"type":"otcs_user_picker"},
                                          "23228_5":{"fields":{"item":{"fields":{"23228_5_x_6":{"type":"text"}}}}}}},
                       "30001":{"fields":{"30001_2":{"type":"text"}}}}},
  "schema":{"properties":{
   "23228":{"title":"Customer","type":"object","properties":{
     "23228_1":{"type":"object","readonly":true},
     "23228_2":{"title":"Country","type":"string","maxLength":64,"required":true},
     "23228_3":{"title":"Customer Name","type":"string","maxLength":10},
     "23228_4":{"title":"Account Manager","type":"integer"},
     "23228_5":{"title":"Contacts","type":"array","items":{"type":"object","maxItems":3,
        "properties":{"23228_5_x_6":{"title":"Name","type":"string"}}}}}},
   "30001":{"title":"Customer Extras","type":"object","properties":{
     "30001_2":{"title":"Note","type":"string","required":true}}}}}},
 {"role_name":"classifications","data":{"create_id":[]},"schema":{"properties":{}}}]}`

// registerCreate answers the create form with form, and the create.
func registerCreate(t *testing.T, mt *httpmock.MockTransport, rec *recorder, form string) {
	t.Helper()
	mt.RegisterResponder("GET", api("v2/forms/businessworkspaces/create"), rec.answer(t, 200, form))
	mt.RegisterResponder("POST", api("v2/businessworkspaces"), rec.answer(t, 200, `{"results":{"id":224082}}`))
	mt.RegisterResponder("GET", api("v2/businessworkspaces/224082"), jsonResp(200, workspaceGetBody))
}

func TestWorkspaceCreateResolvesCategoryNamesFromTheCreateForm(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	var rec recorder
	registerCreate(t, mt, &rec, wsCreateForm)
	_, err := c.Workspaces.Create(t.Context(), xecm.WorkspaceCreateRequest{TemplateID: 607403, ParentID: 2000, Name: "ACME Corp",
		Values: []*xecm.CategoryValues{
			// Country is required: the template's value counts.
			xecm.NewCategoryValuesByName("Customer").Set("Customer Name", "ACME").Set("Account Manager", 1000).SetRow("Contacts", 2, "Name", "Kim"),
			xecm.NewCategoryValuesByName("customer extras").Set("Note", "key account"),
		}})
	require.NoError(t, err)
	reqs := rec.all()
	require.Len(t, reqs, 2, "one form read, one create")
	assert.Equal(t, "607403", reqs[0].Query.Get("template_id"))
	assert.Equal(t, "2000", reqs[0].Query.Get("parent_id"))
	roles := reqs[1].Body(t)["roles"].(map[string]any)
	assert.Equal(t, map[string]any{
		"23228": map[string]any{"23228_3": "ACME", "23228_4": float64(1000), "23228_5_2_6": "Kim"},
		"30001": map[string]any{"30001_2": "key account"},
	}, roles["categories"])
}

func TestWorkspaceCreateWithCategoryIDsNeedsNoCreateForm(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	var rec recorder
	// No create form responder: reading it would fail the test.
	mt.RegisterResponder("POST", api("v2/businessworkspaces"), rec.answer(t, 200, `{"results":{"id":224082}}`))
	mt.RegisterResponder("GET", api("v2/businessworkspaces/224082"), jsonResp(200, workspaceGetBody))
	_, err := c.Workspaces.Create(t.Context(), xecm.WorkspaceCreateRequest{TemplateID: 607403, Name: "ACME Corp",
		Values: []*xecm.CategoryValues{xecm.NewCategoryValues(23228).SetKey("23228_2", "DE")}})
	require.NoError(t, err)
	assert.Len(t, rec.all(), 1)
}

func TestWorkspaceCreateCategoryNameErrors(t *testing.T) {
	twoCustomers := strings.Replace(wsCreateForm, `"title":"Customer Extras"`, `"title":"Customer"`, 1)
	foldedTwice := strings.Replace(wsCreateForm, `"title":"Customer Extras"`, `"title":"CUSTOMER"`, 1)
	noCategories := `{"forms":[{"data":{"name":""},"schema":{"properties":{"name":{"type":"string"}}}}]}`
	cases := map[string]struct {
		form string
		vals *xecm.CategoryValues
		want string
		// matches and known are the CategoryNameError's, when it is one.
		matches []int64
		known   []string
	}{
		"unknown name": {wsCreateForm, xecm.NewCategoryValuesByName("Supplier").Set("Country", "DE"),
			`category "Supplier": not found among the categories of workspace template 607403 ("Customer", "Customer Extras")`,
			nil, []string{"Customer", "Customer Extras"}},
		"ambiguous name": {twoCustomers, xecm.NewCategoryValuesByName("Customer").Set("Country", "DE"),
			`category "Customer": ambiguous: categories 23228, 30001 of workspace template 607403 have that name; give the ID with NewCategoryValues`,
			[]int64{23228, 30001}, nil},
		"ambiguous ignoring case": {foldedTwice, xecm.NewCategoryValuesByName("customer").Set("Country", "DE"),
			"ambiguous: categories 23228, 30001", []int64{23228, 30001}, nil},
		"no categories": {noCategories, xecm.NewCategoryValuesByName("Customer"),
			`category "Customer": not found: workspace template 607403 carries no categories`, nil, []string{}},
		"unknown attribute": {wsCreateForm, xecm.NewCategoryValuesByName("Customer").Set("Colour", "red"),
			`category "Customer" (23228), attribute "Colour": no such attribute`, nil, nil},
		"unknown set member": {wsCreateForm, xecm.NewCategoryValuesByName("Customer").SetRow("Contacts", 1, "Phone", "1"),
			`attribute "Contacts[1].Phone": set "Contacts" has no attribute "Phone"`, nil, nil},
		"row past the set": {wsCreateForm, xecm.NewCategoryValuesByName("Customer").SetRow("Contacts", 4, "Name", "x"),
			"row 4 is out of range (rows 1 to 3)", nil, nil},
		"required without a template value": {wsCreateForm, xecm.NewCategoryValuesByName("Customer Extras"),
			`category "Customer Extras" (30001), attribute "Note": a value is required`, nil, nil},
		"too long": {wsCreateForm, xecm.NewCategoryValuesByName("Customer").Set("Customer Name", "ACME Corporation"),
			"too long: 16 characters, at most 10 allowed", nil, nil},
		"user ID": {wsCreateForm, xecm.NewCategoryValuesByName("Customer").Set("Account Manager", "jdoe"),
			"wants a whole number", nil, nil},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			c, mt := newMockClient(t, xecm.WithTicket("t"))
			mt.RegisterResponder("GET", api("v2/forms/businessworkspaces/create"), jsonResp(200, tc.form))
			// No create responder: a POST would fail the test.
			_, err := c.Workspaces.Create(t.Context(), xecm.WorkspaceCreateRequest{TemplateID: 607403, Name: "ACME", Values: []*xecm.CategoryValues{tc.vals}})
			require.ErrorIs(t, err, xecm.ErrInvalidArgument)
			assert.ErrorContains(t, err, tc.want)
			var ne *xecm.CategoryNameError
			if tc.matches != nil || tc.known != nil {
				require.ErrorAs(t, err, &ne)
				assert.Equal(t, tc.vals.CategoryName(), ne.Name)
				assert.Equal(t, int64(607403), ne.NodeID)
				assert.Equal(t, tc.matches, ne.Matches)
				assert.ElementsMatch(t, tc.known, ne.Known)
			} else {
				var ae *xecm.AttributeError
				assert.ErrorAs(t, err, &ae)
				assert.NotErrorAs(t, err, &ne)
			}
		})
	}
}

func TestWorkspaceCategoryNamesPreferTheExactMatch(t *testing.T) {
	form := strings.Replace(wsCreateForm, `"title":"Customer Extras"`, `"title":"customer"`, 1)
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	var rec recorder
	registerCreate(t, mt, &rec, form)
	_, err := c.Workspaces.Create(t.Context(), xecm.WorkspaceCreateRequest{TemplateID: 607403, Name: "ACME",
		Values: []*xecm.CategoryValues{xecm.NewCategoryValuesByName("customer").Set("Note", "n")}})
	require.NoError(t, err)
	roles := rec.last(t).Body(t)["roles"].(map[string]any)
	assert.Equal(t, map[string]any{"30001": map[string]any{"30001_2": "n"}}, roles["categories"])
}
