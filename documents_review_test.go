package xecm_test

import (
	"bytes"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

// readerAtOnly is content that can be read at any offset but cannot tell
// its size, so nothing can check a Size against it before the upload.
type readerAtOnly struct{ r *bytes.Reader }

func (x readerAtOnly) Read(p []byte) (int, error)              { return x.r.Read(p) }
func (x readerAtOnly) ReadAt(p []byte, off int64) (int, error) { return x.r.ReadAt(p, off) }

// A Size smaller than the content must fail, as it does for a one-shot
// reader, instead of storing the first Size bytes as the document.
func TestUploadReaderAtLongerThanSizeIsNotTruncated(t *testing.T) {
	srv, c := newDocsSim(t)
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

// A typed nil reader is bad input: an error before any request, not a
// panic (in a body-writing goroutine, one that would end the program).
func TestUploadTypedNilContentIsAnError(t *testing.T) {
	c, _ := newMockClient(t) // any request fails the test
	var r *bytes.Reader
	for _, size := range []int64{0, 10} {
		_, err := c.Documents.Upload(t.Context(), xecm.DocumentUploadRequest{ParentID: 2000, Name: "n.bin", Content: r, Size: size})
		require.ErrorIs(t, err, xecm.ErrInvalidArgument)
		assert.Contains(t, err.Error(), "Content")
		_, err = c.Documents.Versions().Add(t.Context(), 2001, xecm.VersionAddRequest{FileName: "n.bin", Content: r, Size: size})
		require.ErrorIs(t, err, xecm.ErrInvalidArgument)
	}
}

