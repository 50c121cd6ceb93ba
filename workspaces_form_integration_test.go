package xecm_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

// countCalls counts the simulator's requests of one method and API path.
func countCalls(sim *xecmtest.Server, method, apiPath string) int {
	n := 0
	for _, r := range sim.Requests() {
		if r.Method == method && r.APIPath == apiPath {
			n++
		}
	}
	return n
}

const workspaceCreateForm = "/v2/forms/businessworkspaces/create"

func TestWorkspaceCreateWithCategoryValuesByName(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	ws, err := c.Workspaces.Create(ctx, xecm.WorkspaceCreateRequest{TemplateID: xecmtest.TemplateCustomer, Name: "ACME Corp",
		Values: []*xecm.CategoryValues{xecm.NewCategoryValuesByName("Customer").
			Set("Customer Name", "ACME Corp").Set("Country", "DE").Set("Tags", []string{"key account"}).Set("Employees", 1200)}})
	require.NoError(t, err)
	vals, ok := sim.CategoryValues(ws.ID, xecmtest.CategoryCustomer)
	require.True(t, ok)
	assert.Equal(t, "ACME Corp", vals["23228_3"])
	assert.Equal(t, "DE", vals["23228_2"])
	assert.Equal(t, []any{"key account"}, vals["23228_5"])
	assert.EqualValues(t, 1200, vals["23228_6"])
	assert.Equal(t, 1, countCalls(sim, "GET", workspaceCreateForm), "the name is looked up in the create form")
	assert.Zero(t, countCalls(sim, "GET", "/v1/forms/nodes/categories/create"), "the create form carries the definition too")

	// Names ignore case when nothing matches exactly; each call looks anew.
	ws, err = c.Workspaces.Create(ctx, xecm.WorkspaceCreateRequest{TemplateID: xecmtest.TemplateLegalMatter, Name: "Initech v. Example",
		Values: []*xecm.CategoryValues{xecm.NewCategoryValuesByName("legal matter").Set("court", "High Court")}})
	require.NoError(t, err)
	vals, _ = sim.CategoryValues(ws.ID, xecmtest.CategoryLegalMatter)
	assert.Equal(t, "High Court", vals["23400_3"])
	assert.Equal(t, 2, countCalls(sim, "GET", workspaceCreateForm))
}

func TestWorkspaceCreateWithCategoryIDsReadsNoCreateForm(t *testing.T) {
	sim, c := startSim(t)
	_, err := c.Workspaces.Create(t.Context(), xecm.WorkspaceCreateRequest{TemplateID: xecmtest.TemplateSupplier, Name: "Globex",
		Values: []*xecm.CategoryValues{xecm.NewCategoryValues(xecmtest.CategorySupplier).Set("Supplier Number", "S-1")}})
	require.NoError(t, err)
	assert.Zero(t, countCalls(sim, "GET", workspaceCreateForm), "IDs need no name lookup")
}

func TestWorkspaceCreateByNameRefusesBeforeWriting(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	create := func(vals ...*xecm.CategoryValues) error {
		_, err := c.Workspaces.Create(ctx, xecm.WorkspaceCreateRequest{TemplateID: xecmtest.TemplateCustomer, Name: "ACME Corp", Values: vals})
		return err
	}

	err := create(xecm.NewCategoryValuesByName("Custmer").Set("Country", "DE"))
	require.ErrorIs(t, err, xecm.ErrInvalidArgument)
	var ne *xecm.CategoryNameError
	require.ErrorAs(t, err, &ne)
	assert.Equal(t, "Custmer", ne.Name)
	assert.Equal(t, xecmtest.TemplateCustomer, ne.NodeID)
	assert.Equal(t, []string{"Customer"}, ne.Known)
	assert.Empty(t, ne.Matches)
	assert.ErrorContains(t, err, `Workspaces.Create: category "Custmer": not found among the categories of workspace template 21001 ("Customer")`)

	err = create(xecm.NewCategoryValuesByName("Customer").Set("Colour", "red"))
	var ae *xecm.AttributeError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, xecmtest.CategoryCustomer, ae.CategoryID)
	assert.Equal(t, "Customer", ae.Category)
	assert.Equal(t, "Colour", ae.Attribute)
	assert.ErrorContains(t, err, `category "Customer" (23228), attribute "Colour": no such attribute`)

	err = create(xecm.NewCategoryValuesByName("Customer").Set("Country", strings.Repeat("x", 65)))
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "Country", ae.Attribute)

	err = create(xecm.NewCategoryValues(xecmtest.CategoryCustomer).Set("Country", "DE"), xecm.NewCategoryValuesByName("Customer"))
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	assert.ErrorContains(t, err, `category 23228 is given twice (once as "Customer")`)

	// A category the template does not give cannot be named either.
	err = create(xecm.NewCategoryValuesByName("Contract").Set("Deal ID", "D-1"))
	require.ErrorAs(t, err, &ne)
	assert.Equal(t, []string{"Customer"}, ne.Known)

	assert.Zero(t, countCalls(sim, "POST", "/v2/businessworkspaces"), "nothing was written")
	assert.Empty(t, sim.Workspaces())
}

func TestWorkspaceEnsureWithCategoryValuesByName(t *testing.T) {
	sim, c := startSim(t)
	req := customerRequest("0042")
	req.Values = []*xecm.CategoryValues{xecm.NewCategoryValuesByName("Customer").Set("Industry", "Aerospace")}
	ws, created, err := c.Workspaces.Ensure(t.Context(), req)
	require.NoError(t, err)
	assert.True(t, created)
	vals, _ := sim.CategoryValues(ws.ID, xecmtest.CategoryCustomer)
	assert.Equal(t, "Aerospace", vals["23228_4"])

	again, created, err := c.Workspaces.Ensure(t.Context(), req)
	require.NoError(t, err)
	assert.False(t, created)
	assert.Equal(t, ws.ID, again.ID)
	assert.Equal(t, 1, countCalls(sim, "GET", workspaceCreateForm), "an existing workspace needs no lookup")
}
