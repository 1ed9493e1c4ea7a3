package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// The route-count scenario: how start-up time and memory grow with the
// number of route files, now that a route's module loads on its first
// request. Generated apps of each size; every route file holds a 200-row
// table and a GET and a POST, and imports one shared module, as real
// apps' route files import their ORM or SDK.

// routeSizes are the app sizes (route files) the scenario generates.
var routeSizes = []int{1, 50, 200, 800}

// routeWorkers are the worker counts jsroutes starts them with.
var routeWorkers = []int{2, 8}

// genRoutesApp writes an app of n route files into dir.
func genRoutesApp(dir string, n int) error {
	var table strings.Builder
	table.WriteString("[\n")
	for i := 0; i < 200; i++ {
		fmt.Fprintf(&table, "  { id: %d, name: 'row %d', price: %d.5, tags: ['a', 'b'] },\n", i, i, i)
	}
	table.WriteString("]")
	files := map[string]string{
		"lib/shared.ts":  "export const shared = { started: Date.now(), rows: new Map<number, string>() }\nfor (let i = 0; i < 1000; i++) shared.rows.set(i, 'row ' + i)\n",
		"tsconfig.json":  `{"compilerOptions":{"strict":false,"target":"ES2022","module":"esnext","moduleResolution":"bundler","jsx":"preserve","skipLibCheck":true,"noEmit":true,"incremental":true,"isolatedModules":true,"esModuleInterop":true,"resolveJsonModule":true,"lib":["dom","esnext"],"plugins":[{"name":"next"}]},"include":["**/*.ts"]}`,
		"package.json":   `{"private":true}`,
		"next.config.js": "module.exports = {}\n",
	}
	for i := 0; i < n; i++ {
		files[fmt.Sprintf("app/r%d/route.ts", i)] = fmt.Sprintf(`import { shared } from '../../lib/shared'
const rows = %s
export const dynamic = 'force-dynamic'
export function GET() {
  return Response.json({ route: %d, rows: rows.length, shared: shared.rows.size })
}
export async function POST(request: Request) {
  const body = await request.json()
  return Response.json({ route: %d, got: body, first: rows[0] })
}
`, table.String(), i, i)
	}
	return writeFiles(dir, files)
}

// scaleResult is one start of one app.
type scaleResult struct {
	system          string
	routes, workers int
	ready           time.Duration // process start → first 200
	rssOne, rssAll  int           // KiB: after one request, after every route once
}

// measureStart starts a server, times it to the first 200 of /r0, and
// reads its RSS then and after every route was requested once.
func measureStart(env []string, routes int, base string, name string, args ...string) (scaleResult, error) {
	cmd := exec.Command(name, args...)
	cmd.Env = env
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return scaleResult{}, err
	}
	defer stop(cmd)
	if err := waitReady(base+"/r0", 10*time.Minute); err != nil {
		return scaleResult{}, err
	}
	r := scaleResult{routes: routes, ready: time.Since(start)}
	r.rssOne = vmRSS(cmd.Process.Pid)
	for i := 0; i < routes; i++ {
		res, err := http.Get(fmt.Sprintf("%s/r%d", base, i))
		if err != nil {
			return r, err
		}
		res.Body.Close()
		if res.StatusCode != 200 {
			return r, fmt.Errorf("GET /r%d: %d", i, res.StatusCode)
		}
	}
	r.rssAll = vmRSS(cmd.Process.Pid)
	return r, nil
}

// vmRSS is a process's resident memory (with its children's), in KiB.
func vmRSS(pid int) int { return procStatus(pid, "VmRSS:") }

// routeScale runs the scenario: for each size, jsroutes from source and
// prebuilt with each worker count, and Next.js (next build, then next
// start) when nextDir holds an install of it. It returns the report's
// section.
func routeScale(bin, work, nextDir string, sizes []int) (string, error) {
	var results []scaleResult
	for _, n := range sizes {
		dir := filepath.Join(work, fmt.Sprintf("routes-%d", n))
		if err := genRoutesApp(dir, n); err != nil {
			return "", err
		}
		out := filepath.Join(dir, ".jsroutes")
		if b, err := exec.Command(bin, "build", dir, "-o", out).CombinedOutput(); err != nil {
			return "", fmt.Errorf("jsroutes build of %d routes: %v\n%s", n, err, b)
		}
		for _, workers := range routeWorkers {
			for _, mode := range []struct{ name, dir string }{{"jsroutes, from source", dir}, {"jsroutes, prebuilt", out}} {
				port, err := freePort()
				if err != nil {
					return "", err
				}
				r, err := measureStart(os.Environ(), n, fmt.Sprintf("http://127.0.0.1:%d", port), bin, "serve", mode.dir, "-H", "127.0.0.1", "-p", strconv.Itoa(port), "--workers", strconv.Itoa(workers))
				if err != nil {
					return "", fmt.Errorf("%s, %d routes, %d workers: %w", mode.name, n, workers, err)
				}
				r.system, r.workers = mode.name, workers
				results = append(results, r)
				log.Printf("  %-22s %4d routes %d workers: ready %7.0f ms, RSS %4d MiB after one request, %4d MiB after all", r.system, n, workers, ms(r.ready), r.rssOne>>10, r.rssAll>>10)
			}
		}
		if nextDir != "" {
			r, err := nextScale(dir, nextDir, n)
			if err != nil {
				log.Printf("Next.js, %d routes, left out: %v", n, err)
				continue
			}
			results = append(results, r)
			log.Printf("  %-22s %4d routes: ready %7.0f ms, RSS %4d MiB after one request, %4d MiB after all", r.system, n, ms(r.ready), r.rssOne>>10, r.rssAll>>10)
		}
	}
	return renderScale(results), nil
}

