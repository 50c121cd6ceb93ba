package main

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// simTicket logs in at the simulator and returns the "ticket" of the answer.
func simTicket(t *testing.T, u, contentType, body string) string {
	t.Helper()
	resp, err := http.Post(u, contentType, strings.NewReader(body))
	require.NoError(t, err)
	defer resp.Body.Close()
	var out struct{ Ticket string }
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
	require.NotEmpty(t, out.Ticket)
	return out.Ticket
}

// Every credential mode the SDK has probes the simulator with every
// capability ok (renewal skipped where the mode cannot log in again),
// and its secrets reach neither the recording nor the table.
func TestProbeWithEachCredentialMode(t *testing.T) {
	sim, err := startSimulator(t.Context())
	require.NoError(t, err)
	defer sim.Close()
	sim.AddOAuthClient("crm", "crm-secret-value", simUser)
	otdsTicket := simTicket(t, sim.OTDSURL()+"/otdsws/rest/authentication/credentials", "application/json",
		`{"userName":"Admin","password":"livelink"}`)
	csTicket := simTicket(t, sim.URL+"/api/v1/auth", "application/x-www-form-urlencoded",
		url.Values{"username": {simUser}, "password": {simPassword}}.Encode())

	cases := map[authMode]serverConfig{
		authPassword:     {Username: simUser, Password: simPassword},
		authOTDS:         {OTDSURL: sim.OTDSURL(), Username: simUser, Password: simPassword},
		authOAuthTicket:  {OTDSURL: sim.OTDSURL(), ClientID: "crm", ClientSecret: "crm-secret-value"},
		authOAuthBearer:  {OTDSURL: sim.OTDSURL(), ClientID: "crm", ClientSecret: "crm-secret-value", TokenMode: "bearer"},
		authOTDSTicket:   {OTDSTicket: otdsTicket},
		authStaticTicket: {Ticket: csTicket},
	}
	for mode, cfg := range cases {
		t.Run(string(mode), func(t *testing.T) {
			cfg.URL = sim.URL
			sim.ResetRequests()
			dir := t.TempDir()
			f, err := parseFlags([]string{"-record", dir, "-category", "Customer",
				"-category-node", strconv.FormatInt(sim.Workspace, 10)}, nil)
			require.NoError(t, err)
			rep, err := check(t.Context(), f, cfg, &strings.Builder{})
			require.NoError(t, err)
			for _, r := range rep.Results {
				if r.Name == "renewal" && (mode == authOAuthBearer || mode == authStaticTicket) {
					assert.Equal(t, StatusSkipped, r.Status)
					continue
				}
				assert.Equal(t, StatusOK, r.Status, "%s: %s", r.Capability, r.Detail)
			}
			secrets := []string{simPassword, "crm-secret-value", otdsTicket, csTicket}
			for _, r := range sim.Requests() {
				for _, h := range []string{"OTCSTicket", "OTDSTicket", "Authorization"} {
					if v := r.Header.Get(h); v != "" {
						secrets = append(secrets, strings.TrimPrefix(v, "Bearer "))
					}
				}
			}
			table, _ := json.Marshal(rep)
			files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
			require.NotEmpty(t, files)
			host := strings.TrimPrefix(sim.OTDSURL(), "http://")
			for _, s := range append(secrets, host) {
				if s != host { // the table names the server; recordings do not
					assert.NotContains(t, string(table), s)
				}
				for _, name := range files {
					b, err := os.ReadFile(name)
					require.NoError(t, err)
					assert.NotContains(t, string(b), s, "%s holds a secret", filepath.Base(name))
				}
			}
		})
	}
}
