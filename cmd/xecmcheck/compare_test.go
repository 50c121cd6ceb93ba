package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm/xecmtest"
)

var update = flag.Bool("update", false, "rewrite testdata/altered from testdata/sim")

// compareWithSimulator replays a recording against a fresh simulator.
func compareWithSimulator(t *testing.T, exchanges []*Exchange, ids map[string]string) *Comparison {
	t.Helper()
	sim, err := startSimulator(t.Context())
	require.NoError(t, err)
	defer sim.Close()
	cmp, err := compareRecording(t.Context(), sim.URL, simUser, simPassword, exchanges, ids)
	require.NoError(t, err)
	return cmp
}

func routeReport(cmp *Comparison, route string) (RouteReport, bool) {
	for _, r := range cmp.Routes {
		if r.Route == route {
			return r, true
		}
	}
	return RouteReport{}, false
}

// The recording of the probe against the simulator (go generate) replays
// against the simulator with no difference: every request is answered in
// the recorded shape, down to the large-file session's upload key and the
// renewal's refused ticket.
func TestSimulatorRecordingMatchesTheSimulator(t *testing.T) {
	exchanges, err := readRecording("testdata/sim")
	require.NoError(t, err)
	cmp := compareWithSimulator(t, exchanges, nil)
	replayed := 0
	for _, r := range cmp.Routes {
		assert.Empty(t, r.Differences, "%s: the simulator's answers changed shape; if on purpose, "+
			"record them again with go generate ./cmd/xecmcheck", r.Route)
		replayed += r.Replayed
	}
	assert.Equal(t, len(exchanges), replayed+len(cmp.NotReplayed))
	assert.GreaterOrEqual(t, len(cmp.Routes), 25)
	for _, route := range []string{"POST /v2/multipart/{upload_key}/{part_number}", "GET /v1/nodes/{id}/content", "DELETE /v2/nodes/{id}"} {
		_, ok := routeReport(cmp, route)
		assert.True(t, ok, route)
	}
}

// alterations make the altered copies in testdata/altered from the
// simulator's recording, each in a way the comparison must catch.
var alterations = []struct {
	dir, route string
	alter      func(body map[string]any)
	want       []string
}{
	{
		dir: "renamed-key", route: "GET /v2/holds",
		alter: func(b map[string]any) {
			for _, h := range b["results"].(map[string]any)["data"].(map[string]any)["holds"].([]any) {
				h := h.(map[string]any)
				h["Hold_Name"] = h["HoldName"]
				delete(h, "HoldName")
			}
		},
		want: []string{
			"key results.data.holds[].Hold_Name (string): recorded, missing in the simulator",
			"key results.data.holds[].HoldName (string): the simulator sends it, the recording has none",
		},
	},
	{
		dir: "moved-paging", route: "GET /v2/nodes/{id}/nodes",
		alter: func(b map[string]any) {
			c := b["collection"].(map[string]any)
			b["paging"] = c["paging"]
			delete(c, "paging")
		},
		want: []string{
			"paging: recorded paging, simulator collection.paging",
			"key paging (object): recorded, missing in the simulator",
			"key collection.paging (object): the simulator sends it, the recording has none",
		},
	},
	{
		dir: "object-for-array", route: "GET /v2/nodes/{id}/nodes",
		alter: func(b map[string]any) { b["results"] = b["results"].([]any)[0] },
		want: []string{
			"envelope: recorded results object, simulator results array",
			"key results: recorded object, simulator array",
			"key results.data (object): recorded, missing in the simulator",
		},
	},
}

// Each altered copy replays with exactly the difference put in it, on its
// route. With -update the copies are made again from testdata/sim.
func TestAlteredRecordingsAreCaught(t *testing.T) {
	for _, a := range alterations {
		t.Run(a.dir, func(t *testing.T) {
			dir := filepath.Join("testdata", "altered", a.dir)
			if *update {
				writeAltered(t, dir, a.route, a.alter)
			}
			exchanges, err := readRecording(dir)
			require.NoError(t, err)
			require.Len(t, exchanges, 1)
			rep, ok := routeReport(compareWithSimulator(t, exchanges, nil), a.route)
			require.True(t, ok)
			assert.ElementsMatch(t, a.want, rep.Differences)
		})
	}
}

// writeAltered writes the first exchange of route in testdata/sim,
// altered, as the one exchange of dir.
func writeAltered(t *testing.T, dir, route string, alter func(map[string]any)) {
	exchanges, err := readRecording("testdata/sim")
	require.NoError(t, err)
	for _, e := range exchanges {
		if e.Key() != route {
			continue
		}
		body, ok := decodeJSON(e.Body)
		require.True(t, ok)
		alter(body.(map[string]any))
		e.Body, err = marshalJSON(body)
		require.NoError(t, err)
		require.NoError(t, os.RemoveAll(dir))
		require.NoError(t, os.MkdirAll(dir, 0o755))
		b, err := json.MarshalIndent(e, "", "  ")
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, e.fileName()), append(b, '\n'), 0o644))
		return
	}
	t.Fatalf("testdata/sim has no %s", route)
}

