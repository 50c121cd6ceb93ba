package xecm_test

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

func contractValues() *xecm.CategoryValues {
	return xecm.NewCategoryValues(xecmtest.ContractCategoryID).
		Set("Deal ID", "D-1042").
		Set("Account Name", "Globex").
		Set("Amount", 250000).
		Set("Signed Date", time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)).
		Set("Region", []string{"EMEA", "APAC"}).
		SetRow("Parties", 1, "Name", "Globex Ltd").
		SetRow("Parties", 1, "Role", "Buyer").
		SetRow("Parties", 2, "Name", "Initech").
		SetRow("Parties", 2, "Role", "Seller")
}

func TestMetadataApplyGetListRemove(t *testing.T) {
	srv, c := startSim(t)
	ctx := t.Context()
	folder := srv.AddFolder(xecmtest.EnterpriseWorkspaceID, "Deals")

	require.NoError(t, c.Metadata.Apply(ctx, folder, contractValues()))
	require.NoError(t, c.Metadata.Apply(ctx, folder, xecm.NewCategoryValues(xecmtest.CustomerCategoryID).
		Set("Customer Number", "C-77").Set("Active", true).Set("Account Manager", int64(1001))))

	cat, err := c.Metadata.Get(ctx, folder, xecmtest.ContractCategoryID)
	require.NoError(t, err)
	assert.Equal(t, "Contract", cat.Name)
	v, ok := cat.Value("Deal ID")
	assert.True(t, ok)
	assert.Equal(t, "D-1042", v)
	amount, _ := cat.Value("Amount")
	assert.EqualValues(t, "250000", amount.(interface{ String() string }).String())
	region, _ := cat.Value("Region")
	assert.Equal(t, []any{"EMEA", "APAC"}, region)
	signed, _ := cat.Value("Signed Date")
	assert.Equal(t, "2025-06-30T00:00:00", signed)
	assert.Equal(t, 2, cat.Rows("Parties"))
	role, ok := cat.RowValue("Parties", 2, "Role")
	assert.True(t, ok)
	assert.Equal(t, "Seller", role)

	// The definition read with ?metadata is typed.
	d := cat.Definition
	require.NotNil(t, d)
	region2, ok := d.Attribute("region")
	require.True(t, ok, "names match case-insensitively")
	assert.Equal(t, xecm.AttrString, region2.Type)
	assert.True(t, region2.MultiValue)
	assert.Equal(t, 3, region2.MaxValues)
	parties, _ := d.Attribute("Parties")
	assert.Equal(t, xecm.AttrSet, parties.Type)
	assert.Equal(t, 5, parties.MaxRows)
	assert.Equal(t, "9830_7_x_9", parties.Attributes[1].Key)

	list, err := c.Metadata.List(ctx, folder)
	require.NoError(t, err)
	require.Len(t, list, 2)
	assert.ElementsMatch(t, []int64{xecmtest.ContractCategoryID, xecmtest.CustomerCategoryID}, []int64{list[0].ID, list[1].ID})
	for _, cc := range list {
		if cc.ID == xecmtest.CustomerCategoryID {
			active, _ := cc.Value("Active")
			assert.Equal(t, true, active)
		}
	}

	require.NoError(t, c.Metadata.Remove(ctx, folder, xecmtest.CustomerCategoryID))
	_, err = c.Metadata.Get(ctx, folder, xecmtest.CustomerCategoryID)
	assert.ErrorIs(t, err, xecm.ErrNotFound)

	// Every change was audited as Attribute Value Changed.
	n := 0
	for _, e := range srv.AuditTrail(folder) {
		if e.EventType == xecmtest.EventAttributeValueChanged {
			n++
		}
	}
	assert.Equal(t, 3, n)
}

