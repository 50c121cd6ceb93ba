package xecm_test

import (
	"encoding/csv"
	"io"
	"net/url"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

// folderReport is the output of the simulator's children report.
type folderReport struct {
	FolderID int64 `json:"folder_id"`
	Items    []struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
		Type int    `json:"type"`
	} `json:"items"`
}

func TestWebReportParametersAgainstSimulator(t *testing.T) {
	_, c := startSim(t)
	ctx := t.Context()
	params, err := c.WebReports.Parameters(ctx, xecmtest.ChildrenReportNickname)
	require.NoError(t, err)
	require.Len(t, params, 2)
	assert.Equal(t, "folderID", params[0].Name)
	assert.Equal(t, "ObjectID", params[0].Type)
	assert.True(t, params[0].Mandatory)
	assert.JSONEq(t, "2000", string(params[0].Default))
	assert.Equal(t, 1, params[0].PromptOrder)
	assert.Contains(t, string(params[0].TypeSpecific), "Enterprise Workspace")
	assert.Equal(t, "nameFilter", params[1].Name)
	assert.False(t, params[1].Mandatory)

	_, err = c.WebReports.Parameters(ctx, "no_such_report")
	assert.ErrorIs(t, err, xecm.ErrNotFound)
	_, err = c.WebReports.Parameters(ctx, "")
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
	_, err = c.WebReports.Parameters(ctx, "a/b")
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
}

func TestWebReportRunAgainstSimulator(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	folder := sim.AddFolder(xecmtest.EnterpriseWorkspaceID, "Reports input")
	a := sim.AddFolder(folder, "Alpha contracts")
	b := sim.AddEmptyDocument(folder, "Beta.pdf")

	for _, report := range []xecm.WebReport{xecm.WebReportNickname(xecmtest.ChildrenReportNickname), xecm.WebReportNode(xecmtest.ChildrenReportID)} {
		var out folderReport
		require.NoError(t, c.WebReports.Run(ctx, report, url.Values{"folderID": {itoa(folder)}}, &out))
		assert.Equal(t, folder, out.FolderID)
		require.Len(t, out.Items, 2)
		assert.Equal(t, a, out.Items[0].ID)
		assert.Equal(t, "Alpha contracts", out.Items[0].Name)
		assert.Equal(t, b, out.Items[1].ID)
		assert.Equal(t, xecmtest.TypeDocument, out.Items[1].Type)

		out = folderReport{}
		require.NoError(t, c.WebReports.Run(ctx, report, url.Values{"folderID": {itoa(folder)}, "nameFilter": {"beta"}}, &out))
		require.Len(t, out.Items, 1)
		assert.Equal(t, b, out.Items[0].ID)
	}

	// A report's nickname is its node's: a new one runs it as well.
	require.NoError(t, c.Nodes.SetNickname(ctx, xecmtest.ChildrenReportID, "children_v2"))
	var renamed folderReport
	require.NoError(t, c.WebReports.Run(ctx, xecm.WebReportNickname("children_v2"), url.Values{"folderID": {itoa(folder)}}, &renamed))
	assert.Len(t, renamed.Items, 2)
	_, err := c.WebReports.Parameters(ctx, xecmtest.ChildrenReportNickname)
	assert.ErrorIs(t, err, xecm.ErrNotFound)
	require.NoError(t, c.Nodes.SetNickname(ctx, xecmtest.ChildrenReportID, xecmtest.ChildrenReportNickname))

	// Without parameters the report runs on its default folder.
	var def folderReport
	require.NoError(t, c.WebReports.Run(ctx, xecm.WebReportNickname(xecmtest.ChildrenReportNickname), nil, &def))
	assert.Equal(t, xecmtest.EnterpriseWorkspaceID, def.FolderID)
	assert.Contains(t, func() []int64 {
		var ids []int64
		for _, it := range def.Items {
			ids = append(ids, it.ID)
		}
		return ids
	}(), folder)

	// The stream is the output as written, with its MIME type.
	o, err := c.WebReports.Open(ctx, xecm.WebReportNode(xecmtest.ChildrenReportID), url.Values{"folderID": {itoa(a)}})
	require.NoError(t, err)
	raw, err := io.ReadAll(o)
	require.NoError(t, o.Close())
	require.NoError(t, err)
	assert.Equal(t, "application/json", o.ContentType)
	assert.JSONEq(t, `{"folder_id":`+itoa(a)+`,"items":[]}`, string(raw))

	// A user sees only what they may see.
	ws, err := c.Workspaces.Create(ctx, xecm.WorkspaceCreateRequest{TemplateID: xecmtest.TemplateLegalMatter, Name: "Sealed matter"})
	require.NoError(t, err)
	sim.AddEmptyDocument(ws.ID, "brief.txt")
	var all folderReport
	require.NoError(t, c.WebReports.Run(ctx, xecm.WebReportNickname(xecmtest.ChildrenReportNickname), url.Values{"folderID": {itoa(ws.ID)}}, &all))
	assert.Len(t, all.Items, 4) // the template's three folders and the brief
	jdoe := clientAs(t, sim, "jdoe", "jdoe-pw")
	var seen folderReport
	require.NoError(t, jdoe.WebReports.Run(ctx, xecm.WebReportNickname(xecmtest.ChildrenReportNickname), url.Values{"folderID": {itoa(ws.ID)}}, &seen))
	assert.Equal(t, ws.ID, seen.FolderID)
	assert.Empty(t, seen.Items)
}

