package xecm_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

func TestWebReportsRunSendsParametersInTheQuery(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	var rec recorder
	mt.RegisterResponder("GET", api("v1/webreports/sales%20by%20region"), rec.answer(t, 200, `{"ok":false,"rows":[1,2]}`))
	var out struct {
		OK   bool  `json:"ok"`
		Rows []int `json:"rows"`
	}
	err := c.WebReports.Run(t.Context(), xecm.WebReportNickname("sales by region"), url.Values{"region": {"EMEA", "APAC"}}, &out)
	// The output is the report's own: an "ok":false in it is data, not a
	// failure of the call.
	require.NoError(t, err)
	assert.Equal(t, []int{1, 2}, out.Rows)
	q := rec.last(t).Query
	assert.Equal(t, []string{"EMEA", "APAC"}, q["region"])
	assert.Equal(t, "webreport", q.Get("format"))
}

func TestWebReportsExportReadsEitherAnswer(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	var rec recorder
	// webreports_OutputResponse, and the destination listing the spec
	// names for the nickname POST.
	mt.RegisterResponder("POST", api("v1/nodes/77/output"), rec.answer(t, 200,
		`{"destination_data":[{"output_destination":"workflow","http_method":"POST"}],"work_id":9001}`))
	mt.RegisterResponder("POST", api("v1/webreports/to_email"), rec.answer(t, 200,
		`{"data":[{"output_destination":"email","export_mime_type":"text/html"}]}`))
	exp, err := c.WebReports.Export(t.Context(), xecm.WebReportNode(77), url.Values{"who": {"1000"}})
	require.NoError(t, err)
	assert.Equal(t, int64(9001), exp.WorkID)
	assert.Zero(t, exp.NodeID)
	require.Len(t, exp.Destinations, 1)
	assert.Equal(t, "workflow", exp.Destinations[0].Type)
	assert.Equal(t, "1000", rec.last(t).Form.Get("who"))

	exp, err = c.WebReports.Export(t.Context(), xecm.WebReportNickname("to_email"), nil)
	require.NoError(t, err)
	require.Len(t, exp.Destinations, 1)
	assert.Equal(t, "email", exp.Destinations[0].Type)
}

func TestWebReportsExportIsNotRepeatedAfterAGatewayError(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"), xecm.WithRetryPolicy(fastRetries))
	calls := 0
	mt.RegisterResponder("POST", api("v1/webreports/to_folder"), func(r *http.Request) (*http.Response, error) {
		calls++
		return jsonResp(502, `{"error":"Bad Gateway"}`)(r)
	})
	_, err := c.WebReports.Export(t.Context(), xecm.WebReportNickname("to_folder"), nil)
	// The report may have run and written its output: not sent again.
	require.ErrorIs(t, err, xecm.ErrOutcomeUnknown)
	assert.Equal(t, 1, calls)
}
