package jsrt_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/evanw/esbuild/pkg/api"

	"github.com/jsroutes/jsroutes/fixtures"
	"github.com/jsroutes/jsroutes/jsrt"
	"github.com/jsroutes/jsroutes/polyfills"
)

// wptDirs are the web-platform-tests directories of the Web APIs jsroutes
// provides, with the subtest pass counts they must not fall below at the
// revision README.md names (make wpt prints the counts; README.md records
// them beside Node's).
var wptDirs = map[string]int{
	"streams":                          967,
	"FileAPI":                          171,
	"xhr/formdata":                     36,
	"url":                              1648,
	"encoding":                         11271,
	"fetch/api/headers":                72,
	"fetch/api/request":                125,
	"fetch/api/response":               174,
	"fetch/api/body":                   8,
	"dom/abort":                        7,
	"html/webappapis/atob":             285,
	"html/webappapis/structured-clone": 108,
}

// wptFile is one run of a test file: its source with the harness and the
// scripts its META lines name, and the query of its variant.
type wptFile struct {
	name    string // path in the checkout, with the variant
	missing string // a META script the checkout lacks: the file is not run
	Path    string `json:"path"`    // URL path the test is served at
	Variant string `json:"variant"` // location.search
	Source  string `json:"source"`
}

// wptResult is how one file ended: its subtests by name, and the
// harness's own status (an error thrown outside any test).
type wptResult struct {
	Tests []struct {
		Name    string `json:"name"`
		Status  int    `json:"status"` // testharness.js: 0 PASS, 1 FAIL, 2 TIMEOUT, 3 NOTRUN
		Message string `json:"message"`
	} `json:"tests"`
	Harness string `json:"harness"`
	err     string
}

func (r wptResult) passed() int {
	n := 0
	for _, t := range r.Tests {
		if t.Status == 0 {
			n++
		}
	}
	return n
}

// TestWPT runs web-platform-tests' .any.js files for the Web APIs
// jsroutes provides inside route handlers, each file in a fresh worker,
// and the same files in Node.js (a process each), and prints both pass
// counts. A static server on 127.0.0.1 stands in for the WPT server (the
// files' relative fetches of JSON and text resources reach it; its
// Python handlers are not run, so tests needing them fail on both
// sides). The run fails when a worker is replaced for anything but its
// request quota (the heap guard or the time limit stopping one is the
// thrashing this runner was made to catch), or when a directory passes
// fewer subtests than recorded. It runs when JSROUTES_WPT names a WPT
// checkout (make wpt WPT=…); it is not part of make test.
func TestWPT(t *testing.T) {
	root := os.Getenv("JSROUTES_WPT")
	if root == "" {
		t.Skip("JSROUTES_WPT names no web-platform-tests checkout (make wpt WPT=path)")
	}
	static := httptest.NewServer(http.FileServer(http.Dir(root)))
	t.Cleanup(static.Close)
	a := serveApp(t, fixtures.Write(t, map[string]string{"app/run/route.js": wptRoute}), jsrt.Options{
		Workers: 2, MaxRequestsPerWorker: 1, RequestTimeout: 2 * time.Minute,
	})
	// JSROUTES_WPT_ONLY picks directories by a part of their name, or
	// files by a path under one.
	only := os.Getenv("JSROUTES_WPT_ONLY")
	dirs := make([]string, 0, len(wptDirs))
	for d := range wptDirs {
		if only == "" || strings.Contains(d, only) || strings.HasPrefix(only, d+"/") {
			dirs = append(dirs, d)
		}
	}
	sort.Strings(dirs)
	harness := wptHarness(t, root)
	port := static.URL[strings.LastIndex(static.URL, ":")+1:]
	var report strings.Builder
	report.WriteString("| WPT directory | files | jsroutes: passed of run | Node.js: passed of run |\n|---|---|---|---|\n")
	var total [4]int
	for _, dir := range dirs {
		files := loadWPT(t, root, dir, harness, port)
		if strings.HasPrefix(only, dir+"/") {
			files = slices.DeleteFunc(files, func(f wptFile) bool { return !strings.Contains(f.name, only) })
		}
		js := make([]wptResult, len(files))
		node := make([]wptResult, len(files))
		var wg sync.WaitGroup
		sem := make(chan struct{}, 2)
		for i, f := range files {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer wg.Done()
				defer func() { <-sem }()
				if f.missing != "" {
					js[i], node[i] = wptResult{err: f.missing}, wptResult{err: f.missing}
					return
				}
				js[i] = runWPTJS(a, static.URL, f)
				node[i] = runWPTNode(t, static.URL, f)
			}()
		}
		wg.Wait()
		var jsPass, jsTests, nodePass, nodeTests int
		var notes []string
		for i, f := range files {
			jsPass += js[i].passed()
			jsTests += len(js[i].Tests)
			nodePass += node[i].passed()
			nodeTests += len(node[i].Tests)
			if node[i].err != "" {
				notes = append(notes, fmt.Sprintf("%s: Node did not run it: %s", f.name, node[i].err))
			}
			if d := js[i].passed() - node[i].passed(); d < 0 || js[i].err != "" || js[i].Harness != "" {
				notes = append(notes, fmt.Sprintf("%s: %d/%d (Node %d/%d)%s", f.name, js[i].passed(), len(js[i].Tests), node[i].passed(), len(node[i].Tests), js[i].firstFailure()))
			}
		}
		fmt.Fprintf(&report, "| `%s` | %d | %d of %d | %d of %d |\n", dir, len(files), jsPass, jsTests, nodePass, nodeTests)
		t.Logf("%s: jsroutes %d of %d, Node %d of %d subtests; files behind Node:\n\t%s", dir, jsPass, jsTests, nodePass, nodeTests, strings.Join(notes, "\n\t"))
		if jsPass < wptDirs[dir] {
			t.Errorf("%s: %d subtests pass, fewer than the %d recorded", dir, jsPass, wptDirs[dir])
		}
		total[0] += jsPass
		total[1] += jsTests
		total[2] += nodePass
		total[3] += nodeTests
	}
	fmt.Fprintf(&report, "| all | | %d of %d | %d of %d |\n", total[0], total[1], total[2], total[3])
	t.Logf("\n%s", report.String())
	if errs := grepLines(a.logs.String(), "level=ERROR"); errs != "" {
		t.Logf("errors logged by the app:\n%s", errs)
	}
	if n := strings.Count(a.logs.String(), "worker replaced") - strings.Count(a.logs.String(), "recycled after its request quota"); n > 0 {
		t.Errorf("%d workers were replaced during the run (heap guard or time limit):\n%s", n, grepLines(a.logs.String(), "worker replaced"))
	}
}

