package main

import (
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/url"
	"os/exec"
	"path/filepath"
	"strings"
)

// The engine scenario: what the JavaScript engine's additions cost, in a
// route under jsroutes (one worker, fresh) and in a fresh Node.js process
// running the same code: the first use of Intl (a currency NumberFormat,
// a DateTimeFormat in a time zone) and of a \p{…} regexp, in ms and in
// MiB of resident memory, and formatting throughput once warm.

// engineCases is the module both run: each case returns what it measured.
const engineCases = `export const cases = {
  'first NumberFormat (de-DE, EUR)': () => time(() => new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' }).format(1234.5)),
  'first DateTimeFormat (de-DE, Europe/Berlin)': () => time(() => new Intl.DateTimeFormat('de-DE', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Berlin' }).format(0)),
  'first DateTimeFormat, second locale (fr-FR)': () => time(() => new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' }).format(0)),
  'first \\p{L} regexp': () => time(() => new RegExp('^[\\p{L}\\p{N}]+$', 'u').test('Grüße42')),
  'NumberFormat#format': () => rate(new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }), (f, i) => f.format(i * 1.25)),
  'DateTimeFormat#format': () => rate(new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'America/New_York' }), (f, i) => f.format(i * 3600000)),
  '(n).toLocaleString()': () => rate(null, (_f, i) => (i * 1.25).toLocaleString()),
  '\\p{L} regexp test': () => rate(/^[\p{L}\p{N}]+$/u, (r, i) => r.test(i & 1 ? 'Grüße42' : 'no space')),
};
const rss = () => (typeof process !== 'undefined' && process.memoryUsage ? process.memoryUsage().rss : 0);
function time(f) {
  const before = rss();
  const t = performance.now();
  f();
  return { ms: performance.now() - t, mib: (rss() - before) / 1048576 };
}
function rate(x, f) {
  for (let i = 0; i < 200; i++) f(x, i);
  let n = 0;
  const t = performance.now();
  while (performance.now() - t < 1000) {
    for (let i = 0; i < 50; i++) f(x, n++);
  }
  return { perSecond: n / ((performance.now() - t) / 1000) };
}
`

const engineRoute = `import { cases } from '../../lib/cases.mjs';

export function GET(request) {
  const name = new URL(request.url).searchParams.get('case');
  return Response.json(cases[name]());
}
`

const engineNode = `import { cases } from './lib/cases.mjs';
const out = {};
for (const name of process.argv.slice(2)) out[name] = cases[name]();
process.stdout.write(JSON.stringify(out));
`

// engineOrder is the order the cases run in, first uses first.
var engineOrder = []string{
	"first NumberFormat (de-DE, EUR)", "first DateTimeFormat (de-DE, Europe/Berlin)", "first DateTimeFormat, second locale (fr-FR)",
	"first \\p{L} regexp", "NumberFormat#format", "DateTimeFormat#format", "(n).toLocaleString()", "\\p{L} regexp test",
}

type engineResult struct {
	MS, MiB, PerSecond float64
}

// engineScenario runs the cases in jsroutes and in Node.js.
func engineScenario(bin, work string) (string, error) {
	app := filepath.Join(work, "engine-app")
	if err := writeFiles(app, map[string]string{"lib/cases.mjs": engineCases, "app/engine/route.js": engineRoute, "node-side.mjs": engineNode,
		"app/ready/route.js": readyRoute, "package.json": `{"private":true,"type":"module"}`}); err != nil {
		return "", err
	}
	base, cmd, err := serveOneWorker(bin, app)
	if err != nil {
		return "", err
	}
	defer stop(cmd)
	js := map[string]engineResult{}
	for _, name := range engineOrder {
		before := procStatus(cmd.Process.Pid, "VmRSS:")
		res, err := http.Get(base + "/engine?case=" + url.QueryEscape(name))
		if err != nil {
			return "", err
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		var r engineResult
		if err := json.Unmarshal(b, &r); err != nil {
			return "", fmt.Errorf("%s: jsroutes answered %s", name, b)
		}
		r.MiB = float64(procStatus(cmd.Process.Pid, "VmRSS:")-before) / 1024
		js[name] = r
	}
	node := map[string]engineResult{}
	out, err := exec.Command("node", append([]string{filepath.Join(app, "node-side.mjs")}, engineOrder...)...).Output()
	if err != nil {
		log.Printf("engine scenario: Node.js left out: %v", err)
	} else if err := json.Unmarshal(out, &node); err != nil {
		return "", fmt.Errorf("node answered %s", out)
	}
	var b strings.Builder
	b.WriteString("\n### The engine's additions: Intl and Unicode regexps\n\n")
	b.WriteString("First use in a fresh worker (jsroutes, one worker) and a fresh Node.js process, the same code; then throughput for 1 s once warm. Memory is the resident set's growth over the call (jsroutes: the process's VmRSS).\n\n")
	b.WriteString("| case | jsroutes | Node.js | Node.js is faster by |\n|---|---|---|---|\n")
	for _, name := range engineOrder {
		j, n := js[name], node[name]
		if j.PerSecond > 0 {
			fmt.Fprintf(&b, "| %s | %.0f/s | %.0f/s | %.0f× |\n", name, j.PerSecond, n.PerSecond, n.PerSecond/j.PerSecond)
		} else {
			fmt.Fprintf(&b, "| %s | %.1f ms, +%.1f MiB | %.1f ms, +%.1f MiB | %.0f× |\n", name, j.MS, j.MiB, n.MS, n.MiB, j.MS/max(n.MS, 0.01))
		}
	}
	return b.String(), nil
}

func engineOnly(args []string) error {
	return runAlone("engine", "Engine scenario", args, nil, func(s setup) (string, error) {
		return engineScenario(s.bin, s.work)
	})
}
