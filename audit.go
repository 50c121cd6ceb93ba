package xecm

// AuditService works with the audit trail of nodes.
type AuditService service
