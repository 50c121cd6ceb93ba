package xecm_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xecm-go/xecm"
)

func TestNewClientValidation(t *testing.T) {
	for _, u := range []string{"", "ecm.example.com/otcs", "ftp://x/y", "https://user:pw@host/otcs/cs.exe", "::"} {
		_, err := xecm.NewClient(u)
		require.Error(t, err, u)
		assert.NotContains(t, err.Error(), "pw@")
	}
	_, err := xecm.NewClient(mockBase, xecm.WithTicket("a"), xecm.WithPassword("b", "c"))
	require.ErrorContains(t, err, "more than one credential")
	_, err = xecm.NewClient(mockBase, xecm.WithPassword("", "c"))
	require.Error(t, err)
	c, err := xecm.NewClient(mockBase + "/")
	require.NoError(t, err)
	assert.Equal(t, mockBase, c.BaseURL())
	assert.True(t, strings.HasSuffix(c.BaseURL(), "cs.exe"))
}