// An ID the recording was given (not answered) is reported, and -map
// ties it to a simulator ID.
func TestCompareReportsAndMapsUnknownIDs(t *testing.T) {
	exchanges, err := readRecording("testdata/altered/moved-paging")
	require.NoError(t, err)
	e := exchanges[0]
	segs := strings.Split(e.Path, "/") // /v2/nodes/{id}/nodes
	parent := segs[3]
	segs[3] = "98765"
	e.Path = strings.Join(segs, "/")
	cmp := compareWithSimulator(t, exchanges, nil)
	rep, _ := routeReport(cmp, "GET /v2/nodes/{id}/nodes")
	require.Len(t, rep.Differences, 1)
	assert.True(t, strings.HasPrefix(rep.Differences[0], "status: recorded 2xx, simulator "), rep.Differences[0])
	assert.Equal(t, []string{"98765"}, cmp.UnmappedIDs)

	cmp = compareWithSimulator(t, exchanges, map[string]string{"98765": parent})
	rep, _ = routeReport(cmp, "GET /v2/nodes/{id}/nodes")
	assert.ElementsMatch(t, alterations[1].want, rep.Differences, "the altered paging, and nothing else")
	assert.Empty(t, cmp.UnmappedIDs)
}

func TestRunCompare(t *testing.T) {
	var out, errOut bytes.Buffer
	assert.Equal(t, exitOK, run(t.Context(), []string{"-compare", "testdata/sim"}, serverConfig{}, &out, &errOut), errOut.String())
	assert.Contains(t, out.String(), "the simulator answers in the recorded shape")

	out.Reset()
	assert.Equal(t, exitFail, run(t.Context(), []string{"-compare", "testdata/altered/renamed-key"}, serverConfig{}, &out, &errOut))
	assert.Contains(t, out.String(), "GET /v2/holds:\n  - key results.data.holds[].")

	out.Reset()
	assert.Equal(t, exitFail, run(t.Context(), []string{"-json", "-compare", "testdata/altered/moved-paging"}, serverConfig{}, &out, &errOut))
	var cmp Comparison
	require.NoError(t, json.Unmarshal(out.Bytes(), &cmp))
	assert.Equal(t, len(alterations[1].want), cmp.Differences())

	assert.Equal(t, exitUsage, run(t.Context(), []string{"-compare", t.TempDir()}, serverConfig{}, &out, &errOut), "no recording")
	assert.Equal(t, exitUsage, run(t.Context(), []string{"-compare", "testdata/sim", "-map", "12"}, serverConfig{}, &out, &errOut))
}

// A recording of another server, whose IDs are not the simulator's, is
// replayed with the IDs its answers revealed (the sandbox folder, the
// documents, the large-file session) tied to the simulator's; the one ID
// it was given rather than answered is tied with -map.
func TestCompareTiesTheIDsOfAnotherServer(t *testing.T) {
	other, err := startSimulator(t.Context())
	require.NoError(t, err)
	defer other.Close()
	for i := range 7 {
		other.AddFolder(other.Parent, "Earlier "+strconv.Itoa(i)) // every new ID shifts
	}
	ws := other.AddWorkspace(xecmtest.TemplateCustomer, "Globex", nil)
	dir := t.TempDir()
	f, err := parseFlags([]string{"-record", dir, "-category", "Customer", "-category-node", strconv.FormatInt(ws, 10)}, nil)
	require.NoError(t, err)
	rep, err := check(t.Context(), f, serverConfig{URL: other.URL, Username: simUser, Password: simPassword}, &strings.Builder{})
	require.NoError(t, err)
	require.True(t, rep.OK)
	exchanges, err := readRecording(dir)
	require.NoError(t, err)

	// The seeded simulator is the same every time: a fresh one shows the
	// workspace ID the comparison's simulator has.
	fresh, err := startSimulator(t.Context())
	require.NoError(t, err)
	defer fresh.Close()
	cmp := compareWithSimulator(t, exchanges, nil)
	assert.Equal(t, []string{strconv.FormatInt(ws, 10)}, cmp.UnmappedIDs, "only the category node was never answered")

	cmp = compareWithSimulator(t, exchanges, map[string]string{strconv.FormatInt(ws, 10): strconv.FormatInt(fresh.Workspace, 10)})
	for _, r := range cmp.Routes {
		assert.Empty(t, r.Differences, r.Route)
	}
	assert.Empty(t, cmp.UnmappedIDs)
}

// A recording is input from elsewhere: a file part too large to send
// again is refused, and headers other than those a recording keeps are
// not sent.
func TestCompareTreatsARecordingAsUntrusted(t *testing.T) {
	sim, err := startSimulator(t.Context())
	require.NoError(t, err)
	defer sim.Close()
	big := &Exchange{Seq: 1, Method: "POST", Route: "/v2/nodes", Path: "/v2/nodes", Status: 200, BodyKind: "json",
		Form:  map[string][]string{"body": {`{"type":144,"parent_id":2000,"name":"x"}`}},
		Files: map[string]FilePart{"file": {FileName: "x", Size: maxReplayFile + 1}}}
	_, err = compareRecording(t.Context(), sim.URL, simUser, simPassword, []*Exchange{big}, nil)
	assert.ErrorContains(t, err, "replayed up to")

	sim.ResetRequests()
	odd := &Exchange{Seq: 1, Method: "GET", Route: "/v1/ping", Path: "/v1/ping", Status: 200, BodyKind: "json",
		RequestHeaders: map[string]string{"X-Injected": "1", "Range": "bytes=0-1"}}
	_, err = compareRecording(t.Context(), sim.URL, simUser, simPassword, []*Exchange{odd}, nil)
	require.NoError(t, err)
	var sawPing bool
	for _, r := range sim.Requests() {
		if r.APIPath == "/v1/ping" {
			sawPing = true
			assert.Empty(t, r.Header.Get("X-Injected"))
			assert.Equal(t, "bytes=0-1", r.Header.Get("Range"))
		}
	}
	assert.True(t, sawPing)

	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "0001-x.json"), []byte(`{"method":"GET"}`), 0o600))
	_, err = readRecording(dir)
	assert.ErrorContains(t, err, "no method or route")
}
