package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"
)

// setup is what a scenario run alone is given: the jsroutes binary, the
// work directory, the Next.js install ("" without one), the repository
// and the timed run's length.
type setup struct {
	bin, work, nextDir, repo string
	d                        time.Duration
}

// runAlone runs one scenario by itself (jsroutes-bench routes | proxy |
// pg): the usual flags, jsroutes built, Next.js installed unless
// -skip-next, and the section written to the report under title. extra
// adds the scenario's own flags; section makes its part of the report.
func runAlone(name, title string, args []string, extra func(*flag.FlagSet) func() error, section func(setup) (string, error)) error {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	repo := fs.String("repo", ".", "the jsroutes repository")
	out := fs.String("o", "BENCHMARKS.md", "where to write the results (\"-\": stdout only)")
	skipNext := fs.Bool("skip-next", false, "leave Next.js out")
	d := fs.Duration("d", 10*time.Second, "timed run per measurement")
	check := func() error { return nil }
	if extra != nil {
		check = extra(fs)
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := check(); err != nil {
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
	body, err := section(setup{bin: bin, work: work, nextDir: nextDir, repo: root, d: *d})
	if err != nil {
		return err
	}
	report := fmt.Sprintf("## %s, run of %s\n\nMachine: %s.\n%s", title, time.Now().UTC().Format("2006-01-02 15:04 UTC"), machine(), body)
	fmt.Print(report)
	if *out != "-" {
		return writeReport(*out, report)
	}
	return nil
}

// measureServer starts a server (name args…, the port appended), waits for
// sc's path, warms it up for 3 s and measures sc at 64 connections for d,
// with the server's CPU per request.
func measureServer(env []string, work string, sc scenario, d time.Duration, name string, args ...string) (result, error) {
	rs, err := measureServerAt(env, work, sc, d, []int{64}, name, args...)
	if err != nil {
		return result{}, err
	}
	return rs[0], nil
}

// measureServerAt starts one server and measures sc on it at each number of
// connections in turn (each after the same warm-up at 64).
func measureServerAt(env []string, work string, sc scenario, d time.Duration, conns []int, name string, args ...string) ([]result, error) {
	srv, err := startServer(env, work, sc, name, args...)
	if err != nil {
		return nil, err
	}
	defer stop(srv.cmd)
	var out []result
	for _, c := range conns {
		r, err := srv.measure(work, sc, c, d)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// server is a server the bench started, pinned, on base.
type server struct {
	base string
	cmd  *exec.Cmd
}

// startServer starts a server (name args…, the port appended), waits for
// sc's path and warms it up for 3 s at 64 connections; stop(cmd) ends it.
func startServer(env []string, work string, sc scenario, name string, args ...string) (server, error) {
	port, err := freePort()
	if err != nil {
		return server{}, err
	}
	cmd, err := pinned(env, name, append(args, strconv.Itoa(port))...)
	if err != nil {
		return server{}, err
	}
	srv := server{base: fmt.Sprintf("http://127.0.0.1:%d", port), cmd: cmd}
	if err := waitReady(srv.base+sc.path, 60*time.Second); err != nil {
		stop(cmd)
		return server{}, err
	}
	if _, err := wrk(work, srv.base, sc, 64, 3*time.Second); err != nil {
		stop(cmd)
		return server{}, err
	}
	return srv, nil
}

// measure runs sc on the server at conns connections for d, with the
// server's CPU per request.
func (srv server) measure(work string, sc scenario, conns int, d time.Duration) (result, error) {
	before := cpuTicks(srv.cmd.Process.Pid)
	r, err := wrk(work, srv.base, sc, conns, d)
	if err != nil {
		return result{}, err
	}
	if total := r.rps * d.Seconds(); total > 0 {
		r.cpuPerReq = float64(cpuTicks(srv.cmd.Process.Pid)-before) * (1e6 / clockTicks) / total
	}
	r.conns = conns
	return r, nil
}

// nextBuild runs next build in dir again (a scenario changed its app).
func nextBuild(dir string, env []string) error {
	build := exec.Command(filepath.Join(dir, "node_modules", ".bin", "next"), "build")
	build.Dir, build.Env = dir, env
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("next build: %v\n%s", err, out)
	}
	return nil
}

// writeFiles writes each file (a slash-separated path under dir) with its
// content, making the folders it needs.
func writeFiles(dir string, files map[string]string) error {
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// readyRoute is the route serveOneWorker waits for.
const readyRoute = "export const GET = () => new Response('ok')\n"

// serveOneWorker starts jsroutes serve on app with one worker, pinned as
// the other servers are, and waits for the app's /ready route; stop(cmd)
// ends it.
func serveOneWorker(bin, app string) (base string, cmd *exec.Cmd, err error) {
	port, err := freePort()
	if err != nil {
		return "", nil, err
	}
	cmd, err = pinned(os.Environ(), bin, "serve", app, "--workers", "1", "-H", "127.0.0.1", "-p", strconv.Itoa(port))
	if err != nil {
		return "", nil, err
	}
	base = fmt.Sprintf("http://127.0.0.1:%d", port)
	if err := waitReady(base+"/ready", 60*time.Second); err != nil {
		stop(cmd)
		return "", nil, err
	}
	return base, cmd, nil
}
