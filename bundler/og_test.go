package bundler

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// A package's module that uses __dirname names the files it reads beside
// it; those that exist, are not source and stay in the project are the
// ones `jsroutes build` copies.
func TestPackageFiles(t *testing.T) {
	root := t.TempDir()
	pkg := filepath.Join(root, "node_modules", "p")
	for _, f := range []string{"dist/x_bg.wasm", "dist/data.bin", "assets/font.ttf", "dist/other.js"} {
		p := filepath.Join(pkg, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	module := filepath.Join(pkg, "dist", "index.cjs")
	tests := []struct {
		name, src string
		want      []string
	}{
		{"a joined literal", `readFileSync(path.join(__dirname, "./x_bg.wasm"))`, []string{"node_modules/p/dist/x_bg.wasm"}},
		{"a template", "const p = `${__dirname}/data.bin`", []string{"node_modules/p/dist/data.bin"}},
		{"up a folder", `path.join(__dirname, '../assets/font.ttf')`, []string{"node_modules/p/assets/font.ttf"}},
		{"source, missing, absolute, outside, a URL", `require("./other.js"); "missing.wasm"; "/etc/passwd"; "../../../../x"; "https://x/x_bg.wasm"`, nil},
		{"each once", `"x_bg.wasm"; 'x_bg.wasm'`, []string{"node_modules/p/dist/x_bg.wasm"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := packageFiles(root, module, []byte(tt.src)); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
