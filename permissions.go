package xecm

// PermissionsService works with permissions on nodes.
type PermissionsService service
