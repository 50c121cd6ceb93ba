package xecm_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

func favoriteIDs(t *testing.T, p *xecm.Page[*xecm.Favorite], err error) []int64 {
	t.Helper()
	require.NoError(t, err)
	ids := []int64{}
	for _, f := range p.Items {
		ids = append(ids, f.ID)
	}
	return ids
}

func TestMembersFavoritesAgainstSimulator(t *testing.T) {
	sim, admin := startSim(t)
	ctx := t.Context()
	a, b, c := uploadText(t, admin, 2000, "alpha.txt"), uploadText(t, admin, 2000, "beta.txt"), uploadText(t, admin, 2000, "gamma.txt")
	for _, id := range []int64{b, a, c, a} { // a twice: one favorite
		n, err := admin.Members.AddFavorite(ctx, id)
		require.NoError(t, err)
		assert.Equal(t, id, n.ID)
	}
	all, err := admin.Members.Favorites(ctx, nil)
	assert.Equal(t, []int64{b, a, c}, favoriteIDs(t, all, err), "in the order added")
	assert.Equal(t, "beta.txt", all.Items[0].FavoriteName)

	// Tabs: one for contracts, a to it, renamed; c reordered first.
	tab, err := admin.Members.AddFavoriteTab(ctx, "Contracts", 0)
	require.NoError(t, err)
	assert.Equal(t, "Contracts", tab.Name)
	later, err := admin.Members.AddFavoriteTab(ctx, "Archive", 0)
	require.NoError(t, err)
	assert.Greater(t, later.Order, tab.Order, "a tab without order goes last")
	require.NoError(t, admin.Members.UpdateFavorite(ctx, a, xecm.FavoriteUpdate{Name: "Master agreement", TabID: tab.ID}))
	require.NoError(t, admin.Members.UpdateFavorite(ctx, c, xecm.FavoriteUpdate{Order: 0, Name: "Gamma"}))

	inTab, err := admin.Members.FavoritesInTab(ctx, tab.ID, nil)
	assert.Equal(t, []int64{a}, favoriteIDs(t, inTab, err))
	assert.Equal(t, "Master agreement", inTab.Items[0].FavoriteName)
	assert.Equal(t, tab.ID, inTab.Items[0].TabID)
	unsorted, err := admin.Members.FavoritesInTab(ctx, 0, &xecm.FavoritesOptions{Sort: []string{"desc_name"}})
	assert.Equal(t, []int64{c, b}, favoriteIDs(t, unsorted, err))
	named, err := admin.Members.Favorites(ctx, &xecm.FavoritesOptions{WhereName: "master"})
	assert.Equal(t, []int64{a}, favoriteIDs(t, named, err))
	paged, err := admin.Members.Favorites(ctx, &xecm.FavoritesOptions{Sort: []string{"tab_id", "name"}, ListOptions: xecm.ListOptions{Limit: 2, Page: 2}})
	assert.Equal(t, []int64{a}, favoriteIDs(t, paged, err), "unsorted (tab 0) first, by name, then the tab's")
	var iterated []int64
	for f, err := range admin.Members.FavoritesIter(ctx, &xecm.FavoritesOptions{ListOptions: xecm.ListOptions{Limit: 1}}) {
		require.NoError(t, err)
		iterated = append(iterated, f.ID)
	}
	assert.Len(t, iterated, 3)

	tabs, err := admin.Members.FavoriteTabs(ctx, "desc_name")
	require.NoError(t, err)
	require.Len(t, tabs, 2)
	assert.Equal(t, "Contracts", tabs[0].Name)
	require.NoError(t, admin.Members.UpdateFavoriteTab(ctx, later.ID, "Old", 0))
	require.NoError(t, admin.Members.UpdateFavoriteTab(ctx, tab.ID, "", 9))
	tabs, err = admin.Members.FavoriteTabs(ctx, "")
	require.NoError(t, err)
	assert.Equal(t, "Old", tabs[0].Name, "by order")

	// Another user has favorites of their own.
	jdoe := clientAs(t, sim, "jdoe", "jdoe-pw")
	mine, err := jdoe.Members.Favorites(ctx, nil)
	assert.Empty(t, favoriteIDs(t, mine, err))

	// Back out of the tab; removing the tab takes its favorites along.
	require.NoError(t, admin.Members.UpdateFavorite(ctx, a, xecm.FavoriteUpdate{Unsorted: true}))
	require.NoError(t, admin.Members.UpdateFavorite(ctx, b, xecm.FavoriteUpdate{TabID: tab.ID}))
	require.NoError(t, admin.Members.RemoveFavoriteTab(ctx, tab.ID))
	all, err = admin.Members.Favorites(ctx, nil)
	assert.ElementsMatch(t, []int64{a, c}, favoriteIDs(t, all, err))
	require.NoError(t, admin.Members.RemoveFavorite(ctx, c))
	require.NoError(t, admin.Members.RemoveFavorite(ctx, c), "no favorite any more: left alone")
	all, err = admin.Members.Favorites(ctx, nil)
	assert.Equal(t, []int64{a}, favoriteIDs(t, all, err))

	// The server's refusals.
	var apiErr *xecm.APIError
	_, err = admin.Members.FavoritesInTab(ctx, tab.ID, nil)
	require.ErrorAs(t, err, &apiErr, "a removed tab")
	require.ErrorAs(t, admin.Members.UpdateFavorite(ctx, b, xecm.FavoriteUpdate{Name: "x"}), &apiErr, "no favorite")
	require.ErrorAs(t, admin.Members.UpdateFavorite(ctx, a, xecm.FavoriteUpdate{TabID: 999999}), &apiErr, "no tab")
	require.ErrorAs(t, admin.Members.UpdateFavoriteTab(ctx, 999999, "x", 0), &apiErr)
	require.ErrorAs(t, admin.Members.RemoveFavoriteTab(ctx, 999999), &apiErr)
	ws, err := admin.Workspaces.Create(ctx, xecm.WorkspaceCreateRequest{TemplateID: xecmtest.TemplateLegalMatter, Name: "Sealed"})
	require.NoError(t, err)
	_, err = jdoe.Members.AddFavorite(ctx, ws.ID)
	assert.ErrorIs(t, err, xecm.ErrNotFound, "a node jdoe cannot see")

	// Bad input never reaches the server.
	for _, err := range []error{
		admin.Members.UpdateFavorite(ctx, a, xecm.FavoriteUpdate{}),
		admin.Members.UpdateFavorite(ctx, a, xecm.FavoriteUpdate{Unsorted: true, TabID: 3}),
		admin.Members.UpdateFavoriteTab(ctx, later.ID, "", 0),
		admin.Members.RemoveFavorite(ctx, 0),
	} {
		assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	}
	_, err = admin.Members.AddFavoriteTab(ctx, " ", 0)
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	_, err = admin.Members.Favorites(ctx, &xecm.FavoritesOptions{Sort: []string{"size"}})
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	_, err = admin.Members.FavoritesInTab(ctx, 0, &xecm.FavoritesOptions{Sort: []string{"tab_id"}})
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	_, err = admin.Members.FavoriteTabs(ctx, "size")
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
}
