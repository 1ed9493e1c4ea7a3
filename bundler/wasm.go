package bundler

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/evanw/esbuild/pkg/api"
)

// wasmPlugin gives `import wasm from './x.wasm?module'` a
// WebAssembly.Module of the file, as Next.js's bundlers do: the bytes are
// in the bundle (so `jsroutes build` carries them), compiled when the
// importing module first runs. An import of a .wasm file without
// ?module is refused with the form to use: WebAssembly's ES module
// integration (instantiated exports) is not what Next.js gives route
// files either.
func wasmPlugin() api.Plugin {
	const (
		moduleNS  = "jsroutes-wasm-module"
		bytesNS   = "jsroutes-wasm-bytes"
		resolving = "jsroutes-wasm-resolving"
	)
	return api.Plugin{Name: "jsroutes-wasm", Setup: func(b api.PluginBuild) {
		b.OnResolve(api.OnResolveOptions{Filter: `\.wasm(\?module)?$`}, func(args api.OnResolveArgs) (api.OnResolveResult, error) {
			if args.Namespace == moduleNS {
				return api.OnResolveResult{Path: args.Path, Namespace: bytesNS}, nil
			}
			if args.PluginData == resolving {
				return api.OnResolveResult{}, nil // the file itself, for the ?module import below
			}
			file, isModule := strings.CutSuffix(args.Path, "?module")
			if !isModule {
				return api.OnResolveResult{}, fmt.Errorf("import \"%s?module\" to get a WebAssembly.Module of it (as Next.js does); jsroutes does not instantiate .wasm imports", args.Path)
			}
			res := b.Resolve(file, api.ResolveOptions{Kind: args.Kind, ResolveDir: args.ResolveDir, Importer: args.Importer, PluginData: resolving})
			if len(res.Errors) > 0 {
				return api.OnResolveResult{}, fmt.Errorf("%s", res.Errors[0].Text)
			}
			return api.OnResolveResult{Path: res.Path, Namespace: moduleNS}, nil
		})
		b.OnLoad(api.OnLoadOptions{Filter: `.*`, Namespace: moduleNS}, func(args api.OnLoadArgs) (api.OnLoadResult, error) {
			s := fmt.Sprintf("import bytes from %q;\nexport default new WebAssembly.Module(bytes);\n", args.Path)
			return api.OnLoadResult{Contents: &s, Loader: api.LoaderJS, ResolveDir: filepath.Dir(args.Path)}, nil
		})
		b.OnLoad(api.OnLoadOptions{Filter: `.*`, Namespace: bytesNS}, func(args api.OnLoadArgs) (api.OnLoadResult, error) {
			data, err := os.ReadFile(args.Path)
			if err != nil {
				return api.OnLoadResult{}, err
			}
			s := string(data)
			return api.OnLoadResult{Contents: &s, Loader: api.LoaderBinary}, nil
		})
	}}
}
