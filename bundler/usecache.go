package bundler

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/parser"
	"github.com/evanw/esbuild/pkg/api"
)

// 'use cache' (Next.js 16 Cache Components) marks an async function, or
// every exported function of a file, whose results are cached by the
// function's identity and arguments. Next.js's SWC transform turns each
// into a call of its cache wrapper; this is that transform for jsroutes:
//
//	async function f(a) { 'use cache'; … }
//	→ async function f(...args) { return $$cache__("default", "<id>", [bound], async function f(a) { 'use cache'; … }, args) }
//
// where <id> names the function (its file and export name, or its place
// in the file, and its text) and bound holds the variables an inline
// cached function closes over from the functions around it, which are
// part of its key as Next.js's encrypted bound arguments are. The wrapper
// (webapi/next/use-cache.js) keys, stores and revives the results.
//
// A file is only touched when it holds the directive. It is first turned
// into plain JavaScript by esbuild (types and JSX gone, lines kept apart,
// with a source map esbuild's bundling chains), then parsed with goja's
// parser to find the directives and what inline functions close over:
// a text search cannot tell a function's body or its free variables. The
// edits are insertions on the lines they wrap, so the map stays right.

// cacheWrapper is the local name of the wrapper the transform imports.
const cacheWrapper = "__jsroutes_cache"

// cacheImport brings in the wrapper; it stays on the file's first line.
const cacheImport = `import{$$cache__ as ` + cacheWrapper + `}from"next/cache";`

// directiveKind matches a 'use cache' directive's text and its kind.
var directiveKind = regexp.MustCompile(`^use cache(?::\s*([\w-]+))?$`)

// cacheKinds are the cache handlers Next.js 16 knows ('use cache' is
// "default"); jsroutes keeps default and remote in the server's store and
// private per request.
var cacheKinds = map[string]bool{"default": true, "remote": true, "private": true}

// useCacheError is a build error in a 'use cache' file, at a line of it.
type useCacheError struct {
	line int
	text string
}

func (e *useCacheError) Error() string { return e.text }

// transformUseCache returns the file's code with its 'use cache'
// functions wrapped, or "" when it has none. rel names the file in ids;
// src is its source, loader how esbuild reads it.
func transformUseCache(rel, path string, src []byte, loader api.Loader) (string, error) {
	directives := useCache.FindAllIndex(src, -1)
	if directives == nil {
		return "", nil
	}
	lineOf := func(k int) int { // the k-th directive's line in the source
		if k >= len(directives) {
			k = len(directives) - 1
		}
		return 1 + strings.Count(string(src[:directives[k][0]]), "\n")
	}
	res := api.Transform(string(src), api.TransformOptions{
		Loader:     loader,
		Sourcefile: filepath.Base(path),
		Sourcemap:  api.SourceMapInline,
		Target:     api.ESNext,
		JSX:        api.JSXAutomatic,
		LogLevel:   api.LogLevelSilent,
	})
	if len(res.Errors) > 0 {
		return "", nil // the bundling reports the syntax error itself, with its place
	}
	code := string(res.Code)
	prog, exports, err := parseModule(code)
	if err != nil {
		return "", &useCacheError{line: lineOf(0), text: fmt.Sprintf("cannot read the 'use cache' functions: %v", err)}
	}
	t := &cacheTransform{rel: rel, code: code, lineOf: lineOf, exports: exports}
	body := moduleBody(prog)
	if kind, ok := directive(body); ok {
		if err := t.wrapFile(body, kind); err != nil {
			return "", err
		}
	}
	t.walk(reflect.ValueOf(body), nil)
	if t.err != nil {
		return "", t.err
	}
	if len(t.edits) == 0 {
		return "", nil
	}
	return cacheImport + t.apply(), nil
}

// moduleSyntax matches what goja's script parser does not read in
// esbuild's ES module output: import and export statements and keywords,
// import.meta and import(). parseModule blanks them (keeping every offset)
// and parses the rest as the body of an async function, for top-level await.
var moduleSyntax = regexp.MustCompile(`(?m)^import\s*(?:[\w$*{][^;]*?\bfrom\s*)?"[^"]*";|^export\s*(?:\*|\{)[^;]*;|^export default |^export |\bimport\.meta\b|\bimport\(`)

// wrapperPrefix opens the function the module is parsed as.
const wrapperPrefix = "(async function(){"

