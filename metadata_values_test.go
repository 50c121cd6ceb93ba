package xecm_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xecm-go/xecm"
)

func TestCategoryValuesByNameRefusedBeforeAnyRequest(t *testing.T) {
	c, _ := newMockClient(t, xecm.WithTicket("t")) // any request fails the test
	bo := &xecm.BusinessObject{ExtSystemID: "SAP", BOType: "KNA1", BOID: "1"}
	for want, vals := range map[string][]*xecm.CategoryValues{
		"Values[1] is nil":                      {xecm.NewCategoryValuesByName("Customer"), nil},
		"Values[0]: the category name is empty": {xecm.NewCategoryValuesByName("  ")},
	} {
		_, err := c.Workspaces.Create(t.Context(), xecm.WorkspaceCreateRequest{TemplateID: 1, Name: "x", Values: vals})
		assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
		assert.ErrorContains(t, err, "Workspaces.Create: "+want)
		_, _, err = c.Workspaces.Ensure(t.Context(), xecm.WorkspaceCreateRequest{TemplateID: 1, BusinessObject: bo, Values: vals})
		assert.ErrorContains(t, err, "Workspaces.Ensure: "+want, "before the business object is looked up")
	}
	_, err := c.Metadata.Resolve(t.Context(), 5, xecm.NewCategoryValuesByName(""))
	assert.ErrorContains(t, err, "the category name is empty")
	err = c.Metadata.Apply(t.Context(), 5, xecm.NewCategoryValuesByName("Customer").Set("Status", "x"))
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	_, err = c.Metadata.Update(t.Context(), 5, xecm.NewCategoryValuesByName("Customer").Set("Status", "x"), nil)
	assert.ErrorContains(t, err, `Metadata.Update: the values name category "Customer": give its ID`)
}

func TestMetadataResolveByNameUsesTheNodesCategories(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	mt.RegisterResponder(http.MethodGet, api("v2/nodes/5/categories"), jsonResp(200, categoriesSample))
	res, err := c.Metadata.Resolve(t.Context(), 5, xecm.NewCategoryValuesByName("customer").Set("Status", "active"))
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"16878_25": "active"}, res.Flat())
	assert.Equal(t, []int64{16878}, res.CategoryIDs())
	assert.Equal(t, 1, mt.GetTotalCallCount(), "the list carries the definition: no form read")

	_, err = c.Metadata.Resolve(t.Context(), 5, xecm.NewCategoryValuesByName("Contract"))
	var ne *xecm.CategoryNameError
	require.ErrorAs(t, err, &ne)
	assert.Equal(t, int64(5), ne.NodeID)
	assert.ErrorContains(t, err, `Metadata.Resolve: category "Contract": not found among the categories of node 5 ("Customer")`)

	_, err = c.Metadata.Resolve(t.Context(), 5, xecm.NewCategoryValues(16878), xecm.NewCategoryValuesByName("Customer"))
	assert.ErrorContains(t, err, "category 16878 is given twice")
}

func TestCategoryDefinitionResolveByName(t *testing.T) {
	d := &xecm.CategoryDefinition{ID: 9830, Name: "Contract", Attributes: []xecm.AttributeDefinition{
		{Key: "9830_2", ID: 2, Name: "Deal ID", Type: xecm.AttrString}}}
	flat, err := d.Resolve(xecm.NewCategoryValuesByName("contract").Set("Deal ID", "D-1"))
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"9830_2": "D-1"}, flat)
	_, err = d.Resolve(xecm.NewCategoryValuesByName("Customer"))
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	assert.ErrorContains(t, err, `definition is of category "Contract" (9830), not "Customer"`)
}
