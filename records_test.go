package xecm_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xecm-go/xecm"
)

// formOf records the form of the last request a responder saw.
func formOf(dst *url.Values, body string) func(*http.Request) (*http.Response, error) {
	return func(r *http.Request) (*http.Response, error) {
		if err := r.ParseForm(); err != nil {
			return nil, err
		}
		*dst = r.PostForm
		return jsonResp(200, body)(r)
	}
}

// A record date is a calendar day: the day the caller's time names, in its
// own location, not the day it falls on in UTC.
func TestRecordDatesKeepTheCallersCalendarDay(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	var form url.Values
	mt.RegisterResponder("PUT", api("v1/nodes/7/rmclassifications"), formOf(&form, `{"results":{"ok":true}}`))

	berlinMidnight := time.Date(2025, 3, 1, 0, 0, 0, 0, time.FixedZone("CET", 3600))     // Feb 28 in UTC
	newYorkEvening := time.Date(2025, 3, 1, 21, 0, 0, 0, time.FixedZone("EST", -5*3600)) // Mar 2 in UTC
	require.NoError(t, c.Records.UpdateDetails(t.Context(), 7, xecm.RecordDetailsUpdate{
		RecordDate: &berlinMidnight, NextReviewDate: &newYorkEvening}, &xecm.RecordUpdateOptions{MetadataToken: "tok"}))
	assert.Equal(t, "2025-03-01", form.Get("record_date"))
	assert.Equal(t, "2025-03-01", form.Get("next_review_date"))

	role, err := xecm.RMClassificationRole(41320, &xecm.RecordDetailsUpdate{StatusDate: &berlinMidnight})
	require.NoError(t, err)
	assert.Equal(t, "2025-03-01", role["status_date"])
}

// rsiRows renders n RSI rows of RSI 501, one stage each, numbered from first.
func rsiRows(t *testing.T, first, n int, paging map[string]any) string {
	t.Helper()
	rows := make([]map[string]any, 0, n)
	for i := range n {
		rows = append(rows, map[string]any{"RSIID": 501, "RSI": "CON-7Y", "RSIScheduleID": first + i, "RetStage": "ACTIVE"})
	}
	body := map[string]any{"results": map[string]any{"ok": true, "data": map[string]any{"rsis": rows}}}
	if paging != nil {
		body["collection"] = map[string]any{"paging": paging}
	}
	b, err := json.Marshal(body)
	require.NoError(t, err)
	return string(b)
}

// GetRSI reads every page of an RSI's stages: also when the server gives
// no page count (a full page is not the last), and without taking a page
// the server sends again for a stage of its own.
func TestGetRSIPages(t *testing.T) {
	t.Run("no page count", func(t *testing.T) {
		c, mt := newMockClient(t, xecm.WithTicket("t"))
		mt.RegisterResponder("GET", api("v2/rsis/501"), func(r *http.Request) (*http.Response, error) {
			if r.URL.Query().Get("page") == "1" {
				return jsonResp(200, rsiRows(t, 1, 100, nil))(r)
			}
			return jsonResp(200, rsiRows(t, 101, 20, nil))(r)
		})
		rsi, err := c.Records.GetRSI(t.Context(), 501)
		require.NoError(t, err)
		assert.Equal(t, 120, len(rsi.Schedules))
	})
	t.Run("page sent again", func(t *testing.T) {
		c, mt := newMockClient(t, xecm.WithTicket("t"))
		mt.RegisterResponder("GET", api("v2/rsis/501"), func(r *http.Request) (*http.Response, error) {
			page, _ := strconv.Atoi(r.URL.Query().Get("page"))
			// The page number comes back as asked, the rows are page 1's.
			return jsonResp(200, rsiRows(t, 1, 2, map[string]any{"page": page, "page_total": 3, "limit": 100, "total_count": 6}))(r)
		})
		rsi, err := c.Records.GetRSI(t.Context(), 501)
		require.NoError(t, err)
		assert.Equal(t, 2, len(rsi.Schedules))
	})
}

// A flag the SDK cannot read as true or false is an error, not false; a
// hold's alternate ID is a string or a number.
func TestHoldRefusesMalformedValues(t *testing.T) {
	var h xecm.Hold
	assert.ErrorContains(t, json.Unmarshal([]byte(`{"HoldID":1,"ActiveHold":"maybe"}`), &h), "not a boolean")
	assert.ErrorContains(t, json.Unmarshal([]byte(`{"HoldID":1,"AlternateHoldID":{"x":1}}`), &h), "AlternateHoldID")
	require.NoError(t, json.Unmarshal([]byte(`{"HoldID":1,"ActiveHold":"0","AlternateHoldID":42}`), &h))
	assert.False(t, h.Active)
	assert.Equal(t, "42", h.AlternateID)
}
