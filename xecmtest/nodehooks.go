package xecmtest

// nodeHooks are the extension points of the node core. Other areas register
// into them from their install method (called from installAreas, after
// installNodes); all hooks run with s.mu held.
type nodeHooks struct {
	// create maps a subtype to the hook that makes it for POST /v2/nodes.
	// Types without a hook answer 400 "Could not create a new ...".
	create map[int]createHook
	// roles maps a member of the create/copy "roles" object (e.g.
	// "categories", "classifications") to the hook applying it to the new
	// node. Unknown members are ignored.
	roles map[string]roleHook
	// sections maps a "fields" name (e.g. "versions", "categories",
	// "permissions") to the hook rendering it next to "properties" in
	// results.data of GET /v2/nodes/{id} and browse results.
	sections map[string]sectionFunc
	// props add computed properties to every rendered node (v1 and v2),
	// or override base ones. A hook writes into the map it is given,
	// which holds only what the hooks before it wrote: it cannot read or
	// remove the base properties.
	props []propsHook
	// created run for every node a create call makes (POST v2/nodes, a
	// workspace create), after it is inserted and before its roles apply;
	// copies run copied instead.
	created []createdHook
	// copied run for every (source, copy) pair created by a copy,
	// descendants included, before the Create-from-Copy events.
	copied []copyHook
	// deleted run for every node removed by a delete, descendants included.
	deleted []deleteHook
	// recycled run for every node a delete moves to the Recycle Bin,
	// descendants included, before the deleted hooks: each sets its area's
	// state of the node aside for a restore (recyclebin.go).
	recycled []recycledHook
	// access decides whether the caller holds a permission ("see",
	// "add_items", "modify", "delete", ...) on a node; nil allows all. It
	// returns the server's error to answer (see permissions.go).
	access accessHook
}

// accessHook checks that the caller of c holds perm on n.
type accessHook func(s *Server, c *call, n *node, perm string) error

// checkAccessLocked runs the access hook, if any.
func (s *Server) checkAccessLocked(c *call, n *node, perm string) error {
	if s.nodes.hooks.access == nil {
		return nil
	}
	return s.nodes.hooks.access(s, c, n, perm)
}

// createHook makes a node of one subtype from POST /v2/nodes. spec holds
// the common fields already read from c.params (parent_id, type, name,
// description); the hook reads anything else from c.params (including
// multipart parts through c.params.file("file")), creates the node with
// s.insertNodeLocked and returns it. Audit of the Create event is done by
// the caller after the roles applied.
type createHook func(s *Server, c *call, spec newNode) (*node, error)

// roleHook applies one member of the "roles" object to a created or copied
// node. On error the new node is removed again and the request fails, so
// validate before changing state.
type roleHook func(s *Server, c *call, n *node, value any) error

// sectionFunc renders one results.data section of a node.
type sectionFunc func(s *Server, c *call, n *node) (any, error)

// propsHook adds or overrides rendered properties of n by setting them
// in props (see nodeHooks.props).
type propsHook func(s *Server, n *node, props map[string]any)

// createdHook sets up area state of a node just created under parent.
type createdHook func(s *Server, parent, n *node)

// createdLocked runs the created hooks for n.
func (s *Server) createdLocked(n *node) {
	parent := s.nodes.byID[n.ParentID]
	if parent == nil {
		return
	}
	for _, h := range s.nodes.hooks.created {
		h(s, parent, n)
	}
}

// copyHook copies area state from src to its new copy dst.
type copyHook func(s *Server, c *call, src, dst *node) error

// deleteHook drops area state of a removed node.
type deleteHook func(s *Server, n *node)

// createContainer is the create hook of plain containers such as folders.
func createContainer(s *Server, c *call, spec newNode) (*node, error) {
	return s.insertNodeLocked(spec, c.userID())
}
