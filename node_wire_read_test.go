package xecm

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm/internal/envelope"
)

// nodeAnswerCases are node answers as servers send them and as a broken or
// hostile one might; each is tried as all three answer types.
var nodeAnswerCases = []string{
	string(benchNodesPage(1)), string(benchNodesPage(3)),
	`{"collection":{"paging":{"limit":2,"page":1,"page_total":4,"range_min":1,"range_max":2,"total_count":8},"sorting":{"sort":[{"key":"sort","value":"asc_name"}]}},` +
		`"links":{"data":{"self":{"body":"","href":"/api/v2/nodes/1/nodes?limit=2\u0026page=1","method":"GET"}}},` +
		`"results":[{"data":{"properties":{"advanced_versioning":null,"container":false,"create_date":"2026-12-06T06:13:17Z","description_multilingual":{"en":""},` +
		`"external_source":null,"guid":null,"id":100002,"name":"Invoice 00000.pdf","name_multilingual":{"en":"Invoice 00000.pdf"},"owner":"Admin","size":0,` +
		`"size_formatted":"0 Bytes","status":null,"type":144,"type_name":"Document","volume_id":-2000}}},{"data":{"properties":{"id":"100003","name":"Gr\u00fc\u00dfe \"2\".pdf"}}}]}`,
	`{"results":{"data":{"properties":{"id":7,"name":"x"}},"state":{"properties":{"metadata_token":"abc"}}}}`,
	`{"results":[],"paging":{"page":1}}`, `{"results":null}`, `{"results":{}}`, `{"results":[[{"data":{}}]]}`, `{"results":[null,{"data":null}]}`,
	`{"results":[{"data":{"properties":null}}]}`, `{"results":[{"data":{"properties":{"ID":5}}}]}`, `{"results":[{"data":{"properties":{"Name":"x","id":1}}}]}`,
	`{"results":[{"data":{"properties":{"id":1,"id":2,"name":"a","name":null}}}]}`, `{"results":[],"results":[{"data":{"properties":{"id":1}}}]}`,
	`{"results":[{"data":{"properties":{"id":1.5}}}]}`, `{"results":[{"data":{"properties":{"id":2e3}}}]}`, `{"results":[{"data":{"properties":{"id":""}}}]}`,
	`{"results":[{"data":{"properties":{"name":1}}}]}`, `{"results":[{"data":{"properties":{"reserved":"true"}}}]}`, `{"results":[{"data":{"properties":{"create_date":"yesterday"}}}]}`,
	`{"results":[{"data":{"properties":{"create_date":"2026-12-06T06:13:17"}}}]}`, `{"results":[{"data":{"properties":{"name_multilingual":{"en":1}}}}]}`,
	`{"collection":null,"paging":null,"limit":"5","results":[]}`, `{"collection":{"paging":{"limit":1e2}},"results":[]}`, `{"limit":99999999999999999999,"results":[]}`,
	`{"collection":{"paging":{"limit":2}},"collection":{"paging":{"page":3}},"results":[]}`, `{"state":null,"results":{"state":[1,2]}}`,
	`{"results":[{"data":{"properties":{"id":1}}},]}`, `{"results":[{"data":{"properties":{"id":01}}}]}`, `{"results":[{"data":{"properties":{"id":1}}}]} x`,
	`{"results":[{"data":{"properties":{"name":"a\u12"}}}]}`, "{\"results\":[{\"data\":{\"properties\":{\"name\":\"a\x01\"}}}]}", "{\"results\":[{\"data\":{\"properties\":{\"name\":\"\xff\"}}}]}",
	"{\"results\":[{\"data\":{\"properties\":{\"n\\u0061me\":\"a\"}}}]}", `{"results":[{"data":{"properties":{"x":[1,{"y":[true,false,null,-0.5e+3]}]}}}]}`,
	`{"results":[{"data":{"properties":{"x":tru}}}]}`, `{"results":[{"data":{"properties":{"x":-}}}]}`, `{"results":[{"data":{"properties":{"x":1.}}}]}`,
	`{"results":[{"data":{"properties":{"id":1}}}`, `[]`, `null`, ``, ` {"results":[]} `, `{"results":[{"data":{"properties":{"\u212aey":1}}}]}`,
	`{"results":[{"data":{"properties":{"type_name":"a"}},"state":"s","permissions":{"see":true}}]}`, `{"results":[{"data":{"properties":{"typename":"x","parentid":5,"type-name":"y"}}}]}`,
	`{"results":[{"data":{"properties":{"id":-9223372036854775808}}}]}`, `{"results":[{"data":{"properties":{"id":123456789012345678901}}}]}`,
	`{"results":[{"data":{"properties":{"id":null,"reserved_date":null,"description":null,"hidden":null}}}]}`,
	`{"results":[{"data":{"properties":{"x":"` + strings.Repeat("[", 600) + `"}}}]}`, `{"results":[{"data":{"properties":{"x":` + strings.Repeat("[", 600) + strings.Repeat("]", 600) + `}}}]}`,
}

