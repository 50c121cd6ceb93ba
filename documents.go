package xecm

// DocumentsService works with upload, download and versions of documents.
type DocumentsService service
