package xecmtest

import (
	"net/http"
	"slices"
	"strconv"
)

// The default access entries (owner, owner group, public access) changed
// and removed one by one: PUT and DELETE api/v2/nodes/{id}/permissions/
// owner, /group and /public (the GETs are in installPermissions).
//
// What the spec says, and what it leaves open:
//
//   - PUT takes permissions, apply_to and include_sub_types; on owner and
//     group also right_id, which changes the owner or owner group ("Change
//     the owner to the user 15234") and restores a removed entry ("Restore
//     permissions for the user 15234").
//   - "permissions":[] is "not the same as removing": the entry stays, with
//     no permissions.
//   - DELETE takes apply_to as a query parameter.
//
// The spec does not say whether removing the owner (group) entry forgets
// who the owner is. The simulator keeps the node's owner_user_id and
// owner_group_id (they are node properties, not part of the entry), so a
// PUT without right_id restores the entry for the same owner. Nor does it
// say what removing an entry the node does not have answers; the simulator
// answers 200, the entry being absent as asked. include_sub_types is not
// modelled: the simulator has no special subtypes with the simplified
// permission model the spec mentions.
func (s *Server) installDefaultAccess() {
	for _, kind := range []string{"owner", "group", "public"} {
		s.api("PUT /v2/nodes/{id}/permissions/"+kind, s.handleSetDefaultEntry(kind))
		s.api("DELETE /v2/nodes/{id}/permissions/"+kind, s.handleRemoveDefaultEntry(kind))
	}
}

// handleSetDefaultEntry is PUT api/v2/nodes/{id}/permissions/{kind}.
func (s *Server) handleSetDefaultEntry(kind string) jsonHandler {
	return func(c *call) (any, error) {
		n, err := s.pathNodeAs500Locked(c, msgNoAccess)
		if err != nil {
			return nil, err
		}
		perms, applyTo, err := s.permissionChange(c, n)
		if err != nil {
			return nil, err
		}
		var rid int64
		if kind != "public" { // the public PUT declares no right_id
			if rid, _, err = c.params.int64("right_id"); err != nil {
				return nil, err
			}
		}
		if err := s.checkDefaultAssignee(kind, rid); err != nil {
			return nil, err
		}
		s.applyToLocked(n, applyTo, func(x *node) { s.setDefaultEntryLocked(c.userID(), x, kind, rid, perms) })
		return c.emptyResults(), nil
	}
}

// checkDefaultAssignee refuses a right_id that cannot hold the entry: the
// owner is a user, the owner group a group. The spec lists "Could not
// process object, invalid request" among the PUT's errors without saying
// when; the simulator answers it for a member of the wrong kind.
func (s *Server) checkDefaultAssignee(kind string, rid int64) error {
	if rid == 0 {
		return nil
	}
	if !s.knownMemberLocked(rid) {
		return errorf(http.StatusBadRequest, "Could not get a member for %d", rid)
	}
	if kind == "owner" && s.dir.users[rid] == nil || kind == "group" && s.dir.groups[rid] == nil {
		return errorf(http.StatusInternalServerError, "Could not process object, invalid request")
	}
	return nil
}

func (s *Server) setDefaultEntryLocked(by int64, n *node, kind string, rid int64, perms []string) {
	a := s.ownACLLocked(n)
	switch kind {
	case "owner":
		if rid != 0 {
			n.OwnerUser = rid
		}
		a.owner = slices.Clone(perms)
		rid = n.OwnerUser
	case "group":
		if rid != 0 {
			n.OwnerGroup = rid
		}
		a.ownerGroup = slices.Clone(perms)
		rid = n.OwnerGroup
	default:
		a.public = slices.Clone(perms)
	}
	s.recordLocked(AuditEntry{NodeID: n.ID, EventType: EventPermissionChanged, UserID: by, TargetUserID: rid})
}

// handleRemoveDefaultEntry is DELETE api/v2/nodes/{id}/permissions/{kind}.
func (s *Server) handleRemoveDefaultEntry(kind string) jsonHandler {
	return func(c *call) (any, error) {
		n, applyTo, err := s.permissionRemovalLocked(c)
		if err != nil {
			return nil, err
		}
		s.applyToLocked(n, applyTo, func(x *node) {
			a := s.ownACLLocked(x)
			switch kind {
			case "owner":
				a.owner = nil
			case "group":
				a.ownerGroup = nil
			default:
				a.public = nil
			}
			s.recordLocked(AuditEntry{NodeID: x.ID, EventType: EventPermissionChanged, UserID: c.userID()})
		})
		return c.emptyResults(), nil
	}
}

// permissionRemovalLocked reads the {id} node of a permission removal,
// which the caller must be allowed to change, and its apply_to.
func (s *Server) permissionRemovalLocked(c *call) (*node, int64, error) {
	n, err := s.pathNodeAs500Locked(c, msgNoAccess)
	if err != nil {
		return nil, 0, err
	}
	if err := s.requireLocked(c.userID(), n, "edit_permissions"); err != nil {
		return nil, 0, err
	}
	applyTo, err := queryApplyTo(c, n)
	if err != nil {
		return nil, 0, err
	}
	return n, applyTo, nil
}

// queryApplyTo reads the apply_to query parameter of the permission
// removals: 0 (the default) to 3, and only 0 on an item that is not a
// container ("Specifying a value of anything other than 0 for a non
// container ... will result in an error message").
func queryApplyTo(c *call, n *node) (int64, error) {
	raw := c.query.Get("apply_to")
	if raw == "" {
		return 0, nil
	}
	applyTo, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || applyTo < 0 || applyTo > 3 || applyTo != 0 && !n.container() {
		return 0, invalid("apply_to", raw)
	}
	return applyTo, nil
}
