package jsrt_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/evanw/esbuild/pkg/api"

	"github.com/jsroutes/jsroutes/bundler"
	"github.com/jsroutes/jsroutes/fixtures"
	"github.com/jsroutes/jsroutes/jsrt"
	"github.com/jsroutes/jsroutes/polyfills"
)

// test262Dirs are the directories of tc39/test262 that measure what
// jsroutes adds to goja's JavaScript (Intl, Unicode regexps), with the
// pass counts they must not fall below (make test262 prints the counts;
// README.md records them beside Node's).
var test262Dirs = map[string]int{
	"test/intl402":                                 1050, // 1,054 on 2026-12-05 (Node 20.20: 1,028)
	"test/built-ins/RegExp/property-escapes":       613,
	"test/built-ins/RegExp/match-indices":          14,
	"test/built-ins/RegExp/unicodeSets":            114,
	"test/built-ins/RegExp/prototype/unicodeSets":  37,
	"test/built-ins/String/prototype/isWellFormed": 8, // 8 on 2026-12-05, as Node
	"test/built-ins/String/prototype/toWellFormed": 8,
}

// TestTest262 runs test262's directories in jsroutes route handlers, each
// test as its own request in a fresh worker (a test may change the
// builtins), the source passed through esbuild as an app's code is (so a
// regexp literal reaches jsroutes's RegExp as it does in a bundle), and
// the same tests in Node.js (a fresh vm context each), and prints both
// pass counts. It runs when JSROUTES_TEST262 names a test262 checkout
// (make test262 TEST262=…); it is not part of make test (minutes, and a
// checkout the repository does not carry).
func TestTest262(t *testing.T) {
	root := os.Getenv("JSROUTES_TEST262")
	if root == "" {
		t.Skip("JSROUTES_TEST262 names no test262 checkout (make test262 TEST262=path)")
	}
	a := serveApp(t, fixtures.Write(t, map[string]string{"app/run/route.js": test262Route}), jsrt.Options{Workers: 2, MaxRequestsPerWorker: 1, RequestTimeout: 2 * time.Minute})
	dirs := make([]string, 0, len(test262Dirs))
	for d := range test262Dirs {
		if only := os.Getenv("JSROUTES_TEST262_ONLY"); only == "" || strings.Contains(d, only) {
			dirs = append(dirs, d)
		}
	}
	sort.Strings(dirs)
	var report strings.Builder
	report.WriteString("| test262 directory | tests | jsroutes | Node.js |\n|---|---|---|---|\n")
	for _, dir := range dirs {
		tests := loadTest262(t, root, dir)
		var js, node int
		nodeResults := runTest262Node(t, tests)
		results := make([]string, len(tests))
		var wg sync.WaitGroup
		sem := make(chan struct{}, 2)
		for i, tc := range tests {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer wg.Done()
				defer func() { <-sem }()
				results[i] = runTest262JS(a, tc)
			}()
		}
		wg.Wait()
		var failures []string
		for i, tc := range tests {
			if results[i] == "pass" {
				js++
			} else if len(failures) < 40 {
				failures = append(failures, tc.name+": "+results[i])
			}
			if nodeResults[i] == "pass" {
				node++
			}
		}
		fmt.Fprintf(&report, "| `%s` | %d | %d | %d |\n", dir, len(tests), js, node)
		t.Logf("%s: jsroutes %d/%d, Node %d/%d; first failures:\n\t%s", dir, js, len(tests), node, len(tests), strings.Join(failures, "\n\t"))
		if js < test262Dirs[dir] {
			t.Errorf("%s: %d pass, fewer than the %d recorded", dir, js, test262Dirs[dir])
		}
	}
	t.Logf("\n%s", report.String())
}

// test262Case is one test file, ready to run: the harness files it needs
// and its own source, strict when its flags say so.
type test262Case struct {
	name     string
	Source   string `json:"source"`
	Async    bool   `json:"async"`
	Negative string `json:"negative"` // the error constructor's name a negative test expects
	Skip     string `json:"-"`
}

