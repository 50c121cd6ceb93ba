package xecm_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

// The server answers an unknown node with a 500 on browse, categories and
// permissions reads. That 500 says "not found": it is final, so the client
// must not spend its retries (and their backoff) on it.
func TestUnknownNode500IsNotRetried(t *testing.T) {
	sim, c := startSim(t)
	ctx := context.Background()
	const missing = 999999
	calls := map[string]func() error{
		"/v2/nodes/999999/nodes": func() error {
			_, err := c.Nodes.ListChildren(ctx, missing, nil)
			return err
		},
		"/v2/nodes/999999/categories": func() error {
			_, err := c.Metadata.List(ctx, missing)
			return err
		},
		"/v2/nodes/999999/permissions": func() error {
			_, err := c.Permissions.Get(ctx, missing)
			return err
		},
	}
	for path, call := range calls {
		err := call()
		require.Error(t, err, path)
		assert.ErrorIs(t, err, xecm.ErrNotFound, path)
		var ae *xecm.APIError
		require.ErrorAs(t, err, &ae, path)
		assert.Equal(t, http.StatusInternalServerError, ae.StatusCode, path)
		n := 0
		for _, r := range sim.Requests() {
			if r.APIPath == path {
				n++
			}
		}
		assert.Equal(t, 1, n, "%s was sent %d times", path, n)
	}
}
