package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

// The browse workload: list every child of a folder of browseChildren
// documents, page by page, as ListChildrenIter does, as a hand-written
// client does with net/http and encoding/json into a fixed struct, and as
// the Node client cs-rest does. It runs on two servers, reported apart:
//
//   - simulator: xecmtest in this process, which renders every page anew
//     (the server's share of the CPU is large and shared by all clients);
//   - replay: the simulator's answers to the same requests, recorded once
//     and served from memory with the same status, headers and bytes, so
//     that the figures measure the clients.

const browseChildren = 2000

var browseLimits = []int{100, 500}

// browseRun holds one server's browse measurements: for each limit and
// round, plain Go, the SDK and cs-rest in turn, each after one warm-up
// listing; every client keeps its best round.
type browseRun struct {
	server string // "simulator" or "replay", printed on every line
	base   string
	ticket string
	parent int64
	plain  *http.Client
	sdk    *xecm.Client
	node   *csrestProc // nil when cs-rest is not at hand
}

// browse sets up the simulator's folder, records its answers for the
// replay, and measures on both.
func browse(ctx context.Context, newTransport func() *http.Transport, listings int) error {
	sim := xecmtest.NewServer()
	defer sim.Close()
	parent := sim.AddFolder(xecmtest.EnterpriseWorkspaceID, "Browse")
	for i := range browseChildren {
		sim.AddEmptyDocument(parent, fmt.Sprintf("Invoice %05d.pdf", i))
	}
	ticket, err := login(ctx, sim.URL)
	if err != nil {
		return fmt.Errorf("browse: log in to the simulator: %w", err)
	}
	rec, err := recordBrowse(ctx, sim.URL, ticket, parent)
	if err != nil {
		return fmt.Errorf("browse: record the simulator's pages: %w", err)
	}
	replay := httptest.NewServer(rec)
	defer replay.Close()
	u, err := url.Parse(sim.URL)
	if err != nil {
		return err
	}
	for _, srv := range []struct{ name, base string }{{"simulator", sim.URL}, {"replay", replay.URL + u.Path}} {
		sdk, err := xecm.NewClient(srv.base, xecm.WithTicket(ticket), xecm.WithTransport(newTransport()))
		if err != nil {
			return err
		}
		r := &browseRun{server: srv.name, base: srv.base, ticket: ticket, parent: parent,
			plain: &http.Client{Transport: newTransport()}, sdk: sdk}
		if srv.name == "replay" {
			fmt.Println()
		}
		node, why := startCsrest(ctx, srv.base, ticket, parent)
		if why != "" {
			fmt.Printf("browse (%s): cs-rest skipped: %s\n", srv.name, why)
		}
		r.node = node
		err = r.measure(ctx, listings)
		if node != nil {
			node.close()
		}
		if err != nil {
			return err
		}
	}
	if n := rec.misses.Load(); n > 0 {
		return fmt.Errorf("browse: the replay was asked %d requests it had not recorded", n)
	}
	return nil
}

func (r *browseRun) measure(ctx context.Context, listings int) error {
	if r.server == "simulator" {
		fmt.Println("browse on the simulator (allocations are counted process-wide, so they include the simulator's):")
	} else {
		fmt.Println("browse on the replay of the simulator's answers (same requests, same headers and bytes, from memory):")
	}
	for _, limit := range browseLimits {
		var plainT, sdkT, csT time.Duration
		var plainA, sdkA float64
		for range max(rounds, 1) {
			t, a, err := perListing(listings, func() (int, error) { return plainBrowse(ctx, r.plain, r.base, r.ticket, r.parent, limit) })
			if err != nil {
				return fmt.Errorf("plain browse (%s): %w", r.server, err)
			}
			if plainT == 0 || t < plainT {
				plainT, plainA = t, a
			}
			t, a, err = perListing(listings, func() (int, error) { return sdkBrowse(ctx, r.sdk, r.parent, limit) })
			if err != nil {
				return fmt.Errorf("SDK browse (%s): %w", r.server, err)
			}
			if sdkT == 0 || t < sdkT {
				sdkT, sdkA = t, a
			}
			if r.node != nil {
				t, err := r.node.listings(limit, listings)
				if err != nil {
					return fmt.Errorf("cs-rest browse (%s): %w", r.server, err)
				}
				if csT == 0 || t < csT {
					csT = t
				}
			}
		}
		label := fmt.Sprintf("browse %d/%d, %s:", browseChildren, limit, r.server)
		fmt.Printf("%-28s plain   %7.2fms/listing %6.0f allocs | SDK %7.2fms/listing %6.0f allocs | speed ratio %.2f (goal >= 0.95), alloc ratio %.2f\n",
			label, ms(plainT), plainA, ms(sdkT), sdkA, float64(plainT)/float64(sdkT), sdkA/plainA)
		if r.node != nil {
			fmt.Printf("%-28s cs-rest %7.2fms/listing              | SDK %7.2fms/listing              | speed ratio %.2f (goal >= 1.5)\n",
				label, ms(csT), ms(sdkT), float64(csT)/float64(sdkT))
		}
	}
	return nil
}