func (r wptResult) firstFailure() string {
	if r.err != "" {
		return ": " + r.err
	}
	if r.Harness != "" {
		return ": harness: " + r.Harness
	}
	for _, t := range r.Tests {
		if t.Status != 0 {
			return fmt.Sprintf(": first failure %q: %s", t.Name, t.Message)
		}
	}
	return ""
}

func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// wptPrelude makes a global scope testharness.js runs in as it does in a
// shell: self, a location naming the file on the static server (subset
// tests read their variant from location.search), fetch resolving
// relative URLs against it as a worker's does, and the harness's results
// gathered for the runner. The same prelude runs on both sides.
const wptPrelude = `globalThis.self ??= globalThis;
globalThis.location = new URL(globalThis.__wpt.url);
{
  const fetch = globalThis.fetch;
  globalThis.fetch = (input, init) => fetch(typeof input === 'string' ? new URL(input, location.href).href : input, init);
}
`

// wptHooks runs after testharness.js: it reports the results when the
// harness completes.
const wptHooks = `add_completion_callback((tests, status) => {
  globalThis.__wpt.done({
    tests: tests.map((t) => ({ name: t.name, status: t.status, message: t.message == null ? '' : String(t.message) })),
    harness: status.status === 0 ? '' : String(status.message),
  });
});
`

// wptHarness is testharness.js with the prelude and hooks around it.
func wptHarness(t *testing.T, root string) string {
	b, err := os.ReadFile(filepath.Join(root, "resources", "testharness.js"))
	if err != nil {
		t.Fatalf("WPT checkout: %v", err)
	}
	return wptPrelude + string(b) + "\n" + wptHooks
}

// wptAliases are the paths the WPT server serves from elsewhere in the
// checkout (tools/serve/serve.py's aliases).
var wptAliases = map[string]string{
	"/resources/WebIDLParser.js": "/resources/webidl2/lib/webidl2.js",
}

var wptTemplate = regexp.MustCompile(`\{\{(host|domains\[[^\]]*\]|hosts\[[^\]]*\]\[[^\]]*\]|ports\[[^\]]*\]\[\d\])\}\}`)

// wptSubstitute fills a .sub. file's templates as the WPT server does:
// every host is 127.0.0.1 and every port the static server's (the tests
// reaching a second origin or https fail on both sides alike).
func wptSubstitute(name, s, port string) string {
	if !strings.Contains(path.Base(name), ".sub.") {
		return s
	}
	return wptTemplate.ReplaceAllStringFunc(s, func(m string) string {
		if strings.HasPrefix(m, "{{ports") {
			return port
		}
		return "127.0.0.1"
	})
}

var wptMeta = regexp.MustCompile(`(?m)^// META: *(\w+)=(.*)$`)

