package xecmtest

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The icon routes take JPEG, PNG or GIF content smaller than 1 MB, told
// from the bytes whatever file_content_type says (pyxecm sends "image/*").
func TestSimulatorWorkspaceIconLimits(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	ws := s.AddWorkspace(TemplateCustomer, "Icons", nil)
	post := func(content []byte) (*http.Response, map[string]any) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		require.NoError(t, mw.WriteField("file_content_type", "image/*"))
		fw, err := mw.CreateFormFile("file", "icon")
		require.NoError(t, err)
		_, err = fw.Write(content)
		require.NoError(t, err)
		require.NoError(t, mw.Close())
		return c.req(http.MethodPost, fmt.Sprintf("/v2/businessworkspaces/%d/icons", ws), &buf, mw.FormDataContentType(), nil)
	}
	gif := []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;")
	resp, m := post(gif)
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	assert.NotZero(t, dig(t, m, "results", "icon_node_id"))

	big := append(append([]byte{}, gif...), make([]byte, maxIconSize)...)
	resp, m = post(big)
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Contains(t, errMsg(m), "smaller than 1 MB")
	resp, m = post([]byte("<svg xmlns='http://www.w3.org/2000/svg'/>"))
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Contains(t, errMsg(m), "JPEG, PNG or GIF")

	_, m = c.get(fmt.Sprintf("/v2/businessworkspaces/%d?include_icon=true", ws))
	assert.Equal(t, "data:image/gif;base64,R0lGODlhAQABAAAAADs=", dig(t, m, "results", "data", "business_properties", "workspace_widget_icon_content"))
}
