package jsrt_test

import (
	"encoding/json"
	"net/http"
	"os/exec"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/jsroutes/jsroutes/fixtures"
	"github.com/jsroutes/jsroutes/jsrt"
)

// engineDir is the fixture whose checks are what packages expect of V8.
const engineDir = "../fixtures/apps/engine"

// knownDifferences are the checks where jsroutes is known to answer
// otherwise than Node, and why (conformance/KNOWN_DIFFERENCES.md): the
// test fails if one of them starts to agree, so that the list stays true.
var knownDifferences = map[string]string{
	"intl/timeZoneName long": "FormatJS adds an hour when only timeZoneName is asked for; ECMA-402 (and V8) default to the date alone",
}

// The engine checks answer under jsroutes as under Node.js, check by check
// (fixtures/apps/engine/lib holds them; Node runs the same files).
func TestEngineChecksMatchNode(t *testing.T) {
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node is not installed")
	}
	a := serveApp(t, engineDir, jsrt.Options{Workers: 1})
	for _, group := range []string{"regexp", "intl", "locales", "errors", "scripts", "strings"} {
		t.Run(group, func(t *testing.T) {
			cmd := exec.Command("node", "scripts/node-side.mjs", group)
			cmd.Dir = engineDir
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("node: %v", err)
			}
			var want map[string]json.RawMessage
			if err := json.Unmarshal(out, &want); err != nil {
				t.Fatalf("node answered %s", out)
			}
			// A group's first run loads each locale's CLDR data in the worker
			// (0.1-0.3 s a locale and kind): the forty locales take a while.
			res := a.getWithin("/api/checks?group="+group, 2*time.Minute)
			var got map[string]json.RawMessage
			if err := json.Unmarshal([]byte(res.Body), &got); err != nil {
				t.Fatalf("jsroutes answered %d %s", res.Status, res.Body)
			}
			names := make([]string, 0, len(want))
			for name := range want {
				names = append(names, name)
			}
			sort.Strings(names)
			for _, name := range names {
				_, known := knownDifferences[group+"/"+name]
				switch same := string(got[name]) == string(want[name]); {
				case !same && !known:
					t.Errorf("%s: jsroutes %s\n\tnode %s", name, got[name], want[name])
				case same && known:
					t.Errorf("%s: now answers as Node: take it off knownDifferences (and conformance/KNOWN_DIFFERENCES.md)", name)
				}
			}
			t.Logf("%d checks", len(names))
		})
	}
}

// getWithin is a GET that may take up to limit (app.get's client gives up
// after 20 s).
func (a *app) getWithin(path string, limit time.Duration) result {
	a.t.Helper()
	client := *noRedirects
	client.Timeout = limit
	return a.doWith(&client, http.MethodGet, path, nil)
}

// A module with a regexp literal V8 refuses fails as it loads, as under
// Node (V8 refuses the module when it parses it, so none of it runs), with
// V8's SyntaxError in the log and the file's place in a start-up warning;
// the other routes are served.
func TestInvalidRegExpLiteralFailsItsModule(t *testing.T) {
	a := serveApp(t, fixtures.Write(t, map[string]string{
		"app/bad/route.ts":  "let loaded = true\nexport function GET() {\n  return new Response(String(/^[\\p{Foo}-]+$/u.test('x')))\n}\n",
		"app/good/route.ts": "export function GET() { return new Response(String(/^\\p{L}+$/u.test('héllo'))) }\n",
	}), jsrt.Options{})
	if res := a.get("/good"); res.Status != 200 || res.Body != "true" {
		t.Errorf("GET /good: %d %q", res.Status, res.Body)
	}
	if res := a.get("/bad"); res.Status != 500 {
		t.Errorf("GET /bad: %d %q", res.Status, res.Body)
	}
	logs := a.logs.String()
	for _, want := range []string{
		`level=WARN msg="Invalid regular expression: /^[\\p{Foo}-]+$/u: Invalid property name in character class (V8 refuses the module`,
		"file=app/bad/route.ts:3",
		`error="SyntaxError: Invalid regular expression: /^[\\p{Foo}-]+$/u: Invalid property name in character class`,
	} {
		if !strings.Contains(logs, want) {
			t.Errorf("the log lacks %s:\n%s", want, logs)
		}
	}
}
