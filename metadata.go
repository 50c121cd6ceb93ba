package xecm

// MetadataService works with categories and their attribute values.
type MetadataService service
