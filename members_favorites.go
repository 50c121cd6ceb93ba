package xecm

import (
	"context"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/xecm-go/xecm/internal/envelope"
)

// Favorite is one of the current user's favorites: the node, with the
// user's own name for it, its place and its tab.
type Favorite struct {
	Node
	// FavoriteName is the user's name for the favorite (the node's name
	// unless renamed with UpdateFavorite).
	FavoriteName string
	// Order is the favorite's position.
	Order int
	// TabID is the favorite tab holding it; 0 means unsorted.
	TabID int64
}

// FavoriteTab groups favorites.
type FavoriteTab struct {
	ID    int64
	Name  string
	Order int
}

// FavoritesOptions filters and pages Favorites and FavoritesInTab.
type FavoritesOptions struct {
	ListOptions
	// WhereName keeps the favorites whose name contains the text.
	WhereName string
	// Sort orders by up to two columns: "name", "order" or (Favorites only)
	// "tab_id", each with an optional asc_ or desc_ prefix.
	Sort []string
}

func (o *FavoritesOptions) query(op string, all bool) (url.Values, ListOptions, error) {
	q := url.Values{}
	if o == nil {
		return q, ListOptions{}, nil
	}
	if o.Page < 0 || o.Limit < 0 {
		return nil, ListOptions{}, invalidArg(op, "page and limit must not be negative")
	}
	if len(o.Sort) > 2 {
		return nil, ListOptions{}, invalidArg(op, "at most two Sort columns, got %d", len(o.Sort))
	}
	for _, s := range o.Sort {
		col := strings.TrimPrefix(strings.TrimPrefix(s, "asc_"), "desc_")
		if col != "name" && col != "order" && (col != "tab_id" || !all) {
			return nil, ListOptions{}, invalidArg(op, "cannot sort by %q", s)
		}
		q.Add("sort", s)
	}
	if o.WhereName != "" {
		q.Set("where_name", o.WhereName)
	}
	return q, o.ListOptions, nil
}

// favoritesPath is the favorites of tab tabID: every favorite when all,
// the unsorted ones for tab 0.
func favoritesPath(tabID int64, all bool) string {
	switch {
	case all:
		return "v2/members/favorites"
	case tabID == 0:
		return "v2/members/favorites/tabs/unsorted/nodes"
	}
	return "v2/members/favorites/tabs/" + strconv.FormatInt(tabID, 10) + "/nodes"
}

// Favorites returns one page of the current user's favorites, for a
// portal's "my favorites" panel. Favorites the user can no longer see are
// left out by the server.
//
// OpenText API: GET api/v2/members/favorites
func (s *MembersService) Favorites(ctx context.Context, opts *FavoritesOptions) (_ *Page[*Favorite], err error) {
	const op = "Members.Favorites"
	ctx, observed := s.c.startOp(ctx, op)
	defer observed.end(&err)
	q, lo, err := opts.query(op, true)
	if err != nil {
		return nil, err
	}
	// The favorites section is asked for by name beside the properties,
	// as the Smart UI does.
	q.Add("fields", "properties")
	q.Add("fields", "favorites")
	return s.favoritePage(ctx, favoritesPath(0, true), q, lo)
}

// FavoritesIter returns an iterator over all of the current user's
// favorites. The options are copied, never changed.
func (s *MembersService) FavoritesIter(ctx context.Context, opts *FavoritesOptions) iter.Seq2[*Favorite, error] {
	q, start, qerr := opts.query("Members.FavoritesIter", true)
	if qerr == nil {
		q.Add("fields", "properties")
		q.Add("fields", "favorites")
	}
	return paginate(ctx, pager[*Favorite]{
		start: start,
		fetch: func(ctx context.Context, lo ListOptions) (*Page[*Favorite], error) {
			if qerr != nil {
				return nil, qerr
			}
			return s.favoritePage(ctx, favoritesPath(0, true), q, lo)
		},
		key: func(f *Favorite) int64 { return f.ID },
	})
}

// FavoritesInTab returns one page of the favorites in a tab; tabID 0 lists
// the unsorted ones. An unknown tab is refused with a 500 ("Invalid value
// for tabID", an *APIError).
//
// OpenText API: GET api/v2/members/favorites/tabs/{id}/nodes,
// GET api/v2/members/favorites/tabs/unsorted/nodes
func (s *MembersService) FavoritesInTab(ctx context.Context, tabID int64, opts *FavoritesOptions) (_ *Page[*Favorite], err error) {
	const op = "Members.FavoritesInTab"
	ctx, observed := s.c.startOp(ctx, op)
	defer observed.end(&err)
	if tabID < 0 {
		return nil, invalidArg(op, "tab ID must not be negative, got %d", tabID)
	}
	q, lo, err := opts.query(op, false)
	if err != nil {
		return nil, err
	}
	return s.favoritePage(ctx, favoritesPath(tabID, false), q, lo)
}

