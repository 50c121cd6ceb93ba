package xecmtest

import (
	"net/http"
	"slices"
)

// installReserve registers the reservation request queue of a
// reserved document: users who want to edit it next put themselves in
// the queue, and read how many wait and who holds the reservation.
func (s *Server) installReserve() {
	s.api("GET /v2/reservemanagement/nodes/{id}", s.handleReservationStatus)
	s.api("POST /v2/reservemanagement/nodes/{id}", s.handleRequestReservation)
	s.api("DELETE /v2/reservemanagement/nodes/{id}", s.handleCancelReservationRequest)
}

// reservedNodeLocked resolves {id} to a reserved document, answering the
// spec's 400s for other types and for a document nobody reserved. The
// queue belongs to the reservation: unreserving clears it (nodes_update.go;
// the spec says nothing of what becomes of it).
func (s *Server) reservedNodeLocked(c *call) (*node, error) {
	n, err := s.pathNodeLocked(c)
	if err != nil {
		return nil, err
	}
	if !isDocument(n) {
		return nil, errorf(http.StatusBadRequest, "This node type does not support reserve management")
	}
	if n.ReservedUser == 0 {
		return nil, errorf(http.StatusBadRequest, "This node is not reserved")
	}
	return n, nil
}

// handleReservationStatus is GET api/v2/reservemanagement/nodes/{id}:
// {"data":{"num_users","reserved_by","reserved_date","already_requested"}},
// num_users not counting the caller (nodes_GetRequestStatus).
func (s *Server) handleReservationStatus(c *call) (any, error) {
	n, err := s.reservedNodeLocked(c)
	if err != nil {
		return nil, err
	}
	uid := c.userID()
	requested := slices.Contains(n.ReserveQueue, uid)
	others := len(n.ReserveQueue)
	if requested {
		others--
	}
	by := ""
	if u := s.dir.users[n.ReservedUser]; u != nil {
		by = u.Name
	}
	return map[string]any{"data": map[string]any{
		"num_users": others, "reserved_by": by, "reserved_date": dateV2(n.Reserved), "already_requested": requested,
	}}, nil
}

// handleRequestReservation is POST api/v2/reservemanagement/nodes/{id}:
// the caller joins the end of the queue, once.
func (s *Server) handleRequestReservation(c *call) (any, error) {
	n, err := s.reservedNodeLocked(c)
	if err != nil {
		return nil, err
	}
	uid := c.userID()
	if slices.Contains(n.ReserveQueue, uid) {
		return nil, errorf(http.StatusBadRequest, "Unable to request reservation, reservation request already exists")
	}
	n.ReserveQueue = append(n.ReserveQueue, uid)
	return c.emptyResults(), nil
}

// handleCancelReservationRequest is DELETE
// api/v2/reservemanagement/nodes/{id}: the caller leaves the queue.
func (s *Server) handleCancelReservationRequest(c *call) (any, error) {
	n, err := s.reservedNodeLocked(c)
	if err != nil {
		return nil, err
	}
	uid := c.userID()
	i := slices.Index(n.ReserveQueue, uid)
	if i < 0 {
		return nil, errorf(http.StatusBadRequest, "Unable to delete reservation request, user is not in reservation queue")
	}
	n.ReserveQueue = slices.Delete(n.ReserveQueue, i, i+1)
	return c.emptyResults(), nil
}
