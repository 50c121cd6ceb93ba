package xecm_test

import (
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xecm-go/xecm"
)

// AddCode refuses an unknown table and a missing required field before
// anything is sent (the mock has no responder, so a request would fail
// with another error).
func TestAddCodeRefusesBadInput(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	ctx := t.Context()
	for name, tc := range map[string]struct {
		table xecm.RMCodeTable
		code  xecm.RMCode
	}{
		"unknown table":        {"retention", xecm.RMCode{Code: "X"}},
		"empty table":          {"", xecm.RMCode{Code: "X"}},
		"no code":              {xecm.RMCodeStorage, xecm.RMCode{Description: "Paper"}},
		"blank code":           {xecm.RMCodeStorage, xecm.RMCode{Code: "  "}},
		"xref without related": {xecm.RMCodeXRefType, xecm.RMCode{Code: "SUP"}},
	} {
		err := c.Records.AddCode(ctx, tc.table, tc.code)
		assert.ErrorIs(t, err, xecm.ErrInvalidArgument, name)
	}
	assert.Zero(t, mt.GetTotalCallCount())
}

// AddCode sends only the fields of its table.
func TestAddCodeSendsTheTablesFields(t *testing.T) {
	c, mt := newMockClient(t, xecm.WithTicket("t"))
	var form url.Values
	mt.RegisterResponder("POST", api("v1/recordsmanagement/rmcodes/hold_type"), formOf(&form, `{"code":"REG","description":"Regulatory"}`))
	require.NoError(t, c.Records.AddCode(t.Context(), xecm.RMCodeHoldType,
		xecm.RMCode{Code: "REG", Description: "Regulatory", DefaultPeriod: 30, StageOrder: 4, RelatedCode: "X"}))
	assert.Equal(t, url.Values{"code": {"REG"}, "description": {"Regulatory"}, "DefaultPeriod": {"30"}}, form)
}

// A list answer without results.data, or with a table of the wrong shape,
// is an error, not an empty set of tables.
func TestCodesRefusesMalformedAnswer(t *testing.T) {
	for name, body := range map[string]string{
		"no data":        `{"results":{"ok":true}}`,
		"values object":  `{"results":{"ok":true,"data":{"storage":{"values":{"code":"EL"}}}}}`,
		"code not text":  `{"results":{"ok":true,"data":{"status":{"values":[{"code":7}]}}}}`,
		"not JSON":       `<html>`,
		"ok false":       `{"results":{"ok":false,"errMsg":"no access"}}`,
		"order not a nr": `{"results":{"ok":true,"data":{"retention_stage":{"values":[{"code":"A","ret_stage_order":"one"}]}}}}`,
	} {
		c, mt := newMockClient(t, xecm.WithTicket("t"))
		mt.RegisterResponder("GET", api("v2/recordsmanagement/rmcodes"), jsonResp(200, body))
		codes, err := c.Records.Codes(t.Context())
		assert.Error(t, err, name)
		assert.Nil(t, codes, name)
	}
}