func TestMetadataDefinitionFromForm(t *testing.T) {
	srv, c := startSim(t)
	folder := srv.AddFolder(xecmtest.EnterpriseWorkspaceID, "Parent")
	d, err := c.Metadata.Definition(t.Context(), folder, xecmtest.ContractCategoryID)
	require.NoError(t, err)
	assert.Equal(t, "Contract", d.Name)
	names := []string{}
	for _, a := range d.Attributes {
		names = append(names, a.Name)
	}
	assert.Equal(t, []string{"Deal ID", "Account Name", "Amount", "Signed Date", "Region", "Parties"}, names)
	deal, _ := d.Attribute("Deal ID")
	assert.True(t, deal.Required)
	assert.Equal(t, 20, deal.MaxLength)
	signed, _ := d.Attribute("Signed Date")
	assert.Equal(t, xecm.AttrDate, signed.Type)
	amount, _ := d.Attribute("Amount")
	assert.Equal(t, xecm.AttrInteger, amount.Type)
	region, _ := d.Attribute("Region")
	assert.Equal(t, []string{"EMEA", "APAC", "AMER", "LATAM"}, region.ValidValues)
	parties, _ := d.Attribute("Parties")
	role, ok := parties.Member("Role")
	require.True(t, ok)
	assert.Equal(t, "9830_7_x_9", role.Key)

	// Cached: no second form request; and the copy cannot hurt the cache.
	d.Attributes[0].Name = "changed"
	srv.ResetRequests()
	d2, err := c.Metadata.Definition(t.Context(), folder, xecmtest.ContractCategoryID)
	require.NoError(t, err)
	assert.Equal(t, "Deal ID", d2.Attributes[0].Name)
	assert.Empty(t, srv.Requests())

	cust, err := c.Metadata.Definition(t.Context(), folder, xecmtest.CustomerCategoryID)
	require.NoError(t, err)
	mgr, _ := cust.Attribute("Account Manager")
	assert.Equal(t, xecm.AttrUser, mgr.Type)
	active, _ := cust.Attribute("Active")
	assert.Equal(t, xecm.AttrBoolean, active.Type)
}

func TestMetadataResolveFlatAndNested(t *testing.T) {
	srv, c := startSim(t)
	parent := srv.AddFolder(xecmtest.EnterpriseWorkspaceID, "Parent")
	r, err := c.Metadata.Resolve(t.Context(), parent, contractValues(), xecm.NewCategoryValues(xecmtest.CustomerCategoryID).Set("Customer Number", "C-1"))
	require.NoError(t, err)
	flat := r.Flat()
	assert.Equal(t, "D-1042", flat["9830_2"])
	assert.Equal(t, int64(250000), flat["9830_4"])
	assert.Equal(t, "2025-06-30T00:00:00", flat["9830_5"])
	assert.Equal(t, []any{"EMEA", "APAC"}, flat["9830_6"])
	assert.Equal(t, "Seller", flat["9830_7_2_9"])
	assert.Equal(t, "C-1", flat["6228_2"])
	nested := r.Nested()
	assert.Equal(t, "D-1042", nested["9830"].(map[string]any)["9830_2"])
	assert.Equal(t, "C-1", nested["6228"].(map[string]any)["6228_2"])
	assert.Equal(t, []int64{9830, 6228}, r.CategoryIDs())

	// Raw keys only: no definition is read.
	srv.ResetRequests()
	raw, err := c.Metadata.Resolve(t.Context(), parent, xecm.NewCategoryValues(4711).SetKey("4711_2", "x"))
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"4711_2": "x"}, raw.Flat())
	assert.Empty(t, srv.Requests())
	_, err = c.Metadata.Resolve(t.Context(), parent, xecm.NewCategoryValues(4711).SetKey("9830_2", "x"))
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)

	// Defaults: a category with no values is applied with {cat}_1: {}.
	def, err := c.Metadata.Resolve(t.Context(), parent, xecm.NewCategoryValues(4711))
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"4711_1": map[string]any{}}, def.Flat())
}

