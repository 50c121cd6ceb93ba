package simcheck

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAnswersAreHeldToTheResponseSchemaWithTheListedExceptions(t *testing.T) {
	docs, err := loadSpecs()
	if err != nil {
		t.Skipf("the vendor specs are needed: %v", err)
	}
	// The Smart UI audit mock (reference §8): objects where the schema says
	// arrays, nulls, a date with a time; all exceptions with evidence.
	mock := `{"collection":{"paging":{"limit":30,"page":1,"page_total":1,"range_max":8,"range_min":1,"total_count":8}},
		"links":{"data":{"self":{"href":"/api/v2/nodes/18704/audit","method":"GET"}}},
		"results":{"data":{"audit":[{"id":18704,"event_type":15,"audit_name":"Generation Created","audit_date":"2019-09-11T09:47:50",
			"user_id":18484,"agent_id":null,"target_user_id":null,"audit_language_code":null}],
		"audit_event_types":[{"id":1,"name":"Create"}]}}}`
	assert.NoError(t, docs.check("GET", "/v2/nodes/18704/audit", 200, []byte(mock)))
	// What no evidence excuses is refused.
	err = docs.check("GET", "/v2/nodes/18704/audit", 200, []byte(`{"results":{"data":{"audit":[{"id":"x","event_type":"Create"}]}}}`))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "/event_type")
	assert.Error(t, docs.check("GET", "/v2/nodes/1/audit", 200, []byte(`{`)))
	// A version's locked: a boolean (pyxecm), or the schema's integer; never a string.
	assert.NoError(t, docs.check("GET", "/v1/nodes/5/versions/latest", 200, []byte(`{"data":{"locked":false,"create_date":"2025-01-02T03:04:05"}}`)))
	assert.Error(t, docs.check("GET", "/v1/nodes/5/versions/latest", 200, []byte(`{"data":{"locked":"no"}}`)))
	// No schema, no check.
	assert.NoError(t, docs.check("DELETE", "/v2/nodes/5", 200, []byte(`{"anything":1}`)))
}
