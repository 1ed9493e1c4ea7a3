// Command jsroutes-bench measures jsroutes side by side with Next.js 16
// (`next start`) and a plain Go net/http handler, on the same route files
// (fixtures/bench/app), and writes the figures to BENCHMARKS.md. It is what
// `make bench` runs.
//
// Method: each system runs as a fresh process pinned to CPU 0 (taskset), the
// load generator wrk on CPU 1; each scenario gets a warm-up, then a timed run
// at 1 and at 64 connections. Server CPU time per request comes from
// /proc/<pid>/stat, peak memory from VmHWM. The fetch scenario (a route
// awaiting a loopback upstream, on CPU 1, that answers after 100 ms) runs at
// 256 and 1,024 connections for 10 s (after 3 s of warm-up) for every
// system, the Go handler making the same call with Go's client. Everything
// talks to 127.0.0.1 and every loop is bounded.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"
)

type config struct {
	repo     string
	duration time.Duration
	warmup   time.Duration
	conns    []int
	out      string
	skipNext bool
	colds    int
	// routes are the app sizes of the route-count scenario (routes.go);
	// none leaves it out.
	routes []int
}

func main() {
	if len(os.Args) > 2 && os.Args[1] == "serve-go" {
		serveGo(os.Args[2])
		return
	}
	if len(os.Args) > 2 && os.Args[1] == "serve-upstream" {
		serveUpstream(os.Args[2])
		return
	}
	if len(os.Args) > 1 && os.Args[1] == "routes" {
		if err := routesOnly(os.Args[2:]); err != nil {
			log.Fatalf("jsroutes-bench: %v", err)
		}
		return
	}
	if len(os.Args) > 2 && os.Args[1] == "serve-go-pg" {
		servePGGo(os.Args[2])
		return
	}
	if len(os.Args) > 2 && os.Args[1] == "serve-jsrt-pgx" {
		serveJSRTPgx(os.Args[2])
		return
	}
	if len(os.Args) > 1 && os.Args[1] == "pg" {
		if err := pgOnly(os.Args[2:]); err != nil {
			log.Fatalf("jsroutes-bench: %v", err)
		}
		return
	}
	if len(os.Args) > 1 && os.Args[1] == "instructions" {
		if err := instructionsOnly(os.Args[2:]); err != nil {
			log.Fatalf("jsroutes-bench: %v", err)
		}
		return
	}
	if len(os.Args) > 1 && os.Args[1] == "cpu" {
		if err := cpuOnly(os.Args[2:]); err != nil {
			log.Fatalf("jsroutes-bench: %v", err)
		}
		return
	}
	if len(os.Args) > 1 && os.Args[1] == "engine" {
		if err := engineOnly(os.Args[2:]); err != nil {
			log.Fatalf("jsroutes-bench: %v", err)
		}
		return
	}
	if len(os.Args) > 1 && os.Args[1] == "proxy" {
		if err := proxyOnly(os.Args[2:]); err != nil {
			log.Fatalf("jsroutes-bench: %v", err)
		}
		return
	}
	if len(os.Args) > 1 && os.Args[1] == "usecache" {
		if err := useCacheOnly(os.Args[2:]); err != nil {
			log.Fatalf("jsroutes-bench: %v", err)
		}
		return
	}
	if len(os.Args) > 1 && os.Args[1] == "soak" {
		if err := soak(os.Args[2:]); err != nil {
			log.Fatalf("jsroutes-bench: %v", err)
		}
		return
	}
	var cfg config
	var sizes string
	var conns string
	flag.StringVar(&cfg.repo, "repo", ".", "the jsroutes repository")
	flag.DurationVar(&cfg.duration, "d", 10*time.Second, "timed run per scenario and connection count")
	flag.DurationVar(&cfg.warmup, "warmup", 5*time.Second, "warm-up before each scenario")
	flag.StringVar(&conns, "c", "1,64", "connection counts")
	flag.StringVar(&cfg.out, "o", "BENCHMARKS.md", "where to write the results (\"-\": stdout only)")
	flag.BoolVar(&cfg.skipNext, "skip-next", false, "leave Next.js out")
	flag.IntVar(&cfg.colds, "cold", 5, "cold starts to take the median of")
	flag.StringVar(&sizes, "routes", "1,50,200,800", "app sizes (route files) of the route-count scenario (\"\": leave it out)")
	flag.Parse()
	var err error
	if cfg.routes, err = parseSizes(sizes); err != nil {
		log.Fatalf("jsroutes-bench: %v", err)
	}
	for _, c := range strings.Split(conns, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(c))
		if err != nil {
			log.Fatalf("jsroutes-bench: bad -c %q", conns)
		}
		cfg.conns = append(cfg.conns, n)
	}
	if err := run(cfg); err != nil {
		log.Fatalf("jsroutes-bench: %v", err)
	}
}

