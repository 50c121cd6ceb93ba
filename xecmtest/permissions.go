package xecmtest

import (
	"fmt"
	"net/http"
	"slices"
)

// Permission names, in the order the server lists them.
var permissionOrder = []string{"see", "see_contents", "modify", "edit_attributes", "add_items", "reserve",
	"add_major_version", "delete_versions", "delete", "edit_permissions"}

var knownPermission = func() map[string]bool {
	m := map[string]bool{}
	for _, p := range permissionOrder {
		m[p] = true
	}
	return m
}()

// fullControl is every permission; the owner's default.
var fullControl = append([]string(nil), permissionOrder...)

// acl is the access control list of one node. The owner and owner group
// are the node's OwnerUser and OwnerGroup.
type acl struct {
	owner      []string // nil: no owner access entry
	ownerGroup []string // nil: no owner group access entry
	public     []string // nil: no public access entry
	assigned   []aclEntry
}

type aclEntry struct {
	RightID int64
	Perms   []string
}

func (a *acl) clone() *acl {
	out := &acl{owner: slices.Clone(a.owner), ownerGroup: slices.Clone(a.ownerGroup), public: slices.Clone(a.public)}
	for _, e := range a.assigned {
		out.assigned = append(out.assigned, aclEntry{e.RightID, slices.Clone(e.Perms)})
	}
	return out
}

func (a *acl) entry(rightID int64) int {
	return slices.IndexFunc(a.assigned, func(e aclEntry) bool { return e.RightID == rightID })
}

// permState holds the ACLs of nodes that have their own (every node
// created through the API gets a copy of its parent's at creation).
type permState struct {
	acls map[int64]*acl
}

// defaultACL is what a node without any ACL up its chain (the seeded
// volumes) grants: the owner everything, DefaultGroup members everything
// but deleting and permission changes, and everyone else read access.
func defaultACL() *acl {
	return &acl{
		owner:      fullControl,
		ownerGroup: []string{"see", "see_contents", "modify", "edit_attributes", "add_items", "reserve", "add_major_version"},
		public:     []string{"see", "see_contents"},
	}
}

func (s *Server) installPermissions() {
	s.perms = permState{acls: map[int64]*acl{}}
	s.nodes.hooks.access = func(s *Server, c *call, n *node, perm string) error {
		return s.requireLocked(c.userID(), n, perm)
	}
	// New nodes start with a copy of their parent's permissions, as on
	// the real server; the creator is the owner.
	s.onAuditLocked(func(e AuditEntry) {
		if e.EventType != EventCreate && e.EventType != EventCreateFromCopy {
			return
		}
		if n := s.nodes.byID[e.NodeID]; n != nil {
			if _, has := s.perms.acls[n.ID]; !has {
				s.perms.acls[n.ID] = s.aclLocked(s.nodes.byID[n.ParentID]).clone()
			}
		}
	})
	s.nodes.hooks.deleted = append(s.nodes.hooks.deleted, func(s *Server, n *node) { delete(s.perms.acls, n.ID) })
	s.nodes.hooks.sections["permissions"] = func(s *Server, c *call, n *node) (any, error) {
		out := s.permissionEntriesLocked(n)
		if out == nil {
			out = []any{}
		}
		return out, nil
	}
	s.api("GET /v2/nodes/{id}/permissions", s.handleGetPermissions)
	s.api("GET /v2/nodes/{id}/permissions/custom/{right_id}", s.handleGetAssigned)
	s.api("POST /v2/nodes/{id}/permissions/custom", s.handleAddAssigned)
	s.api("PUT /v2/nodes/{id}/permissions/custom/{right_id}", s.handleUpdateAssigned)
	s.api("DELETE /v2/nodes/{id}/permissions/custom/{right_id}", s.handleRemoveAssigned)
	s.api("GET /v2/nodes/{id}/permissions/effective/{right_id}", s.handleEffective)
	s.api("GET /v2/nodes/{id}/permissions/owner", s.handleGetDefaultEntry("owner"))
	s.api("GET /v2/nodes/{id}/permissions/group", s.handleGetDefaultEntry("group"))
	s.api("GET /v2/nodes/{id}/permissions/public", s.handleGetDefaultEntry("public"))
	s.installDefaultAccess()
	s.installBulkAssigned()
}

