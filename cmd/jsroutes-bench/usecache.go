package main

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"
)

// The 'use cache' scenario: a dynamic route (it awaits connection()) whose
// data comes from a helper that does some work, at 64 connections, with
// the helper marked 'use cache' and without. What the cache saves is the
// helper's work less the cost of a hit (keying the arguments, reading the
// entry, reviving the value); the ratio within a system is what compares.

// useCacheFiles is the scenario's app (Cache Components on), added to the
// bench app in the Next.js install and served alone by jsroutes.
var useCacheFiles = map[string]string{
	"next.config.mjs": "export default { cacheComponents: true }\n",
	"lib/report.ts": `// A report over 2,000 rows: sorting and summing, the kind of work a
// route does on data it has just read.
function build(size: number) {
  const rows = Array.from({ length: size }, (_, i) => ({ id: i, score: (i * 7919) % 1000, name: 'row ' + i }))
  rows.sort((a, b) => a.score - b.score || a.id - b.id)
  const total = rows.reduce((n, r) => n + r.score, 0)
  return { size, total, top: rows.slice(-5).map((r) => r.name) }
}

export async function report(size: number) {
  return build(size)
}

export async function cachedReport(size: number) {
  'use cache'
  return build(size)
}
`,
	"app/api/uc/plain/route.ts": `import { connection } from 'next/server'
import { report } from '../../../../lib/report'

export async function GET() {
  await connection()
  return Response.json(await report(2000))
}
`,
	"app/api/uc/cached/route.ts": `import { connection } from 'next/server'
import { cachedReport } from '../../../../lib/report'

export async function GET() {
  await connection()
  return Response.json(await cachedReport(2000))
}
`,
}

// useCacheCost measures both routes on jsroutes and, with nextDir, on
// Next.js: its install serves this app alone for the while (the bench
// app's ISR route is refused under cacheComponents, as Next.js refuses
// revalidate there), and gets its own app back after.
func useCacheCost(bin, work, nextDir string, d time.Duration) (string, error) {
	env := append(os.Environ(), "NEXT_TELEMETRY_DISABLED=1")
	plain := scenario{name: "report without 'use cache'", path: "/api/uc/plain"}
	cached := scenario{name: "report from a 'use cache' helper", path: "/api/uc/cached"}
	write := func(dir string) error { return writeFiles(dir, useCacheFiles) }
	both := func(name string, args ...string) (pairResult, error) {
		var r pairResult
		var err error
		args = append(args, "-H", "127.0.0.1", "-p")
		if r.without, err = measureServer(env, work, plain, d, name, args...); err != nil {
			return r, err
		}
		r.with, err = measureServer(env, work, cached, d, name, args...)
		return r, err
	}
	var results []pairResult
	app := filepath.Join(work, "usecache-bench")
	if err := write(app); err != nil {
		return "", err
	}
	log.Print("use cache scenario: jsroutes")
	js, err := both(bin, "serve", app)
	if err != nil {
		return "", err
	}
	js.system = "jsroutes"
	results = append(results, js)

	if nextDir != "" {
		log.Print("use cache scenario: Next.js")
		own, aside := filepath.Join(nextDir, "app"), filepath.Join(nextDir, "app.bench")
		if err := os.Rename(own, aside); err != nil {
			return "", err
		}
		defer func() {
			for _, p := range []string{"next.config.mjs", "lib", "app"} {
				_ = os.RemoveAll(filepath.Join(nextDir, p))
			}
			if err := os.Rename(aside, own); err != nil {
				log.Printf("use cache scenario: restoring the Next.js app: %v", err)
			}
		}()
		if err := write(nextDir); err != nil {
			return "", err
		}
		if err := nextBuild(nextDir, env); err != nil {
			return "", fmt.Errorf("with cacheComponents: %w", err)
		}
		nx, err := both(filepath.Join(nextDir, "node_modules", ".bin", "next"), "start", nextDir)
		if err != nil {
			return "", err
		}
		nx.system = "Next.js 16"
		results = append(results, nx)
	}
	return renderUseCache(results, d), nil
}

func renderUseCache(results []pairResult, d time.Duration) string {
	return renderPair("'use cache'", fmt.Sprintf("A dynamic route (it awaits `connection()`) answering a report over 2,000 rows, at 64 connections for %s: made on every request, then from a `'use cache'` helper (every request a hit after the first).", d),
		"'use cache'", "gain", func(without, with float64) string { return fmt.Sprintf("%.2f×", with/without) }, results)
}

// useCacheOnly runs the scenario alone (jsroutes-bench usecache).
func useCacheOnly(args []string) error {
	return runAlone("usecache", "'use cache' scenario", args, nil, func(s setup) (string, error) {
		return useCacheCost(s.bin, s.work, s.nextDir, s.d)
	})
}
