package main

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// With ECM_URL unset the command says it uses the simulator, prints the
// table and exits 0.
func TestRunAgainstTheEmbeddedSimulator(t *testing.T) {
	var out, errOut bytes.Buffer
	code := run(t.Context(), nil, serverConfig{}, &out, &errOut)
	assert.Equal(t, exitOK, code, errOut.String())
	assert.Contains(t, errOut.String(), "ECM_URL is not set: checking the embedded Extended ECM simulator")
	assert.Contains(t, out.String(), "CAPABILITY")
	assert.Contains(t, out.String(), "upload through a large-file session")
	assert.Contains(t, out.String(), "0 failed, 0 skipped (everything probed works)")
}

func TestRunJSON(t *testing.T) {
	var out, errOut bytes.Buffer
	code := run(t.Context(), []string{"-json", "-read-only"}, serverConfig{}, &out, &errOut)
	require.Equal(t, exitOK, code, errOut.String())
	var rep Report
	require.NoError(t, json.Unmarshal(out.Bytes(), &rep))
	assert.True(t, rep.OK)
	assert.True(t, rep.ReadOnly)
	assert.Len(t, rep.Results, len(steps())+1)
	assert.Equal(t, "login", rep.Results[0].Name)
}

func TestRunUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"-skip", "nonsense"},
		{"-parent", "abc"},
		{"-large-size", "10"},
		{"extra"},
	} {
		var out, errOut bytes.Buffer
		assert.Equal(t, exitUsage, run(t.Context(), args, serverConfig{}, &out, &errOut), args)
		assert.NotEmpty(t, errOut.String(), args)
	}
}

// A server URL without a credential is refused before anything is sent.
func TestRunNeedsACredential(t *testing.T) {
	var out, errOut bytes.Buffer
	code := run(t.Context(), nil, serverConfig{URL: "http://127.0.0.1:1/otcs/cs.exe"}, &out, &errOut)
	assert.Equal(t, exitFail, code)
	assert.Contains(t, errOut.String(), "no credential")
}

// Every credential mode of the SDK is selected by its variables.
func TestCredentialModes(t *testing.T) {
	cases := map[authMode]serverConfig{
		authPassword:     {Username: "u", Password: "p", Domain: "d"},
		authOTDS:         {OTDSURL: "http://otds", Username: "u", Password: "p"},
		authOAuthTicket:  {OTDSURL: "http://otds", ClientID: "c", ClientSecret: "s"},
		authOAuthBearer:  {OTDSURL: "http://otds", ClientID: "c", ClientSecret: "s", TokenMode: "bearer"},
		authOTDSTicket:   {OTDSTicket: "t"},
		authStaticTicket: {Ticket: "t"},
	}
	for want, cfg := range cases {
		opt, mode, secrets, err := cfg.credential(t.Context())
		require.NoError(t, err, want)
		assert.NotNil(t, opt)
		assert.Equal(t, want, mode)
		assert.NotEmpty(t, secrets, "%s: its secret is kept out of recordings", want)
	}
	_, _, _, err := serverConfig{OTDSURL: "http://otds", ClientID: "c", TokenMode: "magic"}.credential(t.Context())
	assert.ErrorContains(t, err, "ECM_TOKEN_MODE")
}

func TestDisplayURLShowsNoCredential(t *testing.T) {
	assert.Equal(t, "https://ecm.example.com/otcs/cs.exe", displayURL("https://u:pw@ecm.example.com/otcs/cs.exe?ticket=abc#x"))
}
