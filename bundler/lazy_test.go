package bundler_test

import (
	"strings"
	"testing"

	"github.com/jsroutes/jsroutes/bundler"
	"github.com/jsroutes/jsroutes/polyfills"
)

// The committed scripts of the lazy modules are what `go generate
// ./polyfills` makes of their sources now.
func TestLazyScriptsAreGenerated(t *testing.T) {
	for name, file := range polyfills.LazyModules {
		src, err := polyfills.Source(file)
		if err != nil {
			t.Fatal(err)
		}
		want, err := bundler.LazyScript(polyfills.Namespace+":"+file, src)
		if err != nil {
			t.Fatal(err)
		}
		got, err := polyfills.LazyScript(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, body, _ := strings.Cut(got, "\n"); body != want {
			t.Errorf("%s is stale: run go generate ./polyfills", polyfills.LazyScriptFile(file))
		}
	}
}

// The committed runtime program and its list of files are what `go
// generate ./polyfills` makes of the sources now.
func TestRuntimeScriptIsGenerated(t *testing.T) {
	script, files, err := bundler.RuntimeScript()
	if err != nil {
		t.Fatal(err)
	}
	if script != polyfills.RuntimeScript() {
		t.Errorf("%s is stale: run go generate ./polyfills", polyfills.RuntimeScriptFile)
	}
	if v := bundler.RuntimeVersion(script); v != polyfills.RuntimeVersion() {
		t.Errorf("runtime_files.go records version %s, the program is %s: run go generate ./polyfills", polyfills.RuntimeVersion(), v)
	}
	for _, f := range files {
		if !polyfills.InRuntime(f) {
			t.Errorf("runtime_files.go lacks %s: run go generate ./polyfills", f)
		}
	}
	if len(files) == 0 || !polyfills.InRuntime("runtime.js") {
		t.Errorf("the runtime program holds %v", files)
	}
}
