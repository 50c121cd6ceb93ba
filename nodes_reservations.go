package xecm

import (
	"context"
	"errors"
	"net/http"
	"strconv"
)

// ErrNotReserved: the reservation queue of a node was asked about, but
// nobody holds a reservation of it (Content Server's 400 "This node is
// not reserved"). Reserve it instead (NodesService.Reserve).
var ErrNotReserved = errors.New("xecm: node is not reserved")

// ReservationStatus is what the server tells about the reservation of a
// reserved document and the users waiting to reserve it next.
type ReservationStatus struct {
	// ReservedBy is the login name of the user holding the reservation.
	ReservedBy string
	// ReservedDate is when the document was reserved.
	ReservedDate Time
	// Waiting is how many other users asked to reserve it next (the
	// caller is not counted).
	Waiting int
	// Requested reports whether the caller is among those waiting.
	Requested bool
}

func reservePath(id int64) string {
	return "v2/reservemanagement/nodes/" + strconv.FormatInt(id, 10)
}

// ReservationStatus tells who holds the reservation of a document, since
// when, how many others wait for it and whether the caller does: a portal
// shows it beside a checked-out document, a sync job decides whether to
// queue or skip.
//
// It fails with an error matching ErrNotReserved when nobody has reserved
// the document, with ErrNotFound when it does not exist or is not
// visible, and with the server's 400 for a node type without reservations
// or a server where reservation management is not enabled.
//
// OpenText API: GET api/v2/reservemanagement/nodes/{id}
func (s *NodesService) ReservationStatus(ctx context.Context, id int64) (_ *ReservationStatus, err error) {
	ctx, observed := s.c.startOp(ctx, "Nodes.ReservationStatus")
	defer observed.end(&err)
	if err := checkID("Nodes.ReservationStatus", "node ID", id); err != nil {
		return nil, err
	}
	var env struct {
		Data *struct {
			NumUsers         flexInt64 `json:"num_users"`
			ReservedBy       string    `json:"reserved_by"`
			ReservedDate     Time      `json:"reserved_date"`
			AlreadyRequested bool      `json:"already_requested"`
		} `json:"data"`
	}
	path := reservePath(id)
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: path}, &env); err != nil {
		return nil, err
	}
	if env.Data == nil {
		return nil, malformed(http.MethodGet, path, "no data in the response")
	}
	d := env.Data
	return &ReservationStatus{ReservedBy: d.ReservedBy, ReservedDate: d.ReservedDate, Waiting: int(d.NumUsers), Requested: d.AlreadyRequested}, nil
}

// RequestReservation puts the caller in the queue of users waiting to
// reserve a document that someone else holds.
//
// It fails with an error matching ErrNotReserved when nobody holds the
// document (reserve it with Reserve), with ErrAlreadyExists when the
// caller is already waiting, and with ErrNotFound when the document does
// not exist or is not visible.
//
// OpenText API: POST api/v2/reservemanagement/nodes/{id}
func (s *NodesService) RequestReservation(ctx context.Context, id int64) (err error) {
	ctx, observed := s.c.startOp(ctx, "Nodes.RequestReservation")
	defer observed.end(&err)
	if err := checkID("Nodes.RequestReservation", "node ID", id); err != nil {
		return err
	}
	return s.c.do(ctx, &request{method: http.MethodPost, path: reservePath(id)}, nil)
}

// CancelReservationRequest takes the caller out of the queue of users
// waiting to reserve a document.
//
// It fails with an error matching ErrNotReserved when nobody holds the
// document any more, with the server's 400 when the caller is not
// waiting, and with ErrNotFound when the document does not exist or is
// not visible.
//
// OpenText API: DELETE api/v2/reservemanagement/nodes/{id}
func (s *NodesService) CancelReservationRequest(ctx context.Context, id int64) (err error) {
	ctx, observed := s.c.startOp(ctx, "Nodes.CancelReservationRequest")
	defer observed.end(&err)
	if err := checkID("Nodes.CancelReservationRequest", "node ID", id); err != nil {
		return err
	}
	return s.c.do(ctx, &request{method: http.MethodDelete, path: reservePath(id)}, nil)
}
