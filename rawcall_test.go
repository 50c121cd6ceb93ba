package xecm_test

import (
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

func TestNewRequestRefusesPathsOutsideTheAPI(t *testing.T) {
	c, _ := newMockClient(t, xecm.WithTicket("t"))
	for _, p := range []string{
		"https://evil.test/api/v2/nodes/1",
		"//evil.test/v2/nodes",
		"nodes/2000",
		"v2",
		"v2/nodes/../../otdsws",
		"",
	} {
		_, err := c.NewRequest("GET", p, nil)
		assert.ErrorIs(t, err, xecm.ErrInvalidArgument, p)
	}
	_, err := c.NewRequest("GE T", "v2/nodes/1", nil)
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	_, err = c.NewRequest("POST", "v2/nodes", map[string]any{"f": func() {}})
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)

	r, err := c.NewRequest("get", "/api/v2/nodes/2000/nodes?where_type=0&page=2", nil)
	require.NoError(t, err)
	assert.Equal(t, "GET", r.Method)
	assert.Equal(t, "v2/nodes/2000/nodes", r.Path)
	assert.Equal(t, "0", r.Query.Get("where_type"))
	assert.Equal(t, "2", r.Query.Get("page"))

	_, err = c.Do(t.Context(), nil, nil)
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
}

// A seekable body is sent again, from its start, after a fresh login.
func TestDoReplaysASeekableBodyAfter401(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithPassword("u", "p"))
	var logins atomic.Int32
	mt.RegisterResponder("POST", api("v1/auth"), func(*http.Request) (*http.Response, error) {
		n := logins.Add(1)
		return jsonResp(200, `{"ticket":"T`+string(rune('0'+n))+`"}`)(nil)
	})
	var bodies []string
	mt.RegisterResponder("POST", api("v2/nodes/5/upload"), func(r *http.Request) (*http.Response, error) {
		b, _ := io.ReadAll(r.Body)
		bodies = append(bodies, string(b))
		assert.Equal(t, "text/csv", r.Header.Get("Content-Type"))
		if r.Header.Get("OTCSTicket") == "T1" {
			return jsonResp(401, `{"error":"expired"}`)(r)
		}
		return jsonResp(200, `{"results":{}}`)(r)
	})
	req, err := c.NewRequest("POST", "v2/nodes/5/upload", strings.NewReader("a,b\n1,2\n"), "text/csv")
	require.NoError(t, err)
	_, err = c.Do(t.Context(), req, nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"a,b\n1,2\n", "a,b\n1,2\n"}, bodies)
	assert.EqualValues(t, 2, logins.Load())
}

// A body that can be read only once is not replayed: the 401 is the answer.
func TestDoDoesNotReplayAOneShotBody(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("T"))
	mt.RegisterResponder("POST", api("v2/nodes/5/upload"), jsonResp(401, `{"error":"expired"}`))
	req, err := c.NewRequest("POST", "v2/nodes/5/upload", io.MultiReader(strings.NewReader("once")), "text/plain")
	require.NoError(t, err)
	_, err = c.Do(t.Context(), req, nil)
	require.ErrorIs(t, err, xecm.ErrUnauthorized)
	assert.Equal(t, 1, mt.GetTotalCallCount())
}

func TestDoSendsTheClientsCredentialOnly(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("mine"))
	mt.RegisterResponder("GET", api("v1/volumes/141"), func(r *http.Request) (*http.Response, error) {
		assert.Equal(t, []string{"mine"}, r.Header.Values("OTCSTicket"))
		assert.Empty(t, r.Header.Get("Authorization"))
		assert.Equal(t, "yes", r.Header.Get("X-Extra"))
		assert.Equal(t, "application/json", r.Header.Get("Accept"))
		return jsonResp(200, `{"ok":false,"errMsg":"volume not available"}`)(r)
	})
	req, err := c.NewRequest("GET", "v1/volumes/141", nil)
	require.NoError(t, err)
	req.Header.Set("OTCSTicket", "forged")
	req.Header.Set("Authorization", "Bearer forged")
	req.Header.Set("X-Extra", "yes")
	_, err = c.Do(t.Context(), req, &struct{}{})
	var apiErr *xecm.APIError
	require.ErrorAs(t, err, &apiErr, "ok:false in a 200 is an error")
	assert.Equal(t, "volume not available", apiErr.Message)
}

func TestDoStreamAcceptsAnyContentType(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("T"))
	mt.RegisterResponder("GET", api("v1/nodes/7/content"), func(r *http.Request) (*http.Response, error) {
		assert.Equal(t, "*/*", r.Header.Get("Accept"))
		return httpmock.NewStringResponse(200, "%PDF-1.7"), nil
	})
	req, err := c.NewRequest("GET", "v1/nodes/7/content", nil)
	require.NoError(t, err)
	resp, err := c.DoStream(t.Context(), req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.Equal(t, "%PDF-1.7", string(b))
}
