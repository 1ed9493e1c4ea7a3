package bundler

import (
	"encoding/json"
	"reflect"
	"regexp"
	"strings"

	"github.com/dop251/goja/ast"
	"github.com/evanw/esbuild/pkg/api"

	wregexp "github.com/jsroutes/jsroutes/webapi/regexp"
)

// V8 refuses a module with an invalid regexp literal when it parses it:
// none of the module runs, and the SyntaxError names the literal. esbuild
// lowers the literals goja's engine lacks (\p{…}, the v and d flags) to
// new RegExp(…) without checking them, which moved the error to the
// moment the line runs, if it ever does. So the build checks an app's
// literals that jsroutes rewrites with the runtime's own translator
// (webapi/regexp.Check), and a file with an invalid one starts with a
// throw of V8's SyntaxError: the module fails as it loads, as under
// Node, and the start-up log names the file and line.

// uvLiteral finds, cheaply, a source that may hold a regexp literal with
// the u, v or d flag; only those are parsed.
var uvLiteral = regexp.MustCompile(`/[gimsy]*[uvd][dgimsuvy]*(?:[^\w$]|$)`)

// RegExpEarlyError returns the first regexp literal of src (a file esbuild
// reads with loader) that V8 refuses to parse, as a message at its place
// (File left empty), or nil.
func RegExpEarlyError(src []byte, loader api.Loader) *Message {
	if !uvLiteral.Match(src) {
		return nil
	}
	res := api.Transform(string(src), api.TransformOptions{Loader: loader, Target: api.ESNext, JSX: api.JSXAutomatic, LogLevel: api.LogLevelSilent})
	if len(res.Errors) > 0 {
		return nil // the bundling reports the syntax error itself, with its place
	}
	prog, _, err := parseModule(string(res.Code))
	if err != nil {
		return nil
	}
	var found *Message
	eachNode(reflect.ValueOf(moduleBody(prog)), func(n ast.Node) bool {
		re, ok := n.(*ast.RegExpLiteral)
		if !ok || found != nil {
			return found == nil
		}
		if err := wregexp.Check(re.Literal, re.Pattern, re.Flags); err != nil {
			// esbuild keeps a literal's text: its first place in the source.
			line, col := 1, 1
			if i := strings.Index(string(src), re.Literal); i >= 0 {
				line = 1 + strings.Count(string(src[:i]), "\n")
				col = 1 + i - (strings.LastIndex(string(src[:i]), "\n") + 1)
			}
			found = &Message{Line: line, Column: col, Text: err.Error()}
		}
		return true
	})
	return found
}

// earlyThrow is the statement a file with an invalid literal starts with,
// on its first line (the lines of its source map stay).
func earlyThrow(m *Message) string {
	text, _ := json.Marshal(m.Text) // a JS string literal: Go escapes U+2028 and U+2029
	return "throw new SyntaxError(" + string(text) + ");"
}
