package exampleenv

import (
	"context"
	"errors"
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

// The Demo hook files its data on the embedded simulator only, and its
// failure fails Connect.
func TestConnectRunsDemoOnTheSimulatorOnly(t *testing.T) {
	var ran int
	demo := func(ctx context.Context, env *Env, out io.Writer) error {
		ran++
		_, err := env.Client.Nodes.CreateFolder(ctx, 2000, "Demo", nil)
		return err
	}
	env, err := Connect(t.Context(), Config{Demo: demo}, io.Discard)
	require.NoError(t, err)
	defer env.Close()
	require.NotNil(t, env.Sim)
	_, err = env.Client.Nodes.ChildByName(t.Context(), 2000, "Demo")
	require.NoError(t, err, "the demo data is there when Connect returns")

	sim := simcheck.Start(t)
	real, err := Connect(t.Context(), Config{URL: sim.URL, Username: "Admin", Password: "livelink", Demo: demo}, io.Discard)
	require.NoError(t, err)
	defer real.Close()
	assert.Equal(t, 1, ran, "never on a server named by ECM_URL")

	_, err = Connect(t.Context(), Config{Demo: func(context.Context, *Env, io.Writer) error { return errors.New("seed broke") }}, io.Discard)
	require.ErrorContains(t, err, "seed broke")
}