// parseModule parses esbuild's output. exports maps each offset where a
// declaration follows a blanked `export` to true ("default" for `export
// default`), and names lists `export { a, b as c }`.
func parseModule(code string) (*ast.Program, *moduleExports, error) {
	ex := &moduleExports{at: map[int]string{}, names: map[string]string{}}
	masked := moduleSyntax.ReplaceAllStringFunc(code, func(m string) string {
		switch {
		case m == "import.meta":
			return "__jsr_meta_"
		case m == "import(":
			return "__jsr_i("
		case strings.HasPrefix(m, "export default "):
			return "0," + strings.Repeat(" ", len(m)-2)
		case strings.HasPrefix(m, "export {"):
			if !strings.Contains(m, " from ") {
				for _, part := range strings.Split(strings.Trim(m[len("export {"):], " };\n"), ",") {
					f := strings.Fields(part)
					if len(f) == 3 && f[1] == "as" {
						ex.names[f[0]] = f[2]
					} else if len(f) == 1 {
						ex.names[f[0]] = f[0]
					}
				}
			}
		}
		return strings.Map(func(r rune) rune {
			if r == '\n' {
				return r
			}
			return ' '
		}, m)
	})
	for _, loc := range moduleSyntax.FindAllStringIndex(code, -1) {
		m := code[loc[0]:loc[1]]
		switch {
		case m == "export default ":
			ex.at[loc[0]] = "default" // the statement starts where the blanked keywords did ("0,")
		case m == "export ":
			ex.at[loc[1]] = "named"
		}
	}
	prog, err := parser.ParseFile(nil, "", wrapperPrefix+masked+"\n})", 0)
	return prog, ex, err
}

// moduleBody is the statements of the function parseModule wrapped the module in.
func moduleBody(prog *ast.Program) []ast.Statement {
	if len(prog.Body) == 1 {
		if es, ok := prog.Body[0].(*ast.ExpressionStatement); ok {
			if fn, ok := es.Expression.(*ast.FunctionLiteral); ok {
				return fn.Body.List
			}
		}
	}
	return nil
}

// moduleExports says what a module exports (see parseModule).
type moduleExports struct {
	at    map[int]string    // offset in the code → "default" or "named"
	names map[string]string // local name → exported name, from export lists
}

// cacheTransform collects the edits of one file.
type cacheTransform struct {
	rel     string
	code    string
	lineOf  func(k int) int
	exports *moduleExports
	edits   []edit
	count   int // cached functions seen, for ids and error lines
	err     error
	done    map[ast.Node]bool
}

type edit struct {
	at   int // offset in code
	text string
}

// offset turns a parser index into an offset in the code.
func offset(i int) int { return i - 1 - len(wrapperPrefix) }

// apply returns the code with the edits inserted.
func (t *cacheTransform) apply() string {
	sort.SliceStable(t.edits, func(i, j int) bool { return t.edits[i].at < t.edits[j].at })
	var b strings.Builder
	last := 0
	for _, e := range t.edits {
		b.WriteString(t.code[last:e.at])
		b.WriteString(e.text)
		last = e.at
	}
	b.WriteString(t.code[last:])
	return b.String()
}

// directive reports whether a body starts with a 'use cache' directive, and its kind.
func directive(list []ast.Statement) (string, bool) {
	for _, s := range list {
		es, ok := s.(*ast.ExpressionStatement)
		if !ok {
			return "", false
		}
		lit, ok := es.Expression.(*ast.StringLiteral)
		if !ok {
			return "", false
		}
		if m := directiveKind.FindStringSubmatch(lit.Value.String()); m != nil {
			if m[1] == "" {
				return "default", true
			}
			return m[1], true
		}
	}
	return "", false
}

// wrapFile wraps every exported function of a 'use cache' file.
func (t *cacheTransform) wrapFile(body []ast.Statement, kind string) error {
	// The error is at the file's directive: before bundling, the source
	// is mapped no further.
	notAsync := func() error {
		return &useCacheError{line: t.lineOf(0), text: `Only async functions are allowed to be exported in a "use cache" file.`}
	}
	for _, s := range body {
		start := offset(int(s.Idx0()))
		how, exported := t.exports.at[start]
		var fn ast.Node
		name := ""
		switch s := s.(type) {
		case *ast.FunctionDeclaration:
			fn, name = s.Function, s.Function.Name.Name.String()
		case *ast.ClassDeclaration:
			if exported || t.exports.names[s.Class.Name.Name.String()] != "" {
				return notAsync()
			}
			continue
		case *ast.ExpressionStatement: // export default <expression>
			if !exported || how != "default" {
				continue
			}
			seq, ok := s.Expression.(*ast.SequenceExpression)
			if !ok || len(seq.Sequence) != 2 {
				continue
			}
			fn, name = seq.Sequence[1], "default"
		case *ast.LexicalDeclaration, *ast.VariableStatement:
			var list []*ast.Binding
			if l, ok := s.(*ast.LexicalDeclaration); ok {
				list = l.List
			} else {
				list = s.(*ast.VariableStatement).List
			}
			for _, b := range list {
				id, ok := b.Target.(*ast.Identifier)
				if !ok {
					continue
				}
				local := id.Name.String()
				if !exported && t.exports.names[local] == "" {
					continue
				}
				if !isFunction(b.Initializer) {
					return notAsync()
				}
				if err := t.wrap(b.Initializer, kind, t.exportID(local), nil); err != nil {
					return err
				}
			}
			continue
		default:
			continue
		}
		if name != "default" {
			if !exported && t.exports.names[name] == "" {
				continue
			}
			name = t.exportName(name)
		}
		if err := t.wrap(fn, kind, t.rel+"#"+name, nil); err != nil {
			return err
		}
	}
	return nil
}

