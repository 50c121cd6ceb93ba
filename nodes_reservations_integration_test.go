package xecm_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

func TestNodesReservationQueue(t *testing.T) {
	clock := &steppingClock{now: time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)}
	sim, c := startSimWith(t, []xecmtest.Option{xecmtest.WithClock(clock.Now)})
	ctx := t.Context()
	folder := sim.AddFolder(xecmtest.EnterpriseWorkspaceID, "Drafts")
	up, err := c.Documents.Upload(ctx, xecm.DocumentUploadRequest{ParentID: folder, Name: "plan.docx", Content: bytes.NewReader([]byte("v1"))})
	require.NoError(t, err)
	doc := up.Node.ID
	sim.AddUser("mary", "mary-pw")
	jdoe := clientAs(t, sim, "jdoe", "jdoe-pw")
	mary := clientAs(t, sim, "mary", "mary-pw")

	// Nobody holds it: there is no queue to join, the caller reserves it.
	_, err = c.Nodes.ReservationStatus(ctx, doc)
	require.ErrorIs(t, err, xecm.ErrNotReserved)
	require.ErrorIs(t, jdoe.Nodes.RequestReservation(ctx, doc), xecm.ErrNotReserved)

	require.NoError(t, c.Nodes.Reserve(ctx, doc, 1000))
	st, err := jdoe.Nodes.ReservationStatus(ctx, doc)
	require.NoError(t, err)
	assert.Equal(t, "Admin", st.ReservedBy)
	assert.True(t, st.ReservedDate.Equal(clock.Now()), "reserved at %v", st.ReservedDate)
	assert.Equal(t, 0, st.Waiting)
	assert.False(t, st.Requested)

	require.NoError(t, jdoe.Nodes.RequestReservation(ctx, doc))
	require.ErrorIs(t, jdoe.Nodes.RequestReservation(ctx, doc), xecm.ErrAlreadyExists, "once in the queue")
	require.NoError(t, mary.Nodes.RequestReservation(ctx, doc))

	st, err = jdoe.Nodes.ReservationStatus(ctx, doc)
	require.NoError(t, err)
	assert.Equal(t, xecm.ReservationStatus{ReservedBy: "Admin", ReservedDate: st.ReservedDate, Waiting: 1, Requested: true}, *st)
	st, err = c.Nodes.ReservationStatus(ctx, doc)
	require.NoError(t, err)
	assert.Equal(t, 2, st.Waiting, "the holder sees both waiting")
	assert.False(t, st.Requested)

	require.NoError(t, jdoe.Nodes.CancelReservationRequest(ctx, doc))
	err = jdoe.Nodes.CancelReservationRequest(ctx, doc)
	require.Error(t, err, "jdoe no longer waits")
	assert.Contains(t, err.Error(), "not in reservation queue")
	st, err = c.Nodes.ReservationStatus(ctx, doc)
	require.NoError(t, err)
	assert.Equal(t, 1, st.Waiting)

	// Unreserving ends the reservation and its queue.
	require.NoError(t, c.Nodes.Unreserve(ctx, doc))
	_, err = mary.Nodes.ReservationStatus(ctx, doc)
	require.ErrorIs(t, err, xecm.ErrNotReserved)
	require.ErrorIs(t, mary.Nodes.CancelReservationRequest(ctx, doc), xecm.ErrNotReserved)
	require.NoError(t, c.Nodes.Reserve(ctx, doc, 1000))
	st, err = mary.Nodes.ReservationStatus(ctx, doc)
	require.NoError(t, err)
	assert.Equal(t, 0, st.Waiting)
	assert.False(t, st.Requested, "a new reservation starts with an empty queue")

	// Folders have no reservations; unknown nodes are not found.
	err = jdoe.Nodes.RequestReservation(ctx, folder)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "does not support reserve management")
	_, err = c.Nodes.ReservationStatus(ctx, 987654)
	require.ErrorIs(t, err, xecm.ErrNotFound)
	assert.ErrorIs(t, c.Nodes.RequestReservation(ctx, 0), xecm.ErrInvalidArgument)
}
