package xecm

// WorkspacesService works with business workspaces: types, creation, references, roles and relations.
type WorkspacesService service
