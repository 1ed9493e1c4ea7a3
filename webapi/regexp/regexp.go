// Package regexp is the Go half of the regular expressions goja's engine
// lacks: Unicode property escapes (\p{…}, \P{…}), the v flag's set
// notation and properties of strings, and the d flag's match indices.
// regexp.js puts a RegExp constructor in front of goja's that has Go
// rewrite such a pattern (translate) into one goja runs the same way.
// Bundled route code reaches it for literals too: esbuild lowers a literal
// that uses these features to new RegExp(…) (polyfills.Supported marks
// them unsupported).
//
// The other way, patching goja's regexp translator, would mean carrying a
// fork of goja; the rewrite costs one Go call per new RegExp of such a
// pattern (cached per worker), and none for every other pattern.
package regexp

import (
	"errors"
	"fmt"
	"strings"

	"github.com/dop251/goja"

	"github.com/jsroutes/jsroutes/webapi/internal/bridge"
)

// Install adds regexpTranslate(source, flags): [source, flags, groups,
// ends, names] for goja (groups, ends and names only with the d flag), or
// V8's reason when V8 refuses the pattern.
func Install(env *bridge.Env) {
	rt := env.RT
	cache := bridge.Cache[goja.Value]{}
	bridge.Set(rt, env.Host, "regexpTranslate", func(call goja.FunctionCall) goja.Value {
		src, flags := call.Argument(0).String(), call.Argument(1).String()
		key := flags + "/" + src
		if v, ok := cache[key]; ok {
			return v
		}
		var v goja.Value
		t, err := translate(unicodeTables(), src, flags)
		if err != nil {
			v = rt.ToValue(err.Error())
		} else {
			out := []any{t.Source, t.Flags}
			if t.Groups != nil || t.Names != nil {
				out = append(out, t.Groups, t.Ends, t.Names)
			}
			v = rt.ToValue(out)
		}
		cache.Put(key, v)
		return v
	})
}

// Check returns the SyntaxError V8 raises for a regexp literal that uses
// what jsroutes rewrites (the d or v flag, or \p with the u flag) and V8
// refuses, as V8 words it; nil for one V8 accepts, and for every other
// literal (goja's compiler checks those). The bundler calls it on an
// app's literals, which V8 refuses when it parses the module, before any
// of it runs.
func Check(literal, pattern, flags string) error {
	rewritten := strings.ContainsAny(flags, "dv") || strings.ContainsRune(flags, 'u') && (strings.Contains(pattern, `\p`) || strings.Contains(pattern, `\P`))
	if !rewritten {
		return nil
	}
	seen := map[rune]bool{}
	for _, f := range flags {
		if !strings.ContainsRune("dgimsuvy", f) || seen[f] {
			return errors.New("Invalid regular expression flags")
		}
		seen[f] = true
	}
	if seen['u'] && seen['v'] {
		return errors.New("Invalid regular expression flags")
	}
	if _, err := translate(unicodeTables(), pattern, flags); err != nil {
		return fmt.Errorf("Invalid regular expression: %s: %s", literal, err.Error())
	}
	return nil
}