func (t *cacheTransform) exportName(local string) string {
	if n := t.exports.names[local]; n != "" {
		return n
	}
	return local
}

func (t *cacheTransform) exportID(local string) string { return t.rel + "#" + t.exportName(local) }

func isFunction(e ast.Expression) bool {
	switch e.(type) {
	case *ast.FunctionLiteral, *ast.ArrowFunctionLiteral:
		return true
	}
	return false
}

// wrap inserts the wrapper call around fn.
func (t *cacheTransform) wrap(fn ast.Node, kind, id string, bound []string) error {
	if t.done == nil {
		t.done = map[ast.Node]bool{}
	}
	if t.done[fn] {
		return nil
	}
	t.done[fn] = true
	line := t.lineOf(t.count)
	t.count++
	if !cacheKinds[kind] {
		return &useCacheError{line: line, text: fmt.Sprintf(`Unknown cache kind "%s" in "use cache: %s": jsroutes knows "use cache", "use cache: remote" and "use cache: private"`, kind, kind)}
	}
	if id == "" {
		id = t.rel + "#" + strconv.Itoa(t.count)
	}
	// The function's text is part of its id, as Next.js's key has an
	// implementation part: entries a store (Redis) keeps from an older
	// build of the function are not served by a changed one.
	sum := sha256.Sum256([]byte(id + "\n" + t.code[offset(int(fn.Idx0())):offset(int(fn.Idx1()))]))
	head := fmt.Sprintf("%s(%q,%q,[%s],", cacheWrapper, kind, hex.EncodeToString(sum[:10]), strings.Join(bound, ","))
	switch fn := fn.(type) {
	case *ast.FunctionLiteral:
		if !fn.Async || fn.Generator {
			return &useCacheError{line: line, text: `"use cache" functions must be async functions.`}
		}
		name := ""
		if fn.Name != nil {
			name = " " + fn.Name.Name.String()
		}
		t.edits = append(t.edits,
			edit{offset(int(fn.ParameterList.Opening)), "(...__jsr_args){return " + head + "async function" + name},
			edit{offset(int(fn.Body.RightBrace)) + 1, ",__jsr_args)}"})
	case *ast.ArrowFunctionLiteral:
		if !fn.Async {
			return &useCacheError{line: line, text: `"use cache" functions must be async functions.`}
		}
		t.edits = append(t.edits,
			edit{offset(int(fn.Idx0())), "((...__jsr_args)=>" + head},
			edit{offset(int(fn.Idx1())), ",__jsr_args))"})
	}
	return nil
}

// eachNode calls f on every node below v, depth first, v's own included;
// where f returns false the node's children are skipped (f may visit
// some of them itself). An identifier held by value (a shorthand
// property's name) is passed by its address. goja's AST has no walker:
// reflection over its node structs is the one traversal here.
func eachNode(v reflect.Value, f func(ast.Node) bool) {
	if !v.IsValid() {
		return
	}
	switch v.Kind() {
	case reflect.Interface, reflect.Pointer:
		if v.IsNil() || v.Kind() == reflect.Pointer && v.Elem().Kind() != reflect.Struct {
			return
		}
		if n, ok := v.Interface().(ast.Node); ok && !f(n) {
			return
		}
		eachNode(v.Elem(), f)
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			eachNode(v.Index(i), f)
		}
	case reflect.Struct:
		if id, ok := v.Interface().(ast.Identifier); ok {
			f(&id)
			return
		}
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() { // a node's parts are exported; a file's bookkeeping is not
				eachNode(v.Field(i), f)
			}
		}
	}
}

// functionBody is a function's statements (nil for a concise arrow).
func functionBody(n ast.Node) []ast.Statement {
	switch f := n.(type) {
	case *ast.FunctionLiteral:
		return f.Body.List
	case *ast.ArrowFunctionLiteral:
		if b, ok := f.Body.(*ast.BlockStatement); ok {
			return b.List
		}
	}
	return nil
}

