package xecm_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

// pyxecmDocWorkflows is the answer in the docstring of OpenText's pyxecm
// (OTCS.get_document_workflows).
const pyxecmDocWorkflows = `{"links":{"data":{}},"results":{"data":[
 {"DataID":25397,"Name":"Contract Approval Workflow","WorkflowType":100},
 {"DataID":25442,"Name":"Contract Approval Workflow (2 steps)","WorkflowType":100}],
 "fError":"","fErrorDetail":"","statusMsg":null}}`

func TestDocumentWorkflowsReadPyxecmsAnswer(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	var rec recorder
	mt.RegisterResponder("GET", api("v2/docworkflows"), rec.answer(t, 200, pyxecmDocWorkflows))
	got, err := c.Workflows.DocumentWorkflows(t.Context(), 2000, 11, 12)
	require.NoError(t, err)
	assert.Equal(t, []xecm.DocumentWorkflow{{MapID: 25397, Name: "Contract Approval Workflow", WorkflowType: 100},
		{MapID: 25442, Name: "Contract Approval Workflow (2 steps)", WorkflowType: 100}}, got)
	q := rec.last(t).Query
	assert.Equal(t, []string{"11", "12"}, q["doc_id"])
	assert.Equal(t, "2000", q.Get("parent_id"))
}

// The Smart UI shows a statusMsg in a 200 as an error: so does the SDK.
func TestDocumentWorkflowsReportAStatusMessage(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	var rec recorder
	mt.RegisterResponder("GET", api("v2/docworkflows"), rec.answer(t, 200,
		`{"results":{"data":[],"fError":"","fErrorDetail":"","statusMsg":"No workflows configured"}}`))
	_, err := c.Workflows.DocumentWorkflows(t.Context(), -1, 11)
	var apiErr *xecm.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "No workflows configured", apiErr.Message)
}
