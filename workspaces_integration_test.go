package xecm_test

import (
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

func customerRequest(boID string) xecm.WorkspaceCreateRequest {
	return xecm.WorkspaceCreateRequest{
		TemplateID:     xecmtest.TemplateCustomer,
		BusinessObject: &xecm.BusinessObject{ExtSystemID: "SFDC", BOType: "Account", BOID: boID},
	}
}

func TestWorkspaceTypesAgainstSimulator(t *testing.T) {
	_, c := startSim(t)
	types, err := c.Workspaces.ListTypes(t.Context(), nil)
	require.NoError(t, err)
	var names []string
	for _, tp := range types {
		names = append(names, tp.Name)
		require.NotEmpty(t, tp.Templates, tp.Name)
	}
	assert.Equal(t, []string{"Customer", "Supplier", "Legal Matter"}, names)

	crm, err := c.Workspaces.ListTypes(t.Context(), &xecm.WorkspaceTypeListOptions{ExtSystemID: "SFDC", BOType: "Account"})
	require.NoError(t, err)
	require.Len(t, crm, 1)
	assert.Equal(t, "Customer", crm[0].Name)

	legal, err := c.Workspaces.GetType(t.Context(), xecmtest.WorkspaceTypeLegalMatter)
	require.NoError(t, err)
	assert.Equal(t, xecmtest.TemplateLegalMatter, legal.Templates[0].ID)
	_, err = c.Workspaces.GetType(t.Context(), 999)
	assert.ErrorIs(t, err, xecm.ErrNotFound)
}

func TestWorkspaceCreateBuildsTemplateFoldersRolesAndCategories(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	req := customerRequest("001A")
	req.Categories = map[string]map[string]any{"23228": {"23228_2": "Germany", "23228_5": []string{"key account"}}}
	ws, err := c.Workspaces.Create(ctx, req)
	require.NoError(t, err)
	assert.Equal(t, "Customer 001A", ws.Name, "generated name")
	assert.Equal(t, xecmtest.WorkspaceTypeCustomer, ws.TypeID)
	assert.Equal(t, "Customer", ws.TypeName)
	assert.Equal(t, xecm.TypeBusinessWorkspace, ws.Type)
	require.NotNil(t, ws.BusinessObject)
	assert.Equal(t, "001A", ws.BusinessObject.BOID)

	var folders []string
	for n, err := range c.Nodes.ListChildrenIter(ctx, ws.ID, nil) {
		require.NoError(t, err)
		folders = append(folders, n.Name)
	}
	assert.Equal(t, []string{"Contracts", "Correspondence", "Invoices"}, folders)

	roles, err := c.Workspaces.Roles(ctx, ws.ID)
	require.NoError(t, err)
	var roleNames []string
	for _, r := range roles {
		roleNames = append(roleNames, r.Name)
	}
	assert.Equal(t, []string{"Account Manager", "Sales", "Customer"}, roleNames)
	assert.True(t, roles[0].Leader)
	assert.Equal(t, xecm.ReadPermissions(), roles[2].Permissions)

	vals, _ := sim.CategoryValues(ws.ID, xecmtest.CategoryCustomer)
	assert.Equal(t, "Germany", vals["23228_2"])
	assert.Equal(t, []any{"key account"}, vals["23228_5"])

	// The same business object cannot get a second workspace.
	_, err = c.Workspaces.Create(ctx, req)
	assert.ErrorIs(t, err, xecm.ErrAlreadyExists)
	// A workspace without a business object needs a name.
	named, err := c.Workspaces.Create(ctx, xecm.WorkspaceCreateRequest{TemplateID: xecmtest.TemplateLegalMatter, Name: "Smith v. Jones", ParentID: 2000})
	require.NoError(t, err)
	assert.Nil(t, named.BusinessObject)
	assert.EqualValues(t, 2000, named.ParentID)
	_, err = c.Workspaces.Create(ctx, xecm.WorkspaceCreateRequest{TemplateID: 1, Name: "x"})
	assert.ErrorIs(t, err, xecm.ErrNotFound)
}

func TestWorkspaceListGetAndReferencesAgainstSimulator(t *testing.T) {
	_, c := startSim(t)
	ctx := t.Context()
	a, err := c.Workspaces.Create(ctx, customerRequest("A-1"))
	require.NoError(t, err)
	_, err = c.Workspaces.Create(ctx, customerRequest("A-2"))
	require.NoError(t, err)
	sup, err := c.Workspaces.Create(ctx, xecm.WorkspaceCreateRequest{TemplateID: xecmtest.TemplateSupplier,
		BusinessObject: &xecm.BusinessObject{ExtSystemID: "SAP", BOType: "LFA1", BOID: "4711"}})
	require.NoError(t, err)

	var ids []int64
	for ws, err := range c.Workspaces.ListIter(ctx, &xecm.WorkspaceListOptions{ListOptions: xecm.ListOptions{Limit: 1}, TypeID: xecmtest.WorkspaceTypeCustomer}) {
		require.NoError(t, err)
		ids = append(ids, ws.ID)
		assert.Equal(t, "Customer", ws.TypeName)
	}
	assert.Len(t, ids, 2)
	p, err := c.Workspaces.List(ctx, &xecm.WorkspaceListOptions{Name: "startswith_supp"})
	require.NoError(t, err)
	require.Len(t, p.Items, 1)
	assert.Equal(t, sup.ID, p.Items[0].ID)

	got, err := c.Workspaces.GetByBusinessObject(ctx, xecm.BusinessObject{ExtSystemID: "SFDC", BOType: "Account", BOID: "A-1"})
	require.NoError(t, err)
	assert.Equal(t, a.ID, got.ID)
	_, err = c.Workspaces.GetByBusinessObject(ctx, xecm.BusinessObject{ExtSystemID: "SFDC", BOType: "Account", BOID: "none"})
	assert.ErrorIs(t, err, xecm.ErrNotFound)

	// The same customer in the ERP becomes a second reference.
	erp := xecm.BusinessObject{ExtSystemID: "SAP", BOType: "KNA1", BOID: "0000050031"}
	require.NoError(t, c.Workspaces.AddReference(ctx, a.ID, erp))
	got, err = c.Workspaces.GetByBusinessObject(ctx, erp)
	require.NoError(t, err)
	assert.Equal(t, a.ID, got.ID)
	require.Len(t, got.References, 2)
	assert.Equal(t, erp, got.References[1].BusinessObject)
	assert.Equal(t, "A-1", got.BusinessObject.BOID, "the first reference stays the main one")
	err = c.Workspaces.AddReference(ctx, sup.ID, erp)
	assert.ErrorIs(t, err, xecm.ErrAlreadyExists, "a business object has one workspace")
}

func TestWorkspaceEnsureRacedFrom20GoroutinesCreatesOne(t *testing.T) {
	sim, c := startSim(t)
	req := customerRequest("RACE-1")
	const n = 20
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		ids     = map[int64]int{}
		created int
	)
	start := make(chan struct{})
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			ws, isNew, err := c.Workspaces.Ensure(t.Context(), req)
			if !assert.NoError(t, err) {
				return
			}
			mu.Lock()
			defer mu.Unlock()
			ids[ws.ID]++
			if isNew {
				created++
			}
		}()
	}
	close(start)
	wg.Wait()
	assert.Len(t, ids, 1, "every caller gets the same workspace")
	assert.Equal(t, 1, created, "exactly one caller created it")
	var count int
	for _, w := range sim.Workspaces() {
		if len(w.References) > 0 && w.References[0].BOID == "RACE-1" {
			count++
		}
	}
	assert.Equal(t, 1, count, "one workspace on the server")
}

