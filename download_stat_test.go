package xecm_test

import (
	"net/http"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

func headResp(status int, header http.Header) httpmock.Responder {
	return func(*http.Request) (*http.Response, error) {
		r := httpmock.NewStringResponse(status, "")
		for k, v := range header {
			r.Header[k] = v
		}
		return r, nil
	}
}

func TestDocumentsStatHeaders(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	mt.RegisterResponder("HEAD", api("v2/nodes/1/content"), headResp(200, http.Header{"Content-Length": {"12"},
		"Content-Type": {"text/plain"}, "Content-Disposition": {`attachment; filename="a b.txt"`}}))
	mt.RegisterResponder("HEAD", api("v2/nodes/2/content"), headResp(200, http.Header{"Content-Length": {"12"}, "Content-Encoding": {"gzip"}}))
	mt.RegisterResponder("HEAD", api("v2/nodes/3/content"), headResp(200, http.Header{"Content-Length": {"-5"}}))

	info, err := c.Documents.Stat(t.Context(), 1, 0)
	require.NoError(t, err)
	assert.Equal(t, &xecm.ContentInfo{Size: 12, MimeType: "text/plain", FileName: "a b.txt"}, info)
	info, err = c.Documents.Stat(t.Context(), 2, 0)
	require.NoError(t, err)
	assert.Equal(t, int64(-1), info.Size, "an encoded length is not the content's")
	_, err = c.Documents.Stat(t.Context(), 3, 0)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "Content-Length")
}

// A HEAD refusal has no body; the node's own answer says why, when it can.
func TestDocumentsStatExplainsARefusal(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	mt.RegisterResponder("HEAD", api("v2/nodes/8/content"), headResp(400, nil))
	mt.RegisterResponder("GET", api("v2/nodes/8"), jsonResp(400, `{"error":"Sorry, the item you requested could not be accessed."}`))
	mt.RegisterResponder("HEAD", api("v2/nodes/9/versions/4/content"), headResp(403, nil))
	mt.RegisterResponder("GET", api("v2/nodes/9"), jsonResp(200, `{"results":{"data":{"properties":{"id":9}}}}`))

	_, err := c.Documents.Stat(t.Context(), 8, 0)
	assert.ErrorIs(t, err, xecm.ErrNotFound)
	_, err = c.Documents.Stat(t.Context(), 9, 4)
	var ae *xecm.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, http.MethodHead, ae.Method)
	assert.ErrorIs(t, err, xecm.ErrForbidden, "the node is there: the HEAD's own status stands")
}
