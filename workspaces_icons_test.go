package xecm_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

// The type's icon stands in when the workspace has none; an icon that is
// not a base64 data: URI is a malformed answer, not a picture.
func TestWorkspacesIconDecodesTheDataURI(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	answer := func(bp string) {
		mt.RegisterResponder("GET", api("v2/businessworkspaces/7"), jsonResp(200, `{"results":{"data":{"business_properties":`+bp+`}}}`))
	}
	answer(`{"workspace_type_widget_icon_content":"data:image/gif;base64,R0lG"}`)
	icon, err := c.Workspaces.Icon(t.Context(), 7)
	require.NoError(t, err)
	assert.True(t, icon.FromType)
	assert.Equal(t, "image/gif", icon.MimeType)
	assert.Equal(t, []byte("GIF"), icon.Content)

	for _, bad := range []string{`"/appimg/ot_bws/icons/1.svg"`, `"data:image/png,rawtext"`, `"data:image/png;base64,%%%"`} {
		answer(`{"workspace_widget_icon_content":` + bad + `}`)
		_, err := c.Workspaces.Icon(t.Context(), 7)
		require.Error(t, err, bad)
		assert.Contains(t, err.Error(), "malformed", bad)
	}
}
