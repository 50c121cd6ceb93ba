package xecm_test

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

const workspaceGetBody = `{"results":{"data":{
  "properties":{"id":224082,"name":"ACME Corp","type":848,"type_name":"Business Workspace","parent_id":2000,"wksp_type_id":16,"wksp_type_name":"Customer"},
  "business_properties":{"business_object_id":"0000050031","business_object_type":"KNA1","external_system_id":"SAP","workspace_type_id":16,"workspace_type_name":"Customer"},
  "workspace_references":[{"business_object_id":"0000050031","business_object_type":"KNA1","business_object_type_id":"7","external_system_id":"SAP","workspace_type_id":16},
                          {"business_object_id":"A-1","business_object_type":"Account","business_object_type_id":8,"external_system_id":"SFDC","workspace_type_id":16}]}}}`

func TestWorkspacesListTypes(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	var rec recorder
	mt.RegisterResponder("GET", api("v2/businessworkspacetypes"), rec.answer(t, 200, `{"results":[
	  {"data":{"properties":{"wksp_type_id":16,"wksp_type_name":"Customer","rm_enabled":true,"templates":[{"id":607403,"name":"Customer Template","subtype":848}]}}},
	  {"data":{"properties":{"wksp_type_id":"17","wksp_type_name":"Supplier","templates":[]}}}]}`))

	types, err := c.Workspaces.ListTypes(t.Context(), &xecm.WorkspaceTypeListOptions{ExtSystemID: "SAP", BOType: "KNA1"})
	require.NoError(t, err)
	require.Len(t, types, 2)
	assert.Equal(t, int64(16), types[0].ID)
	assert.True(t, types[0].RMEnabled)
	tp, ok := types[0].Template("Customer Template")
	require.True(t, ok)
	assert.Equal(t, int64(607403), tp.ID)
	assert.Equal(t, int64(17), types[1].ID)
	q := rec.last(t).Query
	assert.Equal(t, "true", q.Get("expand_templates"))
	assert.Equal(t, "SAP", q.Get("ext_system_id"))
	assert.Equal(t, "KNA1", q.Get("bo_type"))

	_, err = c.Workspaces.ListTypes(t.Context(), &xecm.WorkspaceTypeListOptions{ExtSystemID: "SAP"})
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	assert.ErrorContains(t, err, "BOType")
}

func TestWorkspacesGetDecodesBusinessPropertiesAndReferences(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	mt.RegisterResponder("GET", api("v2/businessworkspaces/224082"), jsonResp(200, workspaceGetBody))
	ws, err := c.Workspaces.Get(t.Context(), 224082)
	require.NoError(t, err)
	assert.Equal(t, "ACME Corp", ws.Name)
	assert.Equal(t, int64(16), ws.TypeID)
	assert.Equal(t, "Customer", ws.TypeName)
	require.NotNil(t, ws.BusinessObject)
	assert.Equal(t, xecm.BusinessObject{ExtSystemID: "SAP", BOType: "KNA1", BOID: "0000050031"}, *ws.BusinessObject)
	require.Len(t, ws.References, 2)
	assert.Equal(t, int64(7), ws.References[0].BOTypeID)
	assert.Equal(t, "SFDC", ws.References[1].ExtSystemID)

	_, err = c.Workspaces.Get(t.Context(), 0)
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	assert.ErrorContains(t, err, "workspace ID")
}

