package main

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// The proxy scenario: what a proxy.ts that matches the hello route and
// returns NextResponse.next() costs each system, against the same app
// without it, in one run (the ratio within a system is what compares).

// benchProxy is the proxy the scenario adds to the bench app.
const benchProxy = `import { NextResponse } from 'next/server';

export function proxy() {
  return NextResponse.next();
}

export const config = { matcher: '/api/hello' };
`

// pairResult is one system measured without a feature and with it.
type pairResult struct {
	system        string
	without, with result
}

// renderPair writes a scenario's table of pairs: req/s without and with,
// their ratio (ratio formats it), p99 and CPU per request both ways.
func renderPair(title, intro, with, ratioName string, ratio func(without, with float64) string, results []pairResult) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\n### %s\n\n%s\n\n", title, intro)
	fmt.Fprintf(&b, "| system | req/s without | req/s with %s | %s | p99 ms without → with | CPU µs/req without → with |\n|---|---|---|---|---|---|\n", with, ratioName)
	for _, r := range results {
		q := "–"
		if r.without.rps > 0 {
			q = ratio(r.without.rps, r.with.rps)
		}
		fmt.Fprintf(&b, "| %s | %.0f | %.0f | %s | %.2f → %.2f | %.1f → %.1f |\n", r.system, r.without.rps, r.with.rps, q, r.without.p99, r.with.p99, r.without.cpuPerReq, r.with.cpuPerReq)
	}
	return b.String()
}

// proxyCost measures hello at 64 connections with and without the proxy,
// for jsroutes and, when nextDir holds a built install, Next.js (whose
// app gets the proxy and is built again; routeScale, which runs after,
// replaces the app anyway).
func proxyCost(bin, work, nextDir, repo string, d time.Duration) (string, error) {
	benchRoot := filepath.Join(repo, "fixtures", "bench")
	hello := scenario{name: "GET /api/hello → Response.json", path: "/api/hello"}
	env := append(os.Environ(), "NEXT_TELEMETRY_DISABLED=1")
	measure := func(name string, args ...string) (result, error) {
		return measureServer(env, work, hello, d, name, append(args, "-H", "127.0.0.1", "-p")...)
	}
	var results []pairResult

	plainApp := filepath.Join(work, "proxy-bench", "plain")
	proxied := filepath.Join(work, "proxy-bench", "proxied")
	for _, dir := range []string{plainApp, proxied} {
		if err := os.CopyFS(dir, os.DirFS(benchRoot)); err != nil {
			return "", err
		}
	}
	if err := os.WriteFile(filepath.Join(proxied, "proxy.ts"), []byte(benchProxy), 0o644); err != nil {
		return "", err
	}
	log.Print("proxy scenario: jsroutes")
	var js pairResult
	js.system = "jsroutes"
	var err error
	if js.without, err = measure(bin, "serve", plainApp); err != nil {
		return "", err
	}
	if js.with, err = measure(bin, "serve", proxied); err != nil {
		return "", err
	}
	results = append(results, js)

	if nextDir != "" {
		log.Print("proxy scenario: Next.js")
		next := filepath.Join(nextDir, "node_modules", ".bin", "next")
		var nx pairResult
		nx.system = "Next.js 16"
		if nx.without, err = measure(next, "start", nextDir); err != nil {
			return "", err
		}
		if err := os.WriteFile(filepath.Join(nextDir, "proxy.ts"), []byte(benchProxy), 0o644); err != nil {
			return "", err
		}
		if err := nextBuild(nextDir, env); err != nil {
			return "", fmt.Errorf("with the proxy: %w", err)
		}
		nx.with, err = measure(next, "start", nextDir)
		_ = os.Remove(filepath.Join(nextDir, "proxy.ts"))
		if err != nil {
			return "", err
		}
		results = append(results, nx)
	}
	return renderProxy(results, d), nil
}

func renderProxy(results []pairResult, d time.Duration) string {
	return renderPair("Proxy cost", fmt.Sprintf("GET /api/hello at 64 connections for %s, the app without a proxy, then with a proxy.ts that matches it and returns `NextResponse.next()` (target: jsroutes keeps at least 70%% of its throughput).", d),
		"proxy", "kept", func(without, with float64) string { return fmt.Sprintf("%.0f%%", 100*with/without) }, results)
}

// proxyOnly runs the proxy scenario alone (jsroutes-bench proxy).
func proxyOnly(args []string) error {
	return runAlone("proxy", "Proxy scenario", args, nil, func(s setup) (string, error) {
		return proxyCost(s.bin, s.work, s.nextDir, s.repo, s.d)
	})
}
