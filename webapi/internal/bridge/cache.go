package bridge

import "github.com/dop251/goja"

// Cache is a runtime's memo of results by string key (URL parses, JS
// strings), emptied when it reaches cacheSize: a busy server meets the
// same few keys again and again, and a stream of ever new ones cannot
// grow it. Loop-owned, like the runtime.
type Cache[V any] map[string]V

const cacheSize = 256

func (c Cache[V]) Put(key string, v V) {
	if len(c) >= cacheSize {
		clear(c)
	}
	c[key] = v
}

// JSStrings maps a Go string to the JS string made of it, kept for the
// next time: a busy server passes the same few strings (methods, export
// names, response header names, status texts) to the runtime again and
// again, and each conversion is an allocation. It is a Cache.
type JSStrings map[string]goja.Value

// Get returns the JS string of form(s), or of s itself when form is nil,
// made once per s while it stays in the cache.
func (m JSStrings) Get(rt *goja.Runtime, s string, form func(string) string) goja.Value {
	v, ok := m[s]
	if !ok {
		if form != nil {
			v = rt.ToValue(form(s))
		} else {
			v = rt.ToValue(s)
		}
		Cache[goja.Value](m).Put(s, v)
	}
	return v
}
