package xecm

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestHasOKFalse(t *testing.T) {
	for body, want := range map[string]bool{
		`{"ok":false,"errMsg":"x"}`:           true,
		`{"ok": false}`:                       true,
		`{"results":{"ok" :  false}}`:         true,
		"{\"ok\":\n\tfalse}":                  true,
		`{"ok":true}`:                         false,
		`{"ok":"false"}`:                      false,
		`{"book":false}`:                      false,
		`{"name":"ok","ok":true,"x":"false"}`: false,
		`{"ok"`:                               false,
		``:                                    false,
	} {
		assert.Equal(t, want, hasOKFalse([]byte(body)), body)
	}
}
