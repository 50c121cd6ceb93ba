package xecmtest

import (
	"cmp"
	"net/http"
	"slices"
	"strings"
)

// permissionBits are the bits of a role's "perms" integer.
var permissionBits = map[string]int64{
	"see": 130, "see_contents": 36865, "modify": 65536, "edit_attributes": 131072, "add_items": 4,
	"reserve": 8192, "add_major_version": 4194304, "delete_versions": 16384, "delete": 8, "edit_permissions": 16,
}

func permsMask(perms []string) int64 {
	var m int64
	for _, p := range perms {
		m |= permissionBits[p]
	}
	return m
}

func (s *Server) installWorkspaceRoles() {
	s.api("GET /v2/businessworkspaces/{bw_id}/roles", s.handleListRoles)
	s.api("POST /v2/businessworkspaces/{bw_id}/roles", s.handleAddRole)
	s.api("GET /v2/businessworkspaces/{bw_id}/roles/{role_id}", s.handleGetRole)
	s.api("PUT /v2/businessworkspaces/{bw_id}/roles/{role_id}", s.handleUpdateRole)
	s.api("DELETE /v2/businessworkspaces/{bw_id}/roles/{role_id}", s.handleDeleteRole)
	s.api("GET /v2/businessworkspaces/{bw_id}/roles/{role_id}/members", s.handleRoleMembers)
	s.api("POST /v2/businessworkspaces/{bw_id}/roles/{role_id}/members", s.handleAddRoleMember)
	s.api("DELETE /v2/businessworkspaces/{bw_id}/roles/{role_id}/members/{member_id}", s.handleRemoveRoleMember)
	s.installWorkspaceTeam()
}

