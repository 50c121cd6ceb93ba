package xecm_test

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/jarcoal/httpmock"
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
	mt.RegisterResponder("POST", api("v1/auth"), loginResponder(&logins, nil))
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
	mt.RegisterResponder("POST", api("v1/auth"), loginResponder(&logins, nil))
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

// A 502 or 504 comes from a gateway in front of the server, which may have
// carried the request out: for a change, the outcome is unknown.
func TestGatewayErrorsLeaveTheOutcomeOfAChangeUnknown(t *testing.T) {
	t.Run("a create answered 504", func(t *testing.T) {
		c, mt := newMockClient(t, xecm.WithTicket("t"))
		mt.RegisterResponder("POST", api("v2/nodes"), jsonResp(504, `{"error":"Gateway Timeout"}`))
		_, err := c.Nodes.CreateFolder(t.Context(), 2000, "Invoices", nil)
		assert.ErrorIs(t, err, xecm.ErrOutcomeUnknown)
		var ae *xecm.APIError
		require.ErrorAs(t, err, &ae)
		assert.Equal(t, 504, ae.StatusCode)
		assert.Equal(t, 1, mt.GetTotalCallCount(), "a POST is not sent again")
	})
	t.Run("a delete retried after 502 that then finds nothing", func(t *testing.T) {
		c, mt := newMockClient(t, xecm.WithTicket("t"))
		mt.RegisterResponder("DELETE", api("v2/nodes/77"), httpmock.ResponderFromMultipleResponses([]*http.Response{
			httpmock.NewStringResponse(502, `{"error":"Bad Gateway"}`),
			httpmock.NewStringResponse(400, `{"error":"Sorry, the item you requested could not be accessed. Either it does not exist or you do not have permission to access it."}`),
		}))
		err := c.Nodes.Delete(t.Context(), 77)
		assert.ErrorIs(t, err, xecm.ErrOutcomeUnknown, "the first attempt may have deleted it")
		assert.ErrorIs(t, err, xecm.ErrNotFound)
	})
	t.Run("a read is only an error", func(t *testing.T) {
		c, mt := newMockClient(t, xecm.WithTicket("t"), xecm.WithRetryPolicy(xecm.NoRetries()))
		mt.RegisterResponder("GET", api("v2/nodes/77"), jsonResp(504, `{"error":"Gateway Timeout"}`))
		_, err := c.Nodes.Get(t.Context(), 77, nil)
		require.Error(t, err)
		assert.NotErrorIs(t, err, xecm.ErrOutcomeUnknown)
	})
}

// A one-shot upload goes out past the retry layer; a gateway's 504 leaves
// its outcome unknown all the same.
func TestGatewayErrorOnOneShotUploadLeavesTheOutcomeUnknown(t *testing.T) {
	f := newFakeDocs(t)
	f.onUpload = func(w http.ResponseWriter, r *http.Request, attempt int) bool {
		_, _ = io.Copy(io.Discard, r.Body)
		writeJSON(w, http.StatusGatewayTimeout, map[string]string{"error": "Gateway Timeout"})
		return true
	}
	c := f.client(t, xecm.WithLargeFileThreshold(-1))
	oneShot := io.MultiReader(strings.NewReader("hello "), strings.NewReader("world"))
	_, err := c.Documents.Upload(t.Context(), xecm.DocumentUploadRequest{ParentID: 2000, Name: "a.txt", Content: oneShot, Size: 11})
	assert.ErrorIs(t, err, xecm.ErrOutcomeUnknown, "the server may have made the document")
	var ae *xecm.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, http.StatusGatewayTimeout, ae.StatusCode)
}

// A login answered 504 changed nothing: the call it was for fails without
// saying that its outcome is unknown (a read, or a change never sent).
func TestGatewayErrorOnLoginIsNotAnUnknownOutcome(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithPassword("u", "p"))
	mt.RegisterResponder("POST", api("v1/auth"), jsonResp(504, `{"error":"Gateway Timeout"}`))
	_, err := c.Nodes.CreateFolder(t.Context(), 2000, "Invoices", nil)
	require.Error(t, err)
	assert.NotErrorIs(t, err, xecm.ErrOutcomeUnknown, "the create was never sent")
	var ae *xecm.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, http.StatusGatewayTimeout, ae.StatusCode)
	_, err = c.Nodes.Get(t.Context(), 5, nil)
	require.Error(t, err)
	assert.NotErrorIs(t, err, xecm.ErrOutcomeUnknown, "a read has no outcome to lose")
}

// A login whose answer breaks off is a failed login, not an unknown
// outcome of the read it was for.
func TestLoginWithABrokenAnswerIsNotAnUnknownOutcome(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithPassword("u", "p"))
	mt.RegisterResponder("POST", api("v1/auth"), jsonResp(200, `{"ticket":"abc`))
	_, err := c.Nodes.Get(t.Context(), 2000, nil)
	require.Error(t, err)
	assert.NotErrorIs(t, err, xecm.ErrOutcomeUnknown)
}