// loadWPT reads a directory's .any.js files that run in a worker or a
// shell (window-only ones need a document), one run per variant.
func loadWPT(t *testing.T, root, dir, harness, port string) []wptFile {
	var out []wptFile
	err := filepath.WalkDir(filepath.Join(root, dir), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".any.js") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		urlPath := "/" + filepath.ToSlash(rel)
		var scripts []string
		missing := ""
		variants := []string{""}
		global := "window,dedicatedworker"
		for _, m := range wptMeta.FindAllStringSubmatch(string(b), -1) {
			switch v := strings.TrimSpace(m[2]); m[1] {
			case "script":
				if !strings.HasPrefix(v, "/") {
					v = path.Join(path.Dir(urlPath), v)
				}
				if alias, ok := wptAliases[v]; ok {
					v = alias
				}
				s, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(v)))
				if err != nil {
					missing = fmt.Sprintf("META script %s: %v", v, err)
				}
				scripts = append(scripts, wptSubstitute(v, string(s), port))
			case "variant":
				if variants[0] == "" {
					variants = variants[:0]
				}
				variants = append(variants, v)
			case "global":
				global = v
			}
		}
		if !regexp.MustCompile(`\b(worker|dedicatedworker|jsshell|shadowrealm)\b`).MatchString(global) {
			return nil
		}
		source := harness + "\n" + strings.Join(scripts, "\n;\n") + "\n;\n" + wptSubstitute(rel, string(b), port) + "\n;\ndone();\n"
		for _, v := range variants {
			out = append(out, wptFile{name: rel + v, Path: urlPath, Variant: v, Source: source, missing: missing})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// wptRoute runs a file's source as a global script in a route handler and
// answers its results; a file that has not completed in 30 s has its
// remaining tests timed out by the harness (testharness.js's timeout()).
const wptRoute = `export async function POST(request) {
  if (globalThis.__wpt) return new Response('used', { status: 409 });
  const { source, url } = await request.json();
  const results = new Promise((done) => { globalThis.__wpt = { url, done }; });
  try {
    (0, eval)(source);
  } catch (e) {
    return Response.json({ tests: [], harness: 'threw: ' + String(e?.stack ?? e) });
  }
  const timer = setTimeout(() => globalThis.timeout(), 30000);
  const out = await results;
  clearTimeout(timer);
  return Response.json(out);
}
`

// runWPTJS runs one file in jsroutes.
func runWPTJS(a *app, base string, f wptFile) wptResult {
	// The source goes through esbuild as an app's does.
	res := api.Transform(f.Source, api.TransformOptions{Target: api.ESNext, Supported: polyfills.Supported, LogLevel: api.LogLevelSilent})
	if len(res.Errors) > 0 {
		return wptResult{err: "esbuild: " + res.Errors[0].Text}
	}
	body, _ := json.Marshal(map[string]any{"source": string(res.Code), "url": base + f.Path + f.Variant})
	resp, err := http.Post(a.URL+"/run", "application/json", bytes.NewReader(body))
	if err != nil {
		return wptResult{err: "request: " + err.Error()}
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode == http.StatusConflict {
		return wptResult{err: "ran in a worker that had run another file"}
	}
	var out wptResult
	if err := json.Unmarshal(b, &out); err != nil {
		return wptResult{err: fmt.Sprintf("%d %.200s", resp.StatusCode, b)}
	}
	return out
}

// wptNode is the Node.js side: the same source as a global script of a
// fresh process.
const wptNode = `import vm from 'node:vm';
let input = '';
for await (const c of process.stdin) input += c;
const { source, url } = JSON.parse(input);
const results = new Promise((done) => { globalThis.__wpt = { url, done }; });
let out;
try {
  vm.runInThisContext(source, { filename: url });
  const timer = setTimeout(() => globalThis.timeout(), 30000);
  out = await results;
  clearTimeout(timer);
} catch (e) {
  out = { tests: [], harness: 'threw: ' + String(e?.stack ?? e) };
}
// Exit once the pipe has taken it all: a write to a pipe is asynchronous,
// and exiting at once cut long reports short.
process.stdout.write(JSON.stringify(out), () => process.exit(0));
`

// runWPTNode runs one file in a Node.js process.
func runWPTNode(t *testing.T, base string, f wptFile) wptResult {
	dir := t.TempDir()
	script := filepath.Join(dir, "run.mjs")
	if err := os.WriteFile(script, []byte(wptNode), 0o644); err != nil {
		t.Fatal(err)
	}
	body, _ := json.Marshal(map[string]any{"source": f.Source, "url": base + f.Path + f.Variant})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", script)
	cmd.Stdin = bytes.NewReader(body)
	out, err := cmd.Output()
	if err != nil {
		return wptResult{err: "node: " + err.Error()}
	}
	var r wptResult
	if err := json.Unmarshal(out, &r); err != nil {
		return wptResult{err: fmt.Sprintf("node: %.200s", out)}
	}
	return r
}
