package bundler

import (
	"math"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/parser"
	"github.com/dop251/goja/token"
	"github.com/evanw/esbuild/pkg/api"
)

// Methods are the HTTP methods a route file may export (Next.js's
// HTTP_METHODS), in the order Next.js lists them: any other method is a
// 400 at a route.
var Methods = []string{"GET", "HEAD", "OPTIONS", "POST", "PUT", "DELETE", "PATCH"}

// configKeys are the route segment config exports.
var configKeys = []string{"dynamic", "dynamicParams", "revalidate", "fetchCache", "runtime", "preferredRegion", "maxDuration"}

// analyze reads what each route file exports without running it, as
// Next.js reads segment config statically: the HTTP methods, the segment
// config's literal values, generateStaticParams. So the route table, the
// cache plan and `jsroutes routes` need no route module to run, and each
// module can load on its route's first request. What it cannot read (a
// config value that is not a literal, an `export *`) goes to
// Route.Unknown, which the runtime learns by loading that module at start.
//
// One esbuild build of every route file, not bundled (imports stay as
// written), turns TypeScript into plain ES modules and lists each file's
// export names in its metafile; the config values are read from the
// output's top-level declarations with goja's parser.
func analyze(root string, routes []Route) error {
	if len(routes) == 0 {
		return nil
	}
	entries := make([]string, len(routes))
	for i, r := range routes {
		entries[i] = filepath.Join(root, filepath.FromSlash(r.File))
	}
	outdir := filepath.Join(root, ".jsroutes-analysis") // never written
	res := api.Build(api.BuildOptions{
		EntryPoints:   entries,
		AbsWorkingDir: root,
		Outdir:        outdir,
		Outbase:       root,
		Write:         false,
		Bundle:        false,
		Metafile:      true,
		Format:        api.FormatESModule,
		Platform:      api.PlatformNeutral,
		Target:        api.ESNext,
		Charset:       api.CharsetUTF8,
		LogLevel:      api.LogLevelSilent,
		Plugins:       []api.Plugin{assetsPlugin(root, routes)},
	})
	if len(res.Errors) > 0 {
		return buildError(root, res.Errors)
	}
	b, err := readBuild(root, res)
	if err != nil {
		return err
	}
	b.readRoutes(routes, false)
	return nil
}

// readExports fills in what a route's module exports, from its export
// names and its code as an ES module.
func (r *Route) readExports(names []string, code string) {
	exported := map[string]bool{}
	for _, n := range names {
		exported[n] = true
	}
	r.Methods = nil
	for _, m := range Methods {
		if exported[m] {
			r.Methods = append(r.Methods, m)
		}
	}
	r.StaticParams = exported["generateStaticParams"]
	if r.Metadata != "" {
		// Its GET is the runtime's, made from the default export.
		r.Methods = []string{"GET"}
		if r.Metadata == "asset" {
			r.Config = map[string]any{"dynamic": "force-static"} // as Next.js's static asset route
		}
		if r.Metadata == "sitemap" && exported["generateSitemaps"] && r.Segments[len(r.Segments)-1].Kind == Static {
			r.splitSitemap()
		}
		if r.Metadata == "image" && exported["generateImageMetadata"] && r.Segments[len(r.Segments)-1].Kind == Static {
			r.splitImage()
		}
	}
	if starExport.MatchString(code) {
		r.Unknown = append(r.Unknown, "*") // the re-exported names are known when it runs
	}
	consts := topLevelConsts(code)
	for _, k := range configKeys {
		if !exported[k] {
			continue
		}
		local := k
		if l, ok := exportAliases(code)[k]; ok {
			local = l
		}
		init, ok := consts[local]
		if !ok {
			r.Unknown = append(r.Unknown, k)
			continue
		}
		v, ok := constValue(init, consts, 0)
		if !ok {
			r.Unknown = append(r.Unknown, k)
			continue
		}
		if r.Config == nil {
			r.Config = map[string]any{}
		}
		r.Config[k] = v
	}
}

