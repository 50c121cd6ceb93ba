package xecmtest

import (
	"cmp"
	"net/http"
	"slices"
	"strings"
)

// The team of a workspace: its roles with the users and groups in them, as
// the Smart UI's team widget shows it.
//
// Evidence: the Business Workspaces spec (getMembers, getMemberMembers,
// getRoleMember and their response schemas), and for the role entries the
// type pyxecm gives workspace roles (848, "Business Workspace Role",
// OTCS._build_members_data); the spec names the field "type_formatted"
// where pyxecm's member shapes say "type_name", so the same text is used.

const (
	// roleMemberType is the member type of a workspace role.
	roleMemberType = 848
	roleTypeName   = "Business Workspace Role"
	// teamLimit and teamLimitMembers are the spec's defaults of "limit"
	// and "limit_members" on the team list.
	teamLimit        = 100
	teamLimitMembers = 10
)

func (s *Server) installWorkspaceTeam() {
	s.api("GET /v2/businessworkspaces/{bw_id}/members", s.handleTeam)
	s.api("GET /v2/businessworkspaces/{bw_id}/members/{member_id}/members", s.handleTeamMemberMembers)
	s.api("GET /v2/businessworkspaces/{bw_id}/roles/{role_id}/members/{member_id}", s.handleRoleMember)
}

// teamOrderLocked returns the roles of a workspace in the team order the
// spec describes: the leader role first, then the others by name.
func (s *Server) teamOrderLocked(wsID int64) []*wsRole {
	roles := s.rolesOfLocked(wsID)
	slices.SortStableFunc(roles, func(a, b *wsRole) int {
		if a.Leader != b.Leader {
			if a.Leader {
				return -1
			}
			return 1
		}
		return cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	})
	return roles
}

// memberNameLocked is the name a member is sorted by.
func (s *Server) memberNameLocked(id int64) string {
	if u := s.dir.users[id]; u != nil {
		return strings.ToLower(u.displayName())
	}
	if g := s.dir.groups[id]; g != nil {
		return strings.ToLower(g.Name)
	}
	return ""
}

// sortedMembersLocked returns the known members of a role, by name.
func (s *Server) sortedMembersLocked(r *wsRole) []int64 {
	var ids []int64
	for _, id := range r.Members {
		if s.memberJSONLocked(id) != nil {
			ids = append(ids, id)
		}
	}
	slices.SortStableFunc(ids, func(a, b int64) int { return cmp.Compare(s.memberNameLocked(a), s.memberNameLocked(b)) })
	return ids
}

// teamMemberJSONLocked is a member in the shape of the spec's
// V2BusinessWorkspaceMemberMemberProperties.
func (s *Server) teamMemberJSONLocked(id int64) map[string]any {
	m := s.memberJSONLocked(id)
	if m == nil {
		return nil
	}
	out := map[string]any{"photo_url": nil}
	for _, k := range []string{"id", "initials", "name", "name_formatted", "type", "type_name"} {
		out[k] = m[k]
	}
	return out
}

func (s *Server) handleTeam(c *call) (any, error) {
	_, n, err := s.pathWorkspaceLocked(c)
	if err != nil {
		return nil, err
	}
	if c.query.Get("include_groups") != "" {
		// Which groups (and group mappings) the server adds to the team
		// is not documented; refusing is the answer that drops nothing.
		return nil, errorf(http.StatusBadRequest, "The simulator does not model the groups of a team (include_groups).")
	}
	page, limit, err := c.pageRequest(teamLimit)
	if err != nil {
		return nil, err
	}
	perRole, err := c.queryInt("limit_members", teamLimitMembers, 0)
	if err != nil {
		return nil, err
	}
	roles, p := paginate(s.teamOrderLocked(n.ID), page, limit)
	results := make([]any, 0, len(roles))
	for _, r := range roles {
		members := []any{}
		for _, id := range s.sortedMembersLocked(r) {
			if len(members) == perRole {
				break
			}
			members = append(members, s.teamMemberJSONLocked(id))
		}
		props := map[string]any{"id": r.ID, "inherited_from_id": nil, "leader": r.Leader, "name": r.Name,
			"type": roleMemberType, "type_formatted": roleTypeName}
		results = append(results, map[string]any{"actions": map[string]any{"data": map[string]any{}, "map": map[string]any{}, "order": []string{}},
			"data": map[string]any{"properties": props, "members": members}})
	}
	return map[string]any{"links": c.selfLinks(), "collection": map[string]any{"paging": p}, "results": results}, nil
}

// handleTeamMemberMembers lists, by name, the members of one entry of the
// team: a role of the workspace. (Groups are team entries only with
// include_groups, which the simulator does not model.)
func (s *Server) handleTeamMemberMembers(c *call) (any, error) {
	_, n, err := s.pathWorkspaceLocked(c)
	if err != nil {
		return nil, err
	}
	mid, err := c.pathID("member_id")
	if err != nil {
		return nil, err
	}
	r := s.ws.roles[mid]
	if r == nil || r.WorkspaceID != n.ID {
		return nil, errorf(http.StatusBadRequest, "The member %d could not be found in the business workspace %d.", mid, n.ID)
	}
	page, limit, err := c.pageRequest(teamLimit)
	if err != nil {
		return nil, err
	}
	ids, p := paginate(s.sortedMembersLocked(r), page, limit)
	results := make([]any, 0, len(ids))
	for _, id := range ids {
		results = append(results, map[string]any{"data": map[string]any{"properties": s.teamMemberJSONLocked(id)}})
	}
	return map[string]any{"links": c.selfLinks(), "collection": map[string]any{"paging": p}, "results": results}, nil
}

// handleRoleMember answers one member of a role with the member's
// properties, as the role's member list does.
func (s *Server) handleRoleMember(c *call) (any, error) {
	r, _, err := s.pathRoleLocked(c, "see")
	if err != nil {
		return nil, err
	}
	id, err := c.pathID("member_id")
	if err != nil {
		return nil, err
	}
	j := s.memberJSONLocked(id)
	if j == nil || !slices.Contains(r.Members, id) {
		return nil, errorf(http.StatusBadRequest, "The member %d could not be found in the role '%s'.", id, r.Name)
	}
	return map[string]any{"links": c.selfLinks(), "results": map[string]any{"data": map[string]any{"properties": j}}}, nil
}
