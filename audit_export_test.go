package xecm_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xecm-go/xecm"
)

// The CSV header is the caller's own: changing it leaves the files alone.
func TestExportCSVHeaderIsTheCallersCopy(t *testing.T) {
	h := xecm.ExportCSVHeader()
	require.Equal(t, "kind", h[0])
	h[0] = "changed"
	assert.Equal(t, "kind", xecm.ExportCSVHeader()[0])
}
