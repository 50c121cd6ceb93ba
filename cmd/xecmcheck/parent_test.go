package main

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

// The Personal Workspace is read from GET api/v2/volumes/142, whether its
// results come as objects (as pyxecm reads them) or arrays (as the spec
// documents them); an answer without an ID is an error, not node 0.
func TestPersonalWorkspace(t *testing.T) {
	for name, tc := range map[string]struct {
		body string
		want int64
	}{
		"objects":  {`{"results":{"data":{"properties":{"id":54321,"type":142}}}}`, 54321},
		"arrays":   {`{"results":[{"data":[{"properties":{"id":777}}]}]}`, 777},
		"no id":    {`{"results":{"data":{"properties":{}}}}`, 0},
		"no array": {`{"results":[]}`, 0},
	} {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				assert.Equal(t, "/otcs/cs.exe/api/v2/volumes/142", r.URL.Path)
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write([]byte(tc.body))
			}))
			defer srv.Close()
			c, err := xecm.NewClient(srv.URL+"/otcs/cs.exe", xecm.WithTicket("t"))
			require.NoError(t, err)
			id, err := personalWorkspace(t.Context(), c)
			if tc.want == 0 {
				assert.ErrorContains(t, err, "api/v2/volumes/142")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, id)
		})
	}
}