// scenario is one request pattern, the same for every system.
type scenario struct {
	name   string
	path   string
	method string
	body   string
}

var scenarios = []scenario{
	{name: "GET /api/hello → Response.json", path: "/api/hello"},
	{name: "dynamic route: await params + searchParams", path: "/api/items/42?fields=name"},
	{name: "POST 1 KiB JSON echoed with request.json()", path: "/api/echo", method: "POST", body: oneKiBJSON()},
	{name: "ISR route (revalidate = 60) from the cache", path: "/api/cached"},
}

func oneKiBJSON() string {
	var b strings.Builder
	b.WriteString(`{"items":[`)
	for i := 0; b.Len() < 1000; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":%d,"name":"item %d"}`, i, i)
	}
	b.WriteString(`]}`)
	return b.String()
}

// system is a server under test.
type system struct {
	name  string
	start func(port int) (*exec.Cmd, error)
}

type result struct {
	system, scenario string
	conns            int
	rps, p50, p99    float64 // p50/p99 in ms
	cpuPerReq        float64 // µs of server CPU per request
	errors           int
	peak             int // the server's VmHWM after the run, in KiB (fetch runs)
}

func run(cfg config) error {
	if _, err := exec.LookPath("wrk"); err != nil {
		log.Print("wrk not found: installing Debian's wrk")
		if out, err := exec.Command("sh", "-c", "(apt-get update -qq || true) && apt-get install -y -qq wrk").CombinedOutput(); err != nil {
			return fmt.Errorf("installing wrk: %v\n%s", err, out)
		}
	}
	repo, err := filepath.Abs(cfg.repo)
	if err != nil {
		return err
	}
	work, bin, err := buildJsroutes(repo)
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	self, err := os.Executable()
	if err != nil {
		return err
	}
	app := filepath.Join(repo, "fixtures", "bench", "app")

	upPort, err := freePort()
	if err != nil {
		return err
	}
	upstream := exec.Command("taskset", "-c", "1", self, "serve-upstream", strconv.Itoa(upPort))
	if err := upstream.Start(); err != nil {
		return err
	}
	defer stop(upstream)
	upstreamURL := fmt.Sprintf("http://127.0.0.1:%d", upPort)
	env := append(os.Environ(), "UPSTREAM_URL="+upstreamURL)

	systems := []system{
		{"jsroutes", func(port int) (*exec.Cmd, error) {
			return pinned(env, bin, "serve", app, "-H", "127.0.0.1", "-p", strconv.Itoa(port))
		}},
	}
	var nextDir string
	if !cfg.skipNext {
		nextDir, err = installNext(work, repo)
		if err != nil {
			log.Printf("Next.js left out: %v", err)
		} else {
			systems = append(systems, system{"Next.js 16", func(port int) (*exec.Cmd, error) {
				return pinned(append(env, "NEXT_TELEMETRY_DISABLED=1"), filepath.Join(nextDir, "node_modules", ".bin", "next"), "start", nextDir, "-H", "127.0.0.1", "-p", strconv.Itoa(port))
			}})
		}
	}
	systems = append(systems, system{"Go net/http", func(port int) (*exec.Cmd, error) {
		return pinned(env, self, "serve-go", strconv.Itoa(port))
	}})

	var results []result
	peaks := map[string]int{}
	streams := map[string][2]float64{}
	colds := map[string]float64{}
	fetches := map[string][]result{}
	for _, sys := range systems {
		log.Printf("%s: load", sys.name)
		port, err := freePort()
		if err != nil {
			return err
		}
		cmd, err := sys.start(port)
		if err != nil {
			return err
		}
		base := fmt.Sprintf("http://127.0.0.1:%d", port)
		if err := waitReady(base+"/api/hello", 60*time.Second); err != nil {
			stop(cmd)
			return fmt.Errorf("%s: %w", sys.name, err)
		}
		for _, sc := range scenarios {
			if _, err := wrk(work, base, sc, 64, cfg.warmup); err != nil {
				stop(cmd)
				return err
			}
			for _, c := range cfg.conns {
				before := cpuTicks(cmd.Process.Pid)
				r, err := wrk(work, base, sc, c, cfg.duration)
				if err != nil {
					stop(cmd)
					return err
				}
				ticks := cpuTicks(cmd.Process.Pid) - before
				r.system, r.scenario, r.conns = sys.name, sc.name, c
				if total := r.rps * cfg.duration.Seconds(); total > 0 {
					r.cpuPerReq = float64(ticks) * (1e6 / clockTicks) / total
				}
				results = append(results, r)
				log.Printf("  %-45s c=%-3d %8.0f req/s  p50 %6.2fms  p99 %7.2fms  %6.1fµs CPU/req", sc.name, c, r.rps, r.p50, r.p99, r.cpuPerReq)
			}
		}
		peaks[sys.name] = vmHWM(cmd.Process.Pid) // before the fetch runs' thousands of connections
		ttfb, total := streamTiming(base+"/api/stream", 5)
		streams[sys.name] = [2]float64{ttfb, total}
		for _, c := range []int{256, 1024} {
			sc := scenario{name: "fetch of a 100 ms upstream", path: "/api/upstream"}
			if _, err := wrk(work, base, sc, c, 3*time.Second); err != nil {
				stop(cmd)
				return err
			}
			r, err := wrk(work, base, sc, c, fetchDuration)
			if err != nil {
				stop(cmd)
				return err
			}
			r.system, r.conns = sys.name, c
			r.peak = vmHWM(cmd.Process.Pid) // the process's peak so far: this load's, when higher
			fetches[sys.name] = append(fetches[sys.name], r)
			log.Printf("  fetch 100ms upstream c=%-4d %8.0f req/s (%.0f%% of %d ideal), %d errors", c, r.rps, 100*r.rps/(float64(c)*10), c*10, r.errors)
		}
		stop(cmd)

		log.Printf("%s: cold start", sys.name)
		colds[sys.name] = coldStart(sys, cfg.colds)
	}
	if prebuilt, ok := coldStartPrebuilt(bin, app, work, cfg.colds); ok {
		colds["jsroutes (prebuilt bundle)"] = prebuilt
		// A server started from source keeps esbuild's peak in its VmHWM;
		// one started from `jsroutes build` output never builds.
		log.Print("jsroutes (prebuilt bundle): load")
		if peak, err := prebuiltPeak(bin, work, cfg); err != nil {
			log.Printf("prebuilt peak RSS left out: %v", err)
		} else {
			peaks["jsroutes (prebuilt bundle)"] = peak
		}
	}
	report := render(cfg, results, peaks, streams, colds, fetches, nextDir != "")
	section, err := proxyCost(bin, work, nextDir, repo, cfg.duration)
	if err != nil {
		return err
	}
	report += section
	if section, err := pgScenario(bin, work, nextDir, repo, cfg.duration); err != nil {
		log.Printf("PostgreSQL scenario left out: %v", err)
	} else {
		report += section
	}
	section, err = useCacheCost(bin, work, nextDir, cfg.duration)
	if err != nil {
		return err
	}
	report += section
	if len(cfg.routes) > 0 {
		log.Print("route-count scenario")
		section, err := routeScale(bin, work, nextDir, cfg.routes)
		if err != nil {
			return err
		}
		report += section
	}
	fmt.Print(report)
	if cfg.out != "-" {
		return writeReport(cfg.out, report)
	}
	return nil
}