// nextScale builds the generated app with the Next.js install in nextDir
// and measures next start the same way. The app is generated into nextDir
// itself (in place of the bench app): Turbopack refuses a node_modules
// reached through a symlink from outside the project.
func nextScale(dir, nextDir string, n int) (scaleResult, error) {
	for _, old := range []string{"app", "lib", ".next"} {
		if err := os.RemoveAll(filepath.Join(nextDir, old)); err != nil {
			return scaleResult{}, err
		}
	}
	if err := genRoutesApp(nextDir, n); err != nil {
		return scaleResult{}, err
	}
	dir = nextDir
	next := filepath.Join(nextDir, "node_modules", ".bin", "next")
	env := append(os.Environ(), "NEXT_TELEMETRY_DISABLED=1")
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	build := exec.CommandContext(ctx, next, "build")
	build.Dir, build.Env = dir, env
	if out, err := build.CombinedOutput(); err != nil {
		return scaleResult{}, fmt.Errorf("next build: %v\n%s", err, out)
	}
	port, err := freePort()
	if err != nil {
		return scaleResult{}, err
	}
	r, err := measureStart(env, n, fmt.Sprintf("http://127.0.0.1:%d", port), next, "start", dir, "-H", "127.0.0.1", "-p", strconv.Itoa(port))
	r.system = "Next.js 16 (next start)"
	return r, err
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// renderScale writes the section, with the targets checked against the
// 1-route app of the same system and worker count.
func renderScale(results []scaleResult) string {
	var b strings.Builder
	b.WriteString("\n### Start-up and memory by route count\n\n")
	b.WriteString("Generated apps (each route file: a 200-row table, a GET and a POST, one shared import); process start → first 200 of one route; RSS then, and after every route was requested once. Unpinned.\n\n")
	b.WriteString("| system | workers | routes | ready ms | RSS after one request MiB | RSS after all routes MiB |\n|---|---|---|---|---|---|\n")
	base := map[string]scaleResult{}
	for _, r := range results {
		key := fmt.Sprintf("%s/%d", r.system, r.workers)
		if r.routes == 1 {
			base[key] = r
		}
		workers := strconv.Itoa(r.workers)
		if r.workers == 0 {
			workers = "-"
		}
		fmt.Fprintf(&b, "| %s | %s | %d | %.0f | %.0f | %.0f |\n", r.system, workers, r.routes, ms(r.ready), float64(r.rssOne)/1024, float64(r.rssAll)/1024)
	}
	b.WriteString("\nAgainst the 1-route app (targets: ready within 3×, RSS after one request within 1.5× + 16 MiB):\n\n| system | workers | routes | ready × | RSS after one request vs 1.5× + 16 MiB |\n|---|---|---|---|---|\n")
	for _, r := range results {
		one, ok := base[fmt.Sprintf("%s/%d", r.system, r.workers)]
		if !ok || r.routes == 1 || one.ready == 0 {
			continue
		}
		budget := float64(one.rssOne)*1.5/1024 + 16
		verdict := "within"
		if float64(r.rssOne)/1024 > budget {
			verdict = "over"
		}
		workers := strconv.Itoa(r.workers)
		if r.workers == 0 {
			workers = "-"
		}
		fmt.Fprintf(&b, "| %s | %s | %d | %.1f | %.0f MiB (%s %.0f) |\n", r.system, workers, r.routes, float64(r.ready)/float64(one.ready), float64(r.rssOne)/1024, verdict, budget)
	}
	return b.String()
}

// routesOnly runs the route-count scenario alone (jsroutes-bench routes).
func routesOnly(args []string) error {
	var list []int
	sizesFlag := func(fs *flag.FlagSet) func() error {
		sizes := fs.String("routes", "1,50,200,800", "app sizes (route files)")
		return func() (err error) {
			list, err = parseSizes(*sizes)
			return err
		}
	}
	return runAlone("routes", "Route-count scenario", args, sizesFlag, func(s setup) (string, error) {
		return routeScale(s.bin, s.work, s.nextDir, list)
	})
}

// parseSizes reads -routes: app sizes, comma-separated ("": none).
func parseSizes(sizes string) ([]int, error) {
	var out []int
	for _, s := range strings.Split(sizes, ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return nil, fmt.Errorf("bad -routes %q", sizes)
		}
		out = append(out, n)
	}
	return out, nil
}

// buildJsroutes builds the command into a new work directory, which the
// caller removes.
func buildJsroutes(repo string) (work, bin string, err error) {
	if work, err = os.MkdirTemp("", "jsroutes-bench-"); err != nil {
		return "", "", err
	}
	bin = filepath.Join(work, "jsroutes")
	log.Print("building jsroutes")
	if out, err := exec.Command("go", "build", "-o", bin, filepath.Join(repo, "cmd", "jsroutes")).CombinedOutput(); err != nil {
		os.RemoveAll(work)
		return "", "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return work, bin, nil
}