func TestWorkspacesListSendsFiltersAndIteratesTopLevelPaging(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	var rec recorder
	pages := map[string]string{
		"1": `{"paging":{"limit":2,"page":1,"page_total":2,"total_count":3},"results":[{"data":{"properties":{"id":1,"name":"a"}}},{"data":{"properties":{"id":2,"name":"b"}}}]}`,
		"2": `{"paging":{"limit":2,"page":2,"page_total":2,"total_count":3},"results":[{"data":{"properties":{"id":3,"name":"c"}}}]}`,
	}
	mt.RegisterResponder("GET", api("v2/businessworkspaces"), func(r *http.Request) (*http.Response, error) {
		return rec.answer(t, 200, pages[r.URL.Query().Get("page")])(r)
	})
	early := false
	opts := &xecm.WorkspaceListOptions{ListOptions: xecm.ListOptions{Limit: 2}, TypeID: 16, Name: "contains_AC", Early: &early, Sort: "asc_name"}
	var ids []int64
	for ws, err := range c.Workspaces.ListIter(t.Context(), opts) {
		require.NoError(t, err)
		ids = append(ids, ws.ID)
	}
	assert.Equal(t, []int64{1, 2, 3}, ids)
	assert.Equal(t, 0, opts.Page, "options not mutated")
	q := rec.last(t).Query
	assert.Equal(t, "true", q.Get("expanded_view"), "a search, not the recently accessed list")
	assert.Equal(t, "16", q.Get("where_workspace_type_id"))
	assert.Equal(t, "contains_AC", q.Get("where_name"))
	assert.Equal(t, "false", q.Get("where_is_early"))
	assert.Equal(t, "asc_name", q.Get("sort"))

	_, err := c.Workspaces.List(t.Context(), &xecm.WorkspaceListOptions{ListOptions: xecm.ListOptions{Limit: -1}})
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
}

func TestWorkspacesGetByBusinessObject(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	var rec recorder
	mt.RegisterResponder("GET", api("v2/businessworkspaces"), func(r *http.Request) (*http.Response, error) {
		if r.URL.Query().Get("where_bo_id") == "0000050031" {
			return rec.answer(t, 200, `{"paging":{"limit":2,"page":1,"page_total":1,"total_count":1},"results":[{"data":{"properties":{"id":224082}}}]}`)(r)
		}
		return rec.answer(t, 200, `{"paging":{"limit":2,"page":1,"page_total":1,"total_count":0},"results":[]}`)(r)
	})
	mt.RegisterResponder("GET", api("v2/businessworkspaces/224082"), jsonResp(200, workspaceGetBody))

	ws, err := c.Workspaces.GetByBusinessObject(t.Context(), xecm.BusinessObject{ExtSystemID: "SAP", BOType: "KNA1", BOID: "0000050031"})
	require.NoError(t, err)
	assert.Equal(t, int64(224082), ws.ID)
	q := rec.all()[0].Query
	assert.Equal(t, "SAP", q.Get("where_ext_system_id"))
	assert.Equal(t, "KNA1", q.Get("where_bo_type"))

	_, err = c.Workspaces.GetByBusinessObject(t.Context(), xecm.BusinessObject{ExtSystemID: "SAP", BOType: "KNA1", BOID: "nope"})
	assert.ErrorIs(t, err, xecm.ErrNotFound)

	_, err = c.Workspaces.GetByBusinessObject(t.Context(), xecm.BusinessObject{ExtSystemID: "SAP", BOType: "KNA1"})
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	assert.ErrorContains(t, err, "BOID")
}

func TestWorkspacesCreateBuildsBodyWithNestedCategoriesAndRoles(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	var rec recorder
	mt.RegisterResponder("POST", api("v2/businessworkspaces"), rec.answer(t, 200, `{"results":{"id":224082,"direct_open":true,"sub_folder_id":0}}`))
	mt.RegisterResponder("GET", api("v2/businessworkspaces/224082"), jsonResp(200, workspaceGetBody))

	ws, err := c.Workspaces.Create(t.Context(), xecm.WorkspaceCreateRequest{
		TemplateID: 607403, TypeID: 16, Name: "ACME Corp", ParentID: 2000,
		Categories:         map[string]map[string]any{"23228": {"23228_2": "Germany"}},
		BusinessObject:     &xecm.BusinessObject{ExtSystemID: "SAP", BOType: "KNA1", BOID: "0000050031"},
		RMClassificationID: 4711,
	})
	require.NoError(t, err)
	assert.Equal(t, int64(224082), ws.ID)
	body := rec.last(t).Body(t)
	assert.EqualValues(t, 607403, body["template_id"])
	assert.EqualValues(t, 16, body["wksp_type_id"])
	assert.Equal(t, "ACME Corp", body["name"])
	assert.EqualValues(t, 2000, body["parent_id"])
	assert.Equal(t, "SAP", body["ext_system_id"])
	assert.Equal(t, "KNA1", body["bo_type"])
	assert.Equal(t, "0000050031", body["bo_id"])
	roles := body["roles"].(map[string]any)
	assert.Equal(t, map[string]any{"23228": map[string]any{"23228_2": "Germany"}}, roles["categories"])
	assert.Equal(t, map[string]any{"rmclassification_id": float64(4711)}, roles["rmclassifications"])
}

