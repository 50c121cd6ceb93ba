package xecmtest

import (
	"net/http"
	"slices"
	"strconv"
)

// Volume subtypes (reference §4.1): GET api/v2/volumes/{type} takes these.
const (
	VolumeEnterprise         = 141
	VolumePersonal           = 142
	VolumeCategories         = 133
	VolumeBusinessWorkspaces = 862
)

// CategoriesVolumeID is the seeded Categories Volume (subtype 133), which
// holds the category nodes (subtype 131) of the seeded categories under
// their category ids, as on a real server, so that categories can be found
// by name and path.
const CategoriesVolumeID int64 = 2050

// personalVolumeBase + user id is the id of a user's Personal Workspace
// (subtype 142), made the first time it is asked for.
const personalVolumeBase int64 = 3_000_000

// installVolumes seeds the Categories Volume with a node per category
// definition and registers the volume routes. It runs after every area
// that seeds categories or volumes.
func (s *Server) installVolumes() {
	now := s.now()
	vol := &node{
		ID: CategoriesVolumeID, ParentID: -1, VolumeID: -CategoriesVolumeID, Type: VolumeCategories,
		Name: "Categories Volume", NameML: map[string]string{"en": "Categories Volume"}, DescriptionML: map[string]string{"en": ""},
		Created: now, Modified: now, CreateUser: adminUserID, ModifyUser: adminUserID, OwnerUser: adminUserID, OwnerGroup: defaultGroupID, Rev: 1,
	}
	s.nodes.byID[vol.ID] = vol
	ids := make([]int64, 0, len(s.cats.defs))
	for id := range s.cats.defs {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		s.addCategoryNodeLocked(s.cats.defs[id])
	}
	s.api("GET /v1/volumes", s.handleListVolumesV1)
	s.api("GET /v1/volumes/{type}", s.handleGetVolumeV1)
	s.api("GET /v2/volumes", s.handleListVolumes)
	s.api("GET /v2/volumes/{type}", s.handleGetVolume)
	// Browsing a volume is browsing its root node (GET nodes/{id}/nodes).
	s.api("GET /v1/volumes/{type}/nodes", func(c *call) (any, error) { return s.browseV1Locked(c, s.pathVolumeLocked) })
	s.api("GET /v2/volumes/{type}/nodes", func(c *call) (any, error) { return s.browseV2Locked(c, s.pathVolumeLocked) })
}

// addCategoryNodeLocked puts the node of a category definition into the
// Categories Volume (once).
func (s *Server) addCategoryNodeLocked(d *catDef) {
	if s.nodes.byID[d.ID] != nil {
		return
	}
	now := s.now()
	s.nodes.byID[d.ID] = &node{
		ID: d.ID, ParentID: CategoriesVolumeID, VolumeID: -CategoriesVolumeID, Type: TypeCategory,
		Name: d.Name, NameML: map[string]string{"en": d.Name}, DescriptionML: map[string]string{"en": ""},
		Created: now, Modified: now, CreateUser: adminUserID, ModifyUser: adminUserID, OwnerUser: adminUserID, OwnerGroup: defaultGroupID, Rev: 1,
	}
	vol := s.nodes.byID[CategoriesVolumeID]
	vol.Children = append(vol.Children, d.ID)
}

// volumeLocked returns the root node of a volume subtype for the caller: a
// Personal Workspace is the caller's own. An unknown subtype is the spec's
// 500 "Subtype {type} not registered"; a subtype that is not a volume, its
// "Subtype {type} is not a root subtype".
func (s *Server) volumeLocked(c *call, typ int) (*node, error) {
	if typ == VolumePersonal {
		return s.personalVolumeLocked(c.userID()), nil
	}
	for _, n := range s.volumeRootsLocked() {
		if n.Type == typ {
			return n, nil
		}
	}
	if _, known := typeNames[typ]; known {
		return nil, errorf(http.StatusInternalServerError, "Subtype %d is not a root subtype", typ)
	}
	return nil, errorf(http.StatusInternalServerError, "Subtype %d not registered", typ)
}

