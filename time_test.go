package xecm_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xecm-go/xecm"
)

func TestTimeJSONRoundTrip(t *testing.T) {
	var v struct {
		A, B, C, D xecm.Time
	}
	require.NoError(t, json.Unmarshal([]byte(`{"A":"2025-01-19T06:57:04Z","B":"2025-06-30T01:14:59","C":null,"D":""}`), &v))
	assert.Equal(t, time.Date(2025, 1, 19, 6, 57, 4, 0, time.UTC), v.A.Time)
	assert.Equal(t, time.Date(2025, 6, 30, 1, 14, 59, 0, time.UTC), v.B.Time)
	assert.True(t, v.C.IsZero())
	assert.True(t, v.D.IsZero())
	b, err := json.Marshal(v)
	require.NoError(t, err)
	assert.JSONEq(t, `{"A":"2025-01-19T06:57:04Z","B":"2025-06-30T01:14:59Z","C":null,"D":null}`, string(b))
	require.Error(t, json.Unmarshal([]byte(`{"A":"yesterday"}`), &v))
	require.Error(t, json.Unmarshal([]byte(`{"A":17}`), &v))
}
