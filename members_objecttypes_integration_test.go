package xecm_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

func TestMembersCreatableTypesAgainstSimulator(t *testing.T) {
	sim, admin := startSim(t)
	ctx := t.Context()
	types, err := clientAs(t, sim, "jdoe", "jdoe-pw").Members.CreatableTypes(ctx)
	require.NoError(t, err)
	byType := map[int]string{}
	for _, o := range types {
		byType[o.Type] = o.TypeName
	}
	assert.Equal(t, "Folder", byType[xecm.TypeFolder])
	assert.Equal(t, "Document", byType[xecm.TypeDocument])
	// The admin gets the same list: the simulator has no creation privileges.
	all, err := admin.Members.CreatableTypes(ctx)
	require.NoError(t, err)
	assert.ElementsMatch(t, types, all)
}