var test262Meta = regexp.MustCompile(`(?s)/\*---(.*?)---\*/`)

// loadTest262 reads a directory's tests (module tests are skipped: route
// code runs scripts through eval here).
func loadTest262(t *testing.T, root, dir string) []test262Case {
	harness := func(name string) string {
		b, err := os.ReadFile(filepath.Join(root, "harness", name))
		if err != nil {
			t.Fatalf("test262 harness: %v", err)
		}
		return string(b)
	}
	var out []test262Case
	err := filepath.WalkDir(filepath.Join(root, dir), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".js") || strings.Contains(p, "_FIXTURE") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		src := string(b)
		meta := ""
		if m := test262Meta.FindStringSubmatch(src); m != nil {
			meta = m[1]
		}
		rel, _ := filepath.Rel(root, p)
		tc := test262Case{name: rel}
		flags := yamlList(meta, "flags")
		has := func(f string) bool { return contains(flags, f) }
		if has("module") {
			tc.Skip = "module"
		}
		if i := strings.Index(meta, "negative:"); i >= 0 {
			if m := regexp.MustCompile(`type:\s*(\w+)`).FindStringSubmatch(meta[i:]); m != nil {
				tc.Negative = m[1]
			}
		}
		var pre strings.Builder
		if !has("raw") {
			pre.WriteString(harness("assert.js") + "\n" + harness("sta.js") + "\n")
			if has("async") {
				pre.WriteString(harness("doneprintHandle.js") + "\n")
			}
			for _, inc := range yamlList(meta, "includes") {
				pre.WriteString(harness(inc) + "\n")
			}
		}
		tc.Async = has("async")
		tc.Source = pre.String() + src
		if has("onlyStrict") {
			tc.Source = "'use strict';\n" + tc.Source
		}
		out = append(out, tc)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// yamlList reads a "key: [a, b]" or "key:\n  - a" list of the metadata.
func yamlList(meta, key string) []string {
	if m := regexp.MustCompile(`(?m)^` + key + `:\s*\[(.*?)\]`).FindStringSubmatch(meta); m != nil {
		var out []string
		for _, s := range strings.Split(m[1], ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	if m := regexp.MustCompile(`(?m)^` + key + `:\s*\n((?:\s+-\s*.+\n)+)`).FindStringSubmatch(meta); m != nil {
		var out []string
		for _, l := range strings.Split(strings.TrimSpace(m[1]), "\n") {
			out = append(out, strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(l), "-")))
		}
		return out
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// test262Route runs a test's source as a global script and says how it
// ended: "pass", or what it threw.
const test262Route = `export async function POST(request) {
  // One test per worker (MaxRequestsPerWorker: 1): a worker that ran one
  // says so, and the test counts as failed.
  if (globalThis.__test262Ran) return new Response('used', { status: 409 });
  globalThis.__test262Ran = true;
  const { source, async } = await request.json();
  let finish;
  const finished = new Promise((resolve) => { finish = resolve; });
  globalThis.print = (msg) => {
    if (String(msg).startsWith('Test262:AsyncTestComplete')) finish('pass');
    else if (String(msg).startsWith('Test262:AsyncTestFailure')) finish('fail: ' + msg);
  };
  try {
    (0, eval)(source);
  } catch (e) {
    return Response.json({ threw: e?.constructor?.name ?? typeof e, message: String(e?.message ?? e) });
  }
  if (!async) return Response.json({ result: 'pass' });
  const timeout = new Promise((resolve) => setTimeout(() => resolve('fail: $DONE never called'), 10000));
  return Response.json({ result: await Promise.race([finished, timeout]) });
}
`

// runTest262JS runs one test in jsroutes.
func runTest262JS(a *app, tc test262Case) string {
	if tc.Skip != "" {
		return "skipped: " + tc.Skip
	}
	// The source goes through esbuild as an app's does (literals that goja
	// lacks become new RegExp, and so on); a syntax error there, or a
	// regexp literal V8 refuses (the build's check, bundler.RegExpEarlyError),
	// is the parse-phase SyntaxError a negative test expects.
	if m := bundler.RegExpEarlyError([]byte(tc.Source), api.LoaderJS); m != nil {
		return verdict(tc, "", "SyntaxError", m.Text)
	}
	res := api.Transform(tc.Source, api.TransformOptions{Target: api.ESNext, Supported: polyfills.Supported, LogLevel: api.LogLevelSilent})
	if len(res.Errors) > 0 {
		if tc.Negative == "SyntaxError" {
			return "pass"
		}
		return "esbuild: " + res.Errors[0].Text
	}
	body, _ := json.Marshal(map[string]any{"source": string(res.Code), "async": tc.Async})
	resp, err := http.Post(a.URL+"/run", "application/json", bytes.NewReader(body))
	if err != nil {
		return "request: " + err.Error()
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode == http.StatusConflict {
		return "ran in a worker that had run another test"
	}
	var out struct{ Result, Threw, Message string }
	if err := json.Unmarshal(b, &out); err != nil {
		return fmt.Sprintf("%d %s", resp.StatusCode, b)
	}
	return verdict(tc, out.Result, out.Threw, out.Message)
}

// verdict is a test's result given how it ended.
func verdict(tc test262Case, result, threw, message string) string {
	switch {
	case threw != "" && tc.Negative != "" && threw == tc.Negative:
		return "pass"
	case threw != "":
		return threw + ": " + message
	case tc.Negative != "":
		return "no " + tc.Negative
	}
	return result
}

// test262Node is the Node.js side: a fresh vm context per test.
const test262Node = `import vm from 'node:vm';
let input = '';
for await (const c of process.stdin) input += c;
const out = [];
for (const { source, async, skip } of JSON.parse(input)) {
  if (skip) { out.push({ result: 'skipped' }); continue; }
  let finish;
  const finished = new Promise((resolve) => { finish = resolve; });
  const context = vm.createContext({ print: (msg) => {
    if (String(msg).startsWith('Test262:AsyncTestComplete')) finish('pass');
    else if (String(msg).startsWith('Test262:AsyncTestFailure')) finish('fail: ' + msg);
  } });
  try {
    vm.runInContext(source, context, { timeout: 60000 });
  } catch (e) {
    out.push({ threw: e?.constructor?.name ?? typeof e, message: String(e?.message ?? e) });
    continue;
  }
  if (!async) { out.push({ result: 'pass' }); continue; }
  let timer;
  const timeout = new Promise((resolve) => { timer = setTimeout(() => resolve('fail: $DONE never called'), 10000); });
  out.push({ result: await Promise.race([finished, timeout]) });
  clearTimeout(timer);
}
process.stdout.write(JSON.stringify(out));
`

// runTest262Node runs the tests in one Node.js process.
func runTest262Node(t *testing.T, tests []test262Case) []string {
	dir := t.TempDir()
	script := filepath.Join(dir, "run.mjs")
	if err := os.WriteFile(script, []byte(test262Node), 0o644); err != nil {
		t.Fatal(err)
	}
	type in struct {
		Source string `json:"source"`
		Async  bool   `json:"async"`
		Skip   bool   `json:"skip"`
	}
	var ins []in
	for _, tc := range tests {
		ins = append(ins, in{tc.Source, tc.Async, tc.Skip != ""})
	}
	body, _ := json.Marshal(ins)
	cmd := exec.Command("node", script)
	cmd.Stdin = bytes.NewReader(body)
	out, err := cmd.Output()
	results := make([]string, len(tests))
	if err != nil {
		t.Logf("node: %v", err)
		return results
	}
	var got []struct{ Result, Threw, Message string }
	_ = json.Unmarshal(out, &got)
	for i := range results {
		if i < len(got) {
			results[i] = verdict(tests[i], got[i].Result, got[i].Threw, got[i].Message)
		}
	}
	return results
}
