package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
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

type proxyResult struct {
	system       string
	plain, proxy result
}

// proxyCost measures hello at 64 connections with and without the proxy,
// for jsroutes and, when nextDir holds a built install, Next.js (whose
// app gets the proxy and is built again; routeScale, which runs after,
// replaces the app anyway).
func proxyCost(bin, work, nextDir, repo string, d time.Duration) (string, error) {
	benchRoot := filepath.Join(repo, "fixtures", "bench")
	hello := scenario{name: "GET /api/hello → Response.json", path: "/api/hello"}
	measure := func(name string, args ...string) (result, error) {
		port, err := freePort()
		if err != nil {
			return result{}, err
		}
		cmd, err := pinned(append(os.Environ(), "NEXT_TELEMETRY_DISABLED=1"), name, append(args, "-H", "127.0.0.1", "-p", strconv.Itoa(port))...)
		if err != nil {
			return result{}, err
		}
		defer stop(cmd)
		base := fmt.Sprintf("http://127.0.0.1:%d", port)
		if err := waitReady(base+"/api/hello", 60*time.Second); err != nil {
			return result{}, err
		}
		if _, err := wrk(work, base, hello, 64, 3*time.Second); err != nil {
			return result{}, err
		}
		before := cpuTicks(cmd.Process.Pid)
		r, err := wrk(work, base, hello, 64, d)
		if err != nil {
			return result{}, err
		}
		if total := r.rps * d.Seconds(); total > 0 {
			r.cpuPerReq = float64(cpuTicks(cmd.Process.Pid)-before) * (1e6 / clockTicks) / total
		}
		return r, nil
	}
	var results []proxyResult

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
	var js proxyResult
	js.system = "jsroutes"
	var err error
	if js.plain, err = measure(bin, "serve", plainApp); err != nil {
		return "", err
	}
	if js.proxy, err = measure(bin, "serve", proxied); err != nil {
		return "", err
	}
	results = append(results, js)

	if nextDir != "" {
		log.Print("proxy scenario: Next.js")
		next := filepath.Join(nextDir, "node_modules", ".bin", "next")
		var nx proxyResult
		nx.system = "Next.js 16"
		if nx.plain, err = measure(next, "start", nextDir); err != nil {
			return "", err
		}
		if err := os.WriteFile(filepath.Join(nextDir, "proxy.ts"), []byte(benchProxy), 0o644); err != nil {
			return "", err
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		build := exec.CommandContext(ctx, next, "build")
		build.Dir, build.Env = nextDir, append(os.Environ(), "NEXT_TELEMETRY_DISABLED=1")
		if out, err := build.CombinedOutput(); err != nil {
			return "", fmt.Errorf("next build with the proxy: %v\n%s", err, out)
		}
		nx.proxy, err = measure(next, "start", nextDir)
		_ = os.Remove(filepath.Join(nextDir, "proxy.ts"))
		if err != nil {
			return "", err
		}
		results = append(results, nx)
	}
	return renderProxy(results, d), nil
}

func renderProxy(results []proxyResult, d time.Duration) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\n### Proxy cost\n\nGET /api/hello at 64 connections for %s, the app without a proxy, then with a proxy.ts that matches it and returns `NextResponse.next()` (target: jsroutes keeps at least 70%% of its throughput).\n\n", d)
	b.WriteString("| system | req/s without | req/s with proxy | kept | p99 ms without → with | CPU µs/req without → with |\n|---|---|---|---|---|---|\n")
	for _, r := range results {
		kept := 0.0
		if r.plain.rps > 0 {
			kept = 100 * r.proxy.rps / r.plain.rps
		}
		fmt.Fprintf(&b, "| %s | %.0f | %.0f | %.0f%% | %.2f → %.2f | %.1f → %.1f |\n", r.system, r.plain.rps, r.proxy.rps, kept, r.plain.p99, r.proxy.p99, r.plain.cpuPerReq, r.proxy.cpuPerReq)
	}
	return b.String()
}

// proxyOnly runs the proxy scenario alone (jsroutes-bench proxy).
func proxyOnly(args []string) error {
	fs := flag.NewFlagSet("proxy", flag.ContinueOnError)
	repo := fs.String("repo", ".", "the jsroutes repository")
	out := fs.String("o", "BENCHMARKS.md", "where to write the results (\"-\": stdout only)")
	skipNext := fs.Bool("skip-next", false, "leave Next.js out")
	d := fs.Duration("d", 10*time.Second, "timed run per measurement")
	if err := fs.Parse(args); err != nil {
		return err
	}
	root, err := filepath.Abs(*repo)
	if err != nil {
		return err
	}
	work, bin, err := buildJsroutes(root)
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	nextDir := ""
	if !*skipNext {
		if nextDir, err = installNext(work, root); err != nil {
			log.Printf("Next.js left out: %v", err)
			nextDir = ""
		}
	}
	section, err := proxyCost(bin, work, nextDir, root, *d)
	if err != nil {
		return err
	}
	report := fmt.Sprintf("## Proxy scenario, run of %s\n\nMachine: %s.\n%s", time.Now().UTC().Format("2006-01-02 15:04 UTC"), machine(), section)
	fmt.Print(report)
	if *out != "-" {
		return writeReport(*out, report)
	}
	return nil
}
