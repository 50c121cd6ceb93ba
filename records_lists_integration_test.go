package xecm_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

func TestRSINamesAndNodeRSIs(t *testing.T) {
	srv, c := startSim(t)
	ctx := t.Context()

	names, err := c.Records.RSINames(ctx)
	require.NoError(t, err)
	assert.Equal(t, []string{"CON-7Y", "CUS-10Y", "HR-PERM"}, names)
	names, err = c.Records.SearchRSINames(ctx, "10y")
	require.NoError(t, err)
	assert.Equal(t, []string{"CUS-10Y"}, names)

	doc := srv.AddFolder(xecmtest.EnterpriseWorkspaceID, "Signed lease")
	rsis, err := c.Records.NodeRSIs(ctx, doc)
	require.NoError(t, err)
	assert.Empty(t, rsis)
	require.NoError(t, c.Records.Apply(ctx, doc, xecmtest.RMClassContracts, &xecm.RecordApplyOptions{FirstClassification: true}))
	rsis, err = c.Records.NodeRSIs(ctx, doc)
	require.NoError(t, err)
	assert.Equal(t, []xecm.NodeRSI{{ClassID: xecmtest.RMClassContracts, RSI: "CON-7Y"}}, rsis)
	_, err = c.Records.NodeRSIs(ctx, 0)
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
}

func TestClassifiedItems(t *testing.T) {
	srv, c := startSim(t)
	ctx := t.Context()
	var want []int64
	for _, name := range []string{"Lease A", "Lease B", "Lease C"} {
		id := srv.AddFolder(xecmtest.EnterpriseWorkspaceID, name)
		require.NoError(t, c.Records.Apply(ctx, id, xecmtest.RMClassContracts, &xecm.RecordApplyOptions{FirstClassification: true}))
		want = append(want, id)
	}
	hr := srv.AddFolder(xecmtest.EnterpriseWorkspaceID, "Personnel file")
	require.NoError(t, c.Records.Apply(ctx, hr, xecmtest.RMClassHumanResources, nil))

	p, err := c.Records.ClassifiedItems(ctx, xecmtest.RMClassContracts, &xecm.RMItemsOptions{Limit: 2, Sort: "desc_name"})
	require.NoError(t, err)
	require.Len(t, p.Items, 2)
	assert.Equal(t, "Lease C", p.Items[0].Name)
	assert.Equal(t, 3, p.TotalCount)
	var got []int64
	for n, err := range c.Records.ClassifiedItemsIter(ctx, xecmtest.RMClassContracts, &xecm.RMItemsOptions{Limit: 2}) {
		require.NoError(t, err)
		got = append(got, n.ID)
	}
	assert.ElementsMatch(t, want, got)

	// Standard classifications list their items too.
	require.NoError(t, c.Records.AddClassifications(ctx, hr, xecmtest.ClassificationLegal))
	p, err = c.Records.ClassifiedItems(ctx, xecmtest.ClassificationLegal, nil)
	require.NoError(t, err)
	require.Len(t, p.Items, 1)
	assert.Equal(t, hr, p.Items[0].ID)

	_, err = c.Records.ClassifiedItems(ctx, 999999, nil)
	assert.Error(t, err)
	_, err = c.Records.ClassifiedItems(ctx, -1, nil)
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
}

func TestRSIStatistics(t *testing.T) {
	srv, c := startSim(t)
	ctx := t.Context()
	for _, name := range []string{"A", "B"} {
		id := srv.AddFolder(xecmtest.EnterpriseWorkspaceID, name)
		require.NoError(t, c.Records.Apply(ctx, id, xecmtest.RMClassContracts, &xecm.RecordApplyOptions{FirstClassification: true}))
	}
	hr := srv.AddFolder(xecmtest.EnterpriseWorkspaceID, "C")
	require.NoError(t, c.Records.Apply(ctx, hr, xecmtest.RMClassHumanResources, &xecm.RecordApplyOptions{FirstClassification: true}))
	stats, err := c.Records.RSIStatistics(ctx)
	require.NoError(t, err)
	assert.Equal(t, []xecm.RSICount{{RSI: "CON-7Y", Count: 2}, {RSI: "HR-PERM", Count: 1}}, stats)
}