func (s *MembersService) favoritePage(ctx context.Context, path string, q url.Values, lo ListOptions) (*Page[*Favorite], error) {
	var env struct {
		envelope.Paged
		Results envelope.OneOrMany[struct {
			Data struct {
				Properties nodeWire `json:"properties"`
				Favorites  struct {
					Name  string    `json:"name"`
					Order flexInt64 `json:"order"`
					TabID flexInt64 `json:"tab_id"`
				} `json:"favorites"`
			} `json:"data"`
		}] `json:"results"`
	}
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: path, query: listQuery(q, lo)}, &env); err != nil {
		return nil, err
	}
	items := make([]*Favorite, len(env.Results))
	for i, r := range env.Results {
		f := r.Data.Favorites
		items[i] = &Favorite{Node: r.Data.Properties.node(), FavoriteName: f.Name, Order: int(f.Order), TabID: int64(f.TabID)}
	}
	return newPage(items, env.Paging()), nil
}

// AddFavorite makes a node a favorite of the current user, unsorted and
// last, and returns the node. A node the user cannot see is refused with a
// 500 ("could not be accessed", matching ErrNotFound). Adding a favorite
// again changes nothing, so the call is retried like an update.
//
// OpenText API: POST api/v2/members/favorites/{id}
func (s *MembersService) AddFavorite(ctx context.Context, nodeID int64) (_ *Node, err error) {
	const op = "Members.AddFavorite"
	ctx, observed := s.c.startOp(ctx, op)
	defer observed.end(&err)
	if err := checkID(op, "node ID", nodeID); err != nil {
		return nil, err
	}
	var env struct {
		Results envelope.OneOrMany[nodeResult] `json:"results"`
	}
	path := "v2/members/favorites/" + strconv.FormatInt(nodeID, 10)
	if err := s.c.do(ctx, &request{method: http.MethodPost, path: path, idempotent: true}, &env); err != nil {
		return nil, err
	}
	if len(env.Results) == 0 || env.Results[0].Data.Properties.ID == 0 {
		return nil, malformed(http.MethodPost, path, "no node in the response")
	}
	n := env.Results[0].Data.Properties.node()
	return &n, nil
}

// FavoriteUpdate changes a favorite; zero fields stay as they are.
type FavoriteUpdate struct {
	// Name is the user's new name for the favorite.
	Name string
	// Order is its new position (1 or more).
	Order int
	// TabID moves it into a tab.
	TabID int64
	// Unsorted takes it out of its tab (TabID must then be 0).
	Unsorted bool
}

// UpdateFavorite renames, reorders or moves one of the current user's
// favorites. A node that is no favorite is refused with a 500 ("Invalid
// value for node ID"), an unknown tab likewise; both are *APIError.
//
// OpenText API: PUT api/v2/members/favorites/{id}
func (s *MembersService) UpdateFavorite(ctx context.Context, nodeID int64, u FavoriteUpdate) (err error) {
	const op = "Members.UpdateFavorite"
	ctx, observed := s.c.startOp(ctx, op)
	defer observed.end(&err)
	if err := checkID(op, "node ID", nodeID); err != nil {
		return err
	}
	f := url.Values{}
	switch {
	case u.Order < 0 || u.TabID < 0:
		return invalidArg(op, "Order and TabID must not be negative")
	case u.Unsorted && u.TabID != 0:
		return invalidArg(op, "Unsorted and TabID %d contradict each other", u.TabID)
	case u.Unsorted:
		f.Set("tab_id", "0")
	case u.TabID > 0:
		f.Set("tab_id", strconv.FormatInt(u.TabID, 10))
	}
	if u.Order > 0 {
		f.Set("order", strconv.Itoa(u.Order))
	}
	if strings.TrimSpace(u.Name) != "" {
		f.Set("name", u.Name)
	}
	if len(f) == 0 {
		return invalidArg(op, "nothing to change")
	}
	return s.c.do(ctx, &request{method: http.MethodPut, path: "v2/members/favorites/" + strconv.FormatInt(nodeID, 10), form: f}, nil)
}

// RemoveFavorite removes a node from the current user's favorites; one
// that is no favorite is left alone.
//
// OpenText API: DELETE api/v2/members/favorites/{id}
func (s *MembersService) RemoveFavorite(ctx context.Context, nodeID int64) (err error) {
	const op = "Members.RemoveFavorite"
	ctx, observed := s.c.startOp(ctx, op)
	defer observed.end(&err)
	if err := checkID(op, "node ID", nodeID); err != nil {
		return err
	}
	return s.c.do(ctx, &request{method: http.MethodDelete, path: "v2/members/favorites/" + strconv.FormatInt(nodeID, 10)}, nil)
}