func TestWorkspacesCreateRejectsBadInputNamingTheField(t *testing.T) {
	c, _ := newMockClient(t, xecm.WithTicket("t"))
	bo := &xecm.BusinessObject{ExtSystemID: "SAP", BOType: "KNA1", BOID: "1"}
	cases := map[string]xecm.WorkspaceCreateRequest{
		"TemplateID":            {Name: "x"},
		"Name is required":      {TemplateID: 1},
		"BusinessObject.BOType": {TemplateID: 1, BusinessObject: &xecm.BusinessObject{ExtSystemID: "SAP", BOID: "1"}},
		"not a category ID":     {TemplateID: 1, BusinessObject: bo, Categories: map[string]map[string]any{"abc": {}}},
		"of another category":   {TemplateID: 1, BusinessObject: bo, Categories: map[string]map[string]any{"1": {"2_3": "v"}}},
		"characters long":       {TemplateID: 1, Name: strings.Repeat("n", 249)},
	}
	for want, req := range cases {
		_, err := c.Workspaces.Create(t.Context(), req)
		assert.ErrorIs(t, err, xecm.ErrInvalidArgument, want)
		assert.ErrorContains(t, err, want)
	}
	_, _, err := c.Workspaces.Ensure(t.Context(), xecm.WorkspaceCreateRequest{TemplateID: 1, Name: "x"})
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	assert.ErrorContains(t, err, "BusinessObject")
}

func TestWorkspacesEnsure(t *testing.T) {
	bo := xecm.BusinessObject{ExtSystemID: "SAP", BOType: "KNA1", BOID: "0000050031"}
	req := xecm.WorkspaceCreateRequest{TemplateID: 607403, BusinessObject: &bo}
	empty := `{"paging":{"limit":2,"page":1,"page_total":1,"total_count":0},"results":[]}`
	found := `{"paging":{"limit":2,"page":1,"page_total":1,"total_count":1},"results":[{"data":{"properties":{"id":224082}}}]}`

	t.Run("existing", func(t *testing.T) {
		c, mt := newMockClient(t, xecm.WithTicket("t"))
		mt.RegisterResponder("GET", api("v2/businessworkspaces"), jsonResp(200, found))
		mt.RegisterResponder("GET", api("v2/businessworkspaces/224082"), jsonResp(200, workspaceGetBody))
		ws, created, err := c.Workspaces.Ensure(t.Context(), req)
		require.NoError(t, err)
		assert.False(t, created)
		assert.Equal(t, int64(224082), ws.ID)
	})
	t.Run("created", func(t *testing.T) {
		c, mt := newMockClient(t, xecm.WithTicket("t"))
		mt.RegisterResponder("GET", api("v2/businessworkspaces"), jsonResp(200, empty))
		mt.RegisterResponder("POST", api("v2/businessworkspaces"), jsonResp(200, `{"results":{"id":224082}}`))
		mt.RegisterResponder("GET", api("v2/businessworkspaces/224082"), jsonResp(200, workspaceGetBody))
		ws, created, err := c.Workspaces.Ensure(t.Context(), req)
		require.NoError(t, err)
		assert.True(t, created)
		assert.Equal(t, int64(224082), ws.ID)
	})
	t.Run("lost the race", func(t *testing.T) {
		c, mt := newMockClient(t, xecm.WithTicket("t"))
		mt.RegisterResponder("GET", api("v2/businessworkspaces"), httpmock.ResponderFromMultipleResponses(
			[]*http.Response{httpmock.NewStringResponse(200, empty), httpmock.NewStringResponse(200, found)}))
		mt.RegisterResponder("POST", api("v2/businessworkspaces"),
			jsonResp(500, `{"error":"A business workspace for this business object already exists."}`))
		mt.RegisterResponder("GET", api("v2/businessworkspaces/224082"), jsonResp(200, workspaceGetBody))
		ws, created, err := c.Workspaces.Ensure(t.Context(), req)
		require.NoError(t, err)
		assert.False(t, created)
		assert.Equal(t, int64(224082), ws.ID)
		assert.Equal(t, 1, mt.GetCallCountInfo()["POST "+api("v2/businessworkspaces")], "a create is never repeated")
	})
	t.Run("answer lost", func(t *testing.T) {
		c, mt := newMockClient(t, xecm.WithTicket("t"))
		mt.RegisterResponder("GET", api("v2/businessworkspaces"), httpmock.ResponderFromMultipleResponses(
			[]*http.Response{httpmock.NewStringResponse(200, empty), httpmock.NewStringResponse(200, found)}))
		mt.RegisterResponder("POST", api("v2/businessworkspaces"), httpmock.NewErrorResponder(errors.New("connection reset by peer")))
		mt.RegisterResponder("GET", api("v2/businessworkspaces/224082"), jsonResp(200, workspaceGetBody))
		ws, _, err := c.Workspaces.Ensure(t.Context(), req)
		require.NoError(t, err)
		assert.Equal(t, int64(224082), ws.ID)
	})
	t.Run("name taken by something else", func(t *testing.T) {
		c, mt := newMockClient(t, xecm.WithTicket("t"))
		mt.RegisterResponder("GET", api("v2/businessworkspaces"), jsonResp(200, empty))
		mt.RegisterResponder("POST", api("v2/businessworkspaces"),
			jsonResp(500, `{"error":"An item with the name 'ACME' already exists."}`))
		_, _, err := c.Workspaces.Ensure(t.Context(), req)
		assert.ErrorIs(t, err, xecm.ErrAlreadyExists)
	})
}

