package xecm

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"
)

// nicknameBadChars are the characters Content Server refuses in a
// nickname, besides a space.
const nicknameBadChars = `!%()-{}[]";'<>?,./\#`

// checkNickname applies the server's nickname rules (the CS 2.0.2 spec of
// PUT v2/nodes/{id}/nicknames) before anything is sent. self is the node
// the nickname is for, 0 when looking one up: a nickname may be a number
// only when it is the node's own ID.
func checkNickname(op, nickname string, self int64) error {
	switch {
	case nickname == "":
		return invalidArg(op, "nickname is required")
	case utf8.RuneCountInString(nickname) > MaxNameLength:
		return invalidArg(op, "nickname is %d characters long; the server accepts at most %d", utf8.RuneCountInString(nickname), MaxNameLength)
	case strings.ContainsAny(nickname, nicknameBadChars+" "):
		return invalidArg(op, "nickname %q contains a space or one of %s", nickname, nicknameBadChars)
	}
	if _, err := strconv.ParseInt(nickname, 10, 64); err == nil && self != 0 && nickname != strconv.FormatInt(self, 10) {
		return invalidArg(op, "nickname %q is a number other than the node's ID %d", nickname, self)
	}
	return nil
}

// SetNickname gives a node a nickname: a name unique across the server
// that finds the node with ByNickname. Give the folders, templates and
// documents an integration needs the same nickname on the test and the
// production system, and the integration finds them there without knowing
// their IDs.
//
// The nickname must not be empty, longer than MaxNameLength, contain a
// space or any of !%()-{}[]";'<>?,./\# or be a number other than the
// node's ID (ErrInvalidArgument, before anything is sent). It fails with
// an error matching ErrAlreadyExists when another node has the nickname,
// and with ErrNotFound when the node does not exist or is not visible.
//
// OpenText API: PUT api/v2/nodes/{id}/nicknames (form field nickname)
func (s *NodesService) SetNickname(ctx context.Context, id int64, nickname string) (err error) {
	ctx, observed := s.c.startOp(ctx, "Nodes.SetNickname")
	defer observed.end(&err)
	const op = "Nodes.SetNickname"
	if err := checkID(op, "node ID", id); err != nil {
		return err
	}
	if err := checkNickname(op, nickname, id); err != nil {
		return err
	}
	path := "v2/nodes/" + strconv.FormatInt(id, 10) + "/nicknames"
	return s.c.do(ctx, &request{method: http.MethodPut, path: path, form: url.Values{"nickname": {nickname}}}, nil)
}

// ByNickname returns the node that has the nickname (see SetNickname).
//
// It fails with an error matching ErrNotFound when no node the user may
// see has it, and with ErrInvalidArgument for a nickname the server could
// not hold (empty, too long, or with a space or a refused character).
//
// OpenText API: GET api/v2/nicknames/{nickname}/nodes
func (s *NodesService) ByNickname(ctx context.Context, nickname string) (_ *Node, err error) {
	ctx, observed := s.c.startOp(ctx, "Nodes.ByNickname")
	defer observed.end(&err)
	if err := checkNickname("Nodes.ByNickname", nickname, 0); err != nil {
		return nil, err
	}
	var env struct {
		Results nodeResult `json:"results"`
	}
	path := "v2/nicknames/" + url.PathEscape(nickname) + "/nodes"
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: path}, &env); err != nil {
		return nil, err
	}
	n := env.Results.Data.Properties.node()
	if n.ID == 0 {
		return nil, malformed(http.MethodGet, path, "no node properties in the response")
	}
	return &n, nil
}
