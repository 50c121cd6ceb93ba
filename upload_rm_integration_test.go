package xecm_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

// TestSimUploadClassifiesForRecordsManagement files a document with
// category values set by name and its RM classification in the one create
// call: it is never stored unclassified.
func TestSimUploadClassifiesForRecordsManagement(t *testing.T) {
	srv, c := newDocsSim(t)
	ctx := t.Context()
	folder := srv.AddFolder(xecmtest.EnterpriseWorkspaceID, "Contracts")
	cats, err := c.Metadata.Resolve(ctx, folder, contractValues())
	require.NoError(t, err)
	res, err := c.Documents.Upload(ctx, xecm.DocumentUploadRequest{ParentID: folder, Name: "Deal D-1042.pdf",
		Content: strings.NewReader("%PDF-1.7"), Categories: cats.Flat(), RMClassificationID: xecmtest.RMClassContracts,
		RecordDetails: &xecm.RecordDetailsUpdate{Status: xecm.Ptr("ACTIVE"), RecordDate: xecm.Ptr(time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC))}})
	require.NoError(t, err)

	class, rsi, ok := srv.RMClassification(res.Node.ID)
	require.True(t, ok)
	assert.Equal(t, xecmtest.RMClassContracts, class)
	assert.Equal(t, "CON-7Y", rsi)
	rec, err := c.Records.Get(ctx, res.Node.ID)
	require.NoError(t, err)
	p, ok := rec.Primary()
	require.True(t, ok)
	assert.Equal(t, "ACTIVE", p.Status)
	vals, ok := srv.CategoryValues(res.Node.ID, xecmtest.ContractCategoryID)
	require.True(t, ok)
	assert.Equal(t, "D-1042", vals["9830_2"])
	assert.ElementsMatch(t, []int{xecmtest.EventCreate, xecmtest.EventAttributeValueChanged, xecmtest.EventClassificationApplied},
		auditTypes(srv, res.Node.ID))
}

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
