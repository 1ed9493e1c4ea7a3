package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// The instructions scenario counts the user-space instructions a request
// of the PostgreSQL scenario costs each server, with valgrind's callgrind.
// A count does not move with the shared host: the same binary gives the
// same figure to within ~2%, where CPU time per request moved ±20% from
// one round to the next and the ratio to the Go handler followed the
// kernel's price for system calls (30–35% on one host of the same kind,
// 52–57% on another, with the same code). It is the figure to compare
// optimisations by; the wall-clock scenarios remain the targets' measure.
//
// What moves it is the collector: with the CLI's GOGC (up to 800 on this
// app's 13 MB live heap) a cycle comes every few thousand requests and
// costs tens of millions of instructions, so 3,000 counted requests
// measured 342k to 377k a request, whether a cycle fell inside or not;
// 20,000 measured 356k and 363k.
//
// Go reads its clock with RDTSCP, which valgrind 3.19 cannot run:
// GODEBUG=cpu.rdtscp=off makes it take the fallback. callgrind_control
// zeroes the counters after a warm-up and dumps them after the counted
// requests, so start-up and bundling are not counted.

// instrServer is one server to count.
type instrServer struct {
	name string
	env  []string
	args []string // the command; the port is appended
}

func instructionsOnly(args []string) error {
	var n int
	// Next.js is not counted (the PostgreSQL scenario compares it by time).
	args = append([]string{"-skip-next"}, args...)
	return runAlone("instructions", "PostgreSQL scenario, instructions", args, func(fs *flag.FlagSet) func() error {
		fs.IntVar(&n, "n", 20000, "requests counted per server (after n/6 to warm up)")
		return func() error {
			if n < 1 {
				return fmt.Errorf("-n must be positive")
			}
			for _, tool := range []string{"valgrind", "callgrind_control"} {
				if _, err := exec.LookPath(tool); err != nil {
					return fmt.Errorf("%s is not installed (Debian: apt-get install valgrind)", tool)
				}
			}
			return nil
		}
	}, func(s setup) (string, error) {
		return instructionsScenario(s.bin, s.work, s.repo, n)
	})
}

// instructionsScenario counts the pg route under jsroutes, the route
// awaiting pgx through go:db, and the Go handler.
func instructionsScenario(bin, work, repo string, n int) (string, error) {
	pg, err := startPGApp(work, repo)
	if err != nil {
		return "", err
	}
	defer pg.stop()
	self, err := os.Executable()
	if err != nil {
		return "", err
	}
	servers := []instrServer{
		{"jsroutes", pg.env, []string{bin, "serve", pg.app, "-H", "127.0.0.1", "-p"}},
		{"jsroutes, pgx via go:db", slices.Concat(pg.env, []string{"GOGC=600"}), []string{self, "serve-jsrt-pgx"}},
		{"Go net/http + pgx", pg.env, []string{self, "serve-go-pg"}},
	}
	counts := make([]int64, len(servers))
	for i, srv := range servers {
		log.Printf("instructions: %s", srv.name)
		if counts[i], err = countInstructions(work, srv, n); err != nil {
			return "", fmt.Errorf("%s: %w", srv.name, err)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n### Instructions a request: a primary-key SELECT through a pool\n\n")
	fmt.Fprintf(&b, "GET /api/item?id=42, the PostgreSQL scenario's servers each under `valgrind --tool=callgrind` (pinned to CPU 0): %d requests at 64 connections to warm up, then %d counted. User-space instructions only: the system calls, the same for each server, are not counted.\n\n", n/6, n)
	b.WriteString("| server | instructions a request | × Go |\n|---|---|---|\n")
	goCount := counts[len(counts)-1]
	for i, srv := range servers {
		fmt.Fprintf(&b, "| %s | %d | %.2f× |\n", srv.name, counts[i], float64(counts[i])/float64(goCount))
	}
	return b.String(), nil
}

// countInstructions starts srv under callgrind, warms it up, and returns
// the instructions of n requests, per request.
func countInstructions(work string, srv instrServer, n int) (int64, error) {
	port, err := freePort()
	if err != nil {
		return 0, err
	}
	dir, err := os.MkdirTemp(work, "callgrind-")
	if err != nil {
		return 0, err
	}
	args := append([]string{"-c", "0", "valgrind", "--tool=callgrind", "--callgrind-out-file=" + filepath.Join(dir, "out.%p")},
		append(srv.args, strconv.Itoa(port))...)
	cmd := exec.Command("taskset", args...)
	cmd.Env = slices.Concat(srv.env, []string{"GODEBUG=cpu.rdtscp=off,asyncpreemptoff=1"})
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	defer stop(cmd)
	url := fmt.Sprintf("http://127.0.0.1:%d/api/item?id=42", port)
	// Under callgrind a server runs ~50 times slower: jsroutes bundles the
	// app for a minute or two before its first answer.
	if err := waitReady(url, 5*time.Minute); err != nil {
		return 0, err
	}
	if err := requests(url, n/6); err != nil {
		return 0, err
	}
	pid := strconv.Itoa(cmd.Process.Pid)
	if out, err := exec.Command("callgrind_control", "-z", pid).CombinedOutput(); err != nil {
		return 0, fmt.Errorf("callgrind_control -z: %v: %s", err, out)
	}
	if err := requests(url, n); err != nil {
		return 0, err
	}
	if out, err := exec.Command("callgrind_control", "-d", pid).CombinedOutput(); err != nil {
		return 0, fmt.Errorf("callgrind_control -d: %v: %s", err, out)
	}
	total, err := dumpedInstructions(dir)
	if err != nil {
		return 0, err
	}
	return total / int64(n), nil
}

// requests sends exactly n GETs over 64 keep-alive connections, each
// answered 200.
func requests(url string, n int) error {
	const conns = 64
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns}, Timeout: time.Minute}
	defer client.CloseIdleConnections()
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, conns)
	for range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for next.Add(1) <= int64(n) {
				resp, err := client.Get(url)
				if err != nil {
					errs <- err
					return
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					errs <- fmt.Errorf("GET %s: %s", url, resp.Status)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	return <-errs // nil when the channel is empty
}

// dumpedInstructions reads the instruction total of the one dump
// callgrind_control -d wrote in dir (out.<pid>.1; the final out.<pid> is
// written only at exit).
func dumpedInstructions(dir string) (int64, error) {
	dumps, err := filepath.Glob(filepath.Join(dir, "out.*.1"))
	if err != nil || len(dumps) != 1 {
		return 0, fmt.Errorf("callgrind's dump in %s: found %d (%v)", dir, len(dumps), err)
	}
	f, err := os.Open(dumps[0])
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		for _, key := range []string{"summary: ", "totals: "} {
			if v, ok := strings.CutPrefix(line, key); ok {
				return strconv.ParseInt(strings.Fields(v)[0], 10, 64)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return 0, err
	}
	return 0, fmt.Errorf("no instruction total in %s", dumps[0])
}
