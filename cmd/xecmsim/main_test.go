package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRunServesAndStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-cgi-path", "/cs/cs"}, pw, io.Discard)
		pw.Close()
	}()

	var base string
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		if _, after, ok := strings.Cut(sc.Text(), "base URL (ECM_URL): "); ok {
			base = strings.TrimSpace(after)
			break
		}
	}
	require.NotEmpty(t, base)
	assert.True(t, strings.HasSuffix(base, "/cs/cs"))
	go func() { _, _ = io.Copy(io.Discard, pr) }()

	resp, err := http.Get(base + "/api/v1/ping")
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&m))
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, m, "version")

	cancel()
	select {
	case err := <-done:
		assert.NoError(t, err)
	case <-time.After(15 * time.Second):
		t.Fatal("run did not stop")
	}
}

func TestRunBadFlag(t *testing.T) {
	err := run(context.Background(), []string{"-nope"}, io.Discard, io.Discard)
	assert.Error(t, err)
}

// startRun runs the simulator with args until the test ends and returns
// its base URL.
func startRun(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"-addr", "127.0.0.1:0"}, args...), pw, io.Discard)
		pw.Close()
	}()
	t.Cleanup(func() { cancel(); <-done })
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		if _, after, ok := strings.Cut(sc.Text(), "base URL (ECM_URL): "); ok {
			go func() { _, _ = io.Copy(io.Discard, pr) }()
			return strings.TrimSpace(after)
		}
	}
	t.Fatal("no base URL printed")
	return ""
}

// call sends a form request with ticket and decodes the JSON answer.
func call(t *testing.T, method, u, ticket string, form url.Values) map[string]any {
	t.Helper()
	req, err := http.NewRequest(method, u, strings.NewReader(form.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if ticket != "" {
		req.Header.Set("OTCSTicket", ticket)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var m map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&m))
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	return m
}

func TestInventedAuditEventsFlag(t *testing.T) {
	for _, invented := range []bool{false, true} {
		var args []string
		if invented {
			args = append(args, "-invented-audit-events")
		}
		api := startRun(t, args...) + "/api"
		ticket, _ := call(t, "POST", api+"/v1/auth", "", url.Values{"username": {"Admin"}, "password": {"livelink"}})["ticket"].(string)
		require.NotEmpty(t, ticket)
		folder := func(name string) int64 {
			m := call(t, "POST", api+"/v2/nodes", ticket, url.Values{"body": {`{"type":0,"parent_id":2000,"name":"` + name + `"}`}})
			id, _ := m["results"].(map[string]any)["data"].(map[string]any)["properties"].(map[string]any)["id"].(float64)
			require.NotZero(t, id)
			return int64(id)
		}
		a, b := folder("A"), folder("B")
		call(t, "PUT", fmt.Sprintf("%s/v2/nodes/%d", api, a), ticket, url.Values{"body": {fmt.Sprintf(`{"parent_id":%d}`, b)}})
		m := call(t, "GET", fmt.Sprintf("%s/v2/nodes/%d/audit", api, a), ticket, nil)
		var names []string
		for _, e := range m["results"].(map[string]any)["data"].(map[string]any)["audit"].([]any) {
			names = append(names, e.(map[string]any)["audit_name"].(string))
		}
		if invented {
			assert.Contains(t, names, "Move", "the invented Move entry, on request")
		} else {
			assert.NotContains(t, names, "Move", "no invented entry by default")
		}
	}
}
