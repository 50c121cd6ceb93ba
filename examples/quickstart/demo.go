package main

import "github.com/xecm-go/xecm/examples/exampleenv"

// demo completes the settings for the embedded simulator, where nothing
// else is needed: its demo data has the workspace type, the categories and
// the approval map by their default names. Its classification of contracts
// is at the path below, and its demo users review and approve.
func demo(set *Settings) {
	if set.RMClassificationID == 0 && set.RMClassification == "" {
		set.RMClassification = "RM Classifications/Corporate Records/Contracts"
	}
	if set.Reviewer.user == "" && set.Approver.user == "" {
		u := exampleenv.DemoApprovers()
		set.Reviewer, set.Approver = login{u[0].Name, u[0].Password}, login{u[1].Name, u[1].Password}
	}
}
