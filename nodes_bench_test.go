package xecm

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/xecm-go/xecm/internal/envelope"
)

// The envelope of a node list and of a single node, decoded in the same
// run by encoding/json, by the general engine the SDK falls back to
// (internal/envelope: json/v2 with encoding/json's semantics) and as the
// SDK decodes them (the answers' own readers, node_wire_read.go): compare
// the sub-benchmarks of each size with
//
//	go test -run '^$' -bench DecodeNodes -benchmem .
//
// These are the measurements behind the choice of decoders; the end-to-end
// ratios against plain net/http are BenchmarkListChildren*,
// BenchmarkNodeGet* and cmd/xecmbench.
func BenchmarkDecodeNodes(b *testing.B) {
	data := benchNodesPage(1)
	for _, dec := range decoders {
		b.Run("get/"+dec.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				var env nodeOne
				if err := dec.unmarshal(data, &env); err != nil || env.Results.Data.Properties.ID == 0 {
					b.Fatal(err)
				}
			}
		})
	}
	for _, n := range []int{100, 500} {
		data := benchNodesPage(n)
		for _, dec := range decoders {
			b.Run(fmt.Sprintf("list%d/%s", n, dec.name), func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(len(data)))
				for b.Loop() {
					var env nodePage
					if err := dec.unmarshal(data, &env); err != nil || len(env.Results) != n || env.Results[n-1].Data.Properties.ID == 0 {
						b.Fatal(err, len(env.Results))
					}
				}
			})
		}
	}
}

// decoders are the decoders compared: encoding/json; the general engine
// the SDK falls back to (envelope.Unmarshal); and what the SDK does, the
// answer's own reader (node_wire_read.go) with that fallback.
var decoders = []struct {
	name      string
	unmarshal func([]byte, any) error
}{{"encoding_json", json.Unmarshal}, {"envelope", envelope.Unmarshal}, {"sdk", decodeAnswer}}

// benchNodesPage is a v2 page of n documents as Content Server sends it,
// with empty multilingual maps and members Node does not keep;
// n == 1 is a single node's envelope (GET v2/nodes/{id}), results an object.
func benchNodesPage(n int) []byte {
	var buf bytes.Buffer
	fmt.Fprintf(&buf, `{"collection":{"paging":{"limit":%d,"page":1,"page_total":1,"range_min":1,"range_max":%d,"total_count":%d}},"results":`, n, n, n)
	if n > 1 {
		buf.WriteByte('[')
	}
	for i := range n {
		if i > 0 {
			buf.WriteByte(',')
		}
		fmt.Fprintf(&buf, `{"data":{"properties":{"id":%d,"name":"Invoice %05d.pdf","type":144,"type_name":"Document","parent_id":2000,`+
			`"volume_id":-2000,"description":"scanned on arrival","name_multilingual":{},"description_multilingual":{},"create_date":"2025-01-19T06:57:04Z","create_user_id":1000,`+
			`"modify_date":"2025-02-03T11:20:41Z","modify_user_id":1000,"owner_user_id":1000,"owner_group_id":1001,"reserved":false,`+
			`"reserved_user_id":0,"reserved_date":null,"container":false,"container_size":0,"size":%d,"mime_type":"application/pdf",`+
			`"hidden":false,"favorite":false,"icon":"/img/webdoc/document.gif","versionable":true,"advanced_versioning":false,"guid":null}}}`, 100000+i, i, 40000+i*7)
	}
	if n > 1 {
		buf.WriteByte(']')
	}
	buf.WriteByte('}')
	return buf.Bytes()
}
