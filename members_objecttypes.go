package xecm

import (
	"context"
	"net/http"

	"github.com/xecm-go/xecm/internal/envelope"
)

// ObjectType is a kind of item (a node subtype such as TypeFolder or
// TypeDocument) with its display name.
type ObjectType struct {
	Type     int
	TypeName string
}

// CreatableTypes returns the kinds of items the current user may create,
// as the server's object creation privileges allow: for a portal to offer
// only the "New ..." actions that will succeed.
//
// OpenText API: GET api/v2/members/objecttypes
func (s *MembersService) CreatableTypes(ctx context.Context) (_ []ObjectType, err error) {
	const op = "Members.CreatableTypes"
	ctx, observed := s.c.startOp(ctx, op)
	defer observed.end(&err)
	var env struct {
		Results envelope.OneOrMany[struct {
			Data struct {
				Objects []struct {
					Type     flexInt64 `json:"type"`
					TypeName string    `json:"type_name"`
				} `json:"objects"`
			} `json:"data"`
		}] `json:"results"`
	}
	const path = "v2/members/objecttypes"
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: path}, &env); err != nil {
		return nil, err
	}
	if len(env.Results) == 0 {
		return nil, malformed(http.MethodGet, path, "no results in the response")
	}
	var out []ObjectType
	for _, r := range env.Results {
		for _, o := range r.Data.Objects {
			out = append(out, ObjectType{Type: int(o.Type), TypeName: o.TypeName})
		}
	}
	return out, nil
}
