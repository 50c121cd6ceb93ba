package xecm

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

// MemberAccess is the assigned access of one member (user, group or
// workspace role), for SetAssignedMany.
type MemberAccess struct {
	MemberID    int64
	Permissions []Permission
}

// maxBulkQuery caps the URL-encoded permissions_array of one bulk call.
// The route takes it in the query string, and servers and proxies refuse
// long request lines (IIS and Tomcat at 8 to 16 KB by default), so longer
// lists go in several calls.
const maxBulkQuery = 4000

// SetAssignedMany gives several members assigned access to a node in one
// call, adding an entry for a member without one and replacing the
// permissions of a member who has one ("If there is already an existing
// member in Assigned Access, those permissions will be replaced").
//
// opts.ApplyTo may be ApplyToThisItem, ApplyToSubItems or
// ApplyToThisItemAndSubItems (the route does not take
// ApplyToThisItemAndChildren), and only ApplyToThisItem on an item that is
// not a container; the route takes no IncludeSubTypes.
//
// The route takes the list in the query string; a list too long for one
// request line is sent in several calls, in order. Each call is applied
// by the server on its own: when a later one fails, the earlier ones stay
// applied, and the error names how many members were set.
//
// It fails with ErrInvalidArgument for a bad ID, permission or option, or
// no members; with ErrNotFound for a node the caller cannot see; with
// ErrForbidden when the caller may not edit its permissions; and with the
// server's error for an unknown member.
//
// OpenText API: POST api/v2/nodes/{id}/permissions/custom/bulk
// (query permissions_array, apply_to)
func (s *PermissionsService) SetAssignedMany(ctx context.Context, nodeID int64, members []MemberAccess, opts *PermissionOptions) (err error) {
	ctx, observed := s.c.startOp(ctx, "Permissions.SetAssignedMany")
	defer observed.end(&err)
	const op = "Permissions.SetAssignedMany"
	if err := checkID(op, "node ID", nodeID); err != nil {
		return err
	}
	if len(members) == 0 {
		return invalidArg(op, "no members given")
	}
	applyTo := ApplyToThisItem
	if opts != nil {
		if err := opts.ApplyTo.check(op); err != nil {
			return err
		}
		if opts.ApplyTo == ApplyToThisItemAndChildren {
			return invalidArg(op, "apply_to: 3 (item and immediate sub-items) is not taken by the bulk route")
		}
		if len(opts.IncludeSubTypes) > 0 {
			return invalidArg(op, "IncludeSubTypes is not taken by the bulk route")
		}
		applyTo = opts.ApplyTo
	}
	entries := make([]string, len(members))
	for i, m := range members {
		if err := checkID(op, fmt.Sprintf("member ID of entry %d", i), m.MemberID); err != nil {
			return err
		}
		if err := checkPermissions(op, m.Permissions); err != nil {
			return err
		}
		perms := m.Permissions
		if perms == nil {
			perms = []Permission{} // an explicit empty list, not null
		}
		b, err := json.Marshal(struct {
			Permissions []Permission `json:"permissions"`
			RightID     int64        `json:"right_id"`
		}{perms, m.MemberID})
		if err != nil {
			return err
		}
		entries[i] = string(b)
	}
	path := "v2/nodes/" + strconv.FormatInt(nodeID, 10) + "/permissions/custom/bulk"
	done := 0
	for _, batch := range bulkBatches(entries) {
		q := url.Values{"permissions_array": {batch.array}}
		if applyTo != ApplyToThisItem {
			q.Set("apply_to", strconv.Itoa(int(applyTo)))
		}
		if err := s.c.do(ctx, &request{method: http.MethodPost, path: path, query: q}, nil); err != nil {
			if done > 0 {
				return fmt.Errorf("%s: %d of %d members set before: %w", op, done, len(members), err)
			}
			return err
		}
		done += batch.n
	}
	return nil
}

type bulkBatch struct {
	array string // a JSON array
	n     int    // entries in it
}

// bulkBatches joins JSON entries into arrays whose query encoding stays
// under maxBulkQuery; an entry longer than that goes alone.
func bulkBatches(entries []string) []bulkBatch {
	var out []bulkBatch
	cur, n, size := "", 0, 0
	for _, e := range entries {
		es := len(url.QueryEscape(e)) + len(url.QueryEscape(","))
		if n > 0 && size+es > maxBulkQuery {
			out = append(out, bulkBatch{"[" + cur + "]", n})
			cur, n, size = "", 0, 0
		}
		if n > 0 {
			cur += ","
		}
		cur += e
		n++
		size += es
	}
	return append(out, bulkBatch{"[" + cur + "]", n})
}
