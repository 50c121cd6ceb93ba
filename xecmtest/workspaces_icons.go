package xecmtest

import (
	"encoding/base64"
	"io"
	"net/http"
)

// The widget icon of a business workspace: the picture its header shows.
//
// Evidence: the Business Workspaces spec (CreateBusinessWorkspaceIcon,
// UpdateBusinessWorkspaceIcon, DeleteBusinessWorkspaceIcon: multipart with
// "file", "file_content_type", "file_filename"; images smaller than 1 MB
// in JPEG, PNG or GIF); OpenText's Smart UI (conws/widgets/header:
// header.icon.model.js uploads with POST a multipart holding only "file";
// header.model.js reads the workspace with include_icon=true and takes
// business_properties.workspace_widget_icon_content, a data: URI, or
// workspace_type_widget_icon_content; the mock answers in header.mock.js
// and header.mock.testmanager.js give the icon answers: POST {icon_node_id,
// msg}, PUT {icon_node_id, icon_version_id, msg}, DELETE {icon_node_id,
// msg}); pyxecm (OTCS.update_workspace_icon) sends file_content_type
// "image/*" by default, so the server tells the format from the content,
// as the simulator does.
//
// Not documented, so not modelled: where the server keeps the icon node
// (the simulator keeps the icon with the workspace: icon_node_id and
// icon_version_id are ids from the node counter, not browsable nodes), and
// what PUT and DELETE answer when the workspace has no icon (the
// simulator refuses them with a 400 naming the workspace).

// maxIconSize is the spec's limit: "images which are smaller than 1 MB".
const maxIconSize = 1 << 20

// wsIcon is a workspace's own widget icon.
type wsIcon struct {
	NodeID, VersionID int64
	MimeType          string
	Data              []byte
}

// iconFormats are the formats the spec allows, as net/http sniffs them.
var iconFormats = map[string]bool{"image/jpeg": true, "image/png": true, "image/gif": true}

func (s *Server) installWorkspaceIcons() {
	s.api("POST /v2/businessworkspaces/{bw_id}/icons", s.handleAddIcon)
	s.api("PUT /v2/businessworkspaces/{bw_id}/icons", s.handleUpdateIcon)
	s.api("DELETE /v2/businessworkspaces/{bw_id}/icons", s.handleDeleteIcon)
}

// iconWorkspaceLocked resolves {bw_id}: a workspace the caller may modify.
func (s *Server) iconWorkspaceLocked(c *call) (*workspace, error) {
	w, n, err := s.pathWorkspaceLocked(c)
	if err != nil {
		return nil, err
	}
	if err := s.requireLocked(c.userID(), n, "modify"); err != nil {
		return nil, err
	}
	return w, nil
}

// readIcon reads the "file" part and checks it is an image the spec allows.
func readIcon(c *call) (mimeType string, data []byte, err error) {
	fh, ok := c.params.file("file")
	if !ok {
		return "", nil, missing("file")
	}
	if fh.Size >= maxIconSize {
		return "", nil, errorf(http.StatusBadRequest, "The widget icon is too large: %d bytes; images must be smaller than 1 MB.", fh.Size)
	}
	f, err := fh.Open()
	if err != nil {
		return "", nil, errorf(http.StatusInternalServerError, "Could not read the file: %v", err)
	}
	defer f.Close()
	data, err = io.ReadAll(io.LimitReader(f, maxIconSize))
	if err != nil {
		return "", nil, errorf(http.StatusInternalServerError, "Could not read the file: %v", err)
	}
	mimeType = http.DetectContentType(data)
	if !iconFormats[mimeType] {
		return "", nil, errorf(http.StatusBadRequest, "The widget icon must be a JPEG, PNG or GIF image, not %s.", mimeType)
	}
	return mimeType, data, nil
}

// newIconIDLocked takes an id from the node counter.
func (s *Server) newIconIDLocked() int64 {
	s.nodes.nextID++
	return s.nodes.nextID
}

func (s *Server) handleAddIcon(c *call) (any, error) {
	w, err := s.iconWorkspaceLocked(c)
	if err != nil {
		return nil, err
	}
	mimeType, data, err := readIcon(c)
	if err != nil {
		return nil, err
	}
	// The Smart UI changes an icon with POST too: the new one replaces it.
	id := s.newIconIDLocked()
	w.Icon = &wsIcon{NodeID: id, VersionID: s.newIconIDLocked(), MimeType: mimeType, Data: data}
	return map[string]any{"links": c.selfLinks(), "results": map[string]any{"icon_node_id": id, "msg": "Widget icon uploaded successfully."}}, nil
}

func (s *Server) handleUpdateIcon(c *call) (any, error) {
	w, err := s.iconWorkspaceLocked(c)
	if err != nil {
		return nil, err
	}
	if w.Icon == nil {
		return nil, errorf(http.StatusBadRequest, "The business workspace %d has no widget icon to update.", w.NodeID)
	}
	mimeType, data, err := readIcon(c)
	if err != nil {
		return nil, err
	}
	// A new version of the same icon node.
	w.Icon = &wsIcon{NodeID: w.Icon.NodeID, VersionID: s.newIconIDLocked(), MimeType: mimeType, Data: data}
	return map[string]any{"links": c.selfLinks(), "results": map[string]any{"icon_node_id": w.Icon.NodeID,
		"icon_version_id": w.Icon.VersionID, "msg": "Widget icon uploaded successfully."}}, nil
}

func (s *Server) handleDeleteIcon(c *call) (any, error) {
	w, err := s.iconWorkspaceLocked(c)
	if err != nil {
		return nil, err
	}
	if w.Icon == nil {
		return nil, errorf(http.StatusBadRequest, "The business workspace %d has no widget icon to delete.", w.NodeID)
	}
	id := w.Icon.NodeID
	w.Icon = nil
	return map[string]any{"links": c.selfLinks(), "results": map[string]any{"icon_node_id": id, "msg": "Icon deleted successfully"}}, nil
}

// addIconContent answers include_icon=true on the workspace GET: the
// workspace's own icon as a data: URI, or else the type's (the seeded
// types have none: null).
func addIconContent(w *workspace, bp map[string]any) {
	if w.Icon != nil {
		bp["workspace_widget_icon_content"] = "data:" + w.Icon.MimeType + ";base64," + base64.StdEncoding.EncodeToString(w.Icon.Data)
		return
	}
	bp["workspace_type_widget_icon_content"] = nil
}
