package xecm_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

// The credential modes the exampleenv tests do not cover, end to end
// against the simulator's Content Server and OTDS.
func TestOTDSTicketAndBearerModesAgainstSimulator(t *testing.T) {
	sim, _ := startSimWith(t, []xecmtest.Option{xecmtest.WithOAuthClient("crm", "crm-secret", "msmith")})
	ctx := t.Context()

	// An OTDS ticket obtained elsewhere (here: straight from OTDS).
	body, _ := json.Marshal(map[string]string{"userName": "jdoe", "password": "jdoe-pw"})
	resp, err := http.Post(sim.OTDSURL()+"/otdsws/rest/authentication/credentials", "application/json", bytes.NewReader(body))
	require.NoError(t, err)
	var out struct {
		Ticket string `json:"ticket"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
	resp.Body.Close()
	require.NotEmpty(t, out.Ticket)
	c, err := xecm.NewClient(sim.URL, xecm.WithOTDSTicket(out.Ticket))
	require.NoError(t, err)
	me, err := c.Members.Me(ctx)
	require.NoError(t, err)
	assert.Equal(t, "jdoe", me.Name)

	// OAuth2 client credentials sent as a bearer token on every request.
	cc := clientcredentials.Config{ClientID: "crm", ClientSecret: "crm-secret", TokenURL: sim.OTDSURL() + "/otdsws/oauth2/token"}
	b, err := xecm.NewClient(sim.URL, xecm.WithTokenSource(cc.TokenSource(ctx), xecm.BearerToken))
	require.NoError(t, err)
	me, err = b.Members.Me(ctx)
	require.NoError(t, err)
	assert.Equal(t, "msmith", me.Name)
	bearerCalls := 0
	for _, r := range sim.Requests() {
		if strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ") {
			bearerCalls++
			assert.Empty(t, r.Header.Get("OTCSTicket"), "bearer mode sends the token, not a ticket")
		}
	}
	assert.Positive(t, bearerCalls)

	// A wrong OTDS password fails with ErrUnauthorized and does not leak.
	bad, err := xecm.NewClient(sim.URL, xecm.WithOTDSCredentials(sim.OTDSURL(), "jdoe", "s3cret-wrong"))
	require.NoError(t, err)
	_, err = bad.Members.Me(ctx)
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "s3cret-wrong")
}

// A login whose connection drops after it went out is only a failed login:
// the read it was for has no outcome to lose.
func TestDroppedLoginIsNotAnUnknownOutcome(t *testing.T) {
	srv, c := startSim(t)
	srv.InjectFault(xecmtest.Fault{Method: "POST", Path: "/v1/auth", Kind: xecmtest.FaultDrop, Times: -1})
	_, err := c.Nodes.Get(t.Context(), xecmtest.EnterpriseWorkspaceID, nil)
	require.Error(t, err)
	assert.NotErrorIs(t, err, xecm.ErrOutcomeUnknown)
}
