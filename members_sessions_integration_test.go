package xecm_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

func TestMembersEndSessionsAgainstSimulator(t *testing.T) {
	sim, admin := startSim(t)
	ctx := t.Context()
	// A client with a ticket alone cannot log in again: it shows the end.
	jdoe := clientAs(t, sim, "jdoe", "jdoe-pw")
	_, err := jdoe.Members.Me(ctx)
	require.NoError(t, err)
	resp, err := http.PostForm(sim.URL+"/api/v1/auth", url.Values{"username": {"jdoe"}, "password": {"jdoe-pw"}})
	require.NoError(t, err)
	var login struct{ Ticket string }
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&login))
	require.NoError(t, resp.Body.Close())
	ticket := login.Ticket
	held, err := xecm.NewClient(sim.URL, xecm.WithTicket(ticket), xecm.WithRetryPolicy(fastRetries))
	require.NoError(t, err)
	_, err = held.Members.Me(ctx)
	require.NoError(t, err)

	var apiErr *xecm.APIError
	_, err = jdoe.Members.EndSessions(ctx, 1000)
	assert.ErrorIs(t, err, xecm.ErrForbidden, "only an administrator ends another user's sessions")

	ended, err := admin.Members.EndSessions(ctx, 1001)
	require.NoError(t, err)
	assert.True(t, ended)
	_, err = held.Members.Me(ctx)
	assert.ErrorIs(t, err, xecm.ErrUnauthorized, "the ticket stopped working")
	_, err = jdoe.Members.Me(ctx)
	assert.NoError(t, err, "a client with the password logs in again")

	// The current user's own sessions; this client logs in again.
	ended, err = admin.Members.EndSessions(ctx, 0)
	require.NoError(t, err)
	assert.True(t, ended)
	_, err = admin.Members.Me(ctx)
	assert.NoError(t, err)

	_, err = admin.Members.EndSessions(ctx, 999999)
	require.ErrorAs(t, err, &apiErr)
	assert.ErrorIs(t, err, xecm.ErrNotFound)
	_, err = admin.Members.EndSessions(ctx, -1)
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
}
