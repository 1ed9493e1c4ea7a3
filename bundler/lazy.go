package bundler

import (
	"fmt"
	"strings"

	"github.com/evanw/esbuild/pkg/api"
)

// LazyScript turns the ES module source of a lazy polyfill module (see
// polyfills.LazyModules) into the script the runtime compiles: its value is
// a function(module, exports) that fills in module.exports, as CommonJS
// does, with the syntax goja lacks lowered as in bundles. `go generate
// ./polyfills` runs it and commits the output, so that no start-up pays for
// the transform; a test keeps the two in step.
func LazyScript(name, source string) (string, error) {
	res := api.Transform(source, api.TransformOptions{
		Loader:     api.LoaderJS,
		Format:     api.FormatCommonJS,
		Target:     api.ESNext,
		Supported:  lowered,
		Charset:    api.CharsetUTF8,
		Sourcefile: name,
		LogLevel:   api.LogLevelSilent,
	})
	if len(res.Errors) > 0 {
		return "", fmt.Errorf("%s: %s", name, res.Errors[0].Text)
	}
	return "(function (module, exports, require) {\n" + strings.TrimSpace(string(res.Code)) + "\n})\n", nil
}
