package webapi

import "github.com/dop251/goja"

// JSStrings maps a Go string to the JS string made of it, kept for the
// next time: a busy server passes the same few strings (methods, export
// names, response header names, status texts) to the runtime again and
// again, and each conversion is an allocation. It holds at most
// maxStrings entries, so that a stream of ever new strings (an upstream
// inventing header names) gets fresh ones past that. Loop-owned.
type JSStrings map[string]goja.Value

const maxStrings = 256

// Get returns the JS string of form(s), or of s itself when form is nil,
// made once per s.
func (m JSStrings) Get(rt *goja.Runtime, s string, form func(string) string) goja.Value {
	v, ok := m[s]
	if !ok {
		if form != nil {
			v = rt.ToValue(form(s))
		} else {
			v = rt.ToValue(s)
		}
		if len(m) < maxStrings {
			m[s] = v
		}
	}
	return v
}
