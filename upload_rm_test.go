package xecm_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

// Record details without a classification, or a classification ID that
// is not one, fail before any request, naming the field.
func TestUploadRecordDetailsNeedAClassification(t *testing.T) {
	c, _ := newMockClient(t, xecm.WithTicket("t"))
	for name, r := range map[string]xecm.DocumentUploadRequest{
		"details alone": {RecordDetails: &xecm.RecordDetailsUpdate{Status: xecm.Ptr("ACTIVE")}},
		"negative id":   {RMClassificationID: -4},
	} {
		t.Run(name, func(t *testing.T) {
			r.ParentID, r.Name, r.Content = 2000, "a.txt", strings.NewReader("x")
			_, err := c.Documents.Upload(t.Context(), r)
			require.ErrorIs(t, err, xecm.ErrInvalidArgument)
			assert.ErrorContains(t, err, "RMClassificationID")
		})
	}
}