func TestWorkspacesRoles(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	var rec recorder
	mt.RegisterResponder("GET", api("v2/businessworkspaces/9/roles"), rec.answer(t, 200, `{"results":[
	  {"data":{"properties":{"id":31,"name":"Sales","leader":true,"inherited_from_id":null,"perms":36999}}}]}`))
	mt.RegisterResponder("POST", api("v2/businessworkspaces/9/roles"), rec.answer(t, 200, `{"results":{"data":{"properties":{"id":32,"name":"Legal","perms":130}}}}`))
	mt.RegisterResponder("PUT", api("v2/businessworkspaces/9/roles/32"), rec.answer(t, 200, `{"results":{}}`))
	mt.RegisterResponder("DELETE", api("v2/businessworkspaces/9/roles/32"), rec.answer(t, 200, `{"results":{}}`))
	mt.RegisterResponder("GET", api("v2/businessworkspaces/9/roles/31/members"), rec.answer(t, 200, `{"results":[{"data":{"properties":{"id":1001,"name":"jdoe","type":0}}}]}`))
	mt.RegisterResponder("POST", api("v2/businessworkspaces/9/roles/31/members"), rec.answer(t, 200, `{"results":{}}`))
	mt.RegisterResponder("DELETE", api("v2/businessworkspaces/9/roles/31/members/1001"), rec.answer(t, 200, `{"results":{}}`))
	ctx := t.Context()

	roles, err := c.Workspaces.Roles(ctx, 9)
	require.NoError(t, err)
	require.Len(t, roles, 1)
	assert.Equal(t, []xecm.Permission{xecm.PermSee, xecm.PermSeeContents, xecm.PermAddItems}, roles[0].Permissions, "decoded from perms bits")
	r, err := c.Workspaces.Role(ctx, 9, "sales")
	require.NoError(t, err)
	assert.Equal(t, int64(31), r.ID)
	_, err = c.Workspaces.Role(ctx, 9, "Nobody")
	assert.ErrorIs(t, err, xecm.ErrNotFound)

	added, err := c.Workspaces.AddRole(ctx, 9, xecm.WorkspaceRoleRequest{Name: "Legal", Permissions: xecm.ReadPermissions(), MemberIDs: []int64{1002},
		PermissionOptions: xecm.PermissionOptions{ApplyTo: xecm.ApplyToThisItemAndSubItems}})
	require.NoError(t, err)
	assert.Equal(t, int64(32), added.ID)
	body := rec.last(t).Body(t)
	assert.Equal(t, "Legal", body["name"])
	assert.Equal(t, []any{"see", "see_contents"}, body["permissions"])
	assert.Equal(t, []any{float64(1002)}, body["members"])
	assert.EqualValues(t, 2, body["apply_to"])

	require.NoError(t, c.Workspaces.UpdateRolePermissions(ctx, 9, 32, []xecm.Permission{xecm.PermSee}, &xecm.PermissionOptions{ApplyTo: xecm.ApplyToThisItemAndSubItems}))
	body = rec.last(t).Body(t)
	assert.Equal(t, []any{"see"}, body["permissions"])
	assert.EqualValues(t, 2, body["apply_to"])
	require.NoError(t, c.Workspaces.DeleteRole(ctx, 9, 32))

	members, err := c.Workspaces.RoleMembers(ctx, 9, 31)
	require.NoError(t, err)
	require.Len(t, members, 1)
	assert.Equal(t, "jdoe", members[0].Name)
	require.NoError(t, c.Workspaces.AddRoleMember(ctx, 9, 31, 1001))
	assert.EqualValues(t, 1001, rec.last(t).Body(t)["id"])
	require.NoError(t, c.Workspaces.RemoveRoleMember(ctx, 9, 31, 1001))

	_, err = c.Workspaces.AddRole(ctx, 9, xecm.WorkspaceRoleRequest{Name: "x", Permissions: []xecm.Permission{"fly"}})
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	assert.ErrorContains(t, err, `"fly"`)
	_, err = c.Workspaces.AddRole(ctx, 9, xecm.WorkspaceRoleRequest{})
	assert.ErrorContains(t, err, "Name is required")
	err = c.Workspaces.UpdateRolePermissions(ctx, 9, 32, nil, &xecm.PermissionOptions{ApplyTo: 7})
	assert.ErrorContains(t, err, "apply_to")
	assert.ErrorContains(t, c.Workspaces.AddRoleMember(ctx, 9, 31, 0), "member ID")
}

