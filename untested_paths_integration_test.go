package xecm_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

func TestGroupMembersPageAgainstSimulator(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	var ids []int64
	for i := range 25 {
		ids = append(ids, sim.AddUser(fmt.Sprintf("user%02d", i), "pw"))
	}
	g := sim.AddGroup("Auditors", ids...)
	p, err := c.Members.GroupMembers(ctx, g, &xecm.GroupMembersOptions{ListOptions: xecm.ListOptions{Limit: 10}, Sort: "asc_name"})
	require.NoError(t, err)
	assert.Len(t, p.Items, 10)
	assert.Equal(t, 25, p.TotalCount)
	assert.Equal(t, "user00", p.Items[0].Name)
	n := 0
	for m, err := range c.Members.GroupMembersIter(ctx, g, nil) {
		require.NoError(t, err)
		assert.NotZero(t, m.ID)
		n++
	}
	assert.Equal(t, 25, n)
	_, err = c.Members.GroupMembers(ctx, 0, nil)
	require.ErrorIs(t, err, xecm.ErrInvalidArgument)
}

func TestWorkspaceDeleteAgainstSimulator(t *testing.T) {
	_, c := startSim(t)
	ctx := t.Context()
	ws, err := c.Workspaces.Create(ctx, customerRequest("DEL1"))
	require.NoError(t, err)
	require.NoError(t, c.Workspaces.Delete(ctx, ws.ID))
	_, err = c.Workspaces.Get(ctx, ws.ID)
	require.ErrorIs(t, err, xecm.ErrNotFound)
	require.ErrorIs(t, c.Workspaces.Delete(ctx, 0), xecm.ErrInvalidArgument)
}

func TestTimeJSONRoundTrip(t *testing.T) {
	var v struct {
		A, B, C, D xecm.Time
	}
	require.NoError(t, json.Unmarshal([]byte(`{"A":"2025-01-19T06:57:04Z","B":"2025-06-30T01:14:59","C":null,"D":""}`), &v))
	assert.Equal(t, time.Date(2025, 1, 19, 6, 57, 4, 0, time.UTC), v.A.Time)
	assert.Equal(t, time.Date(2025, 6, 30, 1, 14, 59, 0, time.UTC), v.B.Time)
	assert.True(t, v.C.IsZero())
	assert.True(t, v.D.IsZero())
	b, err := json.Marshal(v)
	require.NoError(t, err)
	assert.JSONEq(t, `{"A":"2025-01-19T06:57:04Z","B":"2025-06-30T01:14:59Z","C":null,"D":null}`, string(b))
	require.Error(t, json.Unmarshal([]byte(`{"A":"yesterday"}`), &v))
	require.Error(t, json.Unmarshal([]byte(`{"A":17}`), &v))
}

func TestUserAgentAndHTTPClientOptions(t *testing.T) {
	var ua string
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		ua = r.Header.Get("User-Agent")
		return http.DefaultTransport.RoundTrip(r)
	})}
	sim := xecmtest.NewServer()
	defer sim.Close()
	c, err := xecm.NewClient(sim.URL, xecm.WithHTTPClient(hc), xecm.WithUserAgent("crm-sync/2.1"), xecm.WithTicket("x"))
	require.NoError(t, err)
	_, err = c.Ping(t.Context())
	require.NoError(t, err)
	assert.Regexp(t, `^crm-sync/2\.1 xecm-go/\d+\.\d+\.\d+$`, ua)
	_, err = xecm.NewClient(sim.URL, xecm.WithHTTPClient(nil))
	require.Error(t, err)
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
