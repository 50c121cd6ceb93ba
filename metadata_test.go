package xecm_test

import (
	"net/http"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

// The reference's sample of GET .../categories?metadata (trimmed), with a
// set and its x-placeholder members.
const categoriesSample = `{"results":[{"data":{"categories":{"16878_25":"Customer","16878_28":"50031","16878_33":["1000"],
  "16878_39_1_40":"0000001096","16878_39_1_41":"Heinz Hart","16878_39_2_40":"7","16878_39_2_41":"Eva"}},
 "metadata":{"categories":{"16878":{"key":"16878","name":"Customer","persona":"category","read_only":true,"next_id":83},
  "16878_25":{"key":"16878_25","name":"Status","type_name":"String","persona":"categoryattribute","max_length":null,"multi_value":false,"multi_value_length_max":1,"required":false},
  "16878_28":{"key":"16878_28","name":"Customer Number","type_name":"String","persona":"categoryattribute","max_length":10,"multi_value":false,"multi_value_length_max":1,"required":true},
  "16878_33":{"key":"16878_33","name":"Sales Org","type_name":"Integer","persona":"categoryattribute","multi_value":true,"multi_value_length_max":5},
  "16878_39":{"key":"16878_39","name":"Contacts","type_name":"Assoc","persona":"set","multi_value":true,"multi_value_length_max":10},
  "16878_39_x_40":{"key":"16878_39_x_40","name":"BP No","type_name":"String","persona":"categoryattribute"},
  "16878_39_x_41":{"key":"16878_39_x_41","name":"Name","type_name":"String","persona":"categoryattribute","max_length":40}}},
 "metadata_map":{"categories":{"16878":["16878_28","16878_25","16878_33","16878_39"]}},"metadata_order":{"categories":["16878"]}}]}`

func TestMetadataListDecodesReferenceSample(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	mt.RegisterResponder(http.MethodGet, api("v2/nodes/5/categories"), func(r *http.Request) (*http.Response, error) {
		assert.Equal(t, "metadata", r.URL.RawQuery, "valueless flag")
		return jsonResp(200, categoriesSample)(r)
	})
	cats, err := c.Metadata.List(t.Context(), 5)
	require.NoError(t, err)
	require.Len(t, cats, 1)
	cat := cats[0]
	assert.Equal(t, int64(16878), cat.ID)
	assert.Equal(t, "Customer", cat.Name)
	var order []string
	for _, a := range cat.Definition.Attributes {
		order = append(order, a.Name)
	}
	assert.Equal(t, []string{"Customer Number", "Status", "Sales Org", "Contacts"}, order, "metadata_map order")
	num, _ := cat.Definition.Attribute("Customer Number")
	assert.Equal(t, 10, num.MaxLength)
	assert.True(t, num.Required)
	org, _ := cat.Definition.Attribute("Sales Org")
	assert.Equal(t, xecm.AttrInteger, org.Type)
	assert.Equal(t, 5, org.MaxValues)
	contacts, _ := cat.Definition.Attribute("Contacts")
	assert.Equal(t, xecm.AttrSet, contacts.Type)
	assert.Equal(t, 10, contacts.MaxRows)
	require.Len(t, contacts.Attributes, 2)
	assert.Equal(t, 2, cat.Rows("Contacts"))
	name, _ := cat.RowValue("Contacts", 2, "Name")
	assert.Equal(t, "Eva", name)

	// The definition read with the values is cached: resolving values by
	// name on this node sends no definition request.
	mt.RegisterResponder(http.MethodPut, api("v2/nodes/5/categories/16878"), jsonResp(200,
		`{"results":{"state":{"categories":[{"16878_1":{"metadata_token":"t2"}}]}}}`))
	tok, err := c.Metadata.Update(t.Context(), 5, xecm.NewCategoryValues(16878).SetRow("Contacts", 3, "Name", "Kim"), nil)
	require.NoError(t, err)
	assert.Equal(t, "t2", tok, "token in the list layout")
	_, err = c.Metadata.Update(t.Context(), 5, xecm.NewCategoryValues(16878).Set("Customer Number", "01234567890"), nil)
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	assert.Equal(t, 1, mt.GetCallCountInfo()["PUT "+api("v2/nodes/5/categories/16878")])
}

func TestMetadataRawValuesSendNoDefinitionRead(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	var body string
	mt.RegisterResponder(http.MethodPost, api("v2/nodes/7/categories"), func(r *http.Request) (*http.Response, error) {
		require.NoError(t, r.ParseForm())
		body = r.PostForm.Get("body")
		return jsonResp(200, `{"results":{}}`)(r)
	})
	require.NoError(t, c.Metadata.Apply(t.Context(), 7, xecm.NewCategoryValues(9830).SetKey("9830_2", "v")))
	assert.JSONEq(t, `{"category_id":9830,"9830_2":"v"}`, body)
	require.NoError(t, c.Metadata.Apply(t.Context(), 7, xecm.NewCategoryValues(9830)))
	assert.JSONEq(t, `{"category_id":9830}`, body, "defaults: the category alone")
}

func TestRecordsHoldDecodesLooseTypes(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	mt.RegisterResponder(http.MethodGet, api("v2/holds/13"), jsonResp(200, `{"results":{"data":{"hold":{
		"HoldID":"13","HoldName":"HOLD_10","ActiveHold":1,"AlternateHoldID":42,"HoldType":"FOIA","DateApplied":null,
		"HoldComment":"The comment","ParentID":null}}}}`))
	h, err := c.Records.GetHold(t.Context(), 13)
	require.NoError(t, err)
	assert.Equal(t, xecm.Hold{ID: 13, Name: "HOLD_10", Active: true, AlternateID: "42", Type: "FOIA", Comment: "The comment"}, *h)

	mt.RegisterResponder(http.MethodPost, api("v1/nodes/5/holds"), httpmock.NewStringResponder(200,
		`{"results":{"errMsg":"Could not apply hold","ok":false,"id":0}}`))
	err = c.Records.ApplyHold(t.Context(), 5, 13)
	var ae *xecm.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "Could not apply hold", ae.Message)
}

