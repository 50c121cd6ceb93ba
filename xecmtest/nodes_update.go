package xecmtest

import (
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"
)

// handleUpdateNode is PUT api/v2/nodes/{id}: rename (name or
// name_multilingual), description, move (parent_id) and reserve
// (reserved_user_id, "null" to unreserve), guarded by an optional
// metadata_token. The whole update is validated before anything changes.
func (s *Server) handleUpdateNode(c *call) (any, error) {
	n, err := s.pathNodeLocked(c)
	if err != nil {
		return nil, err
	}
	if err := s.checkAccessLocked(c, n, "modify"); err != nil {
		return nil, err
	}
	if tok, _ := c.params.str("metadata_token"); tok != "" && tok != metadataToken(n) {
		return nil, errorf(http.StatusConflict, "Could not update metadata (edit conflict).")
	}
	name, nameML, err := textUpdate(c.params, "name", n.Name, n.NameML)
	if err != nil {
		return nil, err
	}
	desc, descML, err := textUpdate(c.params, "description", n.Description, n.DescriptionML)
	if err != nil {
		return nil, err
	}
	parent := s.nodes.byID[n.ParentID]
	if pid, ok, err := c.params.int64("parent_id"); err != nil {
		return nil, err
	} else if ok && pid != n.ParentID {
		if parent, err = s.moveTargetLocked(n, pid); err != nil {
			return nil, err
		}
	}
	if parent != nil && (name != n.Name || parent.ID != n.ParentID) {
		if err := s.checkName(parent, name, n.ID); err != nil {
			return nil, err
		}
	}
	reserve, reserveTo, err := s.reservationUpdateLocked(c, n)
	if err != nil {
		return nil, err
	}

	uid := c.userID()
	changed := false
	if name != n.Name {
		s.recordLocked(AuditEntry{NodeID: n.ID, EventType: EventRename, UserID: uid})
		changed = true
	}
	if desc != n.Description || !maps.Equal(descML, n.DescriptionML) || !equalExceptEN(nameML, n.NameML) {
		s.recordLocked(AuditEntry{NodeID: n.ID, EventType: EventAttributeValueChanged, UserID: uid})
		changed = true
	}
	n.Name, n.NameML, n.Description, n.DescriptionML = name, nameML, desc, descML
	if parent != nil && parent.ID != n.ParentID {
		s.moveLocked(n, parent)
		s.recordLocked(AuditEntry{NodeID: n.ID, EventType: EventMove, UserID: uid})
		changed = true
	}
	switch reserve {
	case reserveSet:
		n.ReservedUser, n.Reserved = reserveTo, s.now()
		s.recordLocked(AuditEntry{NodeID: n.ID, EventType: EventReserve, UserID: uid, TargetUserID: reserveTo})
		changed = true
	case reserveClear:
		target := n.ReservedUser
		n.ReservedUser, n.Reserved, n.ReserveQueue = 0, time.Time{}, nil
		s.recordLocked(AuditEntry{NodeID: n.ID, EventType: EventUnreserve, UserID: uid, TargetUserID: target})
		changed = true
	}
	if changed {
		s.touchLocked(n, uid)
	}
	return c.emptyResults(), nil
}

// textUpdate computes the new value and multilingual map of "name" or
// "description". With <field>_multilingual present the plain field is
// ignored and the "en" value becomes the plain value.
func textUpdate(p params, field, cur string, curML map[string]string) (string, map[string]string, error) {
	ml := cloneMap(curML)
	if ml == nil {
		ml = map[string]string{}
	}
	upd, ok, err := p.stringMap(field + "_multilingual")
	if err != nil {
		return "", nil, err
	}
	if ok {
		maps.Copy(ml, upd)
		if v, has := upd["en"]; has {
			cur = v
		}
		return cur, ml, nil
	}
	if v, has := p.str(field); has {
		cur = v
		ml["en"] = v
	}
	return cur, ml, nil
}

// equalExceptEN compares multilingual maps ignoring the default language,
// whose change is a rename.
func equalExceptEN(a, b map[string]string) bool {
	return maps.Equal(withoutEN(a), withoutEN(b))
}

func withoutEN(m map[string]string) map[string]string {
	out := cloneMap(m)
	delete(out, "en")
	return out
}

// moveTargetLocked validates moving n under the node pid.
func (s *Server) moveTargetLocked(n *node, pid int64) (*node, error) {
	target, err := s.getNode(pid)
	if err != nil {
		return nil, err
	}
	if !target.container() {
		return nil, errorf(http.StatusBadRequest, "Could not move the item: the target %d is not a container.", pid)
	}
	if n.ParentID < 0 || slices.Contains(s.ancestorsLocked(target), n) {
		return nil, errorf(http.StatusBadRequest, "Could not move the item into itself or one of its descendants.")
	}
	return target, nil
}

// moveLocked relinks n under parent, updating volume ids of the subtree.
func (s *Server) moveLocked(n, parent *node) {
	if old := s.nodes.byID[n.ParentID]; old != nil {
		old.Children = slices.DeleteFunc(old.Children, func(id int64) bool { return id == n.ID })
	}
	parent.Children = append(parent.Children, n.ID)
	n.ParentID = parent.ID
	var setVolume func(*node)
	setVolume = func(x *node) {
		x.VolumeID = parent.VolumeID
		for _, kid := range x.Children {
			if k := s.nodes.byID[kid]; k != nil {
				setVolume(k)
			}
		}
	}
	setVolume(n)
}

type reserveAction int

const (
	reserveNone reserveAction = iota
	reserveSet
	reserveClear
)

// reservationUpdateLocked reads reserved_user_id: a user id reserves, and
// "null" (or JSON null, "" or 0) unreserves.
func (s *Server) reservationUpdateLocked(c *call, n *node) (reserveAction, int64, error) {
	raw, ok := c.params.raw("reserved_user_id")
	if !ok {
		return reserveNone, 0, nil
	}
	if str, isStr := raw.(string); raw == nil || (isStr && (strings.EqualFold(str, "null") || str == "")) {
		if n.ReservedUser == 0 {
			return reserveNone, 0, nil
		}
		return reserveClear, 0, nil
	}
	uid, isInt := toInt64(raw)
	if !isInt {
		return reserveNone, 0, invalid("reserved_user_id", raw)
	}
	switch {
	case uid == 0 && n.ReservedUser == 0:
		return reserveNone, 0, nil
	case uid == 0:
		return reserveClear, 0, nil
	case s.dir.users[uid] == nil:
		return reserveNone, 0, invalid("reserved_user_id", raw)
	case n.ReservedUser == uid:
		return reserveNone, 0, nil
	case n.ReservedUser != 0:
		return reserveNone, 0, errorf(http.StatusInternalServerError, "The item '%s' is already reserved by another user.", n.Name)
	}
	return reserveSet, uid, nil
}
