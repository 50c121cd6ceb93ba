package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/examples/exampleenv"
	"github.com/xecm-go/xecm/internal/simcheck"
	"github.com/xecm-go/xecm/xecmtest"
)

func TestContractFilingDemo(t *testing.T) {
	cfg, err := parseFlags(nil)
	require.NoError(t, err)
	cfg.Config = exampleenv.Config{}
	demo(&cfg)
	var out bytes.Buffer
	require.NoError(t, run(t.Context(), cfg, &out))
	assert.Contains(t, out.String(), "embedded Extended ECM simulator")
	assert.Contains(t, out.String(), "retention schedule CON-7Y")
}

// TestContractFilingFilesIntoTheAccountWorkspace runs the flow twice
// against one server, as against a real one: the second contract of the
// account lands in the same workspace, classified and with its values.
func TestContractFilingFilesIntoTheAccountWorkspace(t *testing.T) {
	sim := simcheck.Start(t)
	cfg, err := parseFlags([]string{"-deal", "D-1", "-account", "A-77", "-account-name", "Initech",
		"-rm-class-path", "RM Classifications/Corporate Records/Contracts"})
	require.NoError(t, err)
	cfg.Config = exampleenv.Config{URL: sim.URL, Username: "Admin", Password: "livelink"}
	var out bytes.Buffer
	require.NoError(t, run(t.Context(), cfg, &out))
	assert.Contains(t, out.String(), "1. Created the Customer workspace")
	assert.Contains(t, out.String(), fmt.Sprintf(`Category "Contract": node %d`, xecmtest.ContractCategoryID), "found by name")
	assert.Contains(t, out.String(), fmt.Sprintf(`RM classification "RM Classifications/Corporate Records/Contracts": node %d`, xecmtest.RMClassContracts), "found by path")

	file := filepath.Join(t.TempDir(), "D-2 signed.pdf")
	require.NoError(t, os.WriteFile(file, []byte("%PDF-1.7 second contract"), 0o600))
	cfg.DealID, cfg.File = "D-2", file
	out.Reset()
	require.NoError(t, run(t.Context(), cfg, &out))
	assert.Contains(t, out.String(), "1. Found the Customer workspace")

	var ws xecmtest.WorkspaceInfo
	for _, w := range sim.Workspaces() {
		if len(w.References) > 0 && w.References[0].BOID == "A-77" {
			ws = w
		}
	}
	require.NotZero(t, ws.NodeID, "the account's workspace")
	assert.Len(t, sim.Workspaces(), 1)
	var contracts int64
	for _, n := range sim.Children(ws.NodeID) {
		if n.Name == "Contracts" {
			contracts = n.ID
		}
	}
	docs := sim.Children(contracts)
	require.Len(t, docs, 2)
	byName := map[string]int64{}
	for _, d := range docs {
		byName[d.Name] = d.ID
	}
	for name, deal := range map[string]string{"Contract D-1.pdf": "D-1", "D-2 signed.pdf": "D-2"} {
		id := byName[name]
		require.NotZero(t, id, name)
		vals, ok := sim.CategoryValues(id, xecmtest.ContractCategoryID)
		require.True(t, ok, name)
		assert.Equal(t, deal, vals["9830_2"])
		assert.Equal(t, "Initech", vals["9830_3"])
		class, rsi, ok := sim.RMClassification(id)
		require.True(t, ok, name)
		assert.Equal(t, xecmtest.RMClassContracts, class)
		assert.Equal(t, "CON-7Y", rsi)
		var types []int
		for _, e := range sim.AuditTrail(id) {
			types = append(types, e.EventType)
		}
		assert.ElementsMatch(t, []int{xecmtest.EventCreate, xecmtest.EventAttributeValueChanged, xecmtest.EventClassificationApplied}, types)
	}
	// The printed trail is the server's.
	assert.Contains(t, out.String(), "Classification Applied")

	// The same deal again is refused: a contract is filed once.
	cfg.File = ""
	cfg.DealID = "D-1"
	err = run(t.Context(), cfg, &bytes.Buffer{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "already filed")
	assert.Len(t, sim.Children(contracts), 2)
}

// What is not found is named, before anything is created.
func TestContractFilingNamesWhatItDidNotFind(t *testing.T) {
	sim := simcheck.Start(t)
	cfg, err := parseFlags([]string{"-category", "Contracts", "-account", "A-77", "-account-name", "Initech", "-deal", "D-1"})
	require.NoError(t, err)
	cfg.Config = exampleenv.Config{URL: sim.URL, Username: "Admin", Password: "livelink"}
	err = run(t.Context(), cfg, &bytes.Buffer{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `finding the category "Contracts"`)
	assert.Contains(t, err.Error(), `no item named "Contracts"`)
	assert.Empty(t, sim.Workspaces())

	// Without the account and the deal (no demo values on a real server),
	// nothing is filed.
	cfg, err = parseFlags(nil)
	require.NoError(t, err)
	cfg.Config = exampleenv.Config{URL: sim.URL, Username: "Admin", Password: "livelink"}
	err = run(t.Context(), cfg, &bytes.Buffer{})
	require.ErrorIs(t, err, xecm.ErrInvalidArgument)
	assert.ErrorContains(t, err, "-account")
	assert.Empty(t, sim.Workspaces())
}

// A classification path that leads nowhere is named, before anything is created.
func TestContractFilingNamesTheClassificationItDidNotFind(t *testing.T) {
	sim := simcheck.Start(t)
	cfg, err := parseFlags([]string{"-rm-class-path", "RM Classifications/Corporate Records/Leases", "-account", "A-77", "-account-name", "Initech", "-deal", "D-1"})
	require.NoError(t, err)
	cfg.Config = exampleenv.Config{URL: sim.URL, Username: "Admin", Password: "livelink"}
	err = run(t.Context(), cfg, &bytes.Buffer{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `finding the RM classification "RM Classifications/Corporate Records/Leases"`)
	assert.Contains(t, err.Error(), `no item named "Leases"`)
	assert.Empty(t, sim.Workspaces())
}
