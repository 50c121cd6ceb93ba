package xecmtest

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"
)

// nicknameBadChars are the characters the server refuses in a nickname,
// besides a space (the CS 2.0.2 spec of updateNickname).
const nicknameBadChars = `!%()-{}[]";'<>?,./\#`

// installNicknames registers the nickname routes: a node's nickname is a
// second, stable name for it, unique across the server, that finds the
// node where its id differs (test and production systems).
func (s *Server) installNicknames() {
	s.api("PUT /v2/nodes/{id}/nicknames", s.handleSetNickname)
	s.api("GET /v2/nicknames/{nickname}/nodes", s.handleNodeByNickname)
}

// handleSetNickname is PUT api/v2/nodes/{id}/nicknames (form field
// "nickname"). The rules and the 500 messages are the spec's: not empty,
// at most 248 characters, no space or bad character, not a number unless
// it is the node's own id, and unique. The spec does not say whether the
// comparison ignores case; the simulator compares exactly.
func (s *Server) handleSetNickname(c *call) (any, error) {
	n, err := s.pathNodeLocked(c)
	if err != nil {
		return nil, err
	}
	if err := s.checkAccessLocked(c, n, "modify"); err != nil {
		return nil, err
	}
	nick, _ := c.params.str("nickname")
	if err := s.checkNicknameLocked(n, nick); err != nil {
		return nil, err
	}
	if n.Nickname != nick {
		n.Nickname = nick
		s.touchLocked(n, c.userID())
	}
	return c.emptyResults(), nil
}

// checkNicknameLocked applies the server's nickname rules to giving n
// the nickname nick.
func (s *Server) checkNicknameLocked(n *node, nick string) error {
	switch {
	case nick == "":
		return errorf(http.StatusInternalServerError, "Could not set feature Nickname, the length of '' is less than the minimum length (1)")
	case utf8.RuneCountInString(nick) > maxNameLength:
		return errorf(http.StatusInternalServerError, "Could not set feature Nickname, the length of '%s' is greater than the maximum length (%d)", nick, maxNameLength)
	case strings.ContainsAny(nick, nicknameBadChars+" "):
		return errorf(http.StatusInternalServerError, "Nickname not in valid format, '%s' contains one or more of the following bad characters or a space %s", nick, nicknameBadChars)
	}
	if _, err := strconv.ParseInt(nick, 10, 64); err == nil && nick != strconv.FormatInt(n.ID, 10) {
		return errorf(http.StatusInternalServerError, "Nickname cannot be a number")
	}
	if other := s.nodeByNicknameLocked(nick); other != nil && other != n {
		return errorf(http.StatusInternalServerError, "Nicknames must be unique")
	}
	return nil
}

// SetNickname gives a node a nickname, as PUT api/v2/nodes/{id}/nicknames
// does, for seeding. It panics on an unknown node or a nickname the server
// refuses, so seeding mistakes fail loudly.
func (s *Server) SetNickname(nodeID int64, nickname string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := s.nodes.byID[nodeID]
	if n == nil {
		panic(fmt.Sprintf("xecmtest: SetNickname(%d, %q): unknown node", nodeID, nickname))
	}
	if err := s.checkNicknameLocked(n, nickname); err != nil {
		panic(fmt.Sprintf("xecmtest: SetNickname(%d, %q): %v", nodeID, nickname, err))
	}
	n.Nickname = nickname
}

// handleNodeByNickname is GET api/v2/nicknames/{nickname}/nodes: the node's
// v2 answer (results.data.properties, as GET api/v2/nodes/{id}), or the
// spec's 404 when no node the caller may see has that nickname.
func (s *Server) handleNodeByNickname(c *call) (any, error) {
	nick := c.r.PathValue("nickname")
	n := s.nodeByNicknameLocked(nick)
	if n != nil && s.nodes.byID[n.ID] != n {
		n = nil // in the Recycle Bin
	}
	if n == nil || s.checkAccessLocked(c, n, "see") != nil {
		return nil, errorf(http.StatusNotFound, "Sorry, no exact match was found for an item with the Nickname %s. "+
			"Either it does not exist or you do not have permission to access it. "+
			"If you were sent a link to this item, please contact the sender for assistance.", nick)
	}
	data, err := s.nodeDataLocked(c, n)
	if err != nil {
		return nil, err
	}
	return map[string]any{"links": c.selfLinks(), "results": map[string]any{"data": data}}, nil
}

// nodeByNicknameLocked finds the node holding nick, in the tree or in the
// Recycle Bin (a deleted item keeps its nickname for a restore, so nobody
// else may take it meanwhile); nil when none does.
func (s *Server) nodeByNicknameLocked(nick string) *node {
	if nick == "" {
		return nil
	}
	for _, n := range s.nodes.byID {
		if n.Nickname == nick {
			return n
		}
	}
	for _, b := range s.nodes.bin {
		for _, n := range b.nodes {
			if n.Nickname == nick {
				return n
			}
		}
	}
	return nil
}
