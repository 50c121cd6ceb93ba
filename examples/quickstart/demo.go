package main

import (
	"github.com/xecm-go/xecm/examples/exampleenv"
	"github.com/xecm-go/xecm/xecmtest"
)

// demo completes the settings for the embedded simulator, where nothing
// else is needed: its demo data has the workspace type, the categories and
// the approval map by their default names. Its RM classification of
// contracts is given by ID, as the quickstart finds none by name, and its
// demo users review and approve.
func demo(set *Settings) {
	if set.RMClassificationID == 0 {
		set.RMClassificationID = xecmtest.RMClassContracts
	}
	if set.Reviewer.user == "" && set.Approver.user == "" {
		u := exampleenv.DemoApprovers()
		set.Reviewer, set.Approver = login{u[0].Name, u[0].Password}, login{u[1].Name, u[1].Password}
	}
}
