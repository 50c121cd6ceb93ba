package xecm

import (
	"context"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/xecm-go/xecm/internal/envelope"
	"github.com/xecm-go/xecm/internal/multipart"
)

// MaxWorkspaceIconSize is the server's limit on a workspace icon: images
// "smaller than 1 MB".
const MaxWorkspaceIconSize = 1 << 20

// iconTypes are the formats the server takes for a workspace icon.
var iconTypes = map[string]bool{"image/jpeg": true, "image/png": true, "image/gif": true}

// WorkspaceIconUpload is a picture for a workspace's header widget: a
// JPEG, PNG or GIF image smaller than MaxWorkspaceIconSize.
type WorkspaceIconUpload struct {
	// FileName names the image, such as "acme.png" (required).
	FileName string
	// MimeType is "image/jpeg", "image/png" or "image/gif" (required).
	MimeType string
	// Content is read for the upload: once, or per attempt when it is an
	// io.ReaderAt of known size (such as *os.File), as for Documents.Upload.
	Content io.Reader
	// Open, if set, returns the content from its start for each attempt.
	// It takes precedence over Content. The SDK closes what it returns.
	Open func() (io.ReadCloser, error)
	// Size is the content length in bytes. If zero, the SDK asks the
	// content; when it cannot tell, the server alone enforces the limit.
	Size int64
}

// WorkspaceIcon is the picture a workspace's header shows.
type WorkspaceIcon struct {
	MimeType string
	Content  []byte
	// FromType reports that the picture is the workspace type's: the
	// workspace has no icon of its own.
	FromType bool
}

// IconVersion identifies a stored workspace icon.
type IconVersion struct {
	// NodeID is the node that holds the icon.
	NodeID int64
	// VersionID is the version UpdateIcon added (0 from AddIcon).
	VersionID int64
}

func iconsPath(workspaceID int64) string {
	return "v2/businessworkspaces/" + strconv.FormatInt(workspaceID, 10) + "/icons"
}

// AddIcon gives a workspace its widget icon (replacing any it had, as the
// Smart UI uses this call for both) and returns the icon's node. The
// content is streamed.
//
// It fails with ErrInvalidArgument for a missing name or content, a type
// other than JPEG, PNG or GIF, or a known size of 1 MB or more; with an
// error matching ErrNotFound when the workspace does not exist; and with
// the server's refusal for content that is not such an image. Workspace
// templates take no icon.
//
// OpenText API: POST api/v2/businessworkspaces/{id}/icons (multipart)
func (s *WorkspacesService) AddIcon(ctx context.Context, workspaceID int64, icon WorkspaceIconUpload) (_ IconVersion, err error) {
	ctx, observed := s.c.startOp(ctx, "Workspaces.AddIcon")
	defer observed.end(&err)
	return s.sendIcon(ctx, "Workspaces.AddIcon", http.MethodPost, workspaceID, icon)
}

// UpdateIcon replaces a workspace's widget icon by a new version of the
// icon's node and returns both. It fails as AddIcon does, and with the
// server's refusal when the workspace has no icon yet (use AddIcon).
//
// OpenText API: PUT api/v2/businessworkspaces/{id}/icons (multipart)
func (s *WorkspacesService) UpdateIcon(ctx context.Context, workspaceID int64, icon WorkspaceIconUpload) (_ IconVersion, err error) {
	ctx, observed := s.c.startOp(ctx, "Workspaces.UpdateIcon")
	defer observed.end(&err)
	return s.sendIcon(ctx, "Workspaces.UpdateIcon", http.MethodPut, workspaceID, icon)
}

func (s *WorkspacesService) sendIcon(ctx context.Context, op, method string, workspaceID int64, icon WorkspaceIconUpload) (IconVersion, error) {
	if err := checkID(op, "workspace ID", workspaceID); err != nil {
		return IconVersion{}, err
	}
	if strings.TrimSpace(icon.FileName) == "" {
		return IconVersion{}, invalidArg(op, "FileName is required")
	}
	if !iconTypes[icon.MimeType] {
		return IconVersion{}, invalidArg(op, "MimeType must be image/jpeg, image/png or image/gif, got %q", icon.MimeType)
	}
	src, err := newContentSource(op, icon.Content, icon.Open, icon.Size)
	if err != nil {
		return IconVersion{}, err
	}
	if src.size >= MaxWorkspaceIconSize {
		return IconVersion{}, invalidArg(op, "the icon is %d bytes; the server takes images smaller than 1 MB", src.size)
	}
	fields := []multipart.Field{{Name: "file_content_type", Value: icon.MimeType}, {Name: "file_filename", Value: icon.FileName}}
	if src.size > 0 {
		fields = append(fields, multipart.Field{Name: "file_filelength", Value: strconv.FormatInt(src.size, 10)})
	}
	var env struct {
		Results struct {
			envelope.Single
			NodeID    flexInt64 `json:"icon_node_id"`
			VersionID flexInt64 `json:"icon_version_id"`
		} `json:"results"`
	}
	path := iconsPath(workspaceID)
	_, err = s.c.sendMultipart(ctx, method, path, fields,
		multipart.File{FieldName: "file", FileName: icon.FileName, ContentType: icon.MimeType}, src, nil, &env)
	if err != nil {
		return IconVersion{}, err
	}
	v := IconVersion{NodeID: int64(env.Results.NodeID), VersionID: int64(env.Results.VersionID)}
	if v.NodeID == 0 {
		return IconVersion{}, malformed(method, path, "no icon_node_id in the response")
	}
	return v, nil
}