func TestWebReportRunFailuresAgainstSimulator(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	var out folderReport
	err := c.WebReports.Run(ctx, xecm.WebReportNickname("no_such_report"), nil, &out)
	assert.ErrorIs(t, err, xecm.ErrNotFound)
	err = c.WebReports.Run(ctx, xecm.WebReportNode(424242), nil, &out)
	assert.ErrorIs(t, err, xecm.ErrNotFound)

	// A folder is no report, by ID or nickname; the export report does
	// not write to a browser.
	var apiErr *xecm.APIError
	plain := sim.AddFolder(xecmtest.EnterpriseWorkspaceID, "Plain")
	err = c.WebReports.Run(ctx, xecm.WebReportNode(plain), nil, &out)
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 500, apiErr.StatusCode)
	assert.Contains(t, apiErr.Message, "not a WebReport")
	require.NoError(t, c.Nodes.SetNickname(ctx, plain, "plain_folder"))
	err = c.WebReports.Run(ctx, xecm.WebReportNickname("plain_folder"), nil, &out)
	require.ErrorAs(t, err, &apiErr)
	assert.Contains(t, apiErr.Message, "not a WebReport")
	_, err = c.WebReports.Open(ctx, xecm.WebReportNickname(xecmtest.ExportReportNickname), nil)
	require.ErrorAs(t, err, &apiErr)
	assert.Contains(t, apiErr.Message, "Invalid export destination")

	// Output that is not JSON cannot be decoded into a struct.
	var n int
	err = c.WebReports.Run(ctx, xecm.WebReportNickname(xecmtest.ChildrenReportNickname), nil, &n)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "does not decode as JSON")

	for _, bad := range []error{
		c.WebReports.Run(ctx, xecm.WebReport{}, nil, &out),
		c.WebReports.Run(ctx, xecm.WebReport{Nickname: "x", NodeID: 1}, nil, &out),
		c.WebReports.Run(ctx, xecm.WebReportNode(-1), nil, &out),
		c.WebReports.Run(ctx, xecm.WebReportNickname(xecmtest.ChildrenReportNickname), url.Values{"format": {"json"}}, &out),
		c.WebReports.Run(ctx, xecm.WebReportNickname(xecmtest.ChildrenReportNickname), nil, nil),
		func() error {
			_, err := c.WebReports.Export(ctx, xecm.WebReportNode(1), url.Values{"body": {"{}"}})
			return err
		}(),
	} {
		assert.ErrorIs(t, bad, xecm.ErrInvalidArgument)
	}
}

func TestWebReportExportAgainstSimulator(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	src := sim.AddFolder(xecmtest.EnterpriseWorkspaceID, "Source")
	doc := sim.AddEmptyDocument(src, "Gamma.txt")
	target := sim.AddFolder(xecmtest.EnterpriseWorkspaceID, "Report outputs")

	d, err := c.WebReports.Destination(ctx, xecmtest.ExportReportID)
	require.NoError(t, err)
	assert.Equal(t, "node", d.Type)
	assert.Equal(t, "POST", d.HTTPMethod)
	assert.Equal(t, "text/csv", d.MimeType)
	d, err = c.WebReports.Destination(ctx, xecmtest.ChildrenReportID)
	require.NoError(t, err)
	assert.Equal(t, "browser", d.Type)
	assert.Equal(t, "GET", d.HTTPMethod)

	params := url.Values{"folderID": {itoa(src)}, "targetID": {itoa(target)}}
	exp, err := c.WebReports.Export(ctx, xecm.WebReportNickname(xecmtest.ExportReportNickname), params)
	require.NoError(t, err)
	require.NotZero(t, exp.NodeID)
	require.Len(t, exp.Destinations, 1)
	assert.Equal(t, "node", exp.Destinations[0].Type)
	n, err := c.Nodes.Get(ctx, exp.NodeID, nil)
	require.NoError(t, err)
	assert.Equal(t, target, n.ParentID)
	rows := readCSV(t, c, exp.NodeID)
	assert.Equal(t, [][]string{{"id", "name", "type"}, {itoa(doc), "Gamma.txt", "144"}}, rows)

	// Run again (by node ID): the output becomes a new version.
	sim.AddEmptyDocument(src, "Delta.txt")
	again, err := c.WebReports.Export(ctx, xecm.WebReportNode(xecmtest.ExportReportID), params)
	require.NoError(t, err)
	assert.Equal(t, exp.NodeID, again.NodeID)
	assert.Len(t, readCSV(t, c, exp.NodeID), 3)
	versions, err := c.Documents.Versions().List(ctx, exp.NodeID, nil)
	require.NoError(t, err)
	assert.Len(t, versions.Items, 2)

	// No target, or a browser report: refused.
	var apiErr *xecm.APIError
	_, err = c.WebReports.Export(ctx, xecm.WebReportNickname(xecmtest.ExportReportNickname), url.Values{"folderID": {itoa(src)}})
	require.ErrorAs(t, err, &apiErr)
	assert.Contains(t, apiErr.Message, "Invalid export destination")
	_, err = c.WebReports.Export(ctx, xecm.WebReportNickname(xecmtest.ChildrenReportNickname), nil)
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 500, apiErr.StatusCode)
	_, err = c.WebReports.Destination(ctx, 424242)
	assert.ErrorIs(t, err, xecm.ErrNotFound)
	_, err = c.WebReports.Destination(ctx, 0)
	assert.ErrorIs(t, err, xecm.ErrInvalidArgument)
}

func readCSV(t *testing.T, c *xecm.Client, id int64) [][]string {
	t.Helper()
	d, err := c.Documents.Download(t.Context(), id, nil)
	require.NoError(t, err)
	defer d.Close()
	rows, err := csv.NewReader(d).ReadAll()
	require.NoError(t, err)
	return rows
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }
