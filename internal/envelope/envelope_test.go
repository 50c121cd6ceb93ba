package envelope

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type item struct {
	ID int `json:"id"`
}

func TestOneOrMany(t *testing.T) {
	cases := map[string]int{`{"id":1}`: 1, `[{"id":1},{"id":2}]`: 2, `[]`: 0, `null`: 0, `{}`: 0, ` { } `: 0}
	for in, n := range cases {
		var v struct {
			R OneOrMany[item] `json:"r"`
		}
		require.NoError(t, json.Unmarshal([]byte(`{"r":`+in+`}`), &v), in)
		assert.Len(t, v.R, n, in)
	}
	var v OneOrMany[item]
	require.Error(t, json.Unmarshal([]byte(`"x"`), &v))
	assert.Equal(t, item{}, v.First())
}

func TestPagedLayouts(t *testing.T) {
	for _, in := range []string{
		`{"collection":{"paging":{"page":2,"page_total":3,"limit":10,"total_count":25}}}`,
		`{"paging":{"page":2,"page_total":3,"limit":10,"total_count":25}}`,
		`{"page":2,"page_total":3,"limit":10,"total_count":25}`,
	} {
		var p Paged
		require.NoError(t, json.Unmarshal([]byte(in), &p))
		assert.Equal(t, Paging{Page: 2, PageTotal: 3, Limit: 10, TotalCount: 25}, p.Paging(), in)
	}
}