func TestMetadataValidationErrors(t *testing.T) {
	srv, c := startSim(t)
	parent := srv.AddFolder(xecmtest.EnterpriseWorkspaceID, "Parent")
	cat := func() *xecm.CategoryValues {
		return xecm.NewCategoryValues(xecmtest.ContractCategoryID).Set("Deal ID", "D-1")
	}
	cases := []struct {
		name      string
		vals      *xecm.CategoryValues
		attribute string
		problem   string
	}{
		{"unknown attribute", cat().Set("Deal Id2", "x"), "Deal Id2", "no such attribute"},
		{"wrong type", cat().Set("Amount", "lots"), "Amount", "whole number"},
		{"wrong type for text", cat().Set("Account Name", 12), "Account Name", "wants text"},
		{"bad date", cat().Set("Signed Date", "yesterday"), "Signed Date", "wants a date"},
		{"missing required", xecm.NewCategoryValues(xecmtest.ContractCategoryID).Set("Account Name", "A"), "Deal ID", "required"},
		{"required set to empty", xecm.NewCategoryValues(xecmtest.ContractCategoryID).Set("Deal ID", ""), "Deal ID", "required"},
		{"too long", cat().Set("Account Name", string(make([]byte, 65))), "Account Name", "too long: 65 characters, at most 64"},
		{"too many values", cat().Set("Region", []string{"EMEA", "APAC", "AMER", "LATAM"}), "Region", "too many values: 4 given, at most 3"},
		{"not a valid value", cat().Set("Region", []string{"MARS"}), "Region", "not one of the valid values"},
		{"list for single value", cat().Set("Amount", []int{1, 2}), "Amount", "single value"},
		{"set given with Set", cat().Set("Parties", "x"), "Parties", "is a set"},
		{"unknown set", cat().SetRow("Partys", 1, "Name", "x"), "Partys[1].Name", "no set named"},
		{"unknown set member", cat().SetRow("Parties", 1, "Nome", "x"), "Parties[1].Nome", "no attribute"},
		{"row out of range", cat().SetRow("Parties", 6, "Name", "x"), "Parties[6].Name", "out of range"},
		{"row zero", cat().SetRow("Parties", 0, "Name", "x"), "Parties[0].Name", "out of range"},
		{"required set member", cat().SetRow("Parties", 1, "Role", "Buyer"), "Parties[1].Name", "required"},
		{"unknown raw key", cat().SetKey("9830_99", "x"), "9830_99", "no attribute"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv.ResetRequests()
			_, err := c.Metadata.Resolve(t.Context(), parent, tc.vals)
			require.Error(t, err)
			assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
			var ae *xecm.AttributeError
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, xecmtest.ContractCategoryID, ae.CategoryID)
			assert.Equal(t, "Contract", ae.Category)
			assert.Equal(t, tc.attribute, ae.Attribute)
			assert.Contains(t, ae.Problem, tc.problem)
			assert.Contains(t, err.Error(), `"Contract"`)
			// Apply refuses the same values before writing anything.
			err = c.Metadata.Apply(t.Context(), parent, tc.vals)
			assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
			for _, r := range srv.Requests() {
				if r.APIPath != "/v1/auth" {
					assert.Equal(t, "GET", r.Method, "nothing may be written: %s %s", r.Method, r.APIPath)
				}
			}
		})
	}

	// All problems are reported at once.
	_, err := c.Metadata.Resolve(t.Context(), parent, xecm.NewCategoryValues(xecmtest.ContractCategoryID).
		Set("Amount", "x").Set("Nope", 1))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"Amount"`)
	assert.Contains(t, err.Error(), `"Nope"`)
	assert.Contains(t, err.Error(), `"Deal ID"`)

	// Bad input never panics and is refused before any request.
	_, err = c.Metadata.Resolve(t.Context(), parent, nil)
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	_, err = c.Metadata.Resolve(t.Context(), 0, cat())
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	_, err = c.Metadata.Resolve(t.Context(), parent, xecm.NewCategoryValues(-1))
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	_, err = c.Metadata.Resolve(t.Context(), parent, cat(), cat())
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	assert.ErrorIs(t, c.Metadata.Apply(t.Context(), parent, nil), xecm.ErrInvalidArgument)
	_, err = c.Metadata.Update(t.Context(), parent, xecm.NewCategoryValues(xecmtest.ContractCategoryID), nil)
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	assert.ErrorIs(t, c.Metadata.UpdateRetry(t.Context(), parent, xecmtest.ContractCategoryID, nil, nil), xecm.ErrInvalidArgument)
	assert.ErrorIs(t, c.Metadata.ApplyToSubItems(t.Context(), parent, xecm.ApplyDownRequest{}), xecm.ErrInvalidArgument)
	assert.ErrorIs(t, c.Metadata.ApplyToSubItems(t.Context(), parent, xecm.ApplyDownRequest{
		Categories: []xecm.CategoryApplyDown{{CategoryID: 9830, Action: "explode"}}}), xecm.ErrInvalidArgument)
	assert.ErrorIs(t, c.Metadata.Upgrade(t.Context(), parent), xecm.ErrInvalidArgument)
}

func TestMetadataUpdateTokenAndConflict(t *testing.T) {
	srv, c := startSim(t)
	ctx := t.Context()
	folder := srv.AddFolder(xecmtest.EnterpriseWorkspaceID, "Deal")
	require.NoError(t, c.Metadata.Apply(ctx, folder, contractValues()))

	tok, err := c.Metadata.Token(ctx, folder, xecmtest.ContractCategoryID)
	require.NoError(t, err)
	require.NotEmpty(t, tok)
	next, err := c.Metadata.Update(ctx, folder, xecm.NewCategoryValues(xecmtest.ContractCategoryID).
		Set("Amount", 300000).RemoveRow("Parties", 2), &xecm.CategoryUpdateOptions{MetadataToken: tok})
	require.NoError(t, err)
	assert.NotEmpty(t, next)
	assert.NotEqual(t, tok, next)
	cur, err := c.Metadata.Token(ctx, folder, xecmtest.ContractCategoryID)
	require.NoError(t, err)
	assert.Equal(t, next, cur, "the token returned by Update is the current one")

	vals, ok := srv.CategoryValues(folder, xecmtest.ContractCategoryID)
	require.True(t, ok)
	assert.EqualValues(t, 300000, vals["9830_4"])
	assert.Equal(t, "D-1042", vals["9830_2"], "values not given are kept")
	_, hasRow2 := vals["9830_7_2_8"]
	assert.False(t, hasRow2, "row 2 removed")

	// The old token is stale now.
	_, err = c.Metadata.Update(ctx, folder, xecm.NewCategoryValues(xecmtest.ContractCategoryID).Set("Amount", 1),
		&xecm.CategoryUpdateOptions{MetadataToken: tok})
	assert.ErrorIs(t, err, xecm.ErrConflict)

	// On update, required attributes need not be repeated.
	_, err = c.Metadata.Update(ctx, folder, xecm.NewCategoryValues(xecmtest.ContractCategoryID).Set("Account Name", "Acme"), nil)
	require.NoError(t, err)
}

func TestMetadataUpdateRetryRace(t *testing.T) {
	srv, _ := startSim(t)
	ctx := t.Context()
	folder := srv.AddFolder(xecmtest.EnterpriseWorkspaceID, "Counter")
	// Two independent writers (separate clients, separate sessions).
	newClient := func() *xecm.Client {
		c, err := xecm.NewClient(srv.URL, xecm.WithPassword("Admin", "livelink"), xecm.WithRetryPolicy(fastRetries))
		require.NoError(t, err)
		return c
	}
	a, b := newClient(), newClient()
	require.NoError(t, a.Metadata.Apply(ctx, folder, xecm.NewCategoryValues(xecmtest.ContractCategoryID).
		Set("Deal ID", "D-1").Set("Amount", 0)))

	// increment adds one to Amount; the gate makes both writers read the
	// same token before either writes, so one of them must lose once.
	var gate sync.WaitGroup
	gate.Add(2)
	var once [2]sync.Once
	var calls [2]int
	increment := func(i int) xecm.CategoryChange {
		return func(cur *xecm.Category) (*xecm.CategoryValues, error) {
			calls[i]++
			once[i].Do(func() { gate.Done(); gate.Wait() })
			v, _ := cur.Value("Amount")
			n, err := v.(interface{ Int64() (int64, error) }).Int64()
			if err != nil {
				return nil, err
			}
			return xecm.NewCategoryValues(xecmtest.ContractCategoryID).Set("Amount", n+1), nil
		}
	}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, cl := range []*xecm.Client{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = cl.Metadata.UpdateRetry(ctx, folder, xecmtest.ContractCategoryID, increment(i), nil)
		}()
	}
	wg.Wait()
	require.NoError(t, errs[0])
	require.NoError(t, errs[1])
	vals, _ := srv.CategoryValues(folder, xecmtest.ContractCategoryID)
	assert.EqualValues(t, 2, vals["9830_4"], "no increment lost")
	assert.Equal(t, 3, calls[0]+calls[1], "the loser re-read and retried once")

	// A bound of one attempt surfaces the conflict.
	stale := func(cur *xecm.Category) (*xecm.CategoryValues, error) {
		// Someone else writes between our read and our write.
		_, err := a.Metadata.Update(ctx, folder, xecm.NewCategoryValues(xecmtest.ContractCategoryID).Set("Account Name", time.Now().String()), nil)
		if err != nil {
			return nil, err
		}
		return xecm.NewCategoryValues(xecmtest.ContractCategoryID).Set("Amount", 99), nil
	}
	err := b.Metadata.UpdateRetry(ctx, folder, xecmtest.ContractCategoryID, stale, &xecm.UpdateRetryOptions{MaxAttempts: 2})
	assert.ErrorIs(t, err, xecm.ErrConflict)
	assert.Contains(t, err.Error(), "2 attempts")

	// A change that needs nothing writes nothing; a change error stops.
	assert.NoError(t, b.Metadata.UpdateRetry(ctx, folder, xecmtest.ContractCategoryID,
		func(*xecm.Category) (*xecm.CategoryValues, error) { return nil, nil }, nil))
	boom := errors.New("boom")
	assert.ErrorIs(t, b.Metadata.UpdateRetry(ctx, folder, xecmtest.ContractCategoryID,
		func(*xecm.Category) (*xecm.CategoryValues, error) { return nil, boom }, nil), boom)
}

func TestMetadataInheritanceApplyDownUpgrade(t *testing.T) {
	srv, c := startSim(t)
	ctx := t.Context()
	parent := srv.AddFolder(xecmtest.EnterpriseWorkspaceID, "Parent")
	child := srv.AddFolder(parent, "Child")
	grandchild := srv.AddFolder(child, "Grandchild")
	require.NoError(t, c.Metadata.Apply(ctx, parent, xecm.NewCategoryValues(xecmtest.CustomerCategoryID).Set("Customer Number", "C-9")))

	require.NoError(t, c.Metadata.SetInheritance(ctx, parent, xecmtest.CustomerCategoryID, true))
	require.NoError(t, c.Metadata.SetInheritance(ctx, parent, xecmtest.CustomerCategoryID, false))
	assert.Error(t, c.Metadata.SetInheritance(ctx, parent, xecmtest.ContractCategoryID, true), "not on the node")

	require.NoError(t, c.Metadata.ApplyToSubItems(ctx, parent, xecm.ApplyDownRequest{
		Categories: []xecm.CategoryApplyDown{{CategoryID: xecmtest.CustomerCategoryID}}}))
	for _, id := range []int64{child, grandchild} {
		vals, ok := srv.CategoryValues(id, xecmtest.CustomerCategoryID)
		require.True(t, ok, "node %d got the category", id)
		assert.Equal(t, "C-9", vals["6228_2"])
	}

	// The simulated categories are at their latest version.
	err := c.Metadata.Upgrade(ctx, parent, xecmtest.CustomerCategoryID)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "already the latest version")
}

// TestCreateWithCategoriesAndRMClassification is the "documents with deal
// ID, account name and retention category applied at creation" flow: one
// upload carries the Contract values set by name and the RM classification;
// the audit trail shows all three.
func TestCreateWithCategoriesAndRMClassification(t *testing.T) {
	srv, c := startSim(t)
	ctx := t.Context()
	parent := srv.AddFolder(xecmtest.EnterpriseWorkspaceID, "Deals")

	res, err := c.Documents.Upload(ctx, xecm.DocumentUploadRequest{
		ParentID: parent, Name: "Deal D-1042.pdf", MimeType: "application/pdf",
		Content:            strings.NewReader("%PDF-1.7 signed contract"),
		Values:             []*xecm.CategoryValues{contractValues()},
		RMClassificationID: xecmtest.RMClassContracts,
		RecordDetails: &xecm.RecordDetailsUpdate{Status: xecm.Ptr("ACTIVE"), Official: xecm.Ptr(true),
			RecordDate: xecm.Ptr(time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC))},
	})
	require.NoError(t, err)
	id := res.Node.ID

	vals, ok := srv.CategoryValues(id, xecmtest.ContractCategoryID)
	require.True(t, ok)
	assert.Equal(t, "D-1042", vals["9830_2"])
	assert.Equal(t, "Initech", vals["9830_7_2_8"])
	rec, err := c.Records.Get(ctx, id)
	require.NoError(t, err)
	p, ok := rec.Primary()
	require.True(t, ok)
	assert.Equal(t, xecmtest.RMClassContracts, p.ClassID)
	assert.True(t, p.Official)
	assert.Equal(t, "CON-7Y", p.RSI)

	var types []int
	for ev, err := range c.Audit.ListIter(ctx, id, &xecm.AuditListOptions{Ascending: true}) {
		require.NoError(t, err)
		types = append(types, ev.EventType)
	}
	assert.ElementsMatch(t, []int{xecm.AuditCreate, xecm.AuditAttributeChanged, xecm.AuditClassificationSet}, types)

	// A value the definition refuses stops the upload before it is sent.
	bad := xecm.NewCategoryValues(xecmtest.ContractCategoryID).Set("Deal ID", "D-1").Set("Region", []string{"MARS"})
	_, err = c.Documents.Upload(ctx, xecm.DocumentUploadRequest{ParentID: parent, Name: "bad.pdf",
		Content: strings.NewReader("x"), Values: []*xecm.CategoryValues{bad}})
	require.ErrorIs(t, err, xecm.ErrInvalidArgument)
	assert.ErrorContains(t, err, "Region")
	assert.Empty(t, childrenNamed(srv, parent, "bad.pdf"))
}

// A date at local midnight in another zone stays that day (it was shifted
// to the previous day by a conversion to UTC).
func TestMetadataDateKeepsTheCallersDay(t *testing.T) {
	srv, c := startSim(t)
	parent := srv.AddFolder(xecmtest.EnterpriseWorkspaceID, "Parent")
	cest := time.FixedZone("CEST", 2*3600)
	v := xecm.NewCategoryValues(xecmtest.ContractCategoryID).Set("Deal ID", "D-1").Set("Signed Date", time.Date(2025, 6, 30, 0, 0, 0, 0, cest))
	r, err := c.Metadata.Resolve(t.Context(), parent, v)
	require.NoError(t, err)
	assert.Equal(t, "2025-06-30T00:00:00", r.Flat()["9830_5"])
}

// On update, required attributes need not be given, but clearing one
// (nil or "") is a missing required value: refused before anything is sent.
func TestMetadataUpdateRefusesToClearARequiredValue(t *testing.T) {
	srv, c := startSim(t)
	ctx := t.Context()
	folder := srv.AddFolder(xecmtest.EnterpriseWorkspaceID, "Deal")
	require.NoError(t, c.Metadata.Apply(ctx, folder, contractValues()))
	for name, v := range map[string]*xecm.CategoryValues{
		"nil":        xecm.NewCategoryValues(xecmtest.ContractCategoryID).Set("Deal ID", nil),
		"empty":      xecm.NewCategoryValues(xecmtest.ContractCategoryID).Set("Deal ID", ""),
		"set member": xecm.NewCategoryValues(xecmtest.ContractCategoryID).SetRow("Parties", 1, "Name", ""),
	} {
		_, err := c.Metadata.Update(ctx, folder, v, nil)
		assert.ErrorIs(t, err, xecm.ErrInvalidArgument, name)
		assert.ErrorContains(t, err, "required", name)
	}
	vals, _ := srv.CategoryValues(folder, xecmtest.ContractCategoryID)
	assert.Equal(t, "D-1042", vals["9830_2"])
	assert.Equal(t, "Globex Ltd", vals["9830_7_1_8"])
}

func TestMetadataApplyAndUpdateNeedCategoryIDs(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	folder := sim.AddFolder(xecmtest.EnterpriseWorkspaceID, "F")
	sim.ResetRequests()
	err := c.Metadata.Apply(ctx, folder, xecm.NewCategoryValuesByName("Contract").Set("Deal ID", "D-1"))
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	assert.ErrorContains(t, err, `Metadata.Apply: the values name category "Contract": give its ID with NewCategoryValues`)
	_, err = c.Metadata.Update(ctx, folder, xecm.NewCategoryValuesByName("Contract").Set("Deal ID", "D-1"), nil)
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	assert.Empty(t, sim.Requests(), "refused before any request")
}
