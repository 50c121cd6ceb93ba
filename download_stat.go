package xecm

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strconv"
)

// ContentInfo is what the server says about a document's content without
// sending it.
type ContentInfo struct {
	// Size is the content's length in bytes, -1 if the server did not say.
	Size int64
	// MimeType is the content type the server would send.
	MimeType string
	// FileName is the file name from Content-Disposition, if any.
	FileName string
	// Version is the version asked about, 0 for the latest.
	Version int
}

// Stat tells what Download would deliver (size, content type, file name)
// without transferring the content, and fails where Download would: a
// portal checks that a user may fetch a document (which needs more than
// seeing it) before it offers the link, or picks streaming or a redirect
// by size. Version 0 is the latest version.
//
// A HEAD answer carries no body, so a refusal comes without the server's
// reason: Stat then reads the node (GET api/v2/nodes/{id}) and returns its
// error when that fails too (ErrNotFound for a document that does not
// exist or is not visible); otherwise the *APIError of the HEAD, with its
// status. A negative version fails with ErrInvalidArgument.
//
// OpenText API: HEAD api/v2/nodes/{id}/content (latest),
// HEAD api/v2/nodes/{id}/versions/{version_number}/content
func (s *DocumentsService) Stat(ctx context.Context, nodeID int64, version int) (_ *ContentInfo, err error) {
	ctx, observed := s.c.startOp(ctx, "Documents.Stat")
	defer observed.end(&err)
	const op = "Documents.Stat"
	if err := checkID(op, "node ID", nodeID); err != nil {
		return nil, err
	}
	if version < 0 {
		return nil, invalidArg(op, "version must not be negative, got %d", version)
	}
	path := "v2/nodes/" + strconv.FormatInt(nodeID, 10) + "/content"
	if version > 0 {
		path = versionPath(nodeID, version) + "/content"
	}
	resp, err := s.c.stream(ctx, &request{method: http.MethodHead, path: path, accept: "application/octet-stream"})
	if err != nil {
		return nil, s.statError(ctx, nodeID, err)
	}
	drainClose(resp)
	info := &ContentInfo{Size: -1, MimeType: resp.Header.Get("Content-Type"), Version: version}
	if _, params, err := mime.ParseMediaType(resp.Header.Get("Content-Disposition")); err == nil {
		info.FileName = params["filename"]
	}
	if enc := resp.Header.Get("Content-Encoding"); enc == "" || enc == "identity" {
		if cl := resp.Header.Get("Content-Length"); cl != "" {
			n, perr := strconv.ParseInt(cl, 10, 64)
			if perr != nil || n < 0 {
				return nil, malformed(http.MethodHead, path, fmt.Sprintf("Content-Length %q", cl))
			}
			info.Size = n
		}
	}
	return info, nil
}

// statError explains a HEAD refusal that came without a reason by reading
// the node: its error, when it has one, says what was wrong.
func (s *DocumentsService) statError(ctx context.Context, nodeID int64, headErr error) error {
	var ae *APIError
	if !errors.As(headErr, &ae) || ae.Message != "" || ae.StatusCode < 400 {
		return headErr
	}
	if _, err := s.c.Nodes.Get(ctx, nodeID, &NodeGetOptions{Fields: []string{"properties{id}"}}); err != nil {
		return err
	}
	return headErr
}
