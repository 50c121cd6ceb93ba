package xecm_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

func TestNodesGetManySplitsAtTheServersLimit(t *testing.T) {
	var calls atomic.Int32 // counted as sent: the simulator logs a request after answering it
	sim, c := startSim(t, xecm.WithTransport(roundTripFunc(func(r *http.Request) (*http.Response, error) {
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/api/v2/nodes/list") {
			calls.Add(1)
		}
		return http.DefaultTransport.RoundTrip(r)
	})))
	ctx := t.Context()
	parent := sim.AddFolder(xecmtest.EnterpriseWorkspaceID, "Many")
	var ids []int64
	for i := range 600 {
		ids = append(ids, sim.AddFolder(parent, fmt.Sprintf("F%03d", i)))
	}
	// A missing id and a duplicate.
	asked := append([]int64{987654}, ids...)
	asked = append(asked, ids[0])

	nodes, err := c.Nodes.GetMany(ctx, asked)
	require.NoError(t, err)
	require.Len(t, nodes, 600, "the missing node is left out, the duplicate asked once")
	for i, n := range nodes {
		assert.Equal(t, ids[i], n.ID)
		assert.Equal(t, fmt.Sprintf("F%03d", i), n.Name)
	}
	assert.EqualValues(t, 3, calls.Load(), "601 ids in calls of at most 250")

	_, err = c.Nodes.GetMany(ctx, []int64{1, 0})
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	none, err := c.Nodes.GetMany(ctx, nil)
	require.NoError(t, err)
	assert.Empty(t, none)
}

// Nodes the user may not see are left out, as the server does.
func TestNodesGetManyLeavesOutWhatTheUserCannotSee(t *testing.T) {
	sim, _ := startSim(t)
	ctx := t.Context()
	hidden := sim.AddWorkspace(xecmtest.TemplateCustomer, "Board", nil) // only its roles and Admin see it
	open := sim.AddFolder(xecmtest.EnterpriseWorkspaceID, "Public")
	jdoe := clientAs(t, sim, "jdoe", "jdoe-pw")
	_, err := jdoe.Nodes.Get(ctx, hidden, nil)
	require.ErrorIs(t, err, xecm.ErrNotFound)
	nodes, err := jdoe.Nodes.GetMany(ctx, []int64{hidden, open})
	require.NoError(t, err)
	require.Len(t, nodes, 1)
	assert.Equal(t, open, nodes[0].ID)
}

func TestNodesCreateURLAndShortcut(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	folder := sim.AddFolder(xecmtest.EnterpriseWorkspaceID, "Links")
	target := sim.AddFolder(xecmtest.EnterpriseWorkspaceID, "Contracts")

	u, err := c.Nodes.CreateURL(ctx, folder, "Portal", "https://portal.example.com/acme", &xecm.FolderCreateOptions{Description: "customer portal"})
	require.NoError(t, err)
	assert.Equal(t, xecm.TypeURL, u.Type)
	got, err := c.Nodes.Get(ctx, u.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, "https://portal.example.com/acme", got.URL)
	assert.Equal(t, "customer portal", got.Description)

	sc, err := c.Nodes.CreateShortcut(ctx, folder, target, "")
	require.NoError(t, err)
	assert.Equal(t, xecm.TypeShortcut, sc.Type)
	assert.Equal(t, "Contracts", sc.Name, "a shortcut takes the original's name")
	assert.Equal(t, target, sc.OriginalID)
	assert.Len(t, sim.Children(target), 0, "a shortcut is not a copy")

	_, err = c.Nodes.CreateShortcut(ctx, folder, target, "Contracts")
	assert.ErrorIs(t, err, xecm.ErrAlreadyExists)
	_, err = c.Nodes.CreateShortcut(ctx, folder, 987654, "x")
	assert.ErrorIs(t, err, xecm.ErrNotFound)
	_, err = c.Nodes.CreateURL(ctx, folder, "Bad", "portal.example.com", nil)
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
}

