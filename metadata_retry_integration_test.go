package xecm_test

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

// When the answer to UpdateRetry's write is lost, the retried PUT meets
// the token its own first attempt made stale (409). That conflict is our
// own write, not another writer's: UpdateRetry must not run change again
// on top of it (an increment would be applied twice); it reports
// ErrOutcomeUnknown.
func TestMetadataUpdateRetryDoesNotReapplyAfterALostAnswer(t *testing.T) {
	srv, c := startSim(t)
	ctx := t.Context()
	folder := srv.AddFolder(xecmtest.EnterpriseWorkspaceID, "Counter")
	require.NoError(t, c.Metadata.Apply(ctx, folder, xecm.NewCategoryValues(xecmtest.ContractCategoryID).
		Set("Deal ID", "D-1").Set("Amount", 0)))
	srv.InjectFault(xecmtest.Fault{Method: http.MethodPut,
		Path: "/v2/nodes/" + strconv.FormatInt(folder, 10) + "/categories/" + strconv.FormatInt(xecmtest.ContractCategoryID, 10),
		Kind: xecmtest.FaultDropAfterCommit})
	calls := 0
	err := c.Metadata.UpdateRetry(ctx, folder, xecmtest.ContractCategoryID, func(cur *xecm.Category) (*xecm.CategoryValues, error) {
		calls++
		v, _ := cur.Value("Amount")
		n, err := v.(interface{ Int64() (int64, error) }).Int64()
		if err != nil {
			return nil, err
		}
		return xecm.NewCategoryValues(xecmtest.ContractCategoryID).Set("Amount", n+1), nil
	}, nil)
	vals, _ := srv.CategoryValues(folder, xecmtest.ContractCategoryID)
	assert.EqualValues(t, 1, vals["9830_4"], "the increment is applied once")
	assert.Equal(t, 1, calls)
	assert.ErrorIs(t, err, xecm.ErrOutcomeUnknown)
}

func TestUpdateRetryRefusesValuesByNameSayingSo(t *testing.T) {
	srv, c := startSim(t)
	ctx := t.Context()
	folder := srv.AddFolder(xecmtest.EnterpriseWorkspaceID, "Deals")
	require.NoError(t, c.Metadata.Apply(ctx, folder, contractValues()))
	err := c.Metadata.UpdateRetry(ctx, folder, xecmtest.ContractCategoryID, func(*xecm.Category) (*xecm.CategoryValues, error) {
		return xecm.NewCategoryValuesByName("Contract").Set("Amount", 1), nil
	}, nil)
	require.ErrorIs(t, err, xecm.ErrInvalidArgument)
	assert.Contains(t, err.Error(), `category "Contract" by name`)
}