func TestWorkspacesReferencesAndRelations(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	var rec recorder
	mt.RegisterResponder("POST", api("v2/businessworkspaces"), rec.answer(t, 200, `{"results":{"id":9}}`))
	mt.RegisterResponder("GET", api("v2/businessworkspaces/9/relateditems"), rec.answer(t, 200,
		`{"paging":{"limit":100,"page":1,"page_total":1,"total_count":1},"results":[{"data":{"properties":{"id":10,"name":"Contract 1"}}}]}`))
	mt.RegisterResponder("POST", api("v2/businessworkspaces/9/relateditems"), rec.answer(t, 200, `{"results":{}}`))
	mt.RegisterResponder("DELETE", api("v2/businessworkspaces/9/relateditems/10"), rec.answer(t, 200, `{"results":{}}`))
	mt.RegisterResponder("DELETE", api("v2/businessworkspaces/9/workspacereferences"), rec.answer(t, 200, `{"results":{}}`))
	ctx := t.Context()

	require.NoError(t, c.Workspaces.AddReference(ctx, 9, xecm.BusinessObject{ExtSystemID: "SFDC", BOType: "Account", BOID: "A-1"}))
	body := rec.last(t).Body(t)
	assert.EqualValues(t, 9, body["ibo_workspace_id"])
	assert.Equal(t, "A-1", body["bo_id"])

	// The removal carries plain form fields in the DELETE body, as pyxecm sends them.
	require.NoError(t, c.Workspaces.RemoveReference(ctx, 9, xecm.BusinessObject{ExtSystemID: "SFDC", BOType: "Account", BOID: "A 1&2"}))
	sent := rec.last(t)
	assert.Equal(t, "DELETE", sent.Method)
	assert.Equal(t, url.Values{"ext_system_id": {"SFDC"}, "bo_type": {"Account"}, "bo_id": {"A 1&2"}}, sent.Form)
	assert.Empty(t, sent.Query, "nothing of the business object in the URL")

	var names []string
	for ws, err := range c.Workspaces.RelatedIter(ctx, 9, &xecm.RelatedListOptions{Types: []xecm.RelationType{xecm.RelationChild}, TypeIDs: []int64{16, 17}}) {
		require.NoError(t, err)
		names = append(names, ws.Name)
	}
	assert.Equal(t, []string{"Contract 1"}, names)
	q := rec.last(t).Query
	assert.Equal(t, "child", q.Get("where_rel_types"))
	assert.Equal(t, "16,17", q.Get("where_workspace_type_ids"))

	require.NoError(t, c.Workspaces.AddRelation(ctx, 9, 10, xecm.RelationChild))
	body = rec.last(t).Body(t)
	assert.EqualValues(t, 10, body["rel_bw_id"])
	assert.Equal(t, "child", body["rel_type"])
	require.NoError(t, c.Workspaces.RemoveRelation(ctx, 9, 10, xecm.RelationChild))
	assert.Equal(t, "child", rec.last(t).Query.Get("rel_type"))

	assert.ErrorContains(t, c.Workspaces.AddRelation(ctx, 9, 9, xecm.RelationChild), "itself")
	assert.ErrorContains(t, c.Workspaces.AddRelation(ctx, 9, 10, "sibling"), "relation type")
	assert.ErrorContains(t, c.Workspaces.AddReference(ctx, 9, xecm.BusinessObject{BOType: "A", BOID: "1"}), "ExtSystemID")
}

