package xecm

import (
	"encoding/json"

	"github.com/xecm-go/xecm/internal/envelope"
	"github.com/xecm-go/xecm/internal/jsonread"
)

// nodePage is the answer of a browse: GET v2/nodes/{id}/nodes and
// GET v2/volumes/{type}/nodes.
type nodePage struct {
	envelope.Paged
	Results envelope.OneOrMany[nodeResult] `json:"results"`
}

func (a *nodePage) readAnswer(data []byte) bool {
	return readNodeAnswer(data, a, &a.Paged, (*[]nodeResult)(&a.Results), nil, nil)
}

// nodeList is the answer of POST v2/nodes/list.
type nodeList struct {
	Results envelope.OneOrMany[nodeResult] `json:"results"`
}

func (a *nodeList) readAnswer(data []byte) bool {
	return readNodeAnswer(data, a, nil, (*[]nodeResult)(&a.Results), nil, nil)
}

// nodeOne is the answer of GET v2/nodes/{id}.
type nodeOne struct {
	Results nodeResult      `json:"results"`
	State   json.RawMessage `json:"state"` // some servers put it at the top
}

func (a *nodeOne) readAnswer(data []byte) bool {
	return readNodeAnswer(data, a, nil, nil, &a.Results, &a.State)
}

// readNodeAnswer reads a node answer into the members given (nil: a member
// the answer type does not have), and on a decline sets *answer to its
// zero value.
func readNodeAnswer[A any](data []byte, answer *A, paged *envelope.Paged, list *[]nodeResult, one *nodeResult, state *json.RawMessage) bool {
	r := jsonread.New(data)
	defer r.Release()
	if r.Object() {
		listed := false
		for {
			name, ok := r.Member()
			if !ok {
				break
			}
			switch {
			case paged != nil && paged.ReadMember(r, name):
			case list != nil && string(name) == "results":
				if listed {
					// A second "results" merges into the first in
					// encoding/json; rare enough to leave to it.
					r.Fail()
					break
				}
				listed = true
				hint := 0
				if paged != nil {
					hint = paged.Paging().Limit
				}
				readNodeResults(r, list, hint)
			case one != nil && string(name) == "results":
				one.read(r)
			case state != nil && string(name) == "state":
				readMethod(r, state)
			default:
				r.Unknown(name)
			}
		}
	}
	if r.End() {
		return true
	}
	var zero A
	*answer = zero
	return false
}
