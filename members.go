package xecm

// MembersService works with users and groups.
type MembersService service
