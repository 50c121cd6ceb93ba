package xecmtest

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The Recycle Bin (reference §4.2): DELETE api/v2/nodes/{id} moves an item
// and its subtree there; GET api/v2/volumes/recyclebin/nodes lists it,
// POST .../restore puts items back where they were and POST .../purge
// removes them for good.
//
// A delete still runs the deleted hooks (the areas forget the node's
// state, as the server does for an item no longer in the tree); before
// that, each area's recycled hook sets its state aside and returns how to
// put it back, so that a restored item has its versions, categories,
// permissions, records data and workspace again.

// recyclePeriod is how long an item stays in the Recycle Bin before the
// server purges it (the spec: "default setting is 60 days").
const recyclePeriod = 60 * 24 * time.Hour

// recycledHook sets aside the area's state of n and returns what puts it
// back on restore (nil when the area holds nothing for n).
type recycledHook func(s *Server, n *node) (restore func())

// binned is one deleted item with its subtree.
type binned struct {
	root      *node
	nodes     []*node
	restore   []func()
	deletedBy int64
	deletedAt time.Time
}

func (s *Server) installRecycleBin() {
	s.nodes.bin = map[int64]*binned{}
	s.recycledAreas()
	s.api("GET /v2/volumes/recyclebin/nodes", s.handleBrowseRecycleBin)
	s.api("POST /v2/volumes/recyclebin/nodes/restore", s.handleRestore)
	s.api("POST /v2/volumes/recyclebin/nodes/purge", s.handlePurge)
}

// recycleLocked puts n and its subtree in the Recycle Bin, setting the
// areas' state aside, before the caller removes them from the tree.
func (s *Server) recycleLocked(n *node, by int64) {
	b := &binned{root: n, deletedBy: by, deletedAt: s.now()}
	var walk func(*node)
	walk = func(x *node) {
		b.nodes = append(b.nodes, x)
		for _, h := range s.nodes.hooks.recycled {
			if r := h(s, x); r != nil {
				b.restore = append(b.restore, r)
			}
		}
		for _, kid := range x.Children {
			if k := s.nodes.byID[kid]; k != nil {
				walk(k)
			}
		}
	}
	walk(n)
	s.nodes.bin[n.ID] = b
}

// handleBrowseRecycleBin is GET api/v2/volumes/recyclebin/nodes: the items
// deleted by the caller (every item for Admin), newest first, paged, with
// where_name (part of the name, any case); spec
// volumes_V2BrowseRecycleBinResult.
func (s *Server) handleBrowseRecycleBin(c *call) (any, error) {
	name := strings.ToLower(c.query.Get("where_name"))
	var items []*binned
	for _, b := range s.nodes.bin {
		if (c.userID() == adminUserID || b.deletedBy == c.userID()) && strings.Contains(strings.ToLower(b.root.Name), name) {
			items = append(items, b)
		}
	}
	slices.SortFunc(items, func(a, b *binned) int {
		if d := b.deletedAt.Compare(a.deletedAt); d != 0 {
			return d
		}
		return int(b.root.ID - a.root.ID)
	})
	pg, limit, err := c.pageRequest(defaultBrowseLimit)
	if err != nil {
		return nil, err
	}
	page, p := paginate(items, pg, limit)
	results := make([]any, 0, len(page))
	for _, b := range page {
		n := b.root
		size, sizeFormatted := any(n.Size), any(formatBytes(n.Size))
		if n.container() {
			size, sizeFormatted = len(n.Children), strconv.Itoa(len(n.Children))+" Items"
		}
		results = append(results, map[string]any{"data": map[string]any{"properties": map[string]any{
			"id": n.ID, "type": n.Type, "type_name": typeName(n.Type), "name": n.Name, "parent_id": n.ParentID,
			"deleted_user_id": b.deletedBy, "deleted_date": dateV2(b.deletedAt), "purged_date": dateV2(b.deletedAt.Add(recyclePeriod)),
			"create_user_id": n.CreateUser, "mime_type": orNil(n.MimeType), "container": n.container(),
			"container_size": len(n.Children), "size": size, "size_formatted": sizeFormatted,
		}}})
	}
	return map[string]any{"collection": map[string]any{"paging": p}, "links": c.selfLinks(), "results": results}, nil
}

func orNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// handleRestore is POST api/v2/volumes/recyclebin/nodes/restore.
func (s *Server) handleRestore(c *call) (any, error) {
	return s.binActionLocked(c, func(b *binned) error {
		parent := s.nodes.byID[b.root.ParentID]
		if parent == nil {
			return errorf(http.StatusBadRequest, "The original location of %d no longer exists.", b.root.ID)
		}
		if err := s.checkAccessLocked(c, parent, "add_items"); err != nil {
			return err
		}
		if err := s.checkName(parent, b.root.Name, 0); err != nil {
			return err
		}
		for _, n := range b.nodes {
			s.nodes.byID[n.ID] = n
		}
		parent.Children = append(parent.Children, b.root.ID)
		for _, r := range b.restore {
			r()
		}
		s.touchLocked(parent, c.userID())
		return nil
	})
}

// handlePurge is POST api/v2/volumes/recyclebin/nodes/purge.
func (s *Server) handlePurge(c *call) (any, error) {
	return s.binActionLocked(c, func(*binned) error { return nil })
}

// binActionLocked runs act on each id of the body and answers the spec's
// results.success.ids and results.failure.ids/errors: 200 when every id
// succeeded, 400 with the same results otherwise ("If the response code
// is 400 and there are results, you will need to check the above
// sub-structures"). An id not in the bin fails with "Could not get a node
// for N", the spec's example.
func (s *Server) binActionLocked(c *call, act func(*binned) error) (any, error) {
	ids, err := idsParam(c)
	if err != nil {
		return nil, err
	}
	success, failed := []int64{}, []int64{}
	errs := map[string]any{}
	for _, id := range ids {
		b := s.nodes.bin[id]
		var err error
		switch {
		case b == nil || (c.userID() != adminUserID && b.deletedBy != c.userID()):
			err = errorf(http.StatusBadRequest, "Could not get a node for %d", id)
		default:
			err = act(b)
		}
		if err != nil {
			failed = append(failed, id)
			msg := err.Error()
			if ae, ok := err.(*apiError); ok {
				msg = ae.Message
			}
			errs[strconv.FormatInt(id, 10)] = map[string]any{"message": msg}
			continue
		}
		delete(s.nodes.bin, id)
		success = append(success, id)
	}
	body := map[string]any{"links": c.selfLinks(), "results": map[string]any{
		"success": map[string]any{"ids": success},
		"failure": map[string]any{"ids": failed, "errors": errs},
	}}
	if len(failed) > 0 {
		return nil, &apiError{Status: http.StatusBadRequest, Message: "Some of the items could not be processed.", Body: body}
	}
	return body, nil
}

// setAside removes m[id] and returns what puts it back (nil when absent).
func setAside[V any](m map[int64]V, id int64) func() {
	v, ok := m[id]
	if !ok {
		return nil
	}
	return func() { m[id] = v }
}

// recycledAreas registers the recycled hooks of the areas that keep state
// by node id, beside their deleted hooks (which drop the same state). They
// read the maps at delete time, so it does not matter that the areas are
// installed after the node core.
func (s *Server) recycledAreas() {
	s.nodes.hooks.recycled = append(s.nodes.hooks.recycled,
		func(s *Server, n *node) func() { return setAside(s.cats.onNode, n.ID) },
		func(s *Server, n *node) func() { return setAside(s.perms.acls, n.ID) },
		func(s *Server, n *node) func() {
			return joinRestores(setAside(s.docs.versions, n.ID), setAside(s.docs.advanced, n.ID))
		},
		func(s *Server, n *node) func() {
			return joinRestores(setAside(s.rm.records, n.ID), setAside(s.rm.stdOnNode, n.ID),
				setAside(s.rm.rev, n.ID), setAside(s.rm.holds.onNode, n.ID))
		},
		func(s *Server, n *node) func() {
			ws := setAside(s.ws.byNode, n.ID)
			if ws == nil {
				return nil
			}
			var restores []func()
			for id, r := range s.ws.roles {
				if r.WorkspaceID == n.ID {
					restores = append(restores, setAside(s.ws.roles, id))
				}
			}
			var rels []wsRelation
			for _, r := range s.ws.relations {
				if r.Parent == n.ID || r.Child == n.ID {
					rels = append(rels, r)
				}
			}
			return joinRestores(append(restores, ws, func() { s.ws.relations = append(s.ws.relations, rels...) })...)
		},
	)
}

// joinRestores runs every non-nil restore; nil when there is none.
func joinRestores(fs ...func()) func() {
	var keep []func()
	for _, f := range fs {
		if f != nil {
			keep = append(keep, f)
		}
	}
	if len(keep) == 0 {
		return nil
	}
	return func() {
		for _, f := range keep {
			f()
		}
	}
}
