//go:build go1.25

package xecm_test

import (
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/xecm-go/xecm"
)

// countingTokens hands out tok1, tok2, ... each valid for an hour.
type countingTokens struct{ n atomic.Int32 }

func (s *countingTokens) Token() (*oauth2.Token, error) {
	n := s.n.Add(1)
	return &oauth2.Token{AccessToken: "tok" + string(rune('0'+n)), TokenType: "Bearer", Expiry: time.Now().Add(time.Hour)}, nil
}

// In BearerToken mode the token is sent on every request: once it has
// expired the client must fetch a fresh one before sending, not send the
// dead token and hope for a replay (which a one-shot upload cannot have).
func TestBearerTokenIsRenewedWhenExpired(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := &countingTokens{}
		c, mt := newMockClient(t, xecm.WithTokenSource(src, xecm.BearerToken))
		var mu sync.Mutex
		expires := map[string]time.Time{}
		valid := func(r *http.Request) bool {
			tok := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
			mu.Lock()
			defer mu.Unlock()
			if _, ok := expires[tok]; !ok {
				expires[tok] = time.Now().Add(time.Hour) // as the source said
			}
			return time.Now().Before(expires[tok])
		}
		mt.RegisterResponder("GET", api("v2/nodes/2000"), func(r *http.Request) (*http.Response, error) {
			if !valid(r) {
				return jsonResp(401, `{"error":"Authentication Required"}`)(r)
			}
			return jsonResp(200, nodeJSON)(r)
		})
		mt.RegisterResponder("POST", api("v2/nodes"), func(r *http.Request) (*http.Response, error) {
			_, _ = io.Copy(io.Discard, r.Body)
			if !valid(r) {
				return jsonResp(401, `{"error":"Authentication Required"}`)(r)
			}
			return jsonResp(200, `{"results":{"data":{"properties":{"id":7,"name":"a.txt","type":144}}}}`)(r)
		})
		_, err := c.Nodes.Get(t.Context(), 2000, nil)
		require.NoError(t, err)
		time.Sleep(2 * time.Hour)
		_, err = c.Documents.Upload(t.Context(), xecm.DocumentUploadRequest{
			ParentID: 2000, Name: "a.txt", Content: oneShot{strings.NewReader("hello")}})
		require.NoError(t, err, "the expired token must not be sent")
		assert.EqualValues(t, 2, src.n.Load())
	})
}
