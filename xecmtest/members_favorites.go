package xecmtest

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// The current user's favorites and favorite tabs (the spec's GetFavorites,
// AddFavorite, UpdateFavorite, RemoveFavorite, GetFavoritesTab,
// AddFavoritesTabs, UpdateFavoritesTab, RemoveFavoritesdTab,
// GetFavoritesInTab and GetUnsortedFavorites), with the spec's answers.
//
// A favorite is a node with the user's own name for it, an order and a tab
// (0: unsorted). Lists answer each favorite as the node's data.properties
// (the spec's V2Data) plus data.favorites {name, order, tab_id}: the Smart
// UI asks for fields=favorites{name,tab_id} beside the properties (its
// favorites mocks), and the tabs as results[].data {name, order, tab_id}
// (its tabs mock). The favorites section also comes unasked (an
// assumption: the tab lists take no fields parameter to ask for it). A new
// tab's answer is results.data.tab_id (the Smart UI's
// Favorite2GroupModel.parse). The node's own "favorite" property says
// whether it is the caller's favorite (nodeDataLocked).
//
// Undocumented, and so assumptions: a new favorite is named as its node
// and goes last and unsorted; adding a favorite again changes nothing;
// removing a node that is no favorite answers 200 (the spec names only the
// malformed-ID failure); an unknown tab in a favorite's update answers
// "Invalid value for tab ID" (the tab routes' wording); lists without sort
// go by order, then name; their default page is a browse's.

// favorite is one favorite of a user.
type favorite struct {
	NodeID int64
	Name   string
	Order  int
	TabID  int64
}

// favoriteTab is one favorite tab of a user.
type favoriteTab struct {
	ID    int64
	Name  string
	Order int
}

// favoriteSet is one user's favorites and tabs.
type favoriteSet struct {
	favs []*favorite
	tabs []*favoriteTab
}

func (s *Server) installFavorites() {
	s.lists.favs = map[int64]*favoriteSet{}
	s.api("GET /v2/members/favorites", func(c *call) (any, error) { return s.favoriteListLocked(c, nil) })
	s.api("PUT /v2/members/favorites/{id}", s.handleUpdateFavorite)
	// POST and DELETE favorites/{id} are served with the group member
	// routes they overlap (installMembersWrite).
	s.api("GET /v2/members/favorites/tabs", s.handleFavoriteTabs)
	s.api("POST /v2/members/favorites/tabs", s.handleAddFavoriteTab)
	s.api("PUT /v2/members/favorites/tabs/{id}", s.handleUpdateFavoriteTab)
	s.api("DELETE /v2/members/favorites/tabs/{id}", s.handleRemoveFavoriteTab)
	s.api("GET /v2/members/favorites/tabs/{id}/nodes", s.handleFavoritesInTab)
	s.api("GET /v2/members/favorites/tabs/unsorted/nodes", func(c *call) (any, error) {
		return s.favoriteListLocked(c, func(f *favorite) bool { return f.TabID == 0 })
	})
}

// favoritesOf is the favorite set of user id, made on first use.
func (s *Server) favoritesOf(id int64) *favoriteSet {
	fs := s.lists.favs[id]
	if fs == nil {
		fs = &favoriteSet{}
		s.lists.favs[id] = fs
	}
	return fs
}

func (fs *favoriteSet) find(nodeID int64) *favorite {
	for _, f := range fs.favs {
		if f.NodeID == nodeID {
			return f
		}
	}
	return nil
}

func (fs *favoriteSet) tab(id int64) *favoriteTab {
	for _, t := range fs.tabs {
		if t.ID == id {
			return t
		}
	}
	return nil
}

// isFavoriteLocked reports whether node id is a favorite of user.
func (s *Server) isFavoriteLocked(user, id int64) bool {
	fs := s.lists.favs[user]
	return fs != nil && fs.find(id) != nil
}

// favoriteNodeID reads the {id} of the favorite routes, whose malformed
// value the spec answers with a 500.
func favoriteNodeID(c *call) (int64, error) {
	id, err := strconv.ParseInt(c.r.PathValue("id"), 10, 64)
	if err != nil {
		return 0, errorf(http.StatusInternalServerError, "Could not set feature Node ID, value must be a Integer")
	}
	return id, nil
}

// favoritePage reads page and limit as the favorites routes do: a 400 for
// a value that is no number, a 500 for one below 1.
func favoritePage(c *call) (page, limit int, err error) {
	page, limit = 1, defaultBrowseLimit
	for _, p := range []struct {
		name, feature string
		into          *int
	}{{"page", "Page Number", &page}, {"limit", "Page Size", &limit}} {
		raw := c.query.Get(p.name)
		if raw == "" {
			continue
		}
		n, err := strconv.Atoi(raw)
		if err != nil {
			return 0, 0, errorf(http.StatusBadRequest, "Invalid datatype specified for argument '%s'", p.name)
		}
		if n < 1 {
			return 0, 0, errorf(http.StatusInternalServerError, "Could not set feature %s, the value %d is less than the minimum value (1)", p.feature, n)
		}
		*p.into = n
	}
	return page, limit, nil
}

