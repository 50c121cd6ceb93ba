package exampleenv

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/xecm-go/xecm"
)

// DemoUser is a user of the embedded simulator, with its password.
type DemoUser struct{ Name, Password string }

// DemoApprovers returns the assignees of the simulator's approval workflow
// map (xecmtest.ApprovalMapID), in the order of its steps: jdoe reviews,
// then msmith approves.
func DemoApprovers() []DemoUser { return []DemoUser{{"jdoe", "jdoe-pw"}, {"msmith", "msmith-pw"}} }

// LoginAs returns a client for the same server logged in as another user.
func (e *Env) LoginAs(u DemoUser, opts ...xecm.Option) (*xecm.Client, error) {
	return xecm.NewClient(e.URL, append([]xecm.Option{xecm.WithPassword(u.Name, u.Password)}, opts...)...)
}

// ApproveAsDemoUsers plays the people of the simulator's approval map: each
// of DemoApprovers() in turn approves its task of the workflow processID, as
// it would from its inbox, and it is said on out. On a real server people
// do this, so it refuses to run unless env is the embedded simulator.
func ApproveAsDemoUsers(ctx context.Context, env *Env, processID int64, out io.Writer) error {
	if env.Sim == nil {
		return errors.New("the demo approvers exist only in the embedded simulator")
	}
	for _, u := range DemoApprovers() {
		c, err := env.LoginAs(u)
		if err != nil {
			return err
		}
		tasks, err := c.Workflows.Assignments(ctx)
		if err != nil {
			return fmt.Errorf("reading the tasks of %s: %w", u.Name, err)
		}
		acted := false
		for _, t := range tasks {
			if t.ProcessID != processID {
				continue
			}
			if err := c.Workflows.ActOnTask(ctx, t.TaskRef, xecm.TaskAction{CustomAction: xecm.TaskApprove, Comment: "approved by " + u.Name}); err != nil {
				return fmt.Errorf("%s approving %q: %w", u.Name, t.Name, err)
			}
			fmt.Fprintf(out, "   %s approved the %q task of workflow %d\n", u.Name, t.Name, processID)
			acted = true
		}
		if !acted {
			return fmt.Errorf("%s has no task of workflow %d", u.Name, processID)
		}
	}
	return nil
}
