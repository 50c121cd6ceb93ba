package xecm_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
)

// The code tables list the codes the seeded records, RSIs and holds use;
// a code added to a table appears in it with its table's own field, and
// the server refuses a code the table has and a table it does not know.
func TestRecordsCodesListAndAdd(t *testing.T) {
	_, c := startSim(t)
	ctx := t.Context()

	codes, err := c.Records.Codes(ctx)
	require.NoError(t, err)
	assert.Equal(t, "ACTIVE", codes.FileStatus.Default)
	assert.Contains(t, codes.HoldType.Codes, xecm.RMCode{Code: "LEGAL", Description: "Legal hold"})
	assert.Contains(t, codes.Stage.Codes, xecm.RMCode{Code: "PERMANENT", Description: "Permanent", StageOrder: 3})
	assert.Empty(t, codes.XRefType.Codes)

	require.NoError(t, c.Records.AddCode(ctx, xecm.RMCodeHoldType, xecm.RMCode{Code: "REG", Description: "Regulatory", DefaultPeriod: 30}))
	require.NoError(t, c.Records.AddCode(ctx, xecm.RMCodeEssential, xecm.RMCode{Code: "VR", Description: "Vital", Vital: true}))
	require.NoError(t, c.Records.AddCode(ctx, xecm.RMCodeXRefType, xecm.RMCode{Code: "SUP", Description: "Supersedes",
		RelatedCode: "SUPBY", RelatedDescription: "Superseded by"}))
	require.NoError(t, c.Records.AddCode(ctx, xecm.RMCodeStage, xecm.RMCode{Code: "ARCHIVE", StageOrder: 4}))
	require.NoError(t, c.Records.AddCode(ctx, xecm.RMCodeStorage, xecm.RMCode{Code: "PAPER"}))

	err = c.Records.AddCode(ctx, xecm.RMCodeHoldType, xecm.RMCode{Code: "LEGAL", Description: "again"})
	var ae *xecm.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, 400, ae.StatusCode)
	assert.Contains(t, ae.Message, "Could not get table description")

	codes, err = c.Records.Codes(ctx)
	require.NoError(t, err)
	assert.Contains(t, codes.HoldType.Codes, xecm.RMCode{Code: "REG", Description: "Regulatory", DefaultPeriod: 30})
	legal := 0
	for _, code := range codes.HoldType.Codes {
		if code.Code == "LEGAL" {
			legal++
			assert.Equal(t, "Legal hold", code.Description, "the duplicate changed nothing")
		}
	}
	assert.Equal(t, 1, legal)
	assert.Contains(t, codes.Essential.Codes, xecm.RMCode{Code: "VR", Description: "Vital", Vital: true})
	assert.Contains(t, codes.XRefType.Codes, xecm.RMCode{Code: "SUP", Description: "Supersedes", RelatedCode: "SUPBY"})
	assert.Contains(t, codes.Stage.Codes, xecm.RMCode{Code: "ARCHIVE", StageOrder: 4})
	assert.Contains(t, codes.Storage.Codes, xecm.RMCode{Code: "PAPER"})
}
