package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// The CPU scenario: the pure-JS packages server code runs for hashing,
// encryption, compression and password hashing (the packages fixture's
// lib/cpu.mjs, at the sizes real apps use), timed in a route under
// jsroutes (one worker) and in Node.js, the same code and packages.

const cpuRoute = `import { cpuCases } from '../../lib/cpu.mjs';

export function GET(request) {
  const name = new URL(request.url).searchParams.get('case');
  return Response.json(time(cpuCases('real')[name]));
}

// time runs f once (its first run), then again until 300 ms have passed
// (at most 50 times), and answers the mean of those runs in ms.
export function time(f) {
  let t = performance.now();
  f();
  const first = performance.now() - t;
  let n = 0;
  t = performance.now();
  while (n < 50 && (n === 0 || performance.now() - t < 300)) {
    f();
    n++;
  }
  return { first, ms: (performance.now() - t) / n };
}
`

const cpuNode = `import { cpuCases } from './lib/cpu.mjs';
import { time } from './app/cpu/route.js';
const cases = cpuCases('real');
process.stdout.write(JSON.stringify(Object.entries(cases).map(([name, f]) => ({ name, ...time(f) }))));
`

type cpuResult struct {
	Name      string
	First, MS float64
}

// cpuScenario times every case in jsroutes and in Node.js.
func cpuScenario(bin, work, repo string) (string, error) {
	fixture := filepath.Join(repo, "fixtures", "apps", "packages")
	if _, err := os.Stat(filepath.Join(fixture, "node_modules", "@noble", "hashes")); err != nil {
		return "", fmt.Errorf("the packages fixture is not installed: run make packages")
	}
	lib, err := os.ReadFile(filepath.Join(fixture, "lib", "cpu.mjs"))
	if err != nil {
		return "", err
	}
	app := filepath.Join(work, "cpu-app")
	if err := writeFiles(app, map[string]string{"lib/cpu.mjs": string(lib), "app/cpu/route.js": cpuRoute, "node-side.mjs": cpuNode,
		"app/ready/route.js": readyRoute, "package.json": `{"private":true,"type":"module"}`}); err != nil {
		return "", err
	}
	if err := os.Symlink(filepath.Join(fixture, "node_modules"), filepath.Join(app, "node_modules")); err != nil {
		return "", err
	}
	out, err := exec.Command("node", filepath.Join(app, "node-side.mjs")).Output()
	if err != nil {
		return "", fmt.Errorf("node: %v", err)
	}
	var node []cpuResult // in the module's order
	if err := json.Unmarshal(out, &node); err != nil {
		return "", fmt.Errorf("node answered %s", out)
	}
	server, cmd, err := serveOneWorker(bin, app)
	if err != nil {
		return "", err
	}
	defer stop(cmd)
	base := server + "/cpu?case="
	client := &http.Client{Timeout: 10 * time.Minute}
	var b strings.Builder
	b.WriteString("\n### Pure-JS packages on the CPU\n\n")
	b.WriteString("The packages fixture's lib/cpu.mjs at the sizes real apps use, in a route under jsroutes (one worker) and in Node.js: ms a call, the mean of repeated calls for 300 ms after the first (the first in brackets).\n\n")
	b.WriteString("| case | jsroutes | Node.js | jsroutes / Node.js |\n|---|---|---|---|\n")
	for _, n := range node {
		res, err := client.Get(base + url.QueryEscape(n.Name))
		if err != nil {
			return "", err
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		var j cpuResult
		if err := json.Unmarshal(body, &j); err != nil {
			return "", fmt.Errorf("%s: jsroutes answered %s", n.Name, body)
		}
		fmt.Fprintf(&b, "| %s | %.2f (%.2f) | %.2f (%.2f) | %.1f× |\n", n.Name, j.MS, j.First, n.MS, n.First, j.MS/max(n.MS, 0.001))
	}
	return b.String(), nil
}

func cpuOnly(args []string) error {
	return runAlone("cpu", "CPU scenario", args, nil, func(s setup) (string, error) {
		return cpuScenario(s.bin, s.work, s.repo)
	})
}
