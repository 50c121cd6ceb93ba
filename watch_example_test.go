package xecm_test

import (
	"context"
	"fmt"
	"log"
	"slices"
	"sync"
	"time"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

func ExampleEventsService_Watch() {
	sim := xecmtest.NewServer()
	defer sim.Close()
	c, _ := xecm.NewClient(sim.URL, xecm.WithPassword("Admin", "livelink"))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	folder, err := c.Nodes.CreateFolder(ctx, 2000, "Inbox", nil)
	if err != nil {
		log.Fatal(err)
	}
	if _, err := c.Nodes.CreateFolder(ctx, folder.ID, "2025", nil); err != nil {
		log.Fatal(err)
	}
	// Watch turns audit trails into events; a FileCheckpointStore would
	// let a restarted watcher resume where it stopped.
	// The function gets one node's events in order, one at a time, but
	// different nodes' events concurrently: hence the lock, and the sort.
	var mu sync.Mutex
	var seen []string
	err = c.Events.Watch(ctx, xecm.WatchOptions{NodeIDs: []int64{folder.ID}, Subtree: true, Interval: time.Second},
		func(_ context.Context, ev xecm.Event) error {
			mu.Lock()
			defer mu.Unlock()
			seen = append(seen, string(ev.Type)+" "+ev.Data.Name)
			if len(seen) == 2 {
				cancel() // a real watcher runs until its context ends
			}
			return nil
		})
	if err != nil {
		log.Fatal(err)
	}
	slices.Sort(seen)
	for _, s := range seen {
		fmt.Println(s)
	}
	// Output:
	// node.created 2025
	// node.created Inbox
}
