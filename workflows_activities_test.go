package xecm_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

// smartUIActivities are entries in the shape of OpenText's Smart UI test
// data for the activities route (workflow/testutils/activity/activity.mock.js).
const smartUIActivities = `{"links":{"data":{"self":{"href":"/api/v2/processes/9/subprocesses/9/activities"}}},
 "results":{"data":[
  {"date":"2018-01-05T13:49:30.000Z","user_id":1002,"action":"attachment",
   "action_properties":{"event":"addversion","node":{"id":4711,"name":"Renewal","description":"Changed","type":144,"mime_type":"application/pdf"}},
   "comment":null},
  {"date":"2018-01-04T10:00:00","user_id":null,"action":"forward","action_properties":{"user_id":null},"comment":"From anonymous"},
  {"date":"2018-01-03T10:00:00Z","user_id":1002,"action":"disposition","action_properties":{"event":"reject","label":"Reject Approval"},"comment":"no"}
 ]}}`

func TestWorkflowActivitiesReadTheSmartUIShape(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	var rec recorder
	mt.RegisterResponder("GET", api("v2/processes/9/subprocesses/9/activities"), rec.answer(t, 200, smartUIActivities))
	acts, err := c.Workflows.Activities(t.Context(), 9, 9, &xecm.WorkflowActivityOptions{Limit: 3})
	require.NoError(t, err)
	assert.Equal(t, "3", rec.last(t).Query.Get("limit"))
	require.Len(t, acts, 3)
	assert.Equal(t, xecm.ActivityAttachment, acts[0].Action)
	assert.Equal(t, "addversion", acts[0].Event)
	assert.Equal(t, &xecm.WorkflowActivityNode{ID: 4711, Name: "Renewal", Description: "Changed", Type: 144, MimeType: "application/pdf"}, acts[0].Node)
	assert.Empty(t, acts[0].Comment)
	assert.Equal(t, 2018, acts[0].Date.Year())
	assert.Zero(t, acts[1].UserID)
	assert.Zero(t, acts[1].AssigneeID)
	assert.Equal(t, "Reject Approval", acts[2].Label)
}

func TestWorkflowActivitiesRefuseAnAnswerWithoutData(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	var rec recorder
	mt.RegisterResponder("GET", api("v2/processes/9/subprocesses/9/activities"), rec.answer(t, 200, `{"results":{}}`))
	_, err := c.Workflows.Activities(t.Context(), 9, 9, nil)
	var apiErr *xecm.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Contains(t, apiErr.Message, "no results.data")
}