// volumeRootsLocked lists the nodes without a parent (the volumes), by id.
func (s *Server) volumeRootsLocked() []*node {
	var out []*node
	for _, n := range s.nodes.byID {
		if n.ParentID == -1 && n.Type != TypeWorkflowMap && n.Type != TypeWebReport && n.Type != VolumePersonal {
			out = append(out, n)
		}
	}
	slices.SortFunc(out, func(a, b *node) int { return int(a.ID - b.ID) })
	return out
}

// personalVolumeLocked returns (making it on first use) the Personal
// Workspace of a user.
func (s *Server) personalVolumeLocked(userID int64) *node {
	id := personalVolumeBase + userID
	if n := s.nodes.byID[id]; n != nil {
		return n
	}
	now := s.now()
	n := &node{
		ID: id, ParentID: -1, VolumeID: -id, Type: VolumePersonal,
		Name: "Personal Workspace", NameML: map[string]string{"en": "Personal Workspace"}, DescriptionML: map[string]string{"en": ""},
		Created: now, Modified: now, CreateUser: userID, ModifyUser: userID, OwnerUser: userID, OwnerGroup: defaultGroupID, Rev: 1,
	}
	s.nodes.byID[id] = n
	return n
}

// pathVolumeLocked resolves the {type} path wildcard to a volume's root.
func (s *Server) pathVolumeLocked(c *call) (*node, error) {
	typ, err := strconv.Atoi(c.r.PathValue("type"))
	if err != nil {
		return nil, errorf(http.StatusBadRequest, "Invalid datatype specified for argument 'volume_subtype'.")
	}
	return s.volumeLocked(c, typ)
}

// handleGetVolume is GET api/v2/volumes/{type}: the volume's root node in
// the envelope of GET api/v2/nodes/{id}. The spec's schema for it
// (volumes_V2ResponseElement, "results" an array of items whose "data" is
// an array) is generated and contradicts OpenText's own client: pyxecm's
// get_volume reads the id with get_result_value, which takes
// results.data.properties, the single-node envelope served here.
func (s *Server) handleGetVolume(c *call) (any, error) {
	n, err := s.pathVolumeLocked(c)
	if err != nil {
		return nil, err
	}
	data, err := s.nodeDataLocked(c, n)
	if err != nil {
		return nil, err
	}
	return map[string]any{"links": c.selfLinks(), "results": map[string]any{"data": data}}, nil
}

// handleListVolumes is GET api/v2/volumes: every volume the caller can
// see, as browse results ({"results": [{"data": {"properties": ...}}]}),
// the caller's Personal Workspace among them.
func (s *Server) handleListVolumes(c *call) (any, error) {
	results := []any{}
	for _, n := range s.visibleVolumesLocked(c) {
		data, err := s.nodeDataLocked(c, n)
		if err != nil {
			return nil, err
		}
		results = append(results, map[string]any{"data": data})
	}
	return map[string]any{"links": c.selfLinks(), "results": results}, nil
}

func (s *Server) visibleVolumesLocked(c *call) []*node {
	var out []*node
	for _, n := range append(s.volumeRootsLocked(), s.personalVolumeLocked(c.userID())) {
		if s.checkAccessLocked(c, n, "see") == nil {
			out = append(out, n)
		}
	}
	return out
}

// handleGetVolumeV1 is GET api/v1/volumes/{type} (spec volumes_InfoResult):
// the v1 node envelope of the volume's root.
func (s *Server) handleGetVolumeV1(c *call) (any, error) {
	n, err := s.pathVolumeLocked(c)
	if err != nil {
		return nil, err
	}
	return s.nodeV1Locked(c, n)
}

// handleListVolumesV1 is GET api/v1/volumes (spec volumes_InfoResults):
// the volumes' properties under "data", zone-less dates as in v1.
func (s *Server) handleListVolumesV1(c *call) (any, error) {
	data := []any{}
	for _, n := range s.visibleVolumesLocked(c) {
		data = append(data, s.propsLocked(n, layoutNoZone))
	}
	return map[string]any{"data": data, "definitions": map[string]any{}, "definitions_order": []string{}}, nil
}
