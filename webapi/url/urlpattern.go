package url

import (
	"cmp"
	"encoding/json"
	"maps"
	"slices"
	"strings"

	"github.com/dop251/goja"
	"github.com/dunglas/go-urlpattern"
	"github.com/jsroutes/jsroutes/webapi/internal/bridge"
)

// installURLPattern adds the Go side of URLPattern: compiling a pattern and
// matching inputs against it, on github.com/dunglas/go-urlpattern (a
// WHATWG URL Pattern implementation tested with the web-platform-tests, on
// the same whatwg-url parser as URL). The JS class in url-pattern.js holds
// the compiled pattern as an opaque handle. An URLPatternInit dictionary
// crosses as JSON text; a component result comes back as {input, groups}.
func installURLPattern(rt *goja.Runtime, host *goja.Object) {
	init := func(text string) *urlpattern.URLPatternInit {
		var in urlpattern.URLPatternInit
		if err := json.Unmarshal([]byte(text), &in); err != nil {
			bridge.ThrowTypeError(rt, "URLPattern: "+err.Error())
		}
		return &in
	}
	// urlPatternNew(isInit, input, baseURL|undefined, ignoreCase) → [handle, protocol, …, hash, hasRegExpGroups]
	bridge.Set(rt, host, "urlPatternNew", func(call goja.FunctionCall) goja.Value {
		opts := &urlpattern.Options{IgnoreCase: call.Argument(3).ToBoolean()}
		var p *urlpattern.URLPattern
		var err error
		if call.Argument(0).ToBoolean() {
			p, err = init(call.Argument(1).String()).New(opts)
		} else {
			base := ""
			if b := call.Argument(2); !goja.IsUndefined(b) {
				base = b.String()
			}
			p, err = urlpattern.New(call.Argument(1).String(), base, opts)
		}
		if err != nil {
			bridge.ThrowTypeError(rt, "Failed to construct 'URLPattern': "+err.Error())
		}
		return rt.ToValue([]any{p, p.Protocol(), p.Username(), p.Password(), p.Hostname(), p.Port(), p.Pathname(), p.Search(), p.Hash(), p.HasRegexpGroups()})
	})
	// urlPatternExec(handle, isInit, input, baseURL|undefined) → the eight component results, or null
	bridge.Set(rt, host, "urlPatternExec", func(call goja.FunctionCall) goja.Value {
		p, ok := call.Argument(0).Export().(*urlpattern.URLPattern)
		if !ok {
			bridge.ThrowTypeError(rt, "Illegal invocation")
		}
		var r *urlpattern.URLPatternResult
		if call.Argument(1).ToBoolean() {
			r = p.ExecInit(init(call.Argument(2).String()))
		} else {
			base := ""
			if b := call.Argument(3); !goja.IsUndefined(b) {
				base = b.String()
			}
			r = p.Exec(call.Argument(2).String(), base)
		}
		if r == nil {
			return goja.Null()
		}
		patterns := []string{p.Protocol(), p.Username(), p.Password(), p.Hostname(), p.Port(), p.Pathname(), p.Search(), p.Hash()}
		out := make([]any, 0, 8)
		for i, c := range []urlpattern.URLPatternComponentResult{r.Protocol, r.Username, r.Password, r.Hostname, r.Port, r.Pathname, r.Search, r.Hash} {
			// Groups come as a map: put named ones back in pattern order
			// (numbered ones JS orders itself).
			names := slices.SortedFunc(maps.Keys(c.Groups), func(a, b string) int {
				return cmp.Compare(strings.Index(patterns[i], ":"+a), strings.Index(patterns[i], ":"+b))
			})
			groups := rt.NewObject()
			for _, k := range names {
				_ = groups.Set(k, c.Groups[k])
			}
			res := rt.NewObject()
			_ = res.Set("input", c.Input)
			_ = res.Set("groups", groups)
			out = append(out, res)
		}
		return rt.ToValue(out)
	})
}
