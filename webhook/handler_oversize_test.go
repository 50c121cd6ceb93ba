package webhook_test

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A sender that writes its whole body before it reads the answer (as many
// HTTP clients do) reads the 413 of a body over the cap, not a reset
// connection: the handler reads and discards the body, within a bound,
// before it answers. Over a real connection, with a length and chunked.
func TestHandlerOverSizeBodyGetsItsAnswer(t *testing.T) {
	rec := &recorder{}
	srv := httptest.NewServer(newTestHandler(t, rec.handle))
	defer srv.Close()
	big := bytes.Repeat([]byte("a"), 12<<20)
	for _, chunked := range []bool{false, true} {
		conn, err := net.Dial("tcp", strings.TrimPrefix(srv.URL, "http://"))
		require.NoError(t, err)
		var req bytes.Buffer
		fmt.Fprintf(&req, "POST /webhooks/xecm HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n")
		if chunked {
			req.WriteString("Transfer-Encoding: chunked\r\n\r\n")
			for off := 0; off < len(big); off += 64 << 10 {
				fmt.Fprintf(&req, "%x\r\n", 64<<10)
				req.Write(big[off : off+64<<10])
				req.WriteString("\r\n")
			}
			req.WriteString("0\r\n\r\n")
		} else {
			fmt.Fprintf(&req, "Content-Length: %d\r\n\r\n", len(big))
			req.Write(big)
		}
		_, err = conn.Write(req.Bytes())
		require.NoError(t, err, "chunked %v: the whole body is taken", chunked)
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		require.NoError(t, err, "chunked %v: the answer can be read", chunked)
		msg, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		conn.Close()
		assert.Equal(t, http.StatusRequestEntityTooLarge, resp.StatusCode, "chunked %v", chunked)
		assert.Contains(t, string(msg), "body too large")
	}
	assert.Zero(t, rec.count())
}