// login opens a session on the simulator as Admin and returns its ticket,
// which all three clients then send.
func login(ctx context.Context, base string) (string, error) {
	form := url.Values{"username": {"Admin"}, "password": {"livelink"}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/v1/auth", strings.NewReader(form.Encode()))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var out struct {
		Ticket string `json:"ticket"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out.Ticket == "" {
		return "", fmt.Errorf("status %d, no ticket (%v)", resp.StatusCode, err)
	}
	return out.Ticket, nil
}

// plainProps is the node a hand-written client declares: the same JSON
// names as the SDK's Node, standard types.
type plainProps struct {
	ID                      int64             `json:"id"`
	Name                    string            `json:"name"`
	Type                    int               `json:"type"`
	TypeName                string            `json:"type_name"`
	ParentID                int64             `json:"parent_id"`
	VolumeID                int64             `json:"volume_id"`
	Description             string            `json:"description"`
	NameMultilingual        map[string]string `json:"name_multilingual"`
	DescriptionMultilingual map[string]string `json:"description_multilingual"`
	CreateDate              time.Time         `json:"create_date"`
	CreateUserID            int64             `json:"create_user_id"`
	ModifyDate              time.Time         `json:"modify_date"`
	ModifyUserID            int64             `json:"modify_user_id"`
	OwnerUserID             int64             `json:"owner_user_id"`
	OwnerGroupID            int64             `json:"owner_group_id"`
	Reserved                bool              `json:"reserved"`
	ReservedUserID          int64             `json:"reserved_user_id"`
	ReservedDate            *time.Time        `json:"reserved_date"`
	Container               bool              `json:"container"`
	ContainerSize           int               `json:"container_size"`
	Size                    int64             `json:"size"`
	MimeType                string            `json:"mime_type"`
	Hidden                  bool              `json:"hidden"`
	Versionable             bool              `json:"versionable"`
	AdvancedVersioning      bool              `json:"advanced_versioning"`
	ExternalSource          string            `json:"external_source"`
	GUID                    string            `json:"guid"`
}

// plainBrowse lists every child with net/http and encoding/json, keeping
// the nodes as the SDK does (pointers to decoded structs).
func plainBrowse(ctx context.Context, hc *http.Client, base, ticket string, parent int64, limit int) (int, error) {
	n := 0
	for page := 1; ; page++ {
		q := url.Values{"page": {strconv.Itoa(page)}, "limit": {strconv.Itoa(limit)}}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/v2/nodes/"+strconv.FormatInt(parent, 10)+"/nodes?"+q.Encode(), nil)
		if err != nil {
			return n, err
		}
		req.Header.Set("OTCSTicket", ticket)
		req.Header.Set("Accept", "application/json")
		resp, err := hc.Do(req)
		if err != nil {
			return n, err
		}
		var env struct {
			Collection struct {
				Paging struct {
					Page      int `json:"page"`
					PageTotal int `json:"page_total"`
				} `json:"paging"`
			} `json:"collection"`
			Results []struct {
				Data struct {
					Properties plainProps `json:"properties"`
				} `json:"data"`
			} `json:"results"`
		}
		err = json.NewDecoder(resp.Body).Decode(&env)
		resp.Body.Close()
		if err == nil && resp.StatusCode != http.StatusOK {
			err = fmt.Errorf("status %d", resp.StatusCode)
		}
		if err != nil {
			return n, err
		}
		items := make([]*plainProps, 0, len(env.Results))
		for i := range env.Results {
			items = append(items, &env.Results[i].Data.Properties)
		}
		n += len(items)
		if len(items) == 0 || page >= env.Collection.Paging.PageTotal {
			return n, nil
		}
	}
}

func sdkBrowse(ctx context.Context, c *xecm.Client, parent int64, limit int) (int, error) {
	n := 0
	for _, err := range c.Nodes.ListChildrenIter(ctx, parent, &xecm.NodeListOptions{ListOptions: xecm.ListOptions{Limit: limit}}) {
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// perListing runs a listing reps times (after one warm-up) and returns
// the time and allocations per listing.
func perListing(reps int, f func() (int, error)) (time.Duration, float64, error) {
	return perRun(1, reps, func() error {
		n, err := f()
		if err == nil && n != browseChildren {
			err = fmt.Errorf("listed %d children, want %d", n, browseChildren)
		}
		return err
	})
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
