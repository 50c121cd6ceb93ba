// Package xecm is a Go client for OpenText Extended ECM (Content Server REST
// API v1/v2, Business Workspaces and Records Management).
package xecm
