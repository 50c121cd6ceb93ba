package xecm_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

// endless is a body that never ends.
type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	return len(p), nil
}

// hugeAnswers answers node 2000 with an announced 512 MiB body (of which
// it sends little), node 2001 with an endless chunked body, and node 2002
// with a small one.
func hugeAnswers(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch {
		case strings.HasSuffix(r.URL.Path, "/2000"):
			w.Header().Set("Content-Length", strconv.Itoa(512<<20))
			_, _ = io.WriteString(w, `{"results":`)
		case strings.HasSuffix(r.URL.Path, "/2001"):
			_, _ = io.WriteString(w, `{"results":{"data":{"properties":{"id":2001,"name":"`)
			_, _ = io.Copy(w, io.LimitReader(endless{}, 1<<30)) // ends with the client's hang-up
		default:
			_, _ = io.WriteString(w, `{"results":{"data":{"properties":{"id":2002,"name":"small"}}}}`)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// An answer past the limit fails at once (announced) or at the limit
// (endless), with an error naming the limit; a small one still succeeds.
func TestAnswerLargerThanLimitFails(t *testing.T) {
	srv := hugeAnswers(t)
	for _, tc := range []struct {
		name string
		opts []xecm.Option
	}{
		{"default", nil},
		{"configured", []xecm.Option{xecm.WithMaxResponseSize(1 << 20)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := xecm.NewClient(srv.URL, append(tc.opts, xecm.WithTicket("tkt-abcdef"))...)
			require.NoError(t, err)
			_, err = c.Nodes.Get(t.Context(), 2000, nil)
			require.ErrorIs(t, err, xecm.ErrResponseTooLarge)
			assert.Contains(t, err.Error(), "WithMaxResponseSize")
			assert.Contains(t, err.Error(), "GET /api/v2/nodes/2000")

			_, err = c.Nodes.Get(t.Context(), 2001, nil)
			require.ErrorIs(t, err, xecm.ErrResponseTooLarge)

			n, err := c.Nodes.Get(t.Context(), 2002, nil)
			require.NoError(t, err)
			assert.Equal(t, "small", n.Name)
		})
	}
}

// A change whose answer is past the limit is not reported done: its
// answer, which could say ok:false, was not read.
func TestChangeWithOversizedAnswerIsNotReportedDone(t *testing.T) {
	srv := hugeAnswers(t)
	c, err := xecm.NewClient(srv.URL, xecm.WithTicket("tkt-abcdef"), xecm.WithMaxResponseSize(1<<20))
	require.NoError(t, err)
	err = c.Nodes.Update(t.Context(), 2001, xecm.NodeUpdateRequest{Name: xecm.Ptr("renamed")})
	require.ErrorIs(t, err, xecm.ErrResponseTooLarge)
	require.ErrorIs(t, err, xecm.ErrOutcomeUnknown)
}

func TestWithMaxResponseSizeRefusesNonPositive(t *testing.T) {
	_, err := xecm.NewClient("https://ecm.test", xecm.WithTicket("tkt-abcdef"), xecm.WithMaxResponseSize(0))
	require.ErrorIs(t, err, xecm.ErrInvalidArgument)
	assert.Contains(t, err.Error(), "WithMaxResponseSize")
}

// {"ok":false} with the error in any shape is an error, in list calls as
// in others.
func TestOKFalseIsAnErrorWhateverTheErrorShape(t *testing.T) {
	for name, body := range map[string]string{
		"object error":       `{"ok":false,"error":{"message":"list refused","code":7}}`,
		"object no message":  `{"ok":false,"error":{"code":7}}`,
		"string error":       `{"ok":false,"error":"list refused"}`,
		"errMsg":             `{"ok": false, "errMsg":"list refused"}`,
		"spaced":             "{\"ok\" :\n false}",
		"in results":         `{"results":{"ok":false,"error":{"message":"list refused"}}}`,
		"array error":        `{"ok":false,"error":["list refused"]}`,
		"results array, ok":  `{"ok":false,"results":[]}`,
		"null error":         `{"ok":false,"error":null}`,
		"paged object error": `{"collection":{"paging":{"page":1}},"ok":false,"error":{"message":"list refused"}}`,
	} {
		t.Run(name, func(t *testing.T) {
			c, mt := newMockClient(t, xecm.WithTicket("tkt-abcdef"))
			mt.RegisterRegexpResponder("GET", regexpAll, jsonResp(200, body))
			_, err := c.Nodes.ListChildren(t.Context(), 2000, nil)
			var ae *xecm.APIError
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, 200, ae.StatusCode)
			if strings.Contains(body, "list refused") {
				assert.Contains(t, ae.Message, "list refused")
			}
		})
	}
	c, mt := newMockClient(t, xecm.WithTicket("tkt-abcdef"))
	mt.RegisterRegexpResponder("GET", regexpAll, jsonResp(200, `{"ok":true,"results":[],"note":"\"ok\": false in a string"}`))
	_, err := c.Nodes.ListChildren(t.Context(), 2000, nil)
	require.NoError(t, err, "ok:true is success")
}

var regexpAll = regexp.MustCompile(`.*`)