// handleGetDefaultEntry is GET api/v2/nodes/{id}/permissions/owner, /group
// and /public: the one entry, as GET permissions lists it. An entry the
// node does not have (removed with DELETE) answers empty permissions.
func (s *Server) handleGetDefaultEntry(kind string) jsonHandler {
	return func(c *call) (any, error) {
		n, err := s.pathNodeAs500Locked(c, msgNoAccess)
		if err != nil {
			return nil, err
		}
		a := s.aclLocked(n)
		var e map[string]any
		switch kind {
		case "owner":
			e = entryJSON(kind, nullID(n.OwnerUser), a.owner)
		case "group":
			e = entryJSON(kind, nullID(n.OwnerGroup), a.ownerGroup)
		default:
			e = entryJSON(kind, nil, a.public)
		}
		return map[string]any{"links": c.selfLinks(), "results": e}, nil
	}
}

// aclLocked returns the ACL in force on n: its own, or the nearest
// ancestor's, or the default. Never nil.
func (s *Server) aclLocked(n *node) *acl {
	for cur := n; cur != nil; cur = s.nodes.byID[cur.ParentID] {
		if a := s.perms.acls[cur.ID]; a != nil {
			return a
		}
	}
	return defaultACL()
}

// ownACLLocked returns n's own ACL, creating it from the one in force.
func (s *Server) ownACLLocked(n *node) *acl {
	if a := s.perms.acls[n.ID]; a != nil {
		return a
	}
	a := s.aclLocked(n).clone()
	s.perms.acls[n.ID] = a
	return a
}

// isMemberLocked reports whether userID is rightID or belongs to it: a
// group, or a workspace role (whose members may be groups).
func (s *Server) isMemberLocked(userID, rightID int64) bool {
	return s.isMemberDepthLocked(userID, rightID, 0)
}

func (s *Server) isMemberDepthLocked(userID, rightID int64, depth int) bool {
	if userID == rightID {
		return true
	}
	if depth > 8 {
		return false
	}
	if g := s.dir.groups[rightID]; g != nil {
		for _, m := range g.Members {
			if s.isMemberDepthLocked(userID, m, depth+1) {
				return true
			}
		}
		return false
	}
	if r := s.ws.roleByID(rightID); r != nil {
		for _, m := range r.Members {
			if s.isMemberDepthLocked(userID, m, depth+1) {
				return true
			}
		}
	}
	return false
}

// effectiveLocked is the union of every entry of n's ACL that applies to
// userID. Administrators have every permission.
func (s *Server) effectiveLocked(userID int64, n *node) []string {
	if u := s.dir.users[userID]; u != nil && u.Admin {
		return fullControl
	}
	a := s.aclLocked(n)
	have := map[string]bool{}
	add := func(ps []string) {
		for _, p := range ps {
			have[p] = true
		}
	}
	if n.OwnerUser == userID {
		add(a.owner)
	}
	if n.OwnerGroup != 0 && s.isMemberLocked(userID, n.OwnerGroup) {
		add(a.ownerGroup)
	}
	add(a.public)
	for _, e := range a.assigned {
		if s.isMemberLocked(userID, e.RightID) {
			add(e.Perms)
		}
	}
	var out []string
	for _, p := range permissionOrder {
		if have[p] {
			out = append(out, p)
		}
	}
	return out
}

func (s *Server) canLocked(userID int64, n *node, perm string) bool {
	return slices.Contains(s.effectiveLocked(userID, n), perm)
}

// requireLocked answers like the server: a node the user cannot see does
// not exist for them; a visible node without the permission is refused.
func (s *Server) requireLocked(userID int64, n *node, perm string) error {
	if !s.canLocked(userID, n, "see") {
		return errNoAccess()
	}
	if perm != "see" && !s.canLocked(userID, n, perm) {
		return errorf(http.StatusInternalServerError, "Insufficient permissions to perform that action")
	}
	return nil
}

// normalisePerms validates permission names and adds what they imply
// (every permission implies see; all but see imply see_contents).
func normalisePerms(raw []string) ([]string, error) {
	have := map[string]bool{}
	for _, p := range raw {
		if !knownPermission[p] {
			return nil, errorf(http.StatusBadRequest, "Invalid permission '%s'.", p)
		}
		have[p] = true
		have["see"] = true
		if p != "see" {
			have["see_contents"] = true
		}
	}
	out := []string{}
	for _, p := range permissionOrder {
		if have[p] {
			out = append(out, p)
		}
	}
	return out, nil
}

// applyToLocked runs f on the nodes an apply_to value reaches from n:
// 0 n, 1 its descendants, 2 both, 3 n and its children.
func (s *Server) applyToLocked(n *node, applyTo int64, f func(*node)) {
	if applyTo == 0 || applyTo == 2 || applyTo == 3 {
		f(n)
	}
	if applyTo == 0 || !n.container() {
		return
	}
	var walk func(*node, int)
	walk = func(x *node, depth int) {
		for _, id := range x.Children {
			k := s.nodes.byID[id]
			if k == nil {
				continue
			}
			f(k)
			if applyTo != 3 {
				walk(k, depth+1)
			}
		}
	}
	walk(n, 0)
}

