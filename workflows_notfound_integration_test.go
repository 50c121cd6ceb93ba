package xecm_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

// A workflow on a document that does not exist (or that the user cannot
// see) is refused with 400 "Error getting node from ID": not found.
func TestWorkflowStartOnAMissingDocumentIsNotFound(t *testing.T) {
	_, c := startSim(t)
	_, err := c.Workflows.Start(t.Context(), xecm.WorkflowStartRequest{MapID: xecmtest.ApprovalMapID, DocumentIDs: []int64{999999}})
	assert.ErrorIs(t, err, xecm.ErrNotFound)
	assert.NotErrorIs(t, err, xecm.ErrForbidden)
}

// The status of a process that is not there for the caller is refused
// with 400 "Could not access task status": not found, so that a poller can
// tell it from a failing server.
func TestWorkflowStatusOfAMissingProcessIsNotFound(t *testing.T) {
	_, c := startSim(t)
	_, err := c.Workflows.Status(t.Context(), 424242)
	assert.ErrorIs(t, err, xecm.ErrNotFound)
}