// DeleteIcon removes a workspace's own widget icon (its header shows the
// type's again) and returns the node that held it. It fails with the
// server's refusal when the workspace has no icon of its own.
//
// OpenText API: DELETE api/v2/businessworkspaces/{id}/icons
func (s *WorkspacesService) DeleteIcon(ctx context.Context, workspaceID int64) (_ int64, err error) {
	ctx, observed := s.c.startOp(ctx, "Workspaces.DeleteIcon")
	defer observed.end(&err)
	if err := checkID("Workspaces.DeleteIcon", "workspace ID", workspaceID); err != nil {
		return 0, err
	}
	var env struct {
		Results struct {
			envelope.Single
			NodeID flexInt64 `json:"icon_node_id"`
		} `json:"results"`
	}
	if err := s.c.do(ctx, &request{method: http.MethodDelete, path: iconsPath(workspaceID)}, &env); err != nil {
		return 0, err
	}
	return int64(env.Results.NodeID), nil
}

// Icon returns the picture a workspace's header shows: its own icon, or
// else its type's (FromType).
//
// It fails with an error matching ErrNotFound when the workspace does not
// exist, or when neither the workspace nor its type has an icon.
//
// OpenText API: GET api/v2/businessworkspaces/{id}?include_icon=true
// (business_properties.workspace_widget_icon_content, or
// workspace_type_widget_icon_content, as data: URIs)
func (s *WorkspacesService) Icon(ctx context.Context, workspaceID int64) (_ *WorkspaceIcon, err error) {
	ctx, observed := s.c.startOp(ctx, "Workspaces.Icon")
	defer observed.end(&err)
	if err := checkID("Workspaces.Icon", "workspace ID", workspaceID); err != nil {
		return nil, err
	}
	var env struct {
		Results struct {
			envelope.Single
			Data struct {
				BP struct {
					Own  *string `json:"workspace_widget_icon_content"`
					Type *string `json:"workspace_type_widget_icon_content"`
				} `json:"business_properties"`
			} `json:"data"`
		} `json:"results"`
	}
	path := "v2/businessworkspaces/" + strconv.FormatInt(workspaceID, 10)
	q := url.Values{"include_icon": {"true"}}
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: path, query: q}, &env); err != nil {
		return nil, err
	}
	bp := env.Results.Data.BP
	uri, fromType := bp.Own, false
	if uri == nil || *uri == "" {
		uri, fromType = bp.Type, true
	}
	if uri == nil || *uri == "" {
		return nil, &APIError{StatusCode: http.StatusNotFound, Method: http.MethodGet, Path: s.c.baseURL.Path + "/api/" + path,
			Message: "workspace " + strconv.FormatInt(workspaceID, 10) + " and its type have no widget icon"}
	}
	mimeType, content, err := decodeDataURI(*uri)
	if err != nil {
		return nil, malformed(http.MethodGet, path, "widget icon: "+err.Error())
	}
	return &WorkspaceIcon{MimeType: mimeType, Content: content, FromType: fromType}, nil
}

// decodeDataURI decodes a base64 data: URI ("data:image/png;base64,...").
func decodeDataURI(uri string) (string, []byte, error) {
	rest, ok := strings.CutPrefix(uri, "data:")
	if !ok {
		return "", nil, errors.New("not a data: URI")
	}
	meta, payload, ok := strings.Cut(rest, ",")
	mimeType, isBase64 := strings.CutSuffix(meta, ";base64")
	if !ok || !isBase64 {
		return "", nil, errors.New("not a base64 data: URI")
	}
	b, err := base64.StdEncoding.DecodeString(payload)
	if err != nil {
		return "", nil, err
	}
	return mimeType, b, nil
}
