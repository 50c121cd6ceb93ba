package xecmtest

import (
	"cmp"
	"net/http"
	"slices"
	"strings"
)

// Workspace roles given access to items inside a workspace: the roles a
// node can take (GET api/v2/businessworkspaceroles?addable_to_node_id=)
// and giving one of them access to the node (POST api/v2/nodes/{id}/
// businessworkspaceroles), as the Smart UI's permissions view does for a
// folder of a workspace.
//
// Evidence: the Business Workspaces spec (searchBusinessWorkspaceRoles,
// addNodeBusinessWorkspaceRole and their response schemas); pyxecm
// (OTCS._build_members_data) for a role's type 848, "Business Workspace
// Role", its initials (the first letter of its name) and leader_id, the
// workspace's leader role. The spec's "roles from all business workspaces
// which are ancestors of the passed node" is read as the workspaces above
// the node, not the node itself: a workspace's own roles are set with PUT
// roles/{role_id}. What the success and failure counts of the POST count
// is not documented; the simulator counts the items whose permissions
// were set and those the caller may not change.

// addableRolesLimit is the spec's default page size of the role search.
const addableRolesLimit = 10

func (s *Server) installWorkspaceNodeRoles() {
	s.api("GET /v2/businessworkspaceroles", s.handleAddableRoles)
	s.api("POST /v2/nodes/{id}/businessworkspaceroles", s.handleAddNodeRole)
}

// ancestorWorkspacesLocked returns the workspaces above n, nearest first.
func (s *Server) ancestorWorkspacesLocked(n *node) []int64 {
	var out []int64
	for p := s.nodes.byID[n.ParentID]; p != nil; p = s.nodes.byID[p.ParentID] {
		if s.ws.byNode[p.ID] != nil {
			out = append(out, p.ID)
		}
		if p.ParentID == p.ID {
			break
		}
	}
	return out
}

// addableRolesLocked returns the roles n can take.
func (s *Server) addableRolesLocked(n *node) []*wsRole {
	var out []*wsRole
	for _, ws := range s.ancestorWorkspacesLocked(n) {
		out = append(out, s.rolesOfLocked(ws)...)
	}
	return out
}

func (s *Server) handleAddableRoles(c *call) (any, error) {
	raw := c.query.Get("addable_to_node_id")
	if raw == "" {
		return nil, missing("addable_to_node_id")
	}
	id, ok := toInt64(raw)
	if !ok {
		return nil, invalid("addable_to_node_id", raw)
	}
	n, err := s.getNode(id)
	if err != nil {
		return nil, err
	}
	if err := s.checkAccessLocked(c, n, "see"); err != nil {
		return nil, err
	}
	sortBy := c.query.Get("sort")
	if sortBy != "" && sortBy != "asc_name" && sortBy != "desc_name" {
		return nil, invalid("sort", sortBy)
	}
	page, limit, err := c.pageRequest(addableRolesLimit)
	if err != nil {
		return nil, err
	}
	query := strings.ToLower(c.query.Get("query"))
	var roles []*wsRole
	for _, r := range s.addableRolesLocked(n) {
		if strings.Contains(strings.ToLower(r.Name), query) {
			roles = append(roles, r)
		}
	}
	if sortBy != "" {
		slices.SortStableFunc(roles, func(a, b *wsRole) int {
			d := cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
			if sortBy == "desc_name" {
				d = -d
			}
			return d
		})
	}
	items, p := paginate(roles, page, limit)
	results := make([]any, 0, len(items))
	for _, r := range items {
		var leader any
		for _, x := range s.rolesOfLocked(r.WorkspaceID) {
			if x.Leader {
				leader = x.ID
				break
			}
		}
		results = append(results, map[string]any{"data": map[string]any{"id": r.ID, "name": r.Name, "name_formatted": r.Name,
			"initials": firstLetter(r.Name), "deleted": false, "leader_id": leader, "node_id": r.WorkspaceID,
			"type": roleMemberType, "type_name": roleTypeName}})
	}
	collection := map[string]any{"paging": p}
	if sortBy != "" {
		collection["sorting"] = map[string]any{"sort": []any{map[string]any{"key": "sort", "value": sortBy}}}
	}
	return map[string]any{"links": c.selfLinks(), "collection": collection, "results": results}, nil
}

// nodeRolePerms reads the permissions of a role grant: names in
// "permissions", or else the bits of "perms".
func (s *Server) nodeRolePerms(c *call, n *node) ([]string, int64, error) {
	perms, applyTo, has, err := s.rolePerms(c, n)
	if err != nil || has {
		return perms, applyTo, err
	}
	mask, ok, err := c.params.int64("perms")
	if err != nil {
		return nil, 0, err
	}
	if !ok {
		return nil, 0, missing("permissions")
	}
	var names []string
	for name, bits := range permissionBits {
		if mask&bits == bits {
			names = append(names, name)
		}
	}
	if perms, err = normalisePerms(names); err != nil {
		return nil, 0, err
	}
	applyTo, _, err = c.params.int64("apply_to")
	if err != nil || applyTo < 0 || applyTo > 3 {
		return nil, 0, invalid("apply_to", applyTo)
	}
	return perms, applyTo, nil
}

func (s *Server) handleAddNodeRole(c *call) (any, error) {
	n, err := s.pathNodeLocked(c)
	if err != nil {
		return nil, err
	}
	roleID, ok, err := c.params.int64("role_id")
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, missing("role_id")
	}
	if !slices.ContainsFunc(s.addableRolesLocked(n), func(r *wsRole) bool { return r.ID == roleID }) {
		return nil, errorf(http.StatusBadRequest, "The role %d is not a role of a business workspace above the node %d.", roleID, n.ID)
	}
	if err := s.requireLocked(c.userID(), n, "edit_permissions"); err != nil {
		return nil, err
	}
	perms, applyTo, err := s.nodeRolePerms(c, n)
	if err != nil {
		return nil, err
	}
	success, failure := 0, 0
	s.applyToLocked(n, applyTo, func(x *node) {
		if !s.canLocked(c.userID(), x, "edit_permissions") {
			failure++
			return
		}
		s.setAssignedLocked(c.userID(), x, roleID, perms)
		success++
	})
	return map[string]any{"links": c.selfLinks(), "results": map[string]any{"success": success, "failure": failure}}, nil
}
