package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/xecm-go/xecm"
)

// The browse workload: list every child of a folder of browseChildren
// items, page by page, as ListChildrenIter does and as a hand-written
// client does with net/http and encoding/json into a fixed struct.

const (
	browseParent   = 3000
	browseChildren = 2000
)

var browseLimits = []int{100, 500}

// browsePages answers GET api/v2/nodes/3000/nodes from pages encoded once,
// so that the server's share of the time is a copy.
type browsePages struct {
	mu    sync.Mutex
	pages map[string][]byte
}

func (b *browsePages) serve(w http.ResponseWriter, r *http.Request) {
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	page, limit = max(page, 1), max(limit, 1)
	key := strconv.Itoa(page) + "/" + strconv.Itoa(limit)
	b.mu.Lock()
	body, ok := b.pages[key]
	if !ok {
		body = encodePage(page, limit)
		if b.pages == nil {
			b.pages = map[string][]byte{}
		}
		b.pages[key] = body
	}
	b.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	_, _ = w.Write(body)
}

// encodePage writes one page as Content Server does: collection.paging and
// results[].data.properties.
func encodePage(page, limit int) []byte {
	total := (browseChildren + limit - 1) / limit
	var buf bytes.Buffer
	fmt.Fprintf(&buf, `{"collection":{"paging":{"limit":%d,"page":%d,"page_total":%d,"range_min":%d,"range_max":%d,"total_count":%d},"sorting":{"sort":[{"key":"name","direction":"asc"}]}},"links":{"data":{"self":{"href":"/api/v2/nodes/%d/nodes?page=%d"}}},"results":[`,
		limit, page, total, (page-1)*limit+1, min(page*limit, browseChildren), browseChildren, browseParent, page)
	for i := (page - 1) * limit; i < min(page*limit, browseChildren); i++ {
		if i > (page-1)*limit {
			buf.WriteByte(',')
		}
		id := 100000 + i
		fmt.Fprintf(&buf, `{"data":{"properties":{"id":%d,"name":"Invoice %05d.pdf","type":144,"type_name":"Document","parent_id":%d,`+
			`"volume_id":-2000,"description":"scanned on arrival","create_date":"2025-01-19T06:57:04Z","create_user_id":1000,`+
			`"modify_date":"2025-02-03T11:20:41Z","modify_user_id":1000,"owner_user_id":1000,"owner_group_id":1001,"reserved":false,`+
			`"reserved_user_id":0,"reserved_date":null,"container":false,"container_size":0,"size":%d,"mime_type":"application/pdf",`+
			`"hidden":false,"versionable":true,"advanced_versioning":false,"guid":null}}}`, id, i, browseParent, 40000+i*7)
	}
	buf.WriteString(`]}`)
	return buf.Bytes()
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
func plainBrowse(ctx context.Context, hc *http.Client, base string, limit int) (int, error) {
	n := 0
	for page := 1; ; page++ {
		q := url.Values{"page": {strconv.Itoa(page)}, "limit": {strconv.Itoa(limit)}}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/v2/nodes/"+strconv.Itoa(browseParent)+"/nodes?"+q.Encode(), nil)
		if err != nil {
			return n, err
		}
		req.Header.Set("OTCSTicket", "bench")
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

func sdkBrowse(ctx context.Context, c *xecm.Client, limit int) (int, error) {
	n := 0
	for _, err := range c.Nodes.ListChildrenIter(ctx, browseParent, &xecm.NodeListOptions{ListOptions: xecm.ListOptions{Limit: limit}}) {
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

// browse measures the listing for each limit: SDK against plain Go in
// alternating rounds, then against cs-rest when it is at hand.
func browse(ctx context.Context, c *xecm.Client, plain *http.Client, base string, reps int) error {
	for _, limit := range browseLimits {
		var plainT, sdkT time.Duration
		var plainA, sdkA float64
		for range max(rounds, 1) {
			t, a, err := perListing(reps, func() (int, error) { return plainBrowse(ctx, plain, base, limit) })
			if err != nil {
				return fmt.Errorf("plain browse: %w", err)
			}
			if plainT == 0 || t < plainT {
				plainT, plainA = t, a
			}
			t, a, err = perListing(reps, func() (int, error) { return sdkBrowse(ctx, c, limit) })
			if err != nil {
				return fmt.Errorf("SDK browse: %w", err)
			}
			if sdkT == 0 || t < sdkT {
				sdkT, sdkA = t, a
			}
		}
		label := fmt.Sprintf("browse %d/%d:", browseChildren, limit)
		fmt.Printf("%-17s plain %7.2fms/listing %7.0f allocs | SDK %7.2fms/listing %7.0f allocs | speed ratio %.2f (goal >= 0.95), alloc ratio %.2f\n",
			label, ms(plainT), plainA, ms(sdkT), sdkA, float64(plainT)/float64(sdkT), sdkA/plainA)
		cs, why := csrestBrowse(ctx, base, limit, reps)
		if why != "" {
			fmt.Printf("%-17s cs-rest skipped: %s\n", label, why)
			continue
		}
		fmt.Printf("%-17s cs-rest %5.2fms/listing | SDK %7.2fms/listing | speed ratio %.2f (goal >= 1.5)\n",
			label, ms(cs), ms(sdkT), float64(cs)/float64(sdkT))
	}
	return nil
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// browsePrefix reports whether a request path is the browse listing.
func browsePath(p string) bool {
	return strings.HasSuffix(p, "/api/v2/nodes/"+strconv.Itoa(browseParent)+"/nodes")
}