func (s *Server) knownMemberLocked(id int64) bool {
	return s.dir.users[id] != nil || s.dir.groups[id] != nil || s.ws.roleByID(id) != nil
}

func entryJSON(kind string, rightID any, perms []string) map[string]any {
	if perms == nil {
		perms = []string{}
	}
	return map[string]any{"data": map[string]any{"permissions": map[string]any{"permissions": perms, "right_id": rightID, "type": kind}}}
}

func (s *Server) handleGetPermissions(c *call) (any, error) {
	n, err := s.pathNodeAs500Locked(c, msgNoAccess)
	if err != nil {
		return nil, err
	}
	var results []any
	for _, e := range s.permissionEntriesLocked(n) {
		results = append(results, map[string]any{"data": map[string]any{"permissions": e}})
	}
	return map[string]any{"links": c.selfLinks(), "results": results}, nil
}

// permissionEntriesLocked lists n's owner, owner group, public access and
// assigned access entries, as GET permissions answers them one per result
// and the node GET with fields=permissions answers them as one list
// (reference section 10).
func (s *Server) permissionEntriesLocked(n *node) []any {
	a := s.aclLocked(n)
	entry := func(kind string, rightID any, perms []string) any {
		return entryJSON(kind, rightID, perms)["data"].(map[string]any)["permissions"]
	}
	var out []any
	if a.owner != nil {
		out = append(out, entry("owner", nullID(n.OwnerUser), a.owner))
	}
	if a.ownerGroup != nil {
		out = append(out, entry("group", nullID(n.OwnerGroup), a.ownerGroup))
	}
	if a.public != nil {
		out = append(out, entry("public", nil, a.public))
	}
	for _, e := range a.assigned {
		out = append(out, entry("custom", e.RightID, e.Perms))
	}
	return out
}

func (s *Server) pathRightID(c *call) (int64, error) { return c.pathID("right_id") }

func (s *Server) handleGetAssigned(c *call) (any, error) {
	n, err := s.pathNodeAs500Locked(c, msgNoAccess)
	if err != nil {
		return nil, err
	}
	rid, err := s.pathRightID(c)
	if err != nil {
		return nil, err
	}
	a := s.aclLocked(n)
	i := a.entry(rid)
	if i < 0 {
		return nil, errorf(http.StatusBadRequest, "Assigned access for member %d was not found on this item.", rid)
	}
	return map[string]any{"links": c.selfLinks(), "results": entryJSON("custom", rid, a.assigned[i].Perms)}, nil
}

// permissionChange reads permissions and apply_to of a write call.
func (s *Server) permissionChange(c *call, n *node) ([]string, int64, error) {
	if err := s.requireLocked(c.userID(), n, "edit_permissions"); err != nil {
		return nil, 0, err
	}
	raw, ok := c.params.raw("permissions")
	if !ok {
		return nil, 0, missing("permissions")
	}
	list, isList := raw.([]any)
	if !isList {
		return nil, 0, invalid("permissions", raw)
	}
	names := make([]string, 0, len(list))
	for _, p := range list {
		str, _ := p.(string)
		names = append(names, str)
	}
	perms, err := normalisePerms(names)
	if err != nil {
		return nil, 0, err
	}
	applyTo, _, err := c.params.int64("apply_to")
	if err != nil {
		return nil, 0, err
	}
	if applyTo < 0 || applyTo > 3 || applyTo != 0 && !n.container() {
		return nil, 0, invalid("apply_to", applyTo)
	}
	return perms, applyTo, nil
}

func (s *Server) handleAddAssigned(c *call) (any, error) {
	n, err := s.pathNodeAs500Locked(c, msgNoAccess)
	if err != nil {
		return nil, err
	}
	rid, ok, err := c.params.int64("right_id")
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, missing("right_id")
	}
	if !s.knownMemberLocked(rid) {
		return nil, errorf(http.StatusBadRequest, "Could not get a member for %d", rid)
	}
	perms, applyTo, err := s.permissionChange(c, n)
	if err != nil {
		return nil, err
	}
	if s.aclLocked(n).entry(rid) >= 0 {
		return nil, errorf(http.StatusInternalServerError, "Assigned access for member %d already exists.", rid)
	}
	s.applyToLocked(n, applyTo, func(x *node) { s.setAssignedLocked(c.userID(), x, rid, perms) })
	return c.emptyResults(), nil
}