// pinned starts a server on CPU 0, in its own process group.
func pinned(env []string, name string, args ...string) (*exec.Cmd, error) {
	cmd := exec.Command("taskset", append([]string{"-c", "0", name}, args...)...)
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	return cmd, cmd.Start()
}

func stop(cmd *exec.Cmd) {
	if cmd.Process == nil {
		return
	}
	_ = cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		_ = cmd.Process.Kill()
		<-done
	}
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

func waitReady(url string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(url); err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return nil
			}
		}
		time.Sleep(2 * time.Millisecond)
	}
	return fmt.Errorf("%s not ready after %v", url, limit)
}

// wrk runs the load generator on CPU 1 and parses its report.
func wrk(work, base string, sc scenario, conns int, d time.Duration) (result, error) {
	args := []string{"-c", "1", "wrk", "-t1", "-c" + strconv.Itoa(conns), "-d" + d.String(), "--latency", "--timeout", "10s"}
	if sc.method == "POST" {
		script := filepath.Join(work, "post.lua")
		lua := fmt.Sprintf("wrk.method = \"POST\"\nwrk.body = %q\nwrk.headers[\"Content-Type\"] = \"application/json\"\n", sc.body)
		if err := os.WriteFile(script, []byte(lua), 0o644); err != nil {
			return result{}, err
		}
		args = append(args, "-s", script)
	}
	args = append(args, base+sc.path)
	out, err := exec.Command("taskset", args...).CombinedOutput()
	if err != nil {
		return result{}, fmt.Errorf("wrk: %v\n%s", err, out)
	}
	return parseWrk(string(out)), nil
}

