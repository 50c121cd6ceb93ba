package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/xecm-go/xecm"
)

// sandboxPrefix starts the name of every sandbox folder, so that one left
// behind by a killed run is recognised.
const sandboxPrefix = "xecmcheck-"

// newSandboxName returns a name no other run uses.
func newSandboxName(now time.Time) string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return sandboxPrefix + now.UTC().Format("20060102-150405") + "-" + hex.EncodeToString(b[:])
}

// probeCreateFolder creates the sandbox folder every later write goes in.
// The name is set before the call, so that cleanup finds a folder whose
// creation was cut off before the answer arrived.
func probeCreateFolder(ctx context.Context, p *probe) (string, error) {
	if err := p.needParent(ctx); err != nil {
		return "", err
	}
	p.sandboxName = newSandboxName(time.Now())
	n, err := p.c.Nodes.CreateFolder(ctx, p.parent, p.sandboxName,
		&xecm.FolderCreateOptions{Description: "created by xecmcheck; deleted at the end of its run"})
	if err != nil {
		return "", err
	}
	p.sandbox = n.ID
	return fmt.Sprintf("folder %d %q in %d", n.ID, n.Name, p.parent), nil
}

// smallContent is the small document's content: text, a few lines.
func smallContent() []byte {
	return bytes.Repeat([]byte("xecmcheck small document: 0123456789abcdef\n"), 24)
}

func (p *probe) needSandbox() error {
	if p.sandbox == 0 {
		return skip("no sandbox folder (create folder did not succeed)")
	}
	return nil
}

func probeUpload(ctx context.Context, p *probe) (string, error) {
	if err := p.needSandbox(); err != nil {
		return "", err
	}
	content := smallContent()
	res, err := p.c.Documents.Upload(ctx, xecm.DocumentUploadRequest{
		ParentID: p.sandbox, Name: "small.txt", MimeType: "text/plain", Content: bytes.NewReader(content),
	})
	if err != nil {
		return "", err
	}
	if res.Node == nil || res.Node.ID == 0 {
		return "", errors.New("the upload answered without the new document's ID")
	}
	p.doc, p.docName, p.docContent = res.Node.ID, res.Node.Name, content
	return fmt.Sprintf("document %d, %d bytes", res.Node.ID, res.Size), nil
}

// patternReader yields size bytes of a repeating pattern, so that the
// large content costs no memory.
func patternReader(size int64) io.Reader {
	return io.LimitReader(patternSource{}, size)
}

type patternSource struct{}

func (patternSource) Read(b []byte) (int, error) {
	for i := range b {
		b[i] = byte('a' + i%26)
	}
	return len(b), nil
}

// probeLargeFile reads the server's large-file settings and uploads
// LargeSize bytes, which the client sends through a session (its
// threshold is set to LargeSize).
func probeLargeFile(ctx context.Context, p *probe) (string, error) {
	if err := p.needSandbox(); err != nil {
		return "", err
	}
	st, err := p.c.Documents.LargeFileSettings(ctx)
	if err != nil {
		return "", fmt.Errorf("settings (GET api/v2/multipart/settings): %w", err)
	}
	if !st.Enabled {
		return "", skip("the server's large-file uploads are disabled")
	}
	size := p.opts.LargeSize
	if size == 0 {
		size = max(st.MinSize, minLargeSize)
	}
	if st.MinSize > size {
		return "", skip("the server takes sessions from %d bytes; give -large-size %d or more", st.MinSize, st.MinSize)
	}
	if st.MaxSize > 0 && size > st.MaxSize {
		return "", skip("the server takes sessions up to %d bytes; give a smaller -large-size", st.MaxSize)
	}
	res, err := p.c.Documents.Upload(ctx, xecm.DocumentUploadRequest{
		ParentID: p.sandbox, Name: "large.bin", MimeType: "application/octet-stream", Size: size,
		Open: func() (io.ReadCloser, error) { return io.NopCloser(patternReader(size)), nil },
	})
	if err != nil {
		return "", err
	}
	if !res.LargeFile {
		return "", fmt.Errorf("document %d was stored, but not through a session: the server refused to start one", res.Node.ID)
	}
	return fmt.Sprintf("document %d, %d bytes through a session (server limits %d to %d bytes)", res.Node.ID, res.Size, st.MinSize, st.MaxSize), nil
}

// probeDownload reads a byte range of the small document (or, read-only,
// of the document browse found) and checks it against what was uploaded.
func probeDownload(ctx context.Context, p *probe) (string, error) {
	if p.doc == 0 {
		return "", p.noDocument()
	}
	const offset, length = 10, 32
	d, err := p.c.Documents.Download(ctx, p.doc, &xecm.DownloadOptions{Offset: offset, Length: length})
	if err != nil {
		return "", err
	}
	defer d.Close()
	got, err := io.ReadAll(d)
	if err != nil {
		return "", fmt.Errorf("reading the content: %w", err)
	}
	how := "the server honoured Range (206)"
	if p.spy.rangeStatus() != 206 {
		how = fmt.Sprintf("the server ignored Range (%d) and the SDK skipped to the range", p.spy.rangeStatus())
	}
	if p.docContent != nil {
		want := p.docContent[offset : offset+length]
		if !bytes.Equal(got, want) {
			return "", fmt.Errorf("bytes %d-%d of document %d are %q, uploaded %q", offset, offset+length-1, p.doc, got, want)
		}
	}
	return fmt.Sprintf("document %d: %d bytes from byte %d of %d; %s", p.doc, len(got), offset, d.TotalSize, how), nil
}

func (p *probe) noDocument() error {
	if p.opts.ReadOnly {
		return skip("-read-only and the parent has no document to read")
	}
	return skip("no document (the small upload did not succeed)")
}

// probeVersions adds a version to the small document and reads the list
// and the latest one back; read-only, it only reads.
func probeVersions(ctx context.Context, p *probe) (string, error) {
	if p.doc == 0 {
		return "", p.noDocument()
	}
	added := ""
	if !p.opts.ReadOnly && p.docContent != nil {
		content := append(append([]byte(nil), p.docContent...), "version 2\n"...)
		if _, err := p.c.Documents.Versions().Add(ctx, p.doc, xecm.VersionAddRequest{
			FileName: p.docName, MimeType: "text/plain", Description: "xecmcheck", Content: bytes.NewReader(content),
		}); err != nil {
			return "", fmt.Errorf("adding a version: %w", err)
		}
		added = "added version 2; "
	}
	page, err := p.c.Documents.Versions().List(ctx, p.doc, nil)
	if err != nil {
		return "", fmt.Errorf("listing the versions: %w", err)
	}
	latest, err := p.c.Documents.Versions().Latest(ctx, p.doc)
	if err != nil {
		return "", fmt.Errorf("reading the latest version: %w", err)
	}
	if added != "" && (latest.Number != 2 || len(page.Items) != 2) {
		return "", fmt.Errorf("after adding version 2 the server lists %d versions, latest %d", len(page.Items), latest.Number)
	}
	return fmt.Sprintf("%sdocument %d has %d versions, latest %s", added, p.doc, len(page.Items), latest.NumberName), nil
}
