package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm/examples/exampleenv"
)

func TestPartnerPortalOnTheSimulator(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(t.Context(), config{ECM: exampleenv.Config{}, Addr: "127.0.0.1:0"}, &out))
	s := out.String()
	t.Log(s)
	assert.Contains(t, s, "embedded Extended ECM simulator")
	assert.Contains(t, s, "version 1, valid until")
	assert.Equal(t, 2, bytes.Count(out.Bytes(), []byte("200 OK: 51 bytes, ETag \"d100004-v1\"")), "v1 before and after the new version")
	assert.Contains(t, s, `partner="acme" document=100004 version=1 status=200 bytes=51`)
	assert.Contains(t, s, "403 Forbidden")
	assert.Contains(t, s, `status=403 bytes=0 wrong partner`)
	assert.Contains(t, s, "401 Unauthorized")
	assert.Contains(t, s, `partner="" document=0 version=0 status=401 bytes=0 invalid link`)
}