// walk finds the functions with a 'use cache' directive below v; scopes
// holds the names each enclosing function declares (innermost last).
func (t *cacheTransform) walk(v reflect.Value, scopes []map[string]bool) {
	eachNode(v, func(n ast.Node) bool {
		if t.err != nil {
			return false
		}
		if m, ok := n.(*ast.MethodDefinition); ok {
			if _, ok := directive(m.Body.Body.List); ok {
				text := `It is not allowed to define inline "use cache" annotated class instance methods. To define cached functions, use functions, object method properties, or static class methods instead.`
				if m.Static {
					text = `"use cache" on a static class method is not supported by jsroutes yet: make it a function or an object method`
				}
				t.err = &useCacheError{line: t.lineOf(t.count), text: text}
				return false
			}
			return true
		}
		body := functionBody(n)
		if body == nil {
			return true
		}
		if kind, ok := directive(body); ok {
			var bound []string
			if len(scopes) > 0 {
				bound = closedOver(n, scopes)
			}
			if err := t.wrap(n, kind, "", bound); err != nil {
				t.err = err
				return false
			}
		}
		inner := append(scopes[:len(scopes):len(scopes)], declared(n))
		eachNode(reflect.ValueOf(n).Elem(), func(c ast.Node) bool {
			t.walk(reflect.ValueOf(c), inner)
			return false
		})
		return false
	})
}

// closedOver lists the names fn uses that an enclosing function declares
// and fn does not: the values it closes over, sorted.
func closedOver(fn ast.Node, scopes []map[string]bool) []string {
	own := declared(fn)
	used := map[string]bool{}
	references(fn, used)
	var out []string
	for name := range used {
		if own[name] {
			continue
		}
		for _, s := range scopes {
			if s[name] {
				out = append(out, name)
				break
			}
		}
	}
	sort.Strings(out)
	return out
}

// references collects the identifiers used as values below n (not
// property names, labels or meta properties).
func references(n ast.Node, out map[string]bool) {
	eachNode(reflect.ValueOf(n), func(n ast.Node) bool {
		visit := func(children ...any) bool {
			for _, c := range children {
				if c, ok := c.(ast.Node); ok && !reflect.ValueOf(c).IsNil() {
					references(c, out)
				}
			}
			return false
		}
		switch n := n.(type) {
		case *ast.Identifier:
			out[n.Name.String()] = true
			return false
		case *ast.DotExpression:
			return visit(n.Left)
		case *ast.PrivateDotExpression:
			return visit(n.Left)
		case *ast.PropertyKeyed:
			if n.Computed {
				visit(n.Key)
			}
			return visit(n.Value)
		case *ast.MethodDefinition:
			if n.Computed {
				visit(n.Key)
			}
			return visit(n.Body)
		case *ast.FieldDefinition:
			if n.Computed {
				visit(n.Key)
			}
			return visit(n.Initializer)
		case *ast.BranchStatement, *ast.MetaProperty:
			return false
		case *ast.LabelledStatement:
			return visit(n.Statement)
		}
		return true
	})
}

// declared collects the names a function declares anywhere in it: its
// name, parameters, variables, functions, classes and catch parameters.
func declared(fn ast.Node) map[string]bool {
	out := map[string]bool{}
	eachNode(reflect.ValueOf(fn), func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Binding:
			bindingNames(n.Target, out)
		case *ast.FunctionLiteral:
			if n.Name != nil {
				out[n.Name.Name.String()] = true
			}
		case *ast.ClassLiteral:
			if n.Name != nil {
				out[n.Name.Name.String()] = true
			}
		case *ast.CatchStatement:
			bindingNames(n.Parameter, out)
		case *ast.ForDeclaration:
			bindingNames(n.Target, out)
		}
		return true
	})
	// A parameter list's plain names are Bindings too; its rest element is not.
	var params *ast.ParameterList
	switch f := fn.(type) {
	case *ast.FunctionLiteral:
		params = f.ParameterList
	case *ast.ArrowFunctionLiteral:
		params = f.ParameterList
	}
	if params != nil && params.Rest != nil {
		bindingNames(params.Rest, out)
	}
	return out
}

// bindingNames adds the names a binding target declares.
func bindingNames(target ast.Node, out map[string]bool) {
	switch t := target.(type) {
	case *ast.Identifier:
		out[t.Name.String()] = true
	case *ast.ObjectPattern:
		for _, p := range t.Properties {
			switch p := p.(type) {
			case *ast.PropertyShort:
				out[p.Name.Name.String()] = true
			case *ast.PropertyKeyed:
				bindingNames(p.Value, out)
			}
		}
		if t.Rest != nil {
			bindingNames(t.Rest, out)
		}
	case *ast.ArrayPattern:
		for _, e := range t.Elements {
			if e != nil {
				bindingNames(e, out)
			}
		}
		if t.Rest != nil {
			bindingNames(t.Rest, out)
		}
	case *ast.AssignExpression:
		bindingNames(t.Left, out)
	}
}