// A metadata token the SDK cannot read is an error, never "": an empty
// token would turn the next update's edit-conflict check off unnoticed.
func TestMetadataTokenRefusesAMalformedAnswer(t *testing.T) {
	for name, data := range map[string]string{
		"no _1 entry":           `{"16878_2":"x"}`,
		"_1 is not an object":   `{"16878_1":"t1"}`,
		"token is not a string": `{"16878_1":{"metadata_token":17}}`,
		"no token in _1":        `{"16878_1":{}}`,
	} {
		c, mt := newMockClient(t, xecm.WithTicket("t"))
		mt.RegisterResponder(http.MethodGet, api("v1/forms/nodes/categories/update"), jsonResp(200, `{"forms":[{"data":`+data+`}]}`))
		tok, err := c.Metadata.Token(t.Context(), 5, 16878)
		assert.ErrorContains(t, err, "malformed response", name)
		assert.ErrorContains(t, err, "16878_1", name)
		assert.Empty(t, tok, name)
	}
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	mt.RegisterResponder(http.MethodGet, api("v1/forms/nodes/categories/update"), jsonResp(200, `{"forms":[{"data":{"16878_1":{"metadata_token":"t7"}}}]}`))
	tok, err := c.Metadata.Token(t.Context(), 5, 16878)
	require.NoError(t, err)
	assert.Equal(t, "t7", tok)
}

// The new token an update answers with is read strictly too.
func TestMetadataUpdateRefusesAMalformedNewToken(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	mt.RegisterResponder(http.MethodPut, api("v2/nodes/5/categories/16878"), jsonResp(200,
		`{"results":{"state":{"categories":"t2"}}}`))
	_, err := c.Metadata.Update(t.Context(), 5, xecm.NewCategoryValues(16878).SetKey("16878_2", "x"), nil)
	assert.ErrorContains(t, err, "malformed response: state.categories")
}
