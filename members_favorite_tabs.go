package xecm

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/xecm-go/xecm/internal/envelope"
)

// favoriteTabWire is a tab as the server sends it.
type favoriteTabWire struct {
	Data struct {
		TabID flexInt64 `json:"tab_id"`
		Name  string    `json:"name"`
		Order flexInt64 `json:"order"`
	} `json:"data"`
}

func (w favoriteTabWire) tab() FavoriteTab {
	return FavoriteTab{ID: int64(w.Data.TabID), Name: w.Data.Name, Order: int(w.Data.Order)}
}

// FavoriteTabs returns the current user's favorite tabs, ordered by sort:
// "order" (the default when empty), "name", each with an optional asc_ or
// desc_ prefix.
//
// OpenText API: GET api/v2/members/favorites/tabs
func (s *MembersService) FavoriteTabs(ctx context.Context, sort string) (_ []FavoriteTab, err error) {
	const op = "Members.FavoriteTabs"
	ctx, observed := s.c.startOp(ctx, op)
	defer observed.end(&err)
	q := url.Values{}
	if sort != "" {
		if col := strings.TrimPrefix(strings.TrimPrefix(sort, "asc_"), "desc_"); col != "name" && col != "order" {
			return nil, invalidArg(op, "cannot sort tabs by %q", sort)
		}
		q.Set("sort", sort)
	}
	var env struct {
		Results envelope.OneOrMany[favoriteTabWire] `json:"results"`
	}
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: "v2/members/favorites/tabs", query: q}, &env); err != nil {
		return nil, err
	}
	tabs := make([]FavoriteTab, len(env.Results))
	for i, w := range env.Results {
		tabs[i] = w.tab()
	}
	return tabs, nil
}

// AddFavoriteTab creates a favorite tab for the current user and returns
// it; order 0 puts it last. An error matching ErrOutcomeUnknown means the
// tab may have been created although no answer said so: list the tabs
// before creating it again.
//
// OpenText API: POST api/v2/members/favorites/tabs
func (s *MembersService) AddFavoriteTab(ctx context.Context, name string, order int) (_ *FavoriteTab, err error) {
	const op = "Members.AddFavoriteTab"
	ctx, observed := s.c.startOp(ctx, op)
	defer observed.end(&err)
	if strings.TrimSpace(name) == "" {
		return nil, invalidArg(op, "no tab name")
	}
	if order < 0 {
		return nil, invalidArg(op, "order must not be negative, got %d", order)
	}
	f := url.Values{"name": {name}}
	if order > 0 {
		f.Set("order", strconv.Itoa(order))
	}
	var env struct {
		Results envelope.OneOrMany[favoriteTabWire] `json:"results"`
	}
	const path = "v2/members/favorites/tabs"
	if err := s.c.do(ctx, &request{method: http.MethodPost, path: path, form: f}, &env); err != nil {
		return nil, err
	}
	if len(env.Results) == 0 || env.Results[0].Data.TabID == 0 {
		return nil, malformed(http.MethodPost, path, "no tab_id in the response")
	}
	t := env.Results[0].tab()
	if t.Name == "" {
		t.Name = name
	}
	return &t, nil
}

// UpdateFavoriteTab renames or reorders a favorite tab; an empty name or
// order 0 stays as it is. An unknown tab is refused with a 500 ("Invalid
// value for tab ID", an *APIError).
//
// OpenText API: PUT api/v2/members/favorites/tabs/{id}
func (s *MembersService) UpdateFavoriteTab(ctx context.Context, tabID int64, name string, order int) (err error) {
	const op = "Members.UpdateFavoriteTab"
	ctx, observed := s.c.startOp(ctx, op)
	defer observed.end(&err)
	if err := checkID(op, "tab ID", tabID); err != nil {
		return err
	}
	if order < 0 {
		return invalidArg(op, "order must not be negative, got %d", order)
	}
	f := url.Values{}
	if strings.TrimSpace(name) != "" {
		f.Set("name", name)
	}
	if order > 0 {
		f.Set("order", strconv.Itoa(order))
	}
	if len(f) == 0 {
		return invalidArg(op, "nothing to change")
	}
	return s.c.do(ctx, &request{method: http.MethodPut, path: "v2/members/favorites/tabs/" + strconv.FormatInt(tabID, 10), form: f}, nil)
}

// RemoveFavoriteTab removes a favorite tab and the favorites in it. An
// unknown tab is refused with a 500 ("Invalid Value For tab ID", an
// *APIError).
//
// OpenText API: DELETE api/v2/members/favorites/tabs/{id}
func (s *MembersService) RemoveFavoriteTab(ctx context.Context, tabID int64) (err error) {
	const op = "Members.RemoveFavoriteTab"
	ctx, observed := s.c.startOp(ctx, op)
	defer observed.end(&err)
	if err := checkID(op, "tab ID", tabID); err != nil {
		return err
	}
	return s.c.do(ctx, &request{method: http.MethodDelete, path: "v2/members/favorites/tabs/" + strconv.FormatInt(tabID, 10)}, nil)
}
