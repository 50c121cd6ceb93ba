package xecm

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"
)

// auditVersions names the version a Version Added audit entry concerns.
//
// The server's audit trail records the event without a version number, but
// a version's create_date is the moment it was added, and the entries of
// one second that made a version (the document's Create, which makes
// version 1, then each Version Added) made them in number order. So the
// k-th of them in second S made version p+k+1, where p is the number of
// the last version made before S. Deleted versions blur this: p may have
// been deleted, or versions of S. The rule below names a version only when
// what is left proves it, and answers 0 (unknown) otherwise, never another
// version.
//
// The document's versions are read once per poll, when the first Version
// Added entry needs them.
type auditVersions struct {
	c      *Client
	nodeID int64
	loaded bool
	// versions holds each remaining version's number and creation second,
	// in number order.
	versions []versionMade
}

type versionMade struct {
	number int
	second int64
}

// version returns the number of the version made by the k-th (0-based)
// version-making entry dated at, or 0 when it cannot be told. A document
// whose versions the user may not read names none; other failures are
// returned, for the poll to be tried again.
func (a *auditVersions) version(ctx context.Context, at time.Time, k int) (int, error) {
	if err := a.load(ctx); err != nil {
		return 0, err
	}
	return nameVersion(a.versions, at.Unix(), k), nil
}

// nameVersion applies the rule of auditVersions to the remaining versions
// (in number order) for the k-th version-making entry of second sec.
func nameVersion(versions []versionMade, sec int64, k int) int {
	var before, last int // versions made before sec: how many, the highest number
	var inSecond []int
	for _, v := range versions {
		switch {
		case v.second < sec:
			before, last = before+1, max(last, v.number)
		case v.second == sec:
			inSecond = append(inSecond, v.number)
		}
	}
	want := last + k + 1
	// Nothing before sec was deleted (1..last all remain) and the second's
	// first version remains: then last is exact, and want is the version,
	// unless it was deleted.
	if before == last && slices.Contains(inSecond, last+1) {
		if slices.Contains(inSecond, want) {
			return want
		}
		return 0
	}
	// Otherwise the k-th remaining version of the second is at least the
	// one sought and want at most it: when they agree, that is it.
	if k < len(inSecond) && inSecond[k] == want {
		return want
	}
	return 0
}

func (a *auditVersions) load(ctx context.Context) error {
	if a.loaded {
		return nil
	}
	var list []versionMade
	for v, err := range a.c.Documents.Versions().ListIter(ctx, a.nodeID, nil) {
		if errors.Is(err, ErrForbidden) || errors.Is(err, ErrNotFound) {
			list = nil
			break
		}
		if err != nil {
			return fmt.Errorf("reading the versions a Version Added entry names: %w", err)
		}
		list = append(list, versionMade{number: v.Number, second: v.CreateDate.Unix()})
	}
	slices.SortFunc(list, func(x, y versionMade) int { return x.number - y.number })
	a.versions, a.loaded = list, true
	return nil
}
