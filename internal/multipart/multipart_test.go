package multipart

import (
	"bytes"
	"errors"
	"io"
	"mime"
	stdmultipart "mime/multipart"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStreamIsParsableAndLengthIsExact(t *testing.T) {
	env, err := New([]Field{{Name: "body", Value: `{"name":"a \"b\".pdf"}`}}, File{FieldName: "file", FileName: `a "b".pdf`, ContentType: "application/pdf"})
	require.NoError(t, err)
	content := strings.Repeat("0123456789", 100_000)

	var tapped int
	s := env.Stream(func() (io.Reader, error) { return strings.NewReader(content), nil }, int64(len(content)), func(p []byte) { tapped += len(p) })
	body, err := io.ReadAll(s.Body)
	require.NoError(t, err)
	res := s.Wait()
	require.NoError(t, res.Err)
	assert.Equal(t, int64(len(content)), res.N)
	assert.Equal(t, len(content), tapped)
	assert.Equal(t, env.Length(int64(len(content))), int64(len(body)))
	assert.Equal(t, int64(-1), env.Length(-1))

	_, params, err := mime.ParseMediaType(env.ContentType())
	require.NoError(t, err)
	mr := stdmultipart.NewReader(bytes.NewReader(body), params["boundary"])
	p, err := mr.NextPart()
	require.NoError(t, err)
	assert.Equal(t, "body", p.FormName())
	v, _ := io.ReadAll(p)
	assert.Equal(t, `{"name":"a \"b\".pdf"}`, string(v))
	p, err = mr.NextPart()
	require.NoError(t, err)
	assert.Equal(t, "file", p.FormName())
	assert.Equal(t, `a "b".pdf`, p.FileName())
	assert.Equal(t, "application/pdf", p.Header.Get("Content-Type"))
	v, _ = io.ReadAll(p)
	assert.Equal(t, content, string(v))
	_, err = mr.NextPart()
	assert.Equal(t, io.EOF, err)
}

func TestSameBoundaryEveryAttempt(t *testing.T) {
	env, err := New(nil, File{FieldName: "part_content", FileName: "x"})
	require.NoError(t, err)
	read := func() []byte {
		s := env.Stream(func() (io.Reader, error) { return strings.NewReader("abc"), nil }, 3, nil)
		b, _ := io.ReadAll(s.Body)
		require.NoError(t, s.Wait().Err)
		return b
	}
	assert.Equal(t, read(), read())
}

func TestDeclaredSizeIsEnforced(t *testing.T) {
	env, err := New(nil, File{FieldName: "file", FileName: "x"})
	require.NoError(t, err)
	for _, tc := range []struct {
		content string
		size    int64
		want    error
	}{{"abc", 4, ErrShortContent}, {"abcd", 3, ErrLongContent}, {"abc", 3, nil}, {"abc", -1, nil}} {
		s := env.Stream(func() (io.Reader, error) { return strings.NewReader(tc.content), nil }, tc.size, nil)
		_, rerr := io.ReadAll(s.Body)
		res := s.Wait()
		if tc.want == nil {
			assert.NoError(t, rerr)
			assert.NoError(t, res.Err)
			continue
		}
		assert.True(t, errors.Is(res.Err, tc.want), "size %d: %v", tc.size, res.Err)
		assert.True(t, errors.Is(rerr, tc.want), "reader sees the failure: %v", rerr)
	}
}

func TestAbandonedStreamNeverOpensContent(t *testing.T) {
	env, err := New(nil, File{FieldName: "file", FileName: "x"})
	require.NoError(t, err)
	opened := false
	s := env.Stream(func() (io.Reader, error) { opened = true; return strings.NewReader("x"), nil }, 1, nil)
	_ = s.Body.Close()
	res := s.Wait()
	assert.Error(t, res.Err)
	assert.False(t, opened)
}
