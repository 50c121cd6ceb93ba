package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm/examples/exampleenv"
)

func TestQuickstartOnTheSimulator(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(t.Context(), exampleenv.Config{}, &out))
	s := out.String()
	assert.Contains(t, s, "embedded Extended ECM simulator")
	assert.Contains(t, s, "2. Created folder")
	assert.Contains(t, s, "xecm quickstart")
	assert.Contains(t, s, "Done: 1 item(s) listed.")
}
