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
