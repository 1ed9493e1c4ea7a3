package polyfills

import (
	"slices"
	"strings"
	"testing"
)

// Each way a module can declare an export, through esbuild's own
// CommonJS form: a value once the module has run, or a getter still.
func TestExportsOf(t *testing.T) {
	tests := []struct {
		name, source string
		fixed, live  []string
	}{
		{"declarations", `
export const a = 1;
export function b() {}
export async function c() {}
export function* d() {}
export class E {}
export const { f, g: h } = { f: 1, g: 2 };
export default 42;`, []string{"E", "a", "b", "c", "d", "default", "f", "h"}, nil},
		{"let and var", `
export let a = 1;
export var b = 2;
export let c;
c = 3;`, nil, []string{"a", "b", "c"}},
		{"a function assigned again", `
export function a() {}
export class B {}
export function c() {}
a = () => 1;
B += '';
function later() { c = null; }`, nil, []string{"B", "a", "c"}},
		{"the binding of another module", `
export { x } from './x.js';
export { default as y } from './y.js';
import { z } from './z.js';
export { z };`, nil, []string{"x", "y", "z"}},
		{"a class held in a var", `
var K = class {};
export { K };`, []string{"K"}, nil},
		{"a name that is not an identifier", `
const v = 1;
export { v as "a-b" };`, []string{"a-b"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, err := commonJS(tt.name, tt.source)
			if err != nil {
				t.Fatal(err)
			}
			exports, whole, err := exportsOf(tt.name, code)
			if err != nil || !whole {
				t.Fatalf("exportsOf: %v (whole %v)\n%s", err, whole, code)
			}
			var fixed, live []string
			for _, e := range exports {
				if e.fixed {
					fixed = append(fixed, e.name())
				} else {
					live = append(live, e.name())
				}
			}
			if !slices.Equal(fixed, tt.fixed) || !slices.Equal(live, tt.live) {
				t.Errorf("fixed %q, live %q; want %q, %q\n%s", fixed, live, tt.fixed, tt.live, code)
			}
		})
	}
}

// A module that re-exports a whole module keeps esbuild's namespace; an
// __export call in a form the reader does not know is an error.
func TestExportsOfUnread(t *testing.T) {
	code, err := commonJS("star", "export * from './x.js';\nexport const a = 1;")
	if err != nil {
		t.Fatal(err)
	}
	if _, whole, err := exportsOf("star", code); err != nil || whole {
		t.Errorf("export *: whole %v, err %v", whole, err)
	}
	code, err = commonJS("plain", "export const a = 1;")
	if err != nil {
		t.Fatal(err)
	}
	odd := strings.Replace(code, "  a: () => a\n", "  a: function () { return a; }\n", 1)
	if _, _, err := exportsOf("odd", odd); err == nil {
		t.Errorf("an __export call in another form was read:\n%s", odd)
	}
}

// The exports that every request reads through another module are values
// in the committed scripts (the hot ones of the PostgreSQL scenario).
func TestHotExportsAreValues(t *testing.T) {
	for file, names := range map[string][]string{
		"pg/client.js": {"busyOnGo", "canRunOnGo", "fastPlan", "prepare", "readyOnGo"},
		"node/net.js":  {"kHandle"},
	} {
		script, err := lazyScript(file, mustSource(t, file))
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range names {
			if !strings.Contains(script, "  "+n+": { value: "+n+", enumerable: true },") {
				t.Errorf("%s: %s is not handed out as a value", file, n)
			}
		}
	}
	live, err := liveExports([]string{"host.js", "dom/event-target.js"})
	if err != nil {
		t.Fatal(err)
	}
	if want := "{\n  \"jsroutes:dom/event-target.js\": [\"trusted\"],\n}"; live != want {
		t.Errorf("live exports %s, want %s", live, want)
	}
}

func mustSource(t *testing.T, file string) string {
	t.Helper()
	s, err := source(file)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
