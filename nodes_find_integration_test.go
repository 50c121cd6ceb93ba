package xecm_test

import (
	"bytes"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

func TestNodesVolumes(t *testing.T) {
	_, c := startSim(t)
	ctx := t.Context()

	vols, err := c.Nodes.Volumes(ctx)
	require.NoError(t, err)
	byType := map[int]int64{}
	for _, v := range vols {
		byType[v.Type] = v.ID
	}
	assert.Equal(t, xecmtest.EnterpriseWorkspaceID, byType[xecm.VolumeEnterprise])
	assert.Equal(t, xecmtest.CategoriesVolumeID, byType[xecm.VolumeCategories])
	assert.NotZero(t, byType[xecm.VolumePersonal], "the caller's Personal Workspace is among them")

	ent, err := c.Nodes.Volume(ctx, xecm.VolumeEnterprise)
	require.NoError(t, err)
	assert.Equal(t, xecmtest.EnterpriseWorkspaceID, ent.ID)
	assert.Equal(t, "Enterprise Workspace", ent.Name)

	personal, err := c.Nodes.Volume(ctx, xecm.VolumePersonal)
	require.NoError(t, err)
	assert.Equal(t, byType[xecm.VolumePersonal], personal.ID)

	_, err = c.Nodes.Volume(ctx, 4242)
	var apiErr *xecm.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Contains(t, apiErr.Message, "Subtype 4242 not registered")

	_, err = c.Nodes.Volume(ctx, 0)
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
}

func TestNodesChildByNameIsExact(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	corp := sim.AddFolder(xecmtest.EnterpriseWorkspaceID, "ACME Corp")
	acme := sim.AddFolder(xecmtest.EnterpriseWorkspaceID, "ACME")

	n, err := c.Nodes.ChildByName(ctx, xecmtest.EnterpriseWorkspaceID, "ACME")
	require.NoError(t, err)
	assert.Equal(t, acme, n.ID)
	n, err = c.Nodes.ChildByName(ctx, xecmtest.EnterpriseWorkspaceID, "ACME Corp")
	require.NoError(t, err)
	assert.Equal(t, corp, n.ID)

	_, err = c.Nodes.ChildByName(ctx, xecmtest.EnterpriseWorkspaceID, "acme")
	require.ErrorIs(t, err, xecm.ErrNotFound, "names are compared exactly")
	assert.Contains(t, err.Error(), `no item named "acme"`)
}

func TestNodesByPath(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	customers := sim.AddFolder(xecmtest.EnterpriseWorkspaceID, "Customers")
	acme := sim.AddFolder(customers, "ACME")
	contracts := sim.AddFolder(acme, "Contracts")

	n, err := c.Nodes.ByPath(ctx, xecmtest.EnterpriseWorkspaceID, "Customers/ACME/Contracts")
	require.NoError(t, err)
	assert.Equal(t, contracts, n.ID)
	n, err = c.Nodes.ByPath(ctx, xecmtest.EnterpriseWorkspaceID, "/Customers//ACME/")
	require.NoError(t, err)
	assert.Equal(t, acme, n.ID)
	n, err = c.Nodes.ByVolumePath(ctx, xecm.VolumeEnterprise, "Customers/ACME/Contracts")
	require.NoError(t, err)
	assert.Equal(t, contracts, n.ID)

	_, err = c.Nodes.ByPath(ctx, xecmtest.EnterpriseWorkspaceID, "Customers/ACME/Invoices/2025")
	require.ErrorIs(t, err, xecm.ErrNotFound)
	assert.Contains(t, err.Error(), `path "Customers/ACME/Invoices/2025": under "Customers/ACME"`)
	assert.Contains(t, err.Error(), `no item named "Invoices"`)

	cat, err := c.Nodes.ByVolumePath(ctx, xecm.VolumeCategories, "Contract")
	require.NoError(t, err)
	assert.Equal(t, xecmtest.ContractCategoryID, cat.ID)
	assert.Equal(t, xecm.TypeCategory, cat.Type)
}

func TestNodesEnsurePathCreatesOnlyWhatIsMissing(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	customers := sim.AddFolder(xecmtest.EnterpriseWorkspaceID, "Customers")

	n, err := c.Nodes.EnsurePath(ctx, xecmtest.EnterpriseWorkspaceID, "Customers/Beta/Invoices")
	require.NoError(t, err)
	beta := sim.Children(customers)
	require.Len(t, beta, 1)
	assert.Equal(t, "Beta", beta[0].Name)
	inv := sim.Children(beta[0].ID)
	require.Len(t, inv, 1)
	assert.Equal(t, inv[0].ID, n.ID)

	again, err := c.Nodes.EnsurePath(ctx, xecmtest.EnterpriseWorkspaceID, "Customers/Beta/Invoices")
	require.NoError(t, err)
	assert.Equal(t, n.ID, again.ID)

	_, err = c.Documents.Upload(ctx, xecm.DocumentUploadRequest{ParentID: n.ID, Name: "2025", MimeType: "text/plain", Content: bytes.NewReader([]byte("x"))})
	require.NoError(t, err)
	_, err = c.Nodes.EnsurePath(ctx, xecmtest.EnterpriseWorkspaceID, "Customers/Beta/Invoices/2025/Q1")
	require.ErrorIs(t, err, xecm.ErrConflict)
	assert.Contains(t, err.Error(), `"Customers/Beta/Invoices/2025" is a Document`)
}

// Callers racing to create the same path end with one folder per name.
func TestNodesEnsurePathConcurrently(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	const callers = 8
	start := make(chan struct{})
	ids := make([]int64, callers)
	errs := make([]error, callers)
	var wg sync.WaitGroup
	for i := range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			n, err := c.Nodes.EnsurePath(ctx, xecmtest.EnterpriseWorkspaceID, "Customers/Gamma/Contracts")
			errs[i] = err
			if err == nil {
				ids[i] = n.ID
			}
		}()
	}
	close(start)
	wg.Wait()
	for i := range callers {
		require.NoError(t, errs[i])
		assert.Equal(t, ids[0], ids[i])
	}
	top := sim.Children(xecmtest.EnterpriseWorkspaceID)
	var customers []xecmtest.Node
	for _, n := range top {
		if n.Name == "Customers" {
			customers = append(customers, n)
		}
	}
	require.Len(t, customers, 1, "one Customers folder")
	require.Len(t, sim.Children(customers[0].ID), 1, "one Gamma folder")
	require.Len(t, sim.Children(sim.Children(customers[0].ID)[0].ID), 1, "one Contracts folder")
}

// The other caller wins between our lookup and our create: the server
// answers "already exists" and the folder it made is used.
func TestNodesEnsurePathLosesTheRace(t *testing.T) {
	var sim *xecmtest.Server
	var winner int64
	sim, c := startSim(t, xecm.WithTransport(roundTripFunc(func(r *http.Request) (*http.Response, error) {
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/api/v2/nodes") && winner == 0 {
			winner = sim.AddFolder(xecmtest.EnterpriseWorkspaceID, "Delta")
		}
		return http.DefaultTransport.RoundTrip(r)
	})))
	n, err := c.Nodes.EnsurePath(t.Context(), xecmtest.EnterpriseWorkspaceID, "Delta")
	require.NoError(t, err)
	assert.Equal(t, winner, n.ID)
	var refused int
	for _, r := range sim.Requests() {
		if r.Method == http.MethodPost && r.APIPath == "/v2/nodes" && r.Status == http.StatusInternalServerError {
			refused++
		}
	}
	assert.Equal(t, 1, refused, "our create was refused as a duplicate")
}