func parseWrk(out string) result {
	var r result
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		switch {
		case len(f) == 2 && f[0] == "Requests/sec:":
			r.rps, _ = strconv.ParseFloat(f[1], 64)
		case len(f) == 2 && f[0] == "50%":
			r.p50 = millis(f[1])
		case len(f) == 2 && f[0] == "99%":
			r.p99 = millis(f[1])
		case len(f) >= 2 && f[0] == "Non-2xx":
			n, _ := strconv.Atoi(f[len(f)-1])
			r.errors += n
		case len(f) >= 2 && f[0] == "Socket" && f[1] == "errors:":
			for _, part := range strings.Split(strings.Join(f[2:], " "), ",") {
				p := strings.Fields(part)
				if len(p) == 2 {
					n, _ := strconv.Atoi(p[1])
					r.errors += n
				}
			}
		}
	}
	return r
}

func millis(s string) float64 {
	for _, u := range []struct {
		suffix string
		scale  float64
	}{{"us", 1e-3}, {"ms", 1}, {"s", 1e3}} {
		if strings.HasSuffix(s, u.suffix) {
			v, err := strconv.ParseFloat(strings.TrimSuffix(s, u.suffix), 64)
			if err == nil {
				return v * u.scale
			}
		}
	}
	return 0
}

const clockTicks = 100 // USER_HZ on Linux

func cpuTicks(pid int) int64 {
	var total int64
	// The server may be taskset's child after exec; /proc/<pid> is the server itself.
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	s := string(b)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	for _, i := range []int{11, 12, 13, 14} { // utime stime cutime cstime
		n, _ := strconv.ParseInt(fields[i], 10, 64)
		total += n
	}
	return total + childTicks(pid)
}

// childTicks adds the CPU of the server's live child processes (Next.js runs
// its server in a child of the `next` CLI).
func childTicks(pid int) int64 {
	var total int64
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", pid, pid))
	if err != nil {
		return 0
	}
	for _, c := range strings.Fields(string(b)) {
		if child, err := strconv.Atoi(c); err == nil {
			total += cpuTicks(child)
		}
	}
	return total
}

// vmHWM is the peak resident memory of the server (and its children), in KiB.
func vmHWM(pid int) int { return procStatus(pid, "VmHWM:") }

