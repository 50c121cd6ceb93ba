package main

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWriteTable(t *testing.T) {
	rep := Report{Server: "https://ecm", Results: []Result{
		{Capability: "login", Status: StatusOK, Detail: "logged in", Duration: 1500 * time.Microsecond},
		{Capability: "search", Status: StatusFailed, Detail: "400 Bad Request:\n  bad query"},
		{Capability: "records", Status: StatusSkipped, Detail: "-skip records"},
	}}
	var out bytes.Buffer
	require.NoError(t, writeTable(&out, rep))
	lines := bytes.Split(bytes.TrimSpace(out.Bytes()), []byte("\n"))
	require.Len(t, lines, 6)
	assert.Regexp(t, `^login +ok +1\.5ms +logged in$`, string(lines[1]))
	assert.Regexp(t, `^search +failed +- +400 Bad Request: bad query$`, string(lines[2]), "a detail stays on its line")
	assert.Equal(t, "https://ecm: 1 ok, 1 failed, 1 skipped (some capabilities failed)", string(lines[5]))

	out.Reset()
	rep.Results, rep.Interrupted = rep.Results[:1], true
	require.NoError(t, writeTable(&out, rep))
	assert.Contains(t, out.String(), "(the run was interrupted)")
}
