package xecm_test

import (
	"encoding/json"
	"testing"

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

// A lock flag or version name of an unknown kind is an error.
func TestVersionRefusesMalformedValues(t *testing.T) {
	var v xecm.DocumentVersion
	assert.ErrorContains(t, json.Unmarshal([]byte(`{"id":1,"locked":"yes"}`), &v), "locked")
	assert.ErrorContains(t, json.Unmarshal([]byte(`{"id":1,"version_number_name":{"a":1}}`), &v), "version_number_name")
	require.NoError(t, json.Unmarshal([]byte(`{"id":1,"locked":1,"version_number_name":2}`), &v))
	assert.True(t, v.Locked)
	assert.Equal(t, "2", v.NumberName)
}
