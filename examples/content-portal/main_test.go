package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm/examples/exampleenv"
)

func TestContentPortalOnTheSimulator(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(t.Context(), config{ECM: exampleenv.Config{}, Addr: "127.0.0.1:0"}, &out))
	s := out.String()
	assert.Contains(t, s, "embedded Extended ECM simulator")
	assert.Contains(t, s, "Latest policy documents (2):")
	assert.Contains(t, s, "Travel Policy.txt            v2")
	assert.NotContains(t, s, "Remote Work", "the draft is not published")
	assert.Contains(t, s, `200 OK, text/plain, "Economy class below eight hours."`)
	assert.Contains(t, s, "again with If-None-Match: 304 Not Modified")
}
