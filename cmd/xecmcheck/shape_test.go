package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func jsonShape(t *testing.T, status int, body string, headers ...string) Shape {
	t.Helper()
	v, ok := decodeJSON([]byte(body))
	require.True(t, ok, body)
	h := map[string]string{}
	for _, name := range headers {
		h[name] = "x"
	}
	return shapeOf(status, h, "json", v)
}

func TestShapeOfEnvelopesAndPaging(t *testing.T) {
	for body, want := range map[string][2]string{
		`{"results":[],"collection":{"paging":{"page":1}}}`: {"results array", "collection.paging"},
		`{"results":{"data":{}},"paging":{"page":1}}`:       {"results object", "paging"},
		`{"data":[],"page":1,"limit":25,"total_count":3}`:   {"no results", "flat"},
		`{"ticket":"x"}`: {"no results", "none"},
	} {
		s := jsonShape(t, 200, body)
		assert.Equal(t, want, [2]string{s.Envelope, s.Paging}, body)
	}
	s := shapeOf(206, map[string]string{"Content-Range": "bytes 0-1/2"}, "content", nil)
	assert.Equal(t, "2xx", s.StatusClass)
	assert.Equal(t, "content", s.Envelope)
	assert.Equal(t, []string{"Content-Range"}, s.Headers)
}

func TestDiffShapes(t *testing.T) {
	base := `{"results":[{"data":{"id":1,"name":"a","date":null,"cats":{"9830_2":"x"}}}]}`
	same := map[string]string{
		"values differ":            `{"results":[{"data":{"id":7,"name":"b","date":null,"cats":{"9830_2":"y"}}}]}`,
		"null on one side":         `{"results":[{"data":{"id":1,"name":null,"date":"2025-01-01","cats":{"9830_2":"x"}}}]}`,
		"other category keys":      `{"results":[{"data":{"id":1,"name":"a","date":null,"cats":{"23228_5":"x"}}}]}`,
		"empty array on one side":  `{"results":[]}`,
		"more elements, same keys": `{"results":[{"data":{"id":1,"name":"a","date":null,"cats":{}}},{"data":{"id":2,"name":"c","date":null,"cats":{}}}]}`,
	}
	for name, body := range same {
		assert.Empty(t, diffShapes(jsonShape(t, 200, base), jsonShape(t, 200, body)), name)
	}
	got := diffShapes(jsonShape(t, 200, base, "OTCSTicket"), jsonShape(t, 200, `{"results":[{"data":{"id":"1","title":"a","date":null,"cats":{}}}]}`, "Location"))
	assert.ElementsMatch(t, []string{
		"header OTCSTicket: recorded, the simulator sends none",
		"header Location: the simulator sends it, the recording has none",
		"key results[].data.id: recorded number, simulator string",
		"key results[].data.name (string): recorded, missing in the simulator",
		"key results[].data.title (string): the simulator sends it, the recording has none",
	}, got)
	assert.Equal(t, []string{"status: recorded 2xx, simulator 4xx"},
		diffShapes(jsonShape(t, 200, base), jsonShape(t, 400, `{"error":"no"}`)), "an error answer is not compared key by key")
}

func TestAncestors(t *testing.T) {
	assert.Equal(t, []string{"", "results", "results[]", "results[].data"}, ancestors("results[].data.id"))
	assert.Equal(t, []string{"", "results"}, ancestors("results[]"))
	assert.Equal(t, []string{""}, ancestors("results"))
}