// BenchmarkNodesGetManyVsGet reads 1,000 nodes with one GetMany (four
// POST api/v2/nodes/list calls) and with 1,000 Get calls in the same run,
// and reports how many times faster the list is (goal: at least 10).
//
//   - simulator/rtt=0s: against the simulator in process. Its CPU profile
//     shows about two thirds of the time in the simulator, rendering each
//     node as a map through encoding/json.Marshal (sorted keys), which both
//     ways pay per node; that caps the ratio at about 4 and says little
//     about the SDK.
//   - replay: the same simulator's answers, recorded once and served from
//     memory, so that the server costs only its net/http and the bytes: the
//     SDK's side of the two ways, what a client can make fast.
//   - simulator/rtt=1ms: the simulator with every request delayed by a
//     modelled round trip of 1 ms (a LAN; a real server spends tens of
//     milliseconds per call), where what the list saves, a request per
//     node, shows.
func BenchmarkNodesGetManyVsGet(b *testing.B) {
	b.Run("simulator/rtt=0s", func(b *testing.B) { benchGetManyVsGet(b, 0, false) })
	b.Run("replay", func(b *testing.B) { benchGetManyVsGet(b, 0, true) })
	b.Run("simulator/rtt=1ms", func(b *testing.B) { benchGetManyVsGet(b, time.Millisecond, false) })
}

func benchGetManyVsGet(b *testing.B, rtt time.Duration, replay bool) {
	sim := xecmtest.NewServer()
	b.Cleanup(sim.Close)
	rec := &answerRecorder{answers: map[string][]byte{}}
	c, err := xecm.NewClient(sim.URL, xecm.WithPassword("Admin", "livelink"), xecm.WithTransport(rec))
	if err != nil {
		b.Fatal(err)
	}
	parent := sim.AddFolder(xecmtest.EnterpriseWorkspaceID, "Bench")
	ids := make([]int64, 1000)
	for i := range ids {
		ids[i] = sim.AddFolder(parent, fmt.Sprintf("N%04d", i))
	}
	if rtt > 0 {
		sim.InjectFault(xecmtest.Fault{Delay: rtt, Times: -1})
	}
	ctx := b.Context()
	getBoth := func(c *xecm.Client) (many, single time.Duration) {
		start := time.Now()
		nodes, err := c.Nodes.GetMany(ctx, ids)
		if err != nil || len(nodes) != len(ids) {
			b.Fatalf("GetMany: %d nodes, %v", len(nodes), err)
		}
		many = time.Since(start)
		start = time.Now()
		for _, id := range ids {
			if _, err := c.Nodes.Get(ctx, id, nil); err != nil {
				b.Fatal(err)
			}
		}
		return many, time.Since(start)
	}
	if replay {
		rec.record = true
		getBoth(c) // records every answer
		rec.record = false
		srv := httptest.NewServer(rec)
		b.Cleanup(srv.Close)
		u, _ := url.Parse(sim.URL)
		if c, err = xecm.NewClient(srv.URL+u.Path, xecm.WithTicket("replayed")); err != nil {
			b.Fatal(err)
		}
	}
	var many, single time.Duration
	for b.Loop() {
		m, s := getBoth(c)
		many += m
		single += s
	}
	b.ReportMetric(float64(single)/float64(many), "times-faster")
	b.ReportMetric(float64(many.Microseconds())/float64(b.N), "µs/GetMany-1000")
	b.ReportMetric(float64(single.Microseconds())/float64(b.N), "µs/1000-Gets")
}

// answerRecorder keeps the body of every answer, by request, while record is
// set (as a transport); as a handler it serves them again, byte for byte.
type answerRecorder struct {
	record  bool
	answers map[string][]byte
}

func recordKey(r *http.Request, body []byte) string {
	return r.Method + " " + r.URL.Path + "?" + r.URL.RawQuery + "\n" + string(body)
}

func (rec *answerRecorder) RoundTrip(r *http.Request) (*http.Response, error) {
	if !rec.record {
		return http.DefaultTransport.RoundTrip(r)
	}
	var body []byte
	if r.Body != nil {
		body, _ = io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	answer, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	rec.answers[recordKey(r, body)] = answer
	resp.Body = io.NopCloser(bytes.NewReader(answer))
	return resp, nil
}

func (rec *answerRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	answer, ok := rec.answers[recordKey(r, body)]
	if !ok {
		http.Error(w, "not recorded", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(answer)))
	_, _ = w.Write(answer)
}
