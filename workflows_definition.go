package xecm

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
)

// WorkflowDefinition is what a workflow map defines: its steps and the
// data packages (attachments, attributes, forms) its workflows carry.
type WorkflowDefinition struct {
	MapID        int64
	Tasks        []WorkflowDefinitionTask
	DataPackages []WorkflowDataPackage
}

// WorkflowDefinitionTask is one step of a workflow map.
type WorkflowDefinitionTask struct {
	TaskID       int64
	Title        string
	Description  string
	Instructions string
	Type         int64
	SubType      int64
}

type workflowDefinitionTask struct {
	TaskID       flexInt64 `json:"task_id"`
	Title        string    `json:"title"`
	Description  string    `json:"description"`
	Instructions string    `json:"instructions"`
	Type         flexInt64 `json:"type"`
	SubType      flexInt64 `json:"sub_type"`
}

// WorkflowDataPackage is a data package a workflow map activates.
type WorkflowDataPackage struct {
	Type        int64
	SubType     int64
	Description string
	// Data holds the package's own properties as the server sent them
	// (for the attributes package, their definitions, keyed
	// "{mapID}_{n}", from which the form IDs WorkflowForm_{n} of
	// WorkflowStartRequest.Values derive).
	Data json.RawMessage
}

// Definition reads a workflow map's definition: its steps and data
// packages. A map that does not exist or that the user may not see is
// refused with 400 "Error getting node from ID", which matches
// ErrNotFound; a node that is no workflow map is refused as well.
//
// OpenText API: GET api/v2/processes/{map_id}/definition
func (s *WorkflowsService) Definition(ctx context.Context, mapID int64) (*WorkflowDefinition, error) {
	if err := checkID("Workflows.Definition", "map ID", mapID); err != nil {
		return nil, err
	}
	var env struct {
		Results struct {
			Definition *struct {
				WorkflowID   flexInt64                `json:"workflow_id"`
				Tasks        []workflowDefinitionTask `json:"tasks"`
				DataPackages []struct {
					Type        flexInt64       `json:"type"`
					SubType     flexInt64       `json:"sub_type"`
					Description string          `json:"description"`
					Data        json.RawMessage `json:"data"`
				} `json:"data_packages"`
			} `json:"definition"`
		} `json:"results"`
	}
	path := "v2/processes/" + strconv.FormatInt(mapID, 10) + "/definition"
	if err := s.c.do(ctx, &request{method: http.MethodGet, path: path}, &env); err != nil {
		return nil, err
	}
	d := env.Results.Definition
	if d == nil {
		return nil, malformed(http.MethodGet, path, "no definition in the response")
	}
	out := &WorkflowDefinition{MapID: int64(d.WorkflowID)}
	for _, t := range d.Tasks {
		out.Tasks = append(out.Tasks, WorkflowDefinitionTask{TaskID: int64(t.TaskID), Title: t.Title, Description: t.Description,
			Instructions: t.Instructions, Type: int64(t.Type), SubType: int64(t.SubType)})
	}
	if out.MapID == 0 {
		out.MapID = mapID
	}
	for _, p := range d.DataPackages {
		out.DataPackages = append(out.DataPackages, WorkflowDataPackage{Type: int64(p.Type), SubType: int64(p.SubType), Description: p.Description, Data: p.Data})
	}
	return out, nil
}