// favoriteSort reads sort: up to max columns of cols, each name, asc_name
// or desc_name; the spec's 500 "Invalid value for sort" otherwise.
func favoriteSort(c *call, max int, cols map[string]func(a, b *favorite) int) (func(a, b *favorite) int, error) {
	var keys []func(a, b *favorite) int
	for _, raw := range c.query["sort"] {
		for _, part := range strings.Split(raw, ",") {
			part = strings.ToLower(strings.TrimSpace(part))
			dir, col := 1, strings.TrimPrefix(part, "asc_")
			if strings.HasPrefix(part, "desc_") {
				dir, col = -1, strings.TrimPrefix(part, "desc_")
			}
			key := cols[col]
			if key == nil || len(keys) == max {
				return nil, errorf(http.StatusInternalServerError, "Invalid value for sort")
			}
			keys = append(keys, func(a, b *favorite) int { return dir * key(a, b) })
		}
	}
	if len(keys) == 0 {
		keys = []func(a, b *favorite) int{cols["order"], cols["name"]}
	}
	return func(a, b *favorite) int {
		for _, k := range keys {
			if r := k(a, b); r != 0 {
				return r
			}
		}
		return cmp.Compare(a.NodeID, b.NodeID)
	}, nil
}

var favoriteColumns = map[string]func(a, b *favorite) int{
	"name":   func(a, b *favorite) int { return cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)) },
	"order":  func(a, b *favorite) int { return cmp.Compare(a.Order, b.Order) },
	"tab_id": func(a, b *favorite) int { return cmp.Compare(a.TabID, b.TabID) },
}

// favoriteListLocked answers a list of the caller's favorites that keep
// holds (all when nil) and the caller may still see.
func (s *Server) favoriteListLocked(c *call, keep func(*favorite) bool) (any, error) {
	cols := favoriteColumns
	if keep != nil {
		// The tab lists sort by name and order only (spec).
		cols = map[string]func(a, b *favorite) int{"name": favoriteColumns["name"], "order": favoriteColumns["order"]}
	}
	less, err := favoriteSort(c, 2, cols)
	if err != nil {
		return nil, err
	}
	page, limit, err := favoritePage(c)
	if err != nil {
		return nil, err
	}
	name := strings.ToLower(c.query.Get("where_name"))
	var favs []*favorite
	for _, f := range s.favoritesOf(c.userID()).favs {
		n := s.nodes.byID[f.NodeID]
		if n != nil && (keep == nil || keep(f)) && strings.Contains(strings.ToLower(f.Name), name) && s.checkAccessLocked(c, n, "see") == nil {
			favs = append(favs, f)
		}
	}
	slices.SortStableFunc(favs, less)
	items, p := paginate(favs, page, limit)
	fields := parseFieldSpec(c.query, "fields")
	results := make([]any, 0, len(items))
	for _, f := range items {
		data, err := s.nodeDataLocked(c, s.nodes.byID[f.NodeID])
		if err != nil {
			return nil, err
		}
		// The section comes by default (the tab lists take no fields) or
		// when asked for by fields.
		if ok, keys := fields.wants("favorites"); ok || fields.all {
			data["favorites"] = filterKeys(map[string]any{"name": f.Name, "order": f.Order, "tab_id": f.TabID}, keys)
		}
		results = append(results, map[string]any{"data": data})
	}
	return map[string]any{"collection": map[string]any{"paging": p}, "links": c.selfLinks(), "results": results}, nil
}

func (s *Server) handleAddFavorite(c *call) (any, error) {
	id, err := favoriteNodeID(c)
	if err != nil {
		return nil, err
	}
	n := s.nodes.byID[id]
	if n == nil || s.checkAccessLocked(c, n, "see") != nil {
		return nil, errorf(http.StatusInternalServerError, msgNoAccess)
	}
	fs := s.favoritesOf(c.userID())
	if fs.find(id) == nil {
		last := 0
		for _, f := range fs.favs {
			last = max(last, f.Order)
		}
		fs.favs = append(fs.favs, &favorite{NodeID: id, Name: n.Name, Order: last + 1})
	}
	data, err := s.nodeDataLocked(c, n)
	if err != nil {
		return nil, err
	}
	return map[string]any{"links": c.selfLinks(), "results": map[string]any{"data": data}}, nil
}