func (s *Server) rolesOfLocked(wsID int64) []*wsRole {
	var out []*wsRole
	for _, r := range s.ws.roles {
		if r.WorkspaceID == wsID {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b *wsRole) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

func roleJSON(r *wsRole) map[string]any {
	return map[string]any{"data": map[string]any{"properties": map[string]any{
		"id": r.ID, "name": r.Name, "description": r.Description, "leader": r.Leader, "inherited_from_id": nil, "perms": permsMask(r.Perms),
	}}}
}

// pathRoleLocked resolves {bw_id} and {role_id}; perm is what the caller
// needs on the workspace.
func (s *Server) pathRoleLocked(c *call, perm string) (*wsRole, *node, error) {
	_, n, err := s.pathWorkspaceLocked(c)
	if err != nil {
		return nil, nil, err
	}
	if err := s.requireLocked(c.userID(), n, perm); err != nil {
		return nil, nil, err
	}
	rid, err := c.pathID("role_id")
	if err != nil {
		return nil, nil, err
	}
	r := s.ws.roles[rid]
	if r == nil || r.WorkspaceID != n.ID {
		return nil, nil, errorf(http.StatusBadRequest, "The role %d could not be found in the business workspace %d.", rid, n.ID)
	}
	return r, n, nil
}

// roleReadJSONLocked is a role as the role GETs answer it: with
// "fields=members", data.members holds the properties of every user and
// group in the role, as the Smart UI's team widget reads them
// (conws/widgets/team: roles?fields=members; its mock answers show the
// member list beside the role's properties).
func (s *Server) roleReadJSONLocked(c *call, r *wsRole) map[string]any {
	j := roleJSON(r)
	if _, ok := parseFieldSpec(c.query, "fields").sections["members"]; ok {
		members := []any{}
		for _, id := range r.Members {
			if m := s.memberJSONLocked(id); m != nil {
				members = append(members, m)
			}
		}
		j["data"].(map[string]any)["members"] = members
	}
	return j
}

func (s *Server) handleListRoles(c *call) (any, error) {
	_, n, err := s.pathWorkspaceLocked(c)
	if err != nil {
		return nil, err
	}
	results := []any{}
	for _, r := range s.rolesOfLocked(n.ID) {
		results = append(results, s.roleReadJSONLocked(c, r))
	}
	return map[string]any{"links": c.selfLinks(), "results": results}, nil
}

func (s *Server) handleGetRole(c *call) (any, error) {
	r, _, err := s.pathRoleLocked(c, "see")
	if err != nil {
		return nil, err
	}
	return map[string]any{"links": c.selfLinks(), "results": s.roleReadJSONLocked(c, r)}, nil
}

// rolePerms reads "permissions" (names) and "apply_to" of a role call.
func (s *Server) rolePerms(c *call, n *node) ([]string, int64, bool, error) {
	raw, ok := c.params.raw("permissions")
	if !ok {
		return nil, 0, false, nil
	}
	list, isList := raw.([]any)
	if !isList {
		return nil, 0, false, invalid("permissions", raw)
	}
	var names []string
	for _, p := range list {
		str, _ := p.(string)
		names = append(names, str)
	}
	perms, err := normalisePerms(names)
	if err != nil {
		return nil, 0, false, err
	}
	applyTo, _, err := c.params.int64("apply_to")
	if err != nil {
		return nil, 0, false, err
	}
	if applyTo < 0 || applyTo > 3 {
		return nil, 0, false, invalid("apply_to", applyTo)
	}
	return perms, applyTo, true, nil
}

func (s *Server) handleAddRole(c *call) (any, error) {
	_, n, err := s.pathWorkspaceLocked(c)
	if err != nil {
		return nil, err
	}
	if err := s.requireLocked(c.userID(), n, "edit_permissions"); err != nil {
		return nil, err
	}
	name, _ := c.params.str("name")
	if strings.TrimSpace(name) == "" {
		return nil, missing("name")
	}
	for _, r := range s.rolesOfLocked(n.ID) {
		if strings.EqualFold(r.Name, name) {
			return nil, errorf(http.StatusInternalServerError, "A role with the name '%s' already exists.", name)
		}
	}
	perms, applyTo, _, err := s.rolePerms(c, n)
	if err != nil {
		return nil, err
	}
	var members []int64
	if raw, ok := c.params.raw("members"); ok {
		list, _ := raw.([]any)
		for _, m := range list {
			id, ok := toInt64(m)
			if !ok || !s.knownMemberLocked(id) {
				return nil, errorf(http.StatusBadRequest, "Could not get a member for %v", m)
			}
			members = append(members, id)
		}
	}
	desc, _ := c.params.str("description")
	leader, _ := c.params.raw("leader")
	s.ws.nextRoleID++
	r := &wsRole{ID: s.ws.nextRoleID, WorkspaceID: n.ID, Name: name, Description: desc, Leader: leader == true, Perms: perms, Members: members}
	if perms == nil {
		r.Perms = []string{}
	}
	s.ws.roles[r.ID] = r
	s.applyToLocked(n, applyTo, func(x *node) { s.setAssignedLocked(c.userID(), x, r.ID, r.Perms) })
	return map[string]any{"links": c.selfLinks(), "results": roleJSON(r)}, nil
}

func (s *Server) handleUpdateRole(c *call) (any, error) {
	r, n, err := s.pathRoleLocked(c, "edit_permissions")
	if err != nil {
		return nil, err
	}
	perms, applyTo, has, err := s.rolePerms(c, n)
	if err != nil {
		return nil, err
	}
	if name, ok := c.params.str("name"); ok && name != "" {
		r.Name = name
	}
	if desc, ok := c.params.str("description"); ok {
		r.Description = desc
	}
	if has {
		r.Perms = perms
		s.applyToLocked(n, applyTo, func(x *node) { s.setAssignedLocked(c.userID(), x, r.ID, perms) })
	}
	return c.emptyResults(), nil
}

func (s *Server) handleDeleteRole(c *call) (any, error) {
	r, n, err := s.pathRoleLocked(c, "edit_permissions")
	if err != nil {
		return nil, err
	}
	s.applyToLocked(n, 2, func(x *node) { s.removeAssignedLocked(c.userID(), x, r.ID) })
	delete(s.ws.roles, r.ID)
	return c.emptyResults(), nil
}

func (s *Server) handleRoleMembers(c *call) (any, error) {
	r, _, err := s.pathRoleLocked(c, "see")
	if err != nil {
		return nil, err
	}
	results := []any{}
	for _, m := range r.Members {
		if j := s.memberJSONLocked(m); j != nil {
			results = append(results, map[string]any{"data": map[string]any{"properties": j}})
		}
	}
	return map[string]any{"links": c.selfLinks(), "results": results}, nil
}

func (s *Server) handleAddRoleMember(c *call) (any, error) {
	r, n, err := s.pathRoleLocked(c, "edit_permissions")
	if err != nil {
		return nil, err
	}
	id, ok, err := c.params.int64("id")
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, missing("id")
	}
	if s.dir.users[id] == nil && s.dir.groups[id] == nil {
		return nil, errorf(http.StatusBadRequest, "Could not get a member for %d", id)
	}
	if slices.Contains(r.Members, id) {
		return nil, errorf(http.StatusInternalServerError, "The member %d already exists in the role '%s'.", id, r.Name)
	}
	r.Members = append(r.Members, id)
	s.recordLocked(AuditEntry{NodeID: n.ID, EventType: EventPermissionChanged, UserID: c.userID(), TargetUserID: id})
	return c.emptyResults(), nil
}

func (s *Server) handleRemoveRoleMember(c *call) (any, error) {
	r, n, err := s.pathRoleLocked(c, "edit_permissions")
	if err != nil {
		return nil, err
	}
	id, err := c.pathID("member_id")
	if err != nil {
		return nil, err
	}
	i := slices.Index(r.Members, id)
	if i < 0 {
		return nil, errorf(http.StatusBadRequest, "The member %d could not be found in the role '%s'.", id, r.Name)
	}
	r.Members = slices.Delete(r.Members, i, i+1)
	s.recordLocked(AuditEntry{NodeID: n.ID, EventType: EventPermissionChanged, UserID: c.userID(), TargetUserID: id})
	return c.emptyResults(), nil
}