func TestWorkspaceRolesAndRelationsAgainstSimulator(t *testing.T) {
	_, c := startSim(t)
	ctx := t.Context()
	parent, err := c.Workspaces.Create(ctx, customerRequest("P-1"))
	require.NoError(t, err)
	child, err := c.Workspaces.Create(ctx, xecm.WorkspaceCreateRequest{TemplateID: xecmtest.TemplateLegalMatter, Name: "Dispute P-1"})
	require.NoError(t, err)

	role, err := c.Workspaces.AddRole(ctx, parent.ID, xecm.WorkspaceRoleRequest{Name: "Auditor", Description: "reads everything",
		Permissions: xecm.ReadPermissions(), MemberIDs: []int64{1001}, PermissionOptions: xecm.PermissionOptions{ApplyTo: xecm.ApplyToThisItemAndSubItems}})
	require.NoError(t, err)
	assert.Equal(t, xecm.ReadPermissions(), role.Permissions)
	_, err = c.Workspaces.AddRole(ctx, parent.ID, xecm.WorkspaceRoleRequest{Name: "Auditor"})
	assert.ErrorIs(t, err, xecm.ErrAlreadyExists)

	require.NoError(t, c.Workspaces.UpdateRolePermissions(ctx, parent.ID, role.ID,
		[]xecm.Permission{xecm.PermSee, xecm.PermSeeContents, xecm.PermModify}, &xecm.PermissionOptions{ApplyTo: xecm.ApplyToThisItemAndSubItems}))
	got, err := c.Workspaces.Role(ctx, parent.ID, "Auditor")
	require.NoError(t, err)
	assert.Contains(t, got.Permissions, xecm.PermModify)

	require.NoError(t, c.Workspaces.AddRoleMember(ctx, parent.ID, role.ID, 1002))
	members, err := c.Workspaces.RoleMembers(ctx, parent.ID, role.ID)
	require.NoError(t, err)
	require.Len(t, members, 2)
	assert.Equal(t, "msmith", members[1].Name)
	require.NoError(t, c.Workspaces.RemoveRoleMember(ctx, parent.ID, role.ID, 1002))
	assert.ErrorIs(t, c.Workspaces.RemoveRoleMember(ctx, parent.ID, role.ID, 1002), xecm.ErrNotFound)
	require.NoError(t, c.Workspaces.DeleteRole(ctx, parent.ID, role.ID))
	_, err = c.Workspaces.Role(ctx, parent.ID, "Auditor")
	assert.ErrorIs(t, err, xecm.ErrNotFound)

	require.NoError(t, c.Workspaces.AddRelation(ctx, parent.ID, child.ID, xecm.RelationChild))
	kids, err := c.Workspaces.Related(ctx, parent.ID, &xecm.RelatedListOptions{Types: []xecm.RelationType{xecm.RelationChild}})
	require.NoError(t, err)
	require.Len(t, kids.Items, 1)
	assert.Equal(t, child.ID, kids.Items[0].ID)
	parents, err := c.Workspaces.Related(ctx, child.ID, &xecm.RelatedListOptions{Types: []xecm.RelationType{xecm.RelationParent}})
	require.NoError(t, err)
	require.Len(t, parents.Items, 1)
	assert.Equal(t, parent.ID, parents.Items[0].ID)
	none, err := c.Workspaces.Related(ctx, parent.ID, &xecm.RelatedListOptions{TypeIDs: []int64{xecmtest.WorkspaceTypeSupplier}})
	require.NoError(t, err)
	assert.Empty(t, none.Items)
	require.NoError(t, c.Workspaces.RemoveRelation(ctx, parent.ID, child.ID, xecm.RelationChild))
	assert.ErrorIs(t, c.Workspaces.RemoveRelation(ctx, parent.ID, child.ID, xecm.RelationChild), xecm.ErrNotFound)
}

