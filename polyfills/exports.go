package polyfills

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Module namespaces as values.
//
// esbuild's CommonJS form of an ES module (a lazy module's script, and the
// runtime program's namespaces that its require hands out) defines each
// export as a getter, `name: () => local`, and __toCommonJS copies them
// into module.exports as getters again, `() => from[key]`: live bindings,
// as ES modules have. Every `import_host.host` or `(0, import_client.
// prepare)(…)` in another module then ran one or two JS functions, each a
// call through goja's accessor path with a closure allocated for it: ~7
// calls a request in the PostgreSQL scenario (counted, 2026-12-06; more
// where pg runs the query in JS, and in code leaning on node:events or
// Buffer), for bindings that never change after the module has run. Once
// a module has run, its exports that are declared const, function or
// class (or are esbuild's own `export default` variable) are handed out
// as values; the rest (let, var, re-exports of another module's binding,
// anything not recognised) stay getters, so a binding that can still
// change is read live as before.

// export is one export of a module in esbuild's CommonJS form: its name as
// written in the __export call (an identifier, or a quoted string), the
// expression its getter returns, and whether that value is fixed once the
// module has run.
type export struct {
	key, expr string
	fixed     bool
}

var (
	exportCall = regexp.MustCompile(`(?m)^__export\(\w+, \{\n((?:  .*\n)*?)\}\);$`)
	exportLine = regexp.MustCompile(`^  ("[^"]*"|[\p{L}_$][\p{L}\p{N}_$]*): \(\) => (.+?),?$`)
	identifier = regexp.MustCompile(`^[\p{L}_$][\p{L}\p{N}_$]*$`)
)

// exportsOf reads the exports of a module in esbuild's CommonJS form (not
// minified). whole is false when the module also re-exports a whole
// module (`export * from`), whose names only the running module knows:
// its namespace stays as esbuild makes it. An __export call that is not
// as esbuild writes it now (a new esbuild: look at its output) is an
// error, so that no module is left slow without anyone knowing.
func exportsOf(name, cjs string) (exports []export, whole bool, err error) {
	if strings.Contains(cjs, "__reExport(") {
		return nil, false, nil
	}
	calls := exportCall.FindAllStringSubmatch(cjs, -1)
	if strings.Count(cjs, "__export(") != len(calls) {
		return nil, false, fmt.Errorf("%s: esbuild's __export call is not in the form polyfills.exportsOf reads", name)
	}
	var out []export
	for _, call := range calls {
		for _, line := range strings.Split(strings.TrimSuffix(call[1], "\n"), "\n") {
			m := exportLine.FindStringSubmatch(line)
			if m == nil {
				return nil, false, fmt.Errorf("%s: cannot read the export %q of esbuild's __export call", name, line)
			}
			out = append(out, export{key: m[1], expr: m[2], fixed: fixedBinding(cjs, m[2])})
		}
	}
	return out, true, nil
}

// fixedBinding says whether the top-level binding expr of a module in
// esbuild's CommonJS form can no longer change once the module has run: it
// is declared at the top level as const (alone or destructured), function
// or class (or a var holding a class, as minified code writes it), or is
// the variable esbuild writes for `export default expr`, and nothing
// assigns it (a function's or a class's binding could be).
func fixedBinding(cjs, expr string) bool {
	if !identifier.MatchString(expr) {
		return false // another module's binding (import_x.y): live there
	}
	q := regexp.QuoteMeta(expr)
	decl := `(?:const|class|(?:async )?function\*?) ` + q + `\b|const \{[^}=]*\b` + q + `\b[^}=]*\} = |var ` + q + ` = class\b`
	if strings.HasSuffix(expr, "_default") {
		decl += `|var ` + q + ` = `
	}
	if !regexp.MustCompile(`(?m)^(?:` + decl + `)`).MatchString(cjs) {
		return false
	}
	assign := regexp.MustCompile(`(?:^|[^.\w$])` + q + `\s*(?:(?:[-+*/%&|^]|\*\*|<<|>>>?|&&|\|\||\?\?)?=[^=>]|\+\+|--)|(?:\+\+|--)` + q + `\b`)
	for _, m := range assign.FindAllStringIndex(cjs, -1) {
		if !strings.HasSuffix(cjs[:m[0]+1], "var ") && !strings.HasSuffix(cjs[:m[0]+1], "const ") {
			return false
		}
	}
	return true
}

// name is the export's name as a string.
func (e export) name() string {
	if s, err := strconv.Unquote(e.key); err == nil {
		return s
	}
	return e.key
}

// exportsTail is what a lazy module's script runs after its body: its
// module.exports becomes an object whose fixed exports are values and the
// rest getters, as before. A module that required this one while it was
// still running (a cycle) keeps the object of getters it got, which reads
// the same values.
func exportsTail(exports []export) string {
	if len(exports) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("module.exports = Object.defineProperties({}, {\n  __esModule: { value: true },\n")
	for _, e := range exports {
		if e.fixed {
			fmt.Fprintf(&b, "  %s: { value: %s, enumerable: true },\n", e.key, e.expr)
		} else {
			fmt.Fprintf(&b, "  %s: { get: () => %s, enumerable: true },\n", e.key, e.expr)
		}
	}
	b.WriteString("});\n")
	return b.String()
}
