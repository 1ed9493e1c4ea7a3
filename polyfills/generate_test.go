package polyfills

import (
	"os"
	"testing"
)

// The committed runtime program, its list of files and the lazy modules'
// scripts are what `go generate ./polyfills` makes of the sources now.
func TestGeneratedFilesAreCurrent(t *testing.T) {
	out, err := Generate()
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range out {
		got, err := os.ReadFile(path)
		if err != nil || string(got) != want {
			t.Errorf("%s is stale: run go generate ./polyfills", path)
		}
	}
	if !inRuntime("runtime.js") || !inRuntime("fetch/headers.js") {
		t.Errorf("the runtime program holds %v", runtimeFiles)
	}
}