var (
	starExport = regexp.MustCompile(`(?m)^export \* from `)
	// A top-level declaration as esbuild prints it: one statement from the
	// start of a line (a multi-line one fails to parse and stays unknown).
	topDecl = regexp.MustCompile(`(?m)^(?:export )?((?:const|let|var) [^\n]*;)$`)
	// esbuild prints a file's other exports as one `export { a, b as c };`.
	exportClause = regexp.MustCompile(`(?s)\nexport \{([^}]*)\};`)
)

// topLevelConsts maps the names a module declares at its top level, on
// one line each, to their initializers.
func topLevelConsts(code string) map[string]ast.Expression {
	out := map[string]ast.Expression{}
	for _, m := range topDecl.FindAllStringSubmatch(code, -1) {
		prog, err := parser.ParseFile(nil, "", m[1], 0)
		if err != nil || len(prog.Body) != 1 {
			continue
		}
		var list []*ast.Binding
		switch s := prog.Body[0].(type) {
		case *ast.LexicalDeclaration:
			list = s.List
		case *ast.VariableStatement:
			list = s.List
		}
		for _, b := range list {
			if id, ok := b.Target.(*ast.Identifier); ok && b.Initializer != nil {
				out[string(id.Name)] = b.Initializer
			}
		}
	}
	return out
}

// exportAliases maps exported names to the local names an export clause
// gives them (export { local as exported }).
func exportAliases(code string) map[string]string {
	out := map[string]string{}
	for _, m := range exportClause.FindAllStringSubmatch(code, -1) {
		for _, part := range strings.Split(m[1], ",") {
			local, exported, found := strings.Cut(strings.TrimSpace(part), " as ")
			if found {
				out[strings.TrimSpace(exported)] = strings.TrimSpace(local)
			}
		}
	}
	return out
}

// constValue evaluates a constant expression as Next.js's static reading
// of segment config accepts it: literals, and arithmetic, negation and
// string concatenation of them and of other such top-level constants.
// Integers come as int64, other numbers as float64, as goja exports them.
func constValue(e ast.Expression, consts map[string]ast.Expression, depth int) (any, bool) {
	if depth > 8 {
		return nil, false
	}
	switch e := e.(type) {
	case *ast.StringLiteral:
		return string(e.Value), true
	case *ast.BooleanLiteral:
		return e.Value, true
	case *ast.NumberLiteral:
		return number(toFloat(e.Value))
	case *ast.TemplateLiteral:
		if len(e.Expressions) == 0 && len(e.Elements) == 1 {
			return string(e.Elements[0].Parsed), true
		}
	case *ast.Identifier:
		switch e.Name {
		case "Infinity":
			return math.Inf(1), true
		case "undefined":
			return nil, false
		}
		if init, ok := consts[string(e.Name)]; ok {
			return constValue(init, consts, depth+1)
		}
	case *ast.UnaryExpression:
		v, ok := constValue(e.Operand, consts, depth+1)
		f, isNum := asFloat(v)
		if !ok || !isNum {
			return nil, false
		}
		switch e.Operator {
		case token.MINUS:
			return number(-f)
		case token.PLUS:
			return number(f)
		}
	case *ast.BinaryExpression:
		l, ok1 := constValue(e.Left, consts, depth+1)
		r, ok2 := constValue(e.Right, consts, depth+1)
		if !ok1 || !ok2 {
			return nil, false
		}
		ls, lstr := l.(string)
		rs, rstr := r.(string)
		if e.Operator == token.PLUS && lstr && rstr {
			return ls + rs, true
		}
		a, aok := asFloat(l)
		b, bok := asFloat(r)
		if !aok || !bok {
			return nil, false
		}
		switch e.Operator {
		case token.PLUS:
			return number(a + b)
		case token.MINUS:
			return number(a - b)
		case token.MULTIPLY:
			return number(a * b)
		case token.SLASH:
			return number(a / b)
		}
	}
	return nil, false
}

func toFloat(v any) float64 {
	f, _ := asFloat(v)
	return f
}

func asFloat(v any) (float64, bool) {
	switch n := v.(type) {
	case int64:
		return float64(n), true
	case float64:
		return n, true
	}
	return 0, false
}

// number is f as goja would export it: an int64 when it is one.
func number(f float64) (any, bool) {
	if f == math.Trunc(f) && math.Abs(f) < 1<<53 {
		return int64(f), true
	}
	return f, !math.IsNaN(f)
}
