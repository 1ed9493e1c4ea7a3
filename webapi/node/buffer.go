// Package node is the Go half of the Node.js built-in modules jsroutes
// offers (node:buffer, node:crypto's digests come from package crypto):
// their JS halves are the files beside it, imported as node:<name>.
package node

import (
	"github.com/dop251/goja_nodejs/buffer"
	"github.com/dop251/goja_nodejs/require"
	"github.com/jsroutes/jsroutes/webapi/internal/bridge"
)

// Install hands goja_nodejs's Buffer to the runtime (buffer.js completes
// it). goja_nodejs reaches modules through its require registry; the
// registry loads no files and its global require is removed again, so
// route code gets no way to read the disk.
//
// root is the project root: node:fs reads under it, and nowhere else.
func Install(env *bridge.Env, root string) {
	rt := env.RT
	reg := require.NewRegistry(require.WithLoader(func(string) ([]byte, error) {
		return nil, require.ModuleFileDoesNotExistError
	}))
	reg.Enable(rt)
	buffer.Enable(rt)
	bridge.Set(rt, env.Host, "Buffer", rt.Get("Buffer"))
	_ = rt.GlobalObject().Delete("require")
	_ = rt.GlobalObject().Delete("Buffer") // buffer.js defines it as Node does
	installOS(env)
	installFS(env, root)
}
