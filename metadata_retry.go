package xecm

import (
	"context"
	"errors"
	"fmt"
)

// CategoryChange computes the values to write from the category as it is
// now. Returning nil values means nothing needs to change; returning an
// error stops UpdateRetry with that error.
type CategoryChange func(current *Category) (*CategoryValues, error)

// UpdateRetryOptions holds the optional parts of UpdateRetry.
type UpdateRetryOptions struct {
	// MaxAttempts bounds the read-change-write rounds. If not set, 5.
	MaxAttempts int
}

// defaultUpdateAttempts is UpdateRetry's bound when none is given.
const defaultUpdateAttempts = 5

// UpdateRetry updates a category without losing concurrent changes: it
// reads the category's metadata token and values, asks change for the new
// values and writes them with the token. When another writer got there
// first (ErrConflict) it reads again and asks change again, up to
// MaxAttempts rounds; change must therefore be safe to call more than once.
//
// It returns the last conflict error, wrapped, when every round lost, and
// an error matching ErrOutcomeUnknown (without another round) when a write
// may have been carried out although its answer was lost.
func (s *MetadataService) UpdateRetry(ctx context.Context, nodeID, categoryID int64, change CategoryChange, opts *UpdateRetryOptions) (err error) {
	ctx, observed := s.c.startOp(ctx, "Metadata.UpdateRetry")
	defer observed.end(&err)
	const op = "Metadata.UpdateRetry"
	if err := checkID(op, "node ID", nodeID); err != nil {
		return err
	}
	if err := checkID(op, "category ID", categoryID); err != nil {
		return err
	}
	if change == nil {
		return invalidArg(op, "nil change function")
	}
	attempts := defaultUpdateAttempts
	if opts != nil && opts.MaxAttempts != 0 {
		if opts.MaxAttempts < 0 {
			return invalidArg(op, "MaxAttempts must not be negative, got %d", opts.MaxAttempts)
		}
		attempts = opts.MaxAttempts
	}
	var lastErr error
	for range attempts {
		// The token is read before the values: a change in between makes
		// the write fail instead of silently overwriting it.
		token, err := s.Token(ctx, nodeID, categoryID)
		if err != nil {
			return err
		}
		cur, err := s.Get(ctx, nodeID, categoryID)
		if err != nil {
			return err
		}
		vals, err := change(cur)
		if err != nil {
			return err
		}
		if vals == nil {
			return nil
		}
		if vals.byName {
			return invalidArg(op, "change returned values for category %q by name; give category %d by ID (NewCategoryValues)", vals.categoryName, categoryID)
		}
		if vals.categoryID != categoryID {
			return invalidArg(op, "change returned values for category %d, not %d", vals.categoryID, categoryID)
		}
		_, err = s.Update(ctx, nodeID, vals, &CategoryUpdateOptions{MetadataToken: token})
		if err == nil {
			return nil
		}
		// A conflict after a lost answer may be our own write, already
		// done: running change again would apply it twice.
		if !errors.Is(err, ErrConflict) || errors.Is(err, ErrOutcomeUnknown) {
			return err
		}
		lastErr = err
	}
	return fmt.Errorf("xecm: %s: still conflicting after %d attempts: %w", op, attempts, lastErr)
}