// procStatus is a field of /proc/PID/status in KiB, summed over the
// process and its children (Next.js runs its server in a child).
func procStatus(pid int, field string) int {
	n := 0
	if b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid)); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(line, field) {
				n, _ = strconv.Atoi(strings.Fields(line)[1])
			}
		}
	}
	if b, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", pid, pid)); err == nil {
		for _, c := range strings.Fields(string(b)) {
			if child, err := strconv.Atoi(c); err == nil {
				n += procStatus(child, field)
			}
		}
	}
	return n
}

// streamTiming measures the seed's streaming route: median time to the
// first byte and to the end, in ms.
func streamTiming(url string, n int) (ttfb, total float64) {
	var firsts, ends []float64
	for i := 0; i < n; i++ {
		start := time.Now()
		resp, err := http.Get(url)
		if err != nil {
			continue
		}
		buf := make([]byte, 1)
		if _, err := io.ReadFull(resp.Body, buf); err == nil {
			firsts = append(firsts, float64(time.Since(start).Microseconds())/1e3)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		ends = append(ends, float64(time.Since(start).Microseconds())/1e3)
	}
	return median(firsts), median(ends)
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	sort.Float64s(v)
	return v[len(v)/2]
}

// coldStart is the median time from process start to the first 200.
func coldStart(sys system, n int) float64 {
	var times []float64
	for i := 0; i < n; i++ {
		port, err := freePort()
		if err != nil {
			continue
		}
		start := time.Now()
		cmd, err := sys.start(port)
		if err != nil {
			continue
		}
		if err := waitReady(fmt.Sprintf("http://127.0.0.1:%d/api/hello", port), 60*time.Second); err == nil {
			times = append(times, float64(time.Since(start).Microseconds())/1e3)
		}
		stop(cmd)
	}
	return median(times)
}

// coldStartPrebuilt measures `jsroutes serve` of a `jsroutes build` output,
// when this jsroutes has the build command.
func coldStartPrebuilt(bin, app, work string, n int) (float64, bool) {
	out := filepath.Join(work, "prebuilt")
	if err := exec.Command(bin, "build", app, "-o", out).Run(); err != nil {
		return 0, false
	}
	sys := system{"prebuilt", func(port int) (*exec.Cmd, error) {
		return pinned(os.Environ(), bin, "serve", out, "-H", "127.0.0.1", "-p", strconv.Itoa(port))
	}}
	return coldStart(sys, n), true
}

// prebuiltPeak serves the bundle coldStartPrebuilt built, runs every
// scenario against it as the main runs do, and returns its VmHWM (KiB).
func prebuiltPeak(bin, work string, cfg config) (int, error) {
	port, err := freePort()
	if err != nil {
		return 0, err
	}
	cmd, err := pinned(os.Environ(), bin, "serve", filepath.Join(work, "prebuilt"), "-H", "127.0.0.1", "-p", strconv.Itoa(port))
	if err != nil {
		return 0, err
	}
	defer stop(cmd)
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	if err := waitReady(base+"/api/hello", 60*time.Second); err != nil {
		return 0, err
	}
	for _, sc := range scenarios {
		for _, c := range cfg.conns {
			if _, err := wrk(work, base, sc, c, cfg.duration); err != nil {
				return 0, err
			}
		}
	}
	return vmHWM(cmd.Process.Pid), nil
}

// installNext installs next@16 into a temporary folder and builds the bench
// app there. An error means Next.js is left out of the run.
func installNext(work, repo string) (string, error) {
	if _, err := exec.LookPath("npm"); err != nil {
		return "", errors.New("npm is not installed")
	}
	dir := filepath.Join(work, "next-app")
	if err := os.CopyFS(dir, os.DirFS(filepath.Join(repo, "fixtures", "bench"))); err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, "package.json"), []byte(`{"private":true}`), 0o644); err != nil {
		return "", err
	}
	log.Print("installing next@16 from npm")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	install := exec.CommandContext(ctx, "npm", "install", "--no-audit", "--no-fund", "--loglevel=error", "next@16", "react@19", "react-dom@19", "typescript@5", "@types/react@19", "@types/node@20")
	install.Dir = dir
	if out, err := install.CombinedOutput(); err != nil {
		return "", fmt.Errorf("npm install (is the registry reachable?): %v\n%s", err, out)
	}
	log.Print("next build")
	build := exec.CommandContext(ctx, filepath.Join(dir, "node_modules", ".bin", "next"), "build")
	build.Dir = dir
	build.Env = append(os.Environ(), "NEXT_TELEMETRY_DISABLED=1")
	if out, err := build.CombinedOutput(); err != nil {
		return "", fmt.Errorf("next build: %v\n%s", err, out)
	}
	return dir, nil
}