// Each node answer type reads what it accepts exactly as envelope.Unmarshal
// decodes it, and declines, left zero, whatever it does not.
func TestNodeAnswersMatchEnvelope(t *testing.T) {
	accepted := 0
	for _, in := range nodeAnswerCases {
		accepted += checkNodeAnswers(t, []byte(in))
	}
	assert.GreaterOrEqual(t, accepted, 3*12, "most well-formed answers are read without the general decoder")
}

func FuzzNodeAnswersMatchEnvelope(f *testing.F) {
	for _, in := range nodeAnswerCases {
		f.Add([]byte(in))
	}
	f.Fuzz(func(t *testing.T, in []byte) { checkNodeAnswers(t, in) })
}

// checkNodeAnswers reads in as each answer type and returns how many
// accepted it.
func checkNodeAnswers(t *testing.T, in []byte) int {
	return checkAnswer[nodePage](t, in) + checkAnswer[nodeList](t, in) + checkAnswer[nodeOne](t, in)
}

func checkAnswer[A any, P interface {
	*A
	answerReader
}](t *testing.T, in []byte) int {
	t.Helper()
	var got A
	if !P(&got).readAnswer(in) {
		assert.True(t, reflect.ValueOf(got).IsZero(), "%T left filled after declining %q", got, in)
		return 0
	}
	var want A
	err := envelope.Unmarshal(in, &want)
	require.NoError(t, err, "%T read %q, which envelope.Unmarshal refuses", got, in)
	require.Equal(t, want, got, "%T of %q", got, in)
	return 1
}

// Every member of nodeWire has a case in its reader: a value set in the
// JSON comes out as envelope.Unmarshal decodes it, not skipped. A member
// added to nodeWire without one fails here.
func TestNodeWireReadKnowsEveryMember(t *testing.T) {
	samples := map[reflect.Type]string{
		reflect.TypeFor[flexInt64]():   `"42"`,
		reflect.TypeFor[string]():      `"text"`,
		reflect.TypeFor[bool]():        `true`,
		reflect.TypeFor[Time]():        `"2026-12-06T06:13:17Z"`,
		reflect.TypeFor[langStrings](): `{"en":"text"}`,
	}
	wt := reflect.TypeFor[nodeWire]()
	for i := range wt.NumField() {
		f := wt.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		sample, ok := samples[f.Type]
		require.True(t, ok, "no sample value for nodeWire.%s of type %s", f.Name, f.Type)
		in := []byte(fmt.Sprintf(`{"results":[{"data":{"properties":{%q:%s}}}]}`, name, sample))
		var got nodeList
		require.True(t, got.readAnswer(in), "member %q declined", name)
		require.Len(t, got.Results, 1)
		v := reflect.ValueOf(got.Results[0].Data.Properties).Field(i)
		assert.False(t, v.IsZero(), "member %q was skipped", name)
		checkAnswer[nodeList](t, in)
	}
}
