package xecm_test

import (
	"bytes"
	"net/http"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

// A version without file_size has an unknown size (-1), not 0 bytes: a
// genuinely empty version still reads as 0.
func TestVersionFileSizeMissingIsUnknown(t *testing.T) {
	for _, c := range []struct {
		field string
		want  int64
	}{
		{``, -1},
		{`,"file_size":null`, -1},
		{`,"file_size":""`, -1},
		{`,"file_size":0`, 0},
		{`,"file_size":"12"`, 12},
		{`,"file_size":4057237`, 4057237},
	} {
		client, mt := newMockClient(t, xecm.WithTicket("t"))
		mt.RegisterResponder("GET", api("v2/nodes/7/versions/1"),
			jsonResp(200, `{"results":{"data":{"versions":{"version_number":1,"file_name":"a.pdf"`+c.field+`}}}}`))
		v, err := client.Documents.Versions().Get(t.Context(), 7, 1)
		require.NoError(t, err, c.field)
		assert.Equal(t, c.want, v.FileSize, "file_size %q", c.field)
	}
}

// DownloadTo of the latest version trusts the content's length when the
// version does not give its size, instead of expecting 0 bytes.
func TestDownloadToLatestWithoutFileSize(t *testing.T) {
	client, mt := newMockClient(t, xecm.WithTicket("t"))
	mt.RegisterResponder("GET", api("v1/nodes/7/versions/latest"),
		jsonResp(200, `{"data":{"version_number":3,"file_name":"a.pdf","mime_type":"application/pdf"}}`))
	mt.RegisterResponder("GET", api("v2/nodes/7/versions/3/content"), func(*http.Request) (*http.Response, error) {
		r := httpmock.NewBytesResponse(200, []byte("twelve bytes"))
		r.ContentLength = 12
		return r, nil
	})
	var out bytes.Buffer
	res, err := client.Documents.DownloadTo(t.Context(), 7, &out, nil)
	require.NoError(t, err)
	assert.Equal(t, "twelve bytes", out.String())
	assert.Equal(t, int64(12), res.Size)
}