func (s *Server) handleUpdateAssigned(c *call) (any, error) {
	n, err := s.pathNodeAs500Locked(c, msgNoAccess)
	if err != nil {
		return nil, err
	}
	rid, err := s.pathRightID(c)
	if err != nil {
		return nil, err
	}
	perms, applyTo, err := s.permissionChange(c, n)
	if err != nil {
		return nil, err
	}
	if s.aclLocked(n).entry(rid) < 0 {
		return nil, errorf(http.StatusBadRequest, "Assigned access for member %d was not found on this item.", rid)
	}
	s.applyToLocked(n, applyTo, func(x *node) { s.setAssignedLocked(c.userID(), x, rid, perms) })
	return c.emptyResults(), nil
}

func (s *Server) handleRemoveAssigned(c *call) (any, error) {
	n, applyTo, err := s.permissionRemovalLocked(c)
	if err != nil {
		return nil, err
	}
	rid, err := s.pathRightID(c)
	if err != nil {
		return nil, err
	}
	if s.aclLocked(n).entry(rid) < 0 {
		return nil, errorf(http.StatusBadRequest, "Assigned access for member %d was not found on this item.", rid)
	}
	s.applyToLocked(n, applyTo, func(x *node) { s.removeAssignedLocked(c.userID(), x, rid) })
	return c.emptyResults(), nil
}

func (s *Server) handleEffective(c *call) (any, error) {
	n, err := s.pathNodeAs500Locked(c, msgNoAccess)
	if err != nil {
		return nil, err
	}
	rid, err := s.pathRightID(c)
	if err != nil {
		return nil, err
	}
	if s.dir.users[rid] == nil && s.dir.groups[rid] == nil {
		return nil, errorf(http.StatusBadRequest, "Could not get a member for %d", rid)
	}
	return map[string]any{"links": c.selfLinks(), "results": entryJSON("custom", rid, s.effectiveLocked(rid, n))}, nil
}

func (s *Server) setAssignedLocked(by int64, n *node, rightID int64, perms []string) {
	a := s.ownACLLocked(n)
	if i := a.entry(rightID); i >= 0 {
		a.assigned[i].Perms = slices.Clone(perms)
	} else {
		a.assigned = append(a.assigned, aclEntry{rightID, slices.Clone(perms)})
	}
	s.recordLocked(AuditEntry{NodeID: n.ID, EventType: EventPermissionChanged, UserID: by, TargetUserID: rightID})
}

func (s *Server) removeAssignedLocked(by int64, n *node, rightID int64) {
	a := s.ownACLLocked(n)
	if i := a.entry(rightID); i >= 0 {
		a.assigned = slices.Delete(a.assigned, i, i+1)
		s.recordLocked(AuditEntry{NodeID: n.ID, EventType: EventPermissionChanged, UserID: by, TargetUserID: rightID})
	}
}

// GrantAccess gives a member (user, group or workspace role) assigned
// access with the given permissions on a node and, with subItems, on its
// whole subtree. The change is audited as Admin. It panics on an unknown
// node, member or permission, so seeding mistakes fail loudly.
func (s *Server) GrantAccess(nodeID, memberID int64, subItems bool, perms ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := s.nodes.byID[nodeID]
	norm, err := normalisePerms(perms)
	if n == nil || err != nil || !s.knownMemberLocked(memberID) {
		panic(fmt.Sprintf("xecmtest: GrantAccess(%d, %d, %v): unknown node or member, or %v", nodeID, memberID, perms, err))
	}
	applyTo := int64(0)
	if subItems {
		applyTo = 2
	}
	s.applyToLocked(n, applyTo, func(x *node) { s.setAssignedLocked(adminUserID, x, memberID, norm) })
}

// SetPublicAccess sets the public access of a node (every user); no
// permissions removes the public access entry. It panics on an unknown
// node or permission.
func (s *Server) SetPublicAccess(nodeID int64, perms ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := s.nodes.byID[nodeID]
	norm, err := normalisePerms(perms)
	if n == nil || err != nil {
		panic(fmt.Sprintf("xecmtest: SetPublicAccess(%d, %v): unknown node, or %v", nodeID, perms, err))
	}
	a := s.ownACLLocked(n)
	a.public = nil
	if len(norm) > 0 {
		a.public = norm
	}
	s.recordLocked(AuditEntry{NodeID: n.ID, EventType: EventPermissionChanged, UserID: adminUserID})
}

// EffectivePermissions returns the permissions userID holds on a node.
func (s *Server) EffectivePermissions(nodeID, userID int64) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := s.nodes.byID[nodeID]
	if n == nil {
		return nil
	}
	return slices.Clone(s.effectiveLocked(userID, n))
}
