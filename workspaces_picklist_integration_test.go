package xecm_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

func TestWorkspacesRelatableAgainstSimulator(t *testing.T) {
	_, c := startSim(t)
	ctx := t.Context()
	a, err := c.Workspaces.Create(ctx, customerRequest("PICK-A"))
	require.NoError(t, err)
	b, err := c.Workspaces.Create(ctx, customerRequest("PICK-B"))
	require.NoError(t, err)
	matter, err := c.Workspaces.Create(ctx, xecm.WorkspaceCreateRequest{TemplateID: xecmtest.TemplateLegalMatter, Name: "Dispute PICK-A"})
	require.NoError(t, err)
	ids := func(p *xecm.Page[*xecm.Workspace]) []int64 {
		var out []int64
		for _, w := range p.Items {
			out = append(out, w.ID)
		}
		return out
	}

	page, err := c.Workspaces.Relatable(ctx, a.ID, nil)
	require.NoError(t, err)
	assert.ElementsMatch(t, []int64{b.ID, matter.ID}, ids(page), "every other workspace")

	require.NoError(t, c.Workspaces.AddRelation(ctx, a.ID, matter.ID, xecm.RelationChild))
	page, err = c.Workspaces.Relatable(ctx, a.ID, &xecm.RelatableOptions{Type: xecm.RelationChild})
	require.NoError(t, err)
	assert.Equal(t, []int64{b.ID}, ids(page), "the matter is a child already")
	page, err = c.Workspaces.Relatable(ctx, a.ID, &xecm.RelatableOptions{Type: xecm.RelationParent, TypeIDs: []int64{xecmtest.WorkspaceTypeLegalMatter}})
	require.NoError(t, err)
	assert.Equal(t, []int64{matter.ID}, ids(page), "but it could still be a parent")
	page, err = c.Workspaces.Relatable(ctx, matter.ID, &xecm.RelatableOptions{Name: "contains_pick-b", Sort: "asc_name"})
	require.NoError(t, err)
	assert.Equal(t, []int64{b.ID}, ids(page))
	page, err = c.Workspaces.Relatable(ctx, a.ID, &xecm.RelatableOptions{Type: xecm.RelationParent, Name: "starts_with_dispute"})
	require.NoError(t, err)
	assert.Equal(t, []int64{matter.ID}, ids(page))

	var n int
	for w, err := range c.Workspaces.RelatableIter(ctx, matter.ID, &xecm.RelatableOptions{ListOptions: xecm.ListOptions{Limit: 1}}) {
		require.NoError(t, err)
		assert.NotEqual(t, matter.ID, w.ID)
		n++
	}
	assert.Equal(t, 2, n)

	_, err = c.Workspaces.Relatable(ctx, 987654, nil)
	assert.ErrorIs(t, err, xecm.ErrNotFound)
	_, err = c.Workspaces.Relatable(ctx, a.ID, &xecm.RelatableOptions{Type: "sibling"})
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	_, err = c.Workspaces.Relatable(ctx, a.ID, &xecm.RelatableOptions{TypeIDs: []int64{0}})
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
}
