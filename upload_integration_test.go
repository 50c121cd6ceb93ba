package xecm_test

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

// readerAtOnly is content that can be read at any offset but cannot tell
// its size, so nothing can check a Size against it before the upload.
type readerAtOnly struct{ r *bytes.Reader }

func (x readerAtOnly) Read(p []byte) (int, error) { return x.r.Read(p) }

func (x readerAtOnly) ReadAt(p []byte, off int64) (int, error) { return x.r.ReadAt(p, off) }

// A Size smaller than the content must fail, as it does for a one-shot
// reader, instead of storing the first Size bytes as the document.
func TestUploadReaderAtLongerThanSizeIsNotTruncated(t *testing.T) {
	srv, c := startSim(t)
	srv.SetLargeFileLimits(true, 1<<20, 0, 512<<10, 0)
	content := testContent(2<<20 + 10)
	for _, tc := range []struct {
		name      string
		content   io.Reader
		largeFile bool
	}{
		{"bytes.Reader", bytes.NewReader(content), false},
		{"io.ReaderAt without a size", readerAtOnly{bytes.NewReader(content)}, false},
		{"large file", readerAtOnly{bytes.NewReader(content)}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			size := int64(1000)
			if tc.largeFile {
				size = 1<<20 + 100
			}
			name := "short " + tc.name
			_, err := c.Documents.Upload(t.Context(), xecm.DocumentUploadRequest{ParentID: xecmtest.EnterpriseWorkspaceID, Name: name,
				Content: tc.content, Size: size})
			require.Error(t, err, "the content is longer than Size")
			assert.Contains(t, err.Error(), "longer than its declared size")
			page, err := c.Nodes.ListChildren(t.Context(), xecmtest.EnterpriseWorkspaceID, &xecm.NodeListOptions{WhereName: name})
			require.NoError(t, err)
			assert.Empty(t, page.Items, "no truncated document is stored")
			assert.Empty(t, srv.LargeFileSessions())
		})
	}
}

func TestDocumentUploadWithCategoryValuesByName(t *testing.T) {
	sim, c := startSim(t)
	ctx := t.Context()
	deals := sim.AddFolder(xecmtest.EnterpriseWorkspaceID, "Deals")
	require.NoError(t, c.Metadata.Apply(ctx, deals, xecm.NewCategoryValues(xecmtest.ContractCategoryID).Set("Deal ID", "D-9")))
	require.NoError(t, c.Metadata.SetInheritance(ctx, deals, xecmtest.ContractCategoryID, true))

	// The parent carries "Contract": the name resolves there, and the
	// required Deal ID the folder holds is taken over.
	res, err := c.Documents.Upload(ctx, xecm.DocumentUploadRequest{ParentID: deals, Name: "offer.pdf", Content: strings.NewReader("offer"),
		Values: []*xecm.CategoryValues{xecm.NewCategoryValuesByName("Contract").Set("Amount", 900)}})
	require.NoError(t, err)
	vals, ok := sim.CategoryValues(res.Node.ID, xecmtest.ContractCategoryID)
	require.True(t, ok)
	assert.EqualValues(t, 900, vals["9830_4"])
	assert.Equal(t, "D-9", vals["9830_2"])

	// A new version resolves against the document's own categories.
	_, err = c.Documents.Versions().Add(ctx, res.Node.ID, xecm.VersionAddRequest{FileName: "offer.pdf", Content: strings.NewReader("offer v2"),
		Values: []*xecm.CategoryValues{xecm.NewCategoryValuesByName("contract").Set("Amount", 950)}})
	require.NoError(t, err)
	vals, _ = sim.CategoryValues(res.Node.ID, xecmtest.ContractCategoryID)
	assert.EqualValues(t, 950, vals["9830_4"])

	// A category the parent does not carry cannot be found by name.
	plain := sim.AddFolder(xecmtest.EnterpriseWorkspaceID, "Plain")
	sim.ResetRequests()
	_, err = c.Documents.Upload(ctx, xecm.DocumentUploadRequest{ParentID: plain, Name: "x.pdf", Content: strings.NewReader("x"),
		Values: []*xecm.CategoryValues{xecm.NewCategoryValuesByName("Contract").Set("Deal ID", "D-1")}})
	var ne *xecm.CategoryNameError
	require.ErrorAs(t, err, &ne)
	assert.Equal(t, plain, ne.NodeID)
	assert.ErrorContains(t, err, "carries no categories")
	assert.Zero(t, countCalls(sim, "POST", "/v2/nodes"), "nothing was written")
}

func TestSimUploadDownloadAndDuplicates(t *testing.T) {
	srv, c := startSim(t)
	folder := srv.AddFolder(xecmtest.EnterpriseWorkspaceID, "Contracts")
	content := testContent(200_000)
	res, err := c.Documents.Upload(t.Context(), xecm.DocumentUploadRequest{ComputeSHA256: true, ParentID: folder, Name: "c.pdf", MimeType: "application/pdf",
		Description: "contract", ExternalSource: "scanner", Content: bytes.NewReader(content)})
	require.NoError(t, err)
	assert.Equal(t, sha(content), res.SHA256)
	assert.Equal(t, int64(len(content)), res.Node.Size)
	assert.Equal(t, "application/pdf", res.Node.MimeType)

	_, err = c.Documents.Upload(t.Context(), xecm.DocumentUploadRequest{ParentID: folder, Name: "c.pdf", Content: bytes.NewReader(content)})
	assert.ErrorIs(t, err, xecm.ErrAlreadyExists, "the server refuses a duplicate name with 500")

	d, err := c.Documents.Download(t.Context(), res.Node.ID, nil)
	require.NoError(t, err)
	got, err := io.ReadAll(d)
	require.NoError(t, err)
	d.Close()
	assert.Equal(t, content, got)
	assert.Equal(t, "application/pdf", d.MimeType)
	assert.Equal(t, "c.pdf", d.FileName)

	d, err = c.Documents.Download(t.Context(), res.Node.ID, &xecm.DownloadOptions{Version: 1, Offset: 1000, Length: 10})
	require.NoError(t, err)
	got, _ = io.ReadAll(d)
	d.Close()
	assert.Equal(t, content[1000:1010], got)
	assert.Equal(t, int64(len(content)), d.TotalSize, "206 with Content-Range")

	types := auditTypes(srv, res.Node.ID)
	assert.Contains(t, types, xecmtest.EventCreate)
	assert.Contains(t, types, xecmtest.EventVersionOpened)
}

func TestSimUploadAppliesCategories(t *testing.T) {
	srv, c := startSim(t)
	res, err := c.Documents.Upload(t.Context(), xecm.DocumentUploadRequest{ParentID: xecmtest.EnterpriseWorkspaceID, Name: "k.txt",
		Content: bytes.NewReader([]byte("x")), Categories: map[string]any{"9830_2": "D-42"}})
	require.NoError(t, err)
	vals, ok := srv.CategoryValues(res.Node.ID, xecmtest.ContractCategoryID)
	require.True(t, ok)
	assert.Equal(t, "D-42", vals["9830_2"])
}
