package xecm_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

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
		c, mt := newMockClient(t, xecm.WithTicket("t"), xecm.WithRetryPolicy(xecm.NoRetries))
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

// A login whose connection drops after it went out is only a failed login:
// the read it was for has no outcome to lose.
func TestDroppedLoginIsNotAnUnknownOutcome(t *testing.T) {
	c, srv := newSimClient(t)
	srv.InjectFault(xecmtest.Fault{Method: "POST", Path: "/v1/auth", Kind: xecmtest.FaultDrop, Times: -1})
	_, err := c.Nodes.Get(t.Context(), xecmtest.EnterpriseWorkspaceID, nil)
	require.Error(t, err)
	assert.NotErrorIs(t, err, xecm.ErrOutcomeUnknown)
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