// orderParam reads order: a whole number of at least 0, else the spec's
// 500 "Invalid value for order".
func orderParam(c *call) (int, bool, error) {
	raw, ok := c.params.str("order")
	if !ok {
		return 0, false, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 0 {
		return 0, false, errorf(http.StatusInternalServerError, "Invalid value for order")
	}
	return n, true, nil
}

func (s *Server) handleUpdateFavorite(c *call) (any, error) {
	id, err := strconv.ParseInt(c.r.PathValue("id"), 10, 64)
	if err != nil {
		return nil, errorf(http.StatusInternalServerError, "Invalid value for node ID")
	}
	if len(c.params.values) == 0 {
		return nil, errorf(http.StatusBadRequest, "Parameters are required for PUT, POST, and PATCH methods")
	}
	fs := s.favoritesOf(c.userID())
	f := fs.find(id)
	if f == nil {
		return nil, errorf(http.StatusInternalServerError, "Invalid value for node ID")
	}
	order, setOrder, err := orderParam(c)
	if err != nil {
		return nil, err
	}
	tab, setTab, err := c.params.int64("tab_id")
	if err != nil || setTab && tab != 0 && fs.tab(tab) == nil {
		return nil, errorf(http.StatusInternalServerError, "Invalid value for tab ID")
	}
	if name, ok := c.params.str("name"); ok && strings.TrimSpace(name) != "" {
		f.Name = name
	}
	if setOrder {
		f.Order = order
	}
	if setTab {
		f.TabID = tab
	}
	return c.emptyResults(), nil
}

func (s *Server) handleRemoveFavorite(c *call) (any, error) {
	id, err := favoriteNodeID(c)
	if err != nil {
		return nil, err
	}
	fs := s.favoritesOf(c.userID())
	fs.favs = slices.DeleteFunc(fs.favs, func(f *favorite) bool { return f.NodeID == id })
	return c.emptyResults(), nil
}

func tabJSON(t *favoriteTab) map[string]any {
	return map[string]any{"tab_id": t.ID, "name": t.Name, "order": t.Order}
}

func (s *Server) handleFavoriteTabs(c *call) (any, error) {
	tabs := slices.Clone(s.favoritesOf(c.userID()).tabs)
	byName := func(a, b *favoriteTab) int { return cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)) }
	byOrder := func(a, b *favoriteTab) int { return cmp.Or(cmp.Compare(a.Order, b.Order), byName(a, b)) }
	less := byOrder
	switch strings.ToLower(c.query.Get("sort")) {
	case "", "order", "asc_order":
	case "desc_order":
		less = func(a, b *favoriteTab) int { return -byOrder(a, b) }
	case "name", "asc_name":
		less = byName
	case "desc_name":
		less = func(a, b *favoriteTab) int { return -byName(a, b) }
	default:
		return nil, errorf(http.StatusInternalServerError, "Invalid value for sort")
	}
	slices.SortStableFunc(tabs, func(a, b *favoriteTab) int { return cmp.Or(less(a, b), cmp.Compare(a.ID, b.ID)) })
	results := make([]any, 0, len(tabs))
	for _, t := range tabs {
		results = append(results, map[string]any{"data": tabJSON(t)})
	}
	return map[string]any{"links": c.selfLinks(), "results": results}, nil
}

func (s *Server) handleAddFavoriteTab(c *call) (any, error) {
	name, _ := c.params.str("name")
	if strings.TrimSpace(name) == "" {
		return nil, errorf(http.StatusInternalServerError, "Argument 'name' is required")
	}
	order, setOrder, err := orderParam(c)
	if err != nil {
		return nil, err
	}
	fs := s.favoritesOf(c.userID())
	if !setOrder {
		for _, t := range fs.tabs {
			order = max(order, t.Order)
		}
		order++
	}
	t := &favoriteTab{ID: int64(s.nextSeq()), Name: name, Order: order}
	fs.tabs = append(fs.tabs, t)
	return map[string]any{"links": c.selfLinks(), "results": map[string]any{"data": tabJSON(t)}}, nil
}

// pathTab is the caller's tab {id}, or the 500 with the route's message.
func (s *Server) pathTab(c *call, msg string) (*favoriteSet, *favoriteTab, error) {
	fs := s.favoritesOf(c.userID())
	id, err := strconv.ParseInt(c.r.PathValue("id"), 10, 64)
	if err != nil || fs.tab(id) == nil {
		return nil, nil, errorf(http.StatusInternalServerError, "%s", msg)
	}
	return fs, fs.tab(id), nil
}

func (s *Server) handleUpdateFavoriteTab(c *call) (any, error) {
	if len(c.params.values) == 0 {
		return nil, errorf(http.StatusBadRequest, "Parameters are required for PUT, POST, and PATCH methods")
	}
	_, t, err := s.pathTab(c, "Invalid value for tab ID")
	if err != nil {
		return nil, err
	}
	order, setOrder, err := orderParam(c)
	if err != nil {
		return nil, err
	}
	if name, ok := c.params.str("name"); ok && strings.TrimSpace(name) != "" {
		t.Name = name
	}
	if setOrder {
		t.Order = order
	}
	return c.emptyResults(), nil
}

func (s *Server) handleRemoveFavoriteTab(c *call) (any, error) {
	fs, t, err := s.pathTab(c, "Invalid Value For tab ID")
	if err != nil {
		return nil, err
	}
	fs.tabs = slices.DeleteFunc(fs.tabs, func(x *favoriteTab) bool { return x == t })
	fs.favs = slices.DeleteFunc(fs.favs, func(f *favorite) bool { return f.TabID == t.ID })
	return c.emptyResults(), nil
}

func (s *Server) handleFavoritesInTab(c *call) (any, error) {
	_, t, err := s.pathTab(c, "Invalid value for tabID")
	if err != nil {
		return nil, err
	}
	return s.favoriteListLocked(c, func(f *favorite) bool { return f.TabID == t.ID })
}
