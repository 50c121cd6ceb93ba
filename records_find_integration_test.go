package xecm_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

func TestClassificationByPath(t *testing.T) {
	srv, c := startSim(t)
	ctx := t.Context()

	n, err := c.Records.ClassificationByPath(ctx, "RM Classifications/Corporate Records/Contracts")
	require.NoError(t, err)
	assert.Equal(t, xecmtest.RMClassContracts, n.ID)
	assert.Equal(t, xecm.TypeClassification, n.Type)

	// The ID found is the one classification calls take.
	doc := srv.AddFolder(xecmtest.EnterpriseWorkspaceID, "Lease")
	require.NoError(t, c.Records.Apply(ctx, doc, n.ID, nil))
	class, rsi, ok := srv.RMClassification(doc)
	require.True(t, ok)
	assert.Equal(t, xecmtest.RMClassContracts, class)
	assert.Equal(t, "CON-7Y", rsi)

	_, err = c.Records.ClassificationByPath(ctx, "RM Classifications/Corporate Records/Leases")
	require.ErrorIs(t, err, xecm.ErrNotFound)
	assert.Contains(t, err.Error(), `"Leases"`)
	assert.Contains(t, err.Error(), `"RM Classifications/Corporate Records"`)

	_, err = c.Records.ClassificationByPath(ctx, "RM Classifications")
	assert.ErrorIs(t, err, xecm.ErrConflict, "a classification tree is not a classification")
	_, err = c.Records.ClassificationByPath(ctx, "/")
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
}