func TestWorkspacesUpdateFromRecordWritesOnlyChanges(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	var rec recorder
	mt.RegisterResponder("GET", api("v2/nodes/9/categories"), rec.answer(t, 200, `{"results":[
	  {"data":{"categories":{"23228_2":"Germany","23228_3":"ACME","23228_4":"2024-01-05T00:00:00","23228_5":["a","b"],"23228_6":12}},
	   "metadata":{"categories":{"23228":{"key":"23228","name":"Customer","persona":"category"},
	     "23228_2":{"key":"23228_2","name":"Country","persona":"categoryattribute"},
	     "23228_3":{"key":"23228_3","name":"Name","persona":"categoryattribute"},
	     "23228_4":{"key":"23228_4","name":"Since","persona":"categoryattribute"},
	     "23228_5":{"key":"23228_5","name":"Tags","persona":"categoryattribute"},
	     "23228_6":{"key":"23228_6","name":"Employees","persona":"categoryattribute"}}}},
	  {"data":{"categories":{"30000_2":"Gold"}},
	   "metadata":{"categories":{"30000":{"key":"30000","name":"Rating"},"30000_2":{"key":"30000_2","name":"Name"}}}}]}`))
	mt.RegisterResponder("PUT", api("v2/nodes/9/categories/23228"), rec.answer(t, 200, `{"results":{}}`))
	mt.RegisterResponder("PUT", api("v2/nodes/9/categories/30000"), rec.answer(t, 200, `{"results":{}}`))
	mapping := xecm.RecordMapping{"country": "Country", "name": "Customer:Name", "since": "Since", "tags": "Tags", "employees": "Employees"}

	// The same values in other Go types change nothing.
	same := map[string]any{"country": "Germany", "name": "ACME", "since": mustTime(t, "2024-01-05T00:00:00Z"), "tags": []string{"a", "b"}, "employees": 12}
	res, err := c.Workspaces.UpdateFromRecord(t.Context(), 9, same, mapping)
	require.NoError(t, err)
	assert.Empty(t, res.Changed)
	assert.Equal(t, 5, res.Unchanged)
	assert.Len(t, rec.all(), 1, "nothing written")

	res, err = c.Workspaces.UpdateFromRecord(t.Context(), 9, map[string]any{"country": "France", "name": "ACME", "tags": []string{"a", "c"}}, mapping)
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"23228_2": "France", "23228_5": []string{"a", "c"}}, res.Changed)
	put := rec.last(t)
	assert.Equal(t, "PUT", put.Method)
	body := put.Body(t)
	assert.Equal(t, map[string]any{"23228_2": "France", "23228_5": []any{"a", "c"}}, body, "unchanged values are not sent")

	_, err = c.Workspaces.UpdateFromRecord(t.Context(), 9, map[string]any{"name": "x"}, xecm.RecordMapping{"name": "Name"})
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	assert.ErrorContains(t, err, "ambiguous")
	_, err = c.Workspaces.UpdateFromRecord(t.Context(), 9, map[string]any{"x": 1}, xecm.RecordMapping{"x": "Missing"})
	assert.ErrorContains(t, err, `"Missing"`)
	_, err = c.Workspaces.UpdateFromRecord(t.Context(), 9, map[string]any{"x": struct{}{}}, xecm.RecordMapping{"x": "Country"})
	assert.ErrorContains(t, err, `record field "x"`)
}
