package xecmtest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
)

// installBulkAssigned serves POST api/v2/nodes/{id}/permissions/custom/bulk:
// assigned access for several members in one call. The spec declares both
// of its parameters in the query: permissions_array, a JSON array of
// {"permissions":[...],"right_id":N}, and apply_to, 0 to 2 (not 3, unlike
// the other permission writes). "If there is already an existing member in
// Assigned Access, those permissions will be replaced."
//
// The spec does not say whether the call is all or nothing; the simulator
// checks every entry before changing anything, so a bad entry changes
// nothing. It answers the empty results of the other writes: the spec
// names the one-entry response schema, with no example of what it holds.
func (s *Server) installBulkAssigned() {
	s.api("POST /v2/nodes/{id}/permissions/custom/bulk", s.handleBulkAssigned)
}

type bulkEntry struct {
	rightID int64
	perms   []string
}

func (s *Server) handleBulkAssigned(c *call) (any, error) {
	n, err := s.pathNodeAs500Locked(c, msgNoAccess)
	if err != nil {
		return nil, err
	}
	if err := s.requireLocked(c.userID(), n, "edit_permissions"); err != nil {
		return nil, err
	}
	entries, err := s.bulkEntriesLocked(c.query.Get("permissions_array"))
	if err != nil {
		return nil, err
	}
	applyTo := int64(0)
	if raw := c.query.Get("apply_to"); raw != "" {
		applyTo, err = strconv.ParseInt(raw, 10, 64)
		if err != nil || applyTo < 0 || applyTo > 2 || applyTo != 0 && !n.container() {
			return nil, invalid("apply_to", raw)
		}
	}
	for _, e := range entries {
		s.applyToLocked(n, applyTo, func(x *node) { s.setAssignedLocked(c.userID(), x, e.rightID, e.perms) })
	}
	return c.emptyResults(), nil
}

// bulkEntriesLocked parses and checks permissions_array.
func (s *Server) bulkEntriesLocked(raw string) ([]bulkEntry, error) {
	if raw == "" {
		return nil, missing("permissions_array")
	}
	var list []struct {
		Permissions *[]string   `json:"permissions"`
		RightID     json.Number `json:"right_id"`
	}
	dec := json.NewDecoder(bytes.NewReader([]byte(raw)))
	dec.UseNumber()
	if err := dec.Decode(&list); err != nil || len(list) == 0 {
		return nil, invalid("permissions_array", raw)
	}
	out := make([]bulkEntry, 0, len(list))
	for _, e := range list {
		rid, ok := toInt64(e.RightID)
		if !ok || rid <= 0 || e.Permissions == nil {
			return nil, invalid("permissions_array", raw)
		}
		if !s.knownMemberLocked(rid) {
			return nil, errorf(http.StatusBadRequest, "Could not get a member for %d", rid)
		}
		perms, err := normalisePerms(*e.Permissions)
		if err != nil {
			return nil, err
		}
		out = append(out, bulkEntry{rid, perms})
	}
	return out, nil
}
