package exampleenv

import (
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm/internal/simcheck"
	"github.com/xecm-go/xecm/xecmtest"
)

// Every credential mode the README lists logs in against the simulator.
func TestConnectWithEachCredentialMode(t *testing.T) {
	sim := simcheck.Start(t, xecmtest.WithOAuthClient("crm", "crm-secret", "Admin"))
	cases := map[string]Config{
		"password":           {URL: sim.URL, Username: "jdoe", Password: "jdoe-pw"},
		"otds credentials":   {URL: sim.URL, OTDSURL: sim.OTDSURL(), Username: "msmith", Password: "msmith-pw"},
		"client credentials": {URL: sim.URL, OTDSURL: sim.OTDSURL(), ClientID: "crm", ClientSecret: "crm-secret"},
	}
	for name, cfg := range cases {
		t.Run(name, func(t *testing.T) {
			env, err := Connect(t.Context(), cfg, io.Discard)
			require.NoError(t, err)
			defer env.Close()
			assert.Nil(t, env.Sim)
			n, err := env.Client.Nodes.Get(t.Context(), 2000, nil)
			require.NoError(t, err)
			assert.EqualValues(t, 2000, n.ID)
		})
	}
	_, err := Connect(t.Context(), Config{URL: sim.URL}, io.Discard)
	require.ErrorContains(t, err, "ECM_USERNAME")
}
