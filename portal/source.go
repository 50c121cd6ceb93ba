package portal

import (
	"context"
	"errors"
	"io"
	"iter"
	"time"
)

// ErrNotFound is what a Source returns (wrapped or not) when a node, a
// version or a category does not exist or is not visible to its account.
// The Handler answers it with 404, like anything outside the policy.
var ErrNotFound = errors.New("portal: not found")

// Source is what the portal needs from Extended ECM: a few reads and one
// content stream. NewClientSource adapts an *xecm.Client; tests and other
// back ends implement it directly. Implementations must be safe for
// concurrent use. Their errors are logged, never shown to readers.
type Source interface {
	// Document returns the node with the IDs of its ancestors.
	Document(ctx context.Context, id int64) (*DocumentInfo, error)
	// Versions returns every version of a document, in any order.
	Versions(ctx context.Context, id int64) ([]VersionInfo, error)
	// Categories returns the categories applied to a node, with their
	// top-level attribute values by attribute name.
	Categories(ctx context.Context, id int64) ([]CategoryValues, error)
	// Children yields the documents directly inside a folder or workspace.
	Children(ctx context.Context, folderID int64) iter.Seq2[*DocumentInfo, error]
	// Open starts the content of one version (number >= 1). A Source
	// without range support may ignore offset and length and start at
	// byte 0: Content.Offset says where the stream really starts, and the
	// Handler skips and truncates as needed. length 0 means "to the end".
	Open(ctx context.Context, id int64, version int, offset, length int64) (*Content, error)
}

// DocumentInfo is the node metadata the portal reads.
type DocumentInfo struct {
	ID       int64
	ParentID int64
	Name     string
	// Type is the node subtype; only documents (xecm.TypeDocument, 144)
	// are ever published.
	Type int
	// Ancestors are the IDs of the containers above the node, from the
	// root down to its parent, when the Source knows them. Children may
	// leave them empty: the portal fills them from the folder.
	Ancestors []int64
	// AdvancedVersioning says whether the document has major and minor
	// versions; only then are minor versions unreleased.
	AdvancedVersioning bool
	Modified           time.Time
}

// VersionInfo is one version of a document.
type VersionInfo struct {
	Number   int // from 1
	Major    int // major number under advanced versioning
	Minor    int // minor number under advanced versioning; 0 for a major (released) version
	FileName string
	MimeType string
	// Size is the content length in bytes, -1 (any negative number) when
	// unknown. A version of unknown size is served whole, without ranges,
	// and with a Content-Length only if Content.Total gives one; 0 is an
	// empty version.
	Size    int64
	Created time.Time
	// SHA256 is the hex digest of the content, when the Source knows it
	// (for example from xecm.UploadResult.SHA256 kept at upload); it then
	// goes, in lower case, into the ETag and the listings. Anything but 64
	// hex digits is logged and treated as absent.
	SHA256 string
}

// CategoryValues is one category on a node, with its top-level attribute
// values by attribute name: strings, numbers, booleans, nil, or []any for
// multi-value attributes.
type CategoryValues struct {
	ID     int64
	Name   string
	Values map[string]any
}

// Content is an open content stream. The Handler closes Body.
type Content struct {
	Body io.ReadCloser
	// Offset is the position of Body's first byte in the version's content.
	Offset int64
	// Total is the length of the whole content (not only of Body), when
	// the Source learns it while opening (from the server's Content-Length
	// or Content-Range, say); 0 if unknown. It gives the Content-Length of
	// a version of unknown Size, and content whose Total contradicts a
	// known Size is refused (502) rather than served cut or padded.
	Total int64
}
