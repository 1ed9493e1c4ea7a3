package jsrt

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/dop251/goja"
	"github.com/jsroutes/jsroutes/polyfills"
	"github.com/jsroutes/jsroutes/webapi"
)

var updateHostTable = flag.Bool("update-host-table", false, "rewrite "+hostTableFile+" from the code")

// hostTableFile is the one table of the host bridge: every name Go puts on
// the host object the runtime program receives, which Go package defines
// it, and which JS files of webapi use it.
const hostTableFile = "../webapi/HOST.md"

// hostUse matches a use of the bridge in the runtime's JS: host.name.
// Every JS file reaches the bridge only this way (host.js exports it);
// hostOther catches any other way (host[…], destructuring), which the
// table could not see and the test refuses.
var (
	hostUse   = regexp.MustCompile(`(?:^|[^:/.\w$])host\.([A-Za-z_$][A-Za-z0-9_$]*)\b[^/'"]`)
	hostOther = regexp.MustCompile(`\bhost\s*\[|\}\s*=\s*host\b`)
	jsComment = regexp.MustCompile(`(?s)/\*.*?\*/|(^|[^:])//[^\n]*`)
	jsImport  = regexp.MustCompile(`(?m)^\s*(?:import|export)\b[^;\n]*\bfrom\s*['"][^'"\n]*['"]|^\s*import\s*['"][^'"\n]*['"]`)
)

// The host functions Go defines and the ones the runtime's JS calls are
// the same set, and HOST.md lists it: a JS call of a name Go does not
// define (a typo, a removed function) or a Go function no JS uses (dead
// code on the bridge) fails here, before any route meets it.
func TestHostFunctionTable(t *testing.T) {
	h, _ := serveOneWorker(t, map[string]string{"app/x/route.js": "export const GET = () => new Response('x')\n"})
	w := h.pool.list()[0]
	keys := make(chan []string)
	w.Enqueue(func() { keys <- w.bridge[0].(*goja.Object).Keys() })
	defined := map[string]string{} // name → the Go package that defines it
	for _, k := range <-keys {
		defined[k] = "jsrt"
	}
	rt := goja.New()
	platform := rt.NewObject()
	webapi.Install(rt, platform, nil, webapi.Options{})
	for _, k := range platform.Keys() {
		defined[k] = "webapi"
	}

	used := map[string][]string{} // name → the JS files that use it
	err := fs.WalkDir(webapi.Sources(), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".js") {
			return err
		}
		b, err := fs.ReadFile(webapi.Sources(), path)
		if err != nil {
			return err
		}
		src := jsImport.ReplaceAllString(jsComment.ReplaceAllString(string(b), "$1"), "")
		if loc := hostOther.FindStringIndex(src); loc != nil {
			t.Errorf("%s reaches the host other than as host.name (%q): the table cannot see it", path, src[loc[0]:loc[1]])
		}
		for _, m := range hostUse.FindAllStringSubmatch(src, -1) {
			if !slices.Contains(used[m[1]], path) {
				used[m[1]] = append(used[m[1]], path)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The runtime program's own entry, which polyfills generates, calls
	// the bridge too (host.requireLazy).
	for _, m := range hostUse.FindAllStringSubmatch(polyfills.RuntimeScript(), -1) {
		if _, ok := used[m[1]]; !ok {
			used[m[1]] = []string{"the runtime program's entry (polyfills)"}
		}
	}
	for name, files := range used {
		if _, ok := defined[name]; !ok {
			t.Errorf("%s: calls host.%s, which Go does not define", strings.Join(files, ", "), name)
		}
	}
	for name, pkg := range defined {
		if _, ok := used[name]; !ok {
			t.Errorf("%s defines host.%s, which no JS uses", pkg, name)
		}
	}

	table := hostTable(defined, used)
	if *updateHostTable {
		if err := os.WriteFile(hostTableFile, []byte(table), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if b, err := os.ReadFile(hostTableFile); err != nil || string(b) != table {
		t.Errorf("%s is not the bridge as the code has it: run go test ./jsrt -run TestHostFunctionTable -update-host-table", hostTableFile)
	}
}

// hostTable renders HOST.md.
func hostTable(defined map[string]string, used map[string][]string) string {
	names := make([]string, 0, len(defined))
	for n := range defined {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("# The host bridge\n\n" +
		"Every name Go puts on the host object that the runtime program receives\n" +
		"(`webapi.Install` and jsrt's worker), and the JS files that use it. Generated and\n" +
		"checked by `go test ./jsrt -run TestHostFunctionTable` (`-update-host-table`\n" +
		"rewrites it): a JS call Go does not define, or a Go definition no JS uses, fails it.\n\n" +
		"| name | defined by | used in |\n|---|---|---|\n")
	for _, n := range names {
		files := used[n]
		sort.Strings(files)
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", n, defined[n], strings.Join(files, ", "))
	}
	return b.String()
}