func TestWorkspaceUpdateFromRecordAgainstSimulator(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	ws, err := c.Workspaces.Create(ctx, customerRequest("R-1"))
	require.NoError(t, err)
	mapping := xecm.RecordMapping{"BillingCountry": "Country", "Name": "Customer Name", "Industry": "Industry", "Tags": "Tags", "Employees": "Employees"}
	record := map[string]any{"BillingCountry": "DE", "Name": "ACME GmbH", "Industry": "Manufacturing", "Tags": []string{"gold", "emea"}, "Employees": 250}

	res, err := c.Workspaces.UpdateFromRecord(ctx, ws.ID, record, mapping)
	require.NoError(t, err)
	assert.Len(t, res.Changed, 5)
	assert.Equal(t, []string{"BillingCountry", "Employees", "Industry", "Name", "Tags"}, res.Fields)
	vals, _ := sim.CategoryValues(ws.ID, xecmtest.CategoryCustomer)
	assert.Equal(t, "ACME GmbH", vals["23228_3"])
	assert.Equal(t, []any{"gold", "emea"}, vals["23228_5"])
	changes := countEvents(sim.AuditTrail(ws.ID), xecmtest.EventAttributeValueChanged)

	// The same record again writes nothing.
	res, err = c.Workspaces.UpdateFromRecord(ctx, ws.ID, record, mapping)
	require.NoError(t, err)
	assert.Empty(t, res.Changed)
	assert.Empty(t, res.Fields)
	assert.Equal(t, 5, res.Unchanged)
	assert.Equal(t, changes, countEvents(sim.AuditTrail(ws.ID), xecmtest.EventAttributeValueChanged))

	record["Industry"] = "Retail"
	res, err = c.Workspaces.UpdateFromRecord(ctx, ws.ID, record, mapping)
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"23228_4": "Retail"}, res.Changed)
	assert.Equal(t, []string{"Industry"}, res.Fields)
	vals, _ = sim.CategoryValues(ws.ID, xecmtest.CategoryCustomer)
	assert.Equal(t, "Retail", vals["23228_4"])

	_, err = c.Workspaces.UpdateFromRecord(ctx, ws.ID, record, xecm.RecordMapping{"Name": "Nickname"})
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	assert.ErrorContains(t, err, "Nickname")
}

