package xecm_test

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

// oneShot hides every interface but io.Reader, so the upload is sent once.
type oneShot struct{ r io.Reader }

func (o oneShot) Read(p []byte) (int, error) { return o.r.Read(p) }

// A 401 on a one-shot upload cannot be replayed, but it still tells that the
// ticket is dead: the next call must log in again instead of sending the
// refused ticket forever.
func TestOneShot401InvalidatesTicket(t *testing.T) {
	var logins, posts atomic.Int32
	c, mt := newMockClient(t, xecm.WithPassword("Admin", "s3cret"))
	mt.RegisterResponder("POST", api("v1/auth"), loginResponder(&logins, 0))
	mt.RegisterResponder("POST", api("v2/nodes"), func(r *http.Request) (*http.Response, error) {
		posts.Add(1)
		_, _ = io.Copy(io.Discard, r.Body)
		if r.Header.Get("OTCSTicket") == "t1" {
			return jsonResp(401, `{"error":"Authentication Required"}`)(r)
		}
		return jsonResp(200, `{"results":{"data":{"properties":{"id":7,"name":"a.txt","type":144}}}}`)(r)
	})
	upload := func() error {
		_, err := c.Documents.Upload(t.Context(), xecm.DocumentUploadRequest{
			ParentID: 2000, Name: "a.txt", Content: oneShot{strings.NewReader("hello")}})
		return err
	}
	require.ErrorIs(t, upload(), xecm.ErrUnauthorized, "a one-shot body is never replayed")
	assert.EqualValues(t, 1, posts.Load())
	require.NoError(t, upload(), "the refused ticket must not be sent again")
	assert.EqualValues(t, 2, logins.Load())
	assert.EqualValues(t, 2, posts.Load())
}

// The 401 attempt is answered by a fresh login and is not counted as a
// retry: the replay gets the whole retry budget.
func TestReplayAfter401KeepsRetryBudget(t *testing.T) {
	var logins atomic.Int32
	c, mt := newMockClient(t, xecm.WithPassword("Admin", "s3cret"))
	mt.RegisterResponder("POST", api("v1/auth"), loginResponder(&logins, 0))
	var fresh atomic.Int32
	mt.RegisterResponder("GET", api("v2/nodes/2000"), func(r *http.Request) (*http.Response, error) {
		if r.Header.Get("OTCSTicket") == "t1" {
			return jsonResp(401, `{"error":"Authentication Required"}`)(r)
		}
		if fresh.Add(1) <= 3 { // MaxRetries is 3: three failures, then success
			return jsonResp(503, `{"error":"busy"}`)(r)
		}
		return jsonResp(200, nodeJSON)(r)
	})
	_, err := c.Nodes.Get(t.Context(), 2000, nil)
	require.NoError(t, err)
	assert.EqualValues(t, 4, fresh.Load(), "1 + MaxRetries sends after the re-login")
}

// A PUT whose first attempt went out and got no answer may have been carried
// out, even when the later attempts never reached the server (dial errors):
// the caller must be told the outcome is unknown.
func TestLostAnswerThenDialErrorIsOutcomeUnknown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	served := make(chan struct{})
	go func() {
		defer close(served)
		conn, err := ln.Accept()
		_ = ln.Close() // later attempts fail to dial
		if err != nil {
			return
		}
		req, err := http.ReadRequest(bufio.NewReader(conn))
		if err == nil {
			_, _ = io.Copy(io.Discard, req.Body)
		}
		_ = conn.Close() // the request arrived; its answer is lost
	}()
	c, err := xecm.NewClient("http://"+ln.Addr().String()+"/cs/cs", xecm.WithTicket("t"), xecm.WithRetryPolicy(fastRetries))
	require.NoError(t, err)
	err = c.Nodes.Move(t.Context(), 5, 6)
	<-served
	require.Error(t, err)
	assert.ErrorIs(t, err, xecm.ErrOutcomeUnknown)
}