// serveGo is the yardstick: a plain net/http server writing the same bytes.
func serveGo(port string) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/hello", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"message":"Hello World"}`))
	})
	mux.HandleFunc("GET /api/cached", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "s-maxage=60, stale-while-revalidate=31535940")
		_, _ = w.Write([]byte(`{"message":"Hello from the cache"}`))
	})
	mux.HandleFunc("GET /api/items/{id}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]string{"id": r.PathValue("id"), "fields": r.URL.Query().Get("fields")})
	})
	mux.HandleFunc("POST /api/echo", func(w http.ResponseWriter, r *http.Request) {
		var v any
		if err := json.NewDecoder(r.Body).Decode(&v); err != nil {
			w.WriteHeader(500)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(v)
	})
	// The fetch scenario's yardstick: the same upstream call through Go's
	// client (pooled like jsroutes' fetch), its JSON decoded and re-encoded.
	upstream := os.Getenv("UPSTREAM_URL") + "/data"
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4096}}
	mux.HandleFunc("GET /api/upstream", func(w http.ResponseWriter, r *http.Request) {
		req, err := http.NewRequestWithContext(r.Context(), "GET", upstream, nil)
		if err != nil {
			w.WriteHeader(500)
			return
		}
		res, err := client.Do(req)
		if err != nil {
			w.WriteHeader(502)
			return
		}
		defer res.Body.Close()
		var v any
		if err := json.NewDecoder(res.Body).Decode(&v); err != nil {
			w.WriteHeader(502)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(v)
	})
	mux.HandleFunc("GET /api/stream", func(w http.ResponseWriter, r *http.Request) {
		rc := http.NewResponseController(w)
		for i, chunk := range []string{"<p>One</p>", "<p>Two</p>", "<p>Three</p>"} {
			if i > 0 {
				time.Sleep(200 * time.Millisecond)
			}
			_, _ = w.Write([]byte(chunk))
			_ = rc.Flush()
		}
	})
	log.Fatal(http.ListenAndServe("127.0.0.1:"+port, mux))
}

// fetchDuration is how long the fetch scenario runs at each connection
// count, whatever -d says: issue 5 defines its figure over 10 s.
const fetchDuration = 10 * time.Second

