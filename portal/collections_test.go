package portal

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func listing(t *testing.T, h http.Handler, path string) CollectionPage {
	t.Helper()
	w := get(h, "GET", path)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Equal(t, "application/json; charset=utf-8", w.Header().Get("Content-Type"))
	var p CollectionPage
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &p))
	return p
}

func TestCollectionListsPublishedDocumentsNewestFirst(t *testing.T) {
	src := fixture()
	src.addDoc(108, 10, "travel.pdf", "application/pdf", "Approved", "1", "2", "3") // v3 is the newest version
	h, _ := newTestHandler(t, src, nil)

	p := listing(t, h, "/collections/policies")
	assert.Equal(t, "policies", p.Collection)
	assert.Equal(t, "Policies", p.Title)
	assert.Equal(t, 2, p.Total, "draft and HTML are left out")
	require.Len(t, p.Items, 2)
	assert.Equal(t, CollectionItem{ID: 108, Name: "travel.pdf", Version: 3, FileName: "travel.pdf", MimeType: "application/pdf",
		Size: 1, Modified: t0.Add(72 * time.Hour), SHA256: p.Items[0].SHA256, Href: "documents/108/versions/3"}, p.Items[0])
	assert.Equal(t, int64(101), p.Items[1].ID)
	assert.Equal(t, 2, p.Items[1].Version)

	byName, _ := newTestHandler(t, src, func(c *Config) {
		c.Collections = map[string]Collection{"az": {Folder: 10, SortByName: true}}
	})
	p = listing(t, byName, "/collections/az")
	assert.Equal(t, []int64{101, 108}, []int64{p.Items[0].ID, p.Items[1].ID})

	// Every listed href serves.
	for _, it := range listing(t, h, "/collections/policies").Items {
		assert.Equal(t, http.StatusOK, get(h, "GET", "/"+it.Href).Code, it.Href)
	}
}

func TestCollectionPaging(t *testing.T) {
	src := fixture()
	for i := range 7 {
		src.addDoc(int64(300+i), 10, "doc"+string(rune('a'+i))+".pdf", "application/pdf", "Approved", "x")
	}
	h, _ := newTestHandler(t, src, func(c *Config) {
		c.Collections = map[string]Collection{"az": {Folder: 10, SortByName: true}}
	})
	var seen []int64
	for page := 1; page <= 3; page++ {
		p := listing(t, h, "/collections/az?limit=3&page="+string(rune('0'+page)))
		assert.Equal(t, 8, p.Total)
		assert.Equal(t, 3, p.PageTotal)
		assert.Equal(t, page, p.Page)
		for _, it := range p.Items {
			seen = append(seen, it.ID)
		}
	}
	assert.Equal(t, []int64{300, 301, 302, 303, 304, 305, 306, 101}, seen)
	assert.Empty(t, listing(t, h, "/collections/az?limit=3&page=9").Items)
	assert.Equal(t, "[]", string(mustJSON(t, listing(t, h, "/collections/az?page=9").Items)))

	for _, q := range []string{"page=0", "page=x", "limit=0", "limit=101", "limit=-1"} {
		w := get(h, "GET", "/collections/az?"+q)
		assert.Equal(t, http.StatusBadRequest, w.Code, q)
	}
	assert.Equal(t, 1, src.count("Children"), "the listing is cached")
}

func TestCollectionFollowsInvalidation(t *testing.T) {
	src := fixture()
	h, _ := newTestHandler(t, src, nil)
	assert.Equal(t, 1, listing(t, h, "/collections/policies").Total)
	src.setStatus(102, "Approved")
	h.Invalidate(102)
	assert.Equal(t, 2, listing(t, h, "/collections/policies").Total)
}

func mustJSON(t *testing.T, v any) []byte {
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}