func countEvents(trail []xecmtest.AuditEntry, eventType int) int {
	n := 0
	for _, e := range trail {
		if e.EventType == eventType {
			n++
		}
	}
	return n
}

func TestWorkspaceCreateWithValuesByName(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	req := customerRequest("VAL1")
	req.Values = []*xecm.CategoryValues{xecm.NewCategoryValues(xecmtest.CategoryCustomer).
		Set("Country", "Norway").Set("Customer Name", "Fjord AS")}
	ws, err := c.Workspaces.Create(ctx, req)
	require.NoError(t, err)
	vals, _ := sim.CategoryValues(ws.ID, xecmtest.CategoryCustomer)
	assert.Equal(t, "Norway", vals["23228_2"])
	assert.Equal(t, "Fjord AS", vals["23228_3"])

	// A name the definition does not know fails before anything is created.
	bad := customerRequest("VAL2")
	bad.Values = []*xecm.CategoryValues{xecm.NewCategoryValues(xecmtest.CategoryCustomer).Set("Colour", "red")}
	_, err = c.Workspaces.Create(ctx, bad)
	require.ErrorIs(t, err, xecm.ErrInvalidArgument)
	assert.ErrorContains(t, err, "Colour")
	_, err = c.Workspaces.GetByBusinessObject(ctx, *bad.BusinessObject)
	assert.ErrorIs(t, err, xecm.ErrNotFound)
}

func TestWorkspaceDeleteAgainstSimulator(t *testing.T) {
	_, c := startSim(t)
	ctx := t.Context()
	ws, err := c.Workspaces.Create(ctx, customerRequest("DEL1"))
	require.NoError(t, err)
	require.NoError(t, c.Workspaces.Delete(ctx, ws.ID))
	_, err = c.Workspaces.Get(ctx, ws.ID)
	require.ErrorIs(t, err, xecm.ErrNotFound)
	require.ErrorIs(t, c.Workspaces.Delete(ctx, 0), xecm.ErrInvalidArgument)
}

// Ensure takes Values like Create: a workspace it creates carries them,
// and a bad name fails before anything is created.
func TestWorkspaceEnsureAppliesValuesByName(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	req := customerRequest("ENS-V1")
	req.Values = []*xecm.CategoryValues{xecm.NewCategoryValues(xecmtest.CategoryCustomer).
		Set("Country", "Norway").Set("Customer Name", "Fjord AS")}
	ws, created, err := c.Workspaces.Ensure(ctx, req)
	require.NoError(t, err)
	require.True(t, created)
	vals, _ := sim.CategoryValues(ws.ID, xecmtest.CategoryCustomer)
	assert.Equal(t, "Norway", vals["23228_2"])
	assert.Equal(t, "Fjord AS", vals["23228_3"])

	bad := customerRequest("ENS-V2")
	bad.Values = []*xecm.CategoryValues{xecm.NewCategoryValues(xecmtest.CategoryCustomer).Set("Colour", "red")}
	_, _, err = c.Workspaces.Ensure(ctx, bad)
	require.ErrorIs(t, err, xecm.ErrInvalidArgument)
	_, err = c.Workspaces.GetByBusinessObject(ctx, *bad.BusinessObject)
	assert.ErrorIs(t, err, xecm.ErrNotFound, "nothing was created")
}

// A create whose answer is lost went through: Ensure finds that workspace
// and there is exactly one.
func TestWorkspaceEnsureAfterALostCreateAnswer(t *testing.T) {
	sim, c := startSim(t)
	req := customerRequest("ENS-LOST")
	sim.InjectFault(xecmtest.Fault{Method: http.MethodPost, Path: "/v2/businessworkspaces", Kind: xecmtest.FaultDropAfterCommit})
	ws, _, err := c.Workspaces.Ensure(t.Context(), req)
	require.NoError(t, err)
	var n int
	for _, w := range sim.Workspaces() {
		if len(w.References) > 0 && w.References[0].BOID == "ENS-LOST" {
			n++
			assert.Equal(t, w.NodeID, ws.ID)
		}
	}
	assert.Equal(t, 1, n)
}