// serveUpstream answers every request after 100 ms, for the fetch scenario.
func serveUpstream(port string) {
	log.Fatal(http.ListenAndServe("127.0.0.1:"+port, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(100 * time.Millisecond)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"upstream":true}`))
	})))
}

func machine() string {
	model := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(line, "model name") {
				model = strings.TrimSpace(line[strings.IndexByte(line, ':')+1:])
				break
			}
		}
	}
	node := "no Node"
	if out, err := exec.Command("node", "--version").Output(); err == nil {
		node = "Node " + strings.TrimSpace(string(out))
	}
	return fmt.Sprintf("%d × %s, %s, %s/%s, %s", runtime.NumCPU(), model, runtime.Version(), runtime.GOOS, runtime.GOARCH, node)
}

func render(cfg config, results []result, peaks map[string]int, streams map[string][2]float64, colds map[string]float64, fetches map[string][]result, withNext bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "## Run of %s\n\n", time.Now().UTC().Format("2006-01-02 15:04 UTC"))
	fmt.Fprintf(&b, "Machine: %s. Server pinned to CPU 0, wrk to CPU 1; %v warm-up, %v per run.\n\n", machine(), cfg.warmup, cfg.duration)
	b.WriteString("| scenario | conns | system | req/s | p50 ms | p99 ms | CPU µs/req |\n|---|---|---|---|---|---|---|\n")
	find := func(sys, sc string, c int) *result {
		for i := range results {
			if results[i].system == sys && results[i].scenario == sc && results[i].conns == c {
				return &results[i]
			}
		}
		return nil
	}
	for _, sc := range scenarios {
		for _, c := range cfg.conns {
			for _, sys := range []string{"jsroutes", "Next.js 16", "Go net/http"} {
				if r := find(sys, sc.name, c); r != nil {
					fmt.Fprintf(&b, "| %s | %d | %s | %.0f | %.2f | %.2f | %.1f |\n", sc.name, c, sys, r.rps, r.p50, r.p99, r.cpuPerReq)
				}
			}
		}
	}
	b.WriteString("\nRatios (req/s):\n\n| scenario | conns | jsroutes / Next.js | jsroutes / Go |\n|---|---|---|---|\n")
	for _, sc := range scenarios {
		for _, c := range cfg.conns {
			js, nx, g := find("jsroutes", sc.name, c), find("Next.js 16", sc.name, c), find("Go net/http", sc.name, c)
			if js == nil {
				continue
			}
			ratioNext := "n/a"
			if nx != nil && nx.rps > 0 {
				ratioNext = fmt.Sprintf("%.1f×", js.rps/nx.rps)
			}
			ratioGo := "n/a"
			if g != nil && g.rps > 0 {
				ratioGo = fmt.Sprintf("%.0f%%", 100*js.rps/g.rps)
			}
			fmt.Fprintf(&b, "| %s | %d | %s | %s |\n", sc.name, c, ratioNext, ratioGo)
		}
	}
	b.WriteString("\n| system | peak RSS under load | cold start to first 200 (median) | stream: first byte | stream: all 3 chunks |\n|---|---|---|---|---|\n")
	systems := []string{"jsroutes", "jsroutes (prebuilt bundle)", "Next.js 16", "Go net/http"}
	for _, sys := range systems {
		cold, ok := colds[sys]
		if !ok {
			continue
		}
		st := streams[sys]
		peak := "—"
		if p := peaks[sys]; p > 0 {
			peak = fmt.Sprintf("%.1f MiB", float64(p)/1024)
		}
		stream := "— | —"
		if st[1] > 0 {
			stream = fmt.Sprintf("%.1f ms | %.0f ms", st[0], st[1])
		}
		fmt.Fprintf(&b, "| %s | %s | %.0f ms | %s |\n", sys, peak, cold, stream)
	}
	if len(fetches) > 0 {
		b.WriteString("\nA route awaiting `fetch` of a loopback upstream that answers after 100 ms (ideal: connections / 0.1 s):\n\n| system | conns | req/s | % of ideal | p99 ms | errors | peak RSS |\n|---|---|---|---|---|---|---|\n")
		for _, sys := range []string{"jsroutes", "Next.js 16", "Go net/http"} {
			for _, r := range fetches[sys] {
				fmt.Fprintf(&b, "| %s | %d | %.0f | %.0f%% | %.1f | %d | %.1f MiB |\n", sys, r.conns, r.rps, 100*r.rps/(float64(r.conns)*10), r.p99, r.errors, float64(r.peak)/1024)
			}
		}
	}
	if !withNext {
		b.WriteString("\nNext.js was left out of this run (npm unreachable or -skip-next).\n")
	}
	b.WriteString("\n")
	return b.String()
}

// writeReport puts the newest run first under the file's fixed preamble.
func writeReport(path, report string) error {
	const marker = "<!-- runs: newest first -->\n"
	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	head, tail := "# Benchmarks\n\n`make bench` writes a run here.\n\n"+marker, ""
	if i := strings.Index(string(old), marker); i >= 0 {
		head, tail = string(old[:i+len(marker)]), string(old[i+len(marker):])
	}
	return os.WriteFile(path, []byte(head+"\n"+report+tail), 0o644)
}
