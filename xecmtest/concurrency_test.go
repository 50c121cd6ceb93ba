package xecmtest

import (
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestConcurrentCreates(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	parent := s.AddFolder(2000, "Busy")
	const workers, each = 16, 10
	ids := make(chan int64, workers*each)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				resp, m := c.body(http.MethodPost, "/v2/nodes", map[string]any{"type": 0, "parent_id": parent, "name": fmt.Sprintf("w%d-%d", w, i)})
				if !assert.Equal(t, http.StatusOK, resp.StatusCode, m) {
					return
				}
				ids <- int64(m["results"].(map[string]any)["data"].(map[string]any)["properties"].(map[string]any)["id"].(float64))
				// Interleave reads and Go-API calls.
				c.get(fmt.Sprintf("/v2/nodes/%d/nodes?limit=5", parent))
				s.Node(parent)
			}
		}()
	}
	wg.Wait()
	close(ids)
	seen := map[int64]bool{}
	for id := range ids {
		require.False(t, seen[id], "duplicate id %d", id)
		seen[id] = true
	}
	assert.Len(t, seen, workers*each)
	assert.Len(t, s.Children(parent), workers*each)
}

func TestConcurrentSameName(t *testing.T) {
	s := newServer(t)
	c := admin(t, s)
	var wg sync.WaitGroup
	statuses := make(chan int, 20)
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, _ := c.body(http.MethodPost, "/v2/nodes", map[string]any{"type": 0, "parent_id": 2000, "name": "race"})
			statuses <- resp.StatusCode
		}()
	}
	wg.Wait()
	close(statuses)
	ok := 0
	for st := range statuses {
		if st == http.StatusOK {
			ok++
		} else {
			assert.Equal(t, http.StatusInternalServerError, st)
		}
	}
	assert.Equal(t, 1, ok, "exactly one create wins")
}
