package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jsroutes/jsroutes/fixtures"
	"github.com/jsroutes/jsroutes/internal/jstest"
)

// binary is the jsroutes command, built once for the CLI tests.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "jsroutes-cli")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "jsroutes")
	if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building jsroutes: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func runCLI(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return o.String(), e.String(), code
}

func TestHelpAndVersion(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"-h"}, {}} {
		out, _, code := runCLI(t, args...)
		if code != 0 || !strings.Contains(out, "jsroutes serve  [DIR]") {
			t.Errorf("%v: exit %d, %q", args, code, out)
		}
	}
	out, _, code := runCLI(t, "--version")
	if code != 0 || !strings.HasPrefix(out, "jsroutes ") {
		t.Errorf("--version: exit %d, %q", code, out)
	}
	// Each command's own help, on stdout, exit 0 (it was "flag: help
	// requested" and exit 1).
	for _, tt := range []struct{ args, want []string }{
		{[]string{"serve", "--help"}, []string{"Usage: jsroutes serve", "--max-heap-mb", "--env-allow"}},
		{[]string{"dev", "-h"}, []string{"Usage: jsroutes dev", "--port"}},
		{[]string{"start", "--help"}, []string{"Usage: jsroutes serve"}},
		{[]string{"build", "--help"}, []string{"Usage: jsroutes build", "--out"}},
		{[]string{"routes", "-help"}, []string{"Usage: jsroutes routes"}},
	} {
		out, errOut, code := runCLI(t, tt.args...)
		for _, w := range tt.want {
			if code != 0 || errOut != "" || !strings.Contains(out, w) {
				t.Errorf("%v: exit %d, stderr %q, stdout lacks %q:\n%s", tt.args, code, errOut, w, out)
			}
		}
	}
}

// Errors a user can act on are one line on stderr and a non-zero exit.
func TestErrorsAreOneLine(t *testing.T) {
	broken := t.TempDir()
	_ = os.MkdirAll(filepath.Join(broken, "app", "x"), 0o755)
	_ = os.WriteFile(filepath.Join(broken, "app", "x", "route.ts"), []byte("import 'missing-pkg'\nexport const GET = () => new Response()\n"), 0o644)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"serve", "--bogus"}, "flag provided but not defined: -bogus"},
		{[]string{"serve", filepath.Join(t.TempDir(), "nope")}, "does not exist"},
		{[]string{"serve", broken, "-p", "0"}, "app/x/route.ts:1:8"},
		{[]string{"serve", "../../fixtures/seeds/app", "-p", "0", "--redis", "redis://127.0.0.1:1/0"}, "connecting to redis at 127.0.0.1:1"},
		{[]string{"serve", "../../fixtures/seeds/app", "-p", "0", "--redis", "http://nope"}, "redis url"},
	}
	for _, tt := range tests {
		_, stderr, code := runCLI(t, tt.args...)
		lines := strings.Split(strings.TrimSpace(stderr), "\n")
		if code == 0 || len(lines) != 1 || !strings.Contains(stderr, tt.want) || !strings.HasPrefix(stderr, "jsroutes: ") {
			t.Errorf("%v: exit %d, stderr %q; want one line with %q", tt.args, code, stderr, tt.want)
		}
	}
}

func TestPortInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := fmt.Sprint(ln.Addr().(*net.TCPAddr).Port)
	_, stderr, code := runCLI(t, "serve", "../../fixtures/seeds/app", "-H", "127.0.0.1", "-p", port)
	if code == 0 || !strings.Contains(stderr, "address already in use") || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

// serve starts `jsroutes serve` on a free port and returns its base URL.
func startServe(t *testing.T, env []string, args ...string) (*exec.Cmd, string, *jstest.Log) {
	t.Helper()
	if len(args) == 0 || args[0] != "dev" {
		args = append([]string{"serve"}, args...)
	}
	cmd := exec.Command(binary, args...)
	cmd.Env = append(os.Environ(), env...)
	stdout, _ := cmd.StdoutPipe()
	stderr := &jstest.Log{} // read by tests while the server writes
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("no ready line: %v (stderr %s)", err, stderr.String())
	}
	go io.Copy(io.Discard, stdout)
	// "jsroutes 0.1.0 ready on http://localhost:PORT (N routes, …)"
	i := strings.Index(line, "http://")
	if i < 0 || !strings.Contains(line, "routes") {
		t.Fatalf("ready line %q", line)
	}
	url := strings.Fields(line[i:])[0]
	return cmd, strings.Replace(url, "localhost", "127.0.0.1", 1), stderr
}

func TestServeAndGracefulShutdown(t *testing.T) {
	cmd, url, _ := startServe(t, []string{"PORT=0"}, "../../fixtures/seeds/app", "-H", "127.0.0.1")
	resp, err := http.Get(url + "/api/hello")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(b) != `{"message":"Hello World"}` || resp.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("GET /api/hello: %d %q %q", resp.StatusCode, resp.Header.Get("Content-Type"), b)
	}

	// SIGTERM while a stream is running: the stream completes, then exit 0.
	streamResp, err := http.Get(url + "/api/stream")
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond)
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(streamResp.Body)
	if err != nil || string(body) != "<p>One</p><p>Two</p><p>Three</p>" {
		t.Errorf("stream during shutdown: %q, %v", body, err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("exit after SIGTERM: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("did not exit after SIGTERM")
	}
}

func httpGet(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestBuildThenServeThePrebuiltBundle(t *testing.T) {
	app := fixtures.Write(t, map[string]string{
		"app/api/hello/route.ts": "import { greet } from '@/lib/greet'\nexport const GET = () => Response.json({ message: greet() })\n",
		"lib/greet.ts":           "export const greet = () => 'Hello from a prebuilt bundle'\n",
		"tsconfig.json":          `{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["./*"] } } }`,
	})
	out := filepath.Join(t.TempDir(), "dist")
	stdout, stderr, code := runCLI(t, "build", app, "-o", out)
	if code != 0 || !strings.Contains(stdout, "built 1 routes") {
		t.Fatalf("build: exit %d\n%s%s", code, stdout, stderr)
	}
	// The sources are not needed to serve the bundle.
	if err := os.RemoveAll(app); err != nil {
		t.Fatal(err)
	}
	_, url, _ := startServe(t, nil, out, "-H", "127.0.0.1", "-p", "0")
	if status, body := httpGet(t, url+"/api/hello"); status != 200 || body != `{"message":"Hello from a prebuilt bundle"}` {
		t.Errorf("GET /api/hello from the bundle: %d %s", status, body)
	}
}

func TestRoutesCommand(t *testing.T) {
	stdout, stderr, code := runCLI(t, "routes", "../../fixtures/seeds/app")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"Route (app)",
		"/api/hello",
		"GET, HEAD, OPTIONS",
		"app/api/hello/route.ts",
		"/legacy/items/revalidate-config",
		"revalidate=60",
		"/items/config",
		"(none: 405)",
		"dynamic=auto",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("routes output lacks %q:\n%s", want, stdout)
		}
	}
}

func TestJSONLogsAndAccessLog(t *testing.T) {
	app := fixtures.Write(t, map[string]string{"app/hi/route.ts": "export function GET() {\n  console.log('from the route')\n  return new Response('hi')\n}\n"})
	cmd, url, stderr := startServe(t, nil, app, "-H", "127.0.0.1", "-p", "0", "--log-format", "json", "--access-log")
	if status, _ := httpGet(t, url+"/hi"); status != 200 {
		t.Fatalf("GET /hi: %d", status)
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	_ = cmd.Wait()
	var sawConsole, sawAccess bool
	for _, line := range strings.Split(strings.TrimSpace(stderr.String()), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Errorf("not a JSON log line: %q", line)
			continue
		}
		if rec["msg"] == "from the route" && rec["route"] == "app/hi/route.ts" && strings.HasPrefix(fmt.Sprint(rec["source"]), "app/hi/route.ts:2:") {
			sawConsole = true
		}
		if rec["msg"] == "request" && rec["method"] == "GET" && rec["path"] == "/hi" && rec["status"] == float64(200) && rec["bytes"] == float64(2) && rec["worker"] != nil {
			sawAccess = true
		}
	}
	if !sawConsole || !sawAccess {
		t.Errorf("console line %v, access line %v in:\n%s", sawConsole, sawAccess, stderr.String())
	}
}

// --stats-every logs each worker's counts: here the request just served.
func TestStatsEvery(t *testing.T) {
	app := fixtures.Write(t, map[string]string{"app/hi/route.ts": "export function GET() {\n  return new Response('hi')\n}\n"})
	_, url, stderr := startServe(t, nil, app, "-H", "127.0.0.1", "-p", "0", "--workers", "1", "--log-format", "json", "--stats-every", "20ms")
	if status, _ := httpGet(t, url+"/hi"); status != 200 {
		t.Fatalf("GET /hi: %d", status)
	}
	served := func() bool {
		for _, line := range strings.Split(stderr.String(), "\n") {
			var rec map[string]any
			if json.Unmarshal([]byte(line), &rec) == nil && rec["msg"] == "worker stats" && rec["served"] == float64(1) &&
				rec["in_flight"] == float64(0) && rec["sockets"] == float64(0) && rec["max_sockets"] == float64(512) && rec["websockets"] == float64(0) {
				return true
			}
		}
		return false
	}
	for deadline := time.Now().Add(20 * time.Second); !served() && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
	}
	if !served() {
		t.Errorf("no worker stats line with the request served in:\n%s", stderr.String())
	}
}

// dev rebuilds when a route changes; requests keep succeeding during the swap.
func TestDevReloads(t *testing.T) {
	app := fixtures.Write(t, map[string]string{"app/v/route.ts": "export const GET = () => new Response('one')\n"})
	_, url, stderr := startServe(t, nil, "dev", app, "-H", "127.0.0.1", "-p", "0")
	if _, body := httpGet(t, url+"/v"); body != "one" {
		t.Fatalf("before the edit: %q", body)
	}
	stop := make(chan struct{})
	failures := make(chan string, 100)
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if status, body := httpGet(t, url+"/v"); status != 200 || (body != "one" && body != "two") {
					failures <- fmt.Sprintf("%d %q", status, body)
				}
			}
		}()
	}
	time.Sleep(100 * time.Millisecond)
	if err := os.WriteFile(filepath.Join(app, "app", "v", "route.ts"), []byte("export const GET = () => new Response('two')\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if _, body := httpGet(t, url+"/v"); body == "two" {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	// A broken edit: the error is logged with file:line, the last good build serves.
	_ = os.WriteFile(filepath.Join(app, "app", "v", "route.ts"), []byte("export const GET = ( => \n"), 0o644)
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline) && !strings.Contains(stderr.String(), "app/v/route.ts:1:"); {
		time.Sleep(50 * time.Millisecond)
	}
	close(stop)
	wg.Wait()
	close(failures)
	for f := range failures {
		t.Errorf("a request failed during the reload: %s", f)
	}
	if _, body := httpGet(t, url+"/v"); body != "two" {
		t.Errorf("after a broken edit: %q, want the last good build", body)
	}
	if !strings.Contains(stderr.String(), "app/v/route.ts:1:") {
		t.Errorf("the build error is not logged with file:line:\n%s", stderr.String())
	}
}

// --env-allow hands route code only the variables it names (and NODE_ENV
// and NEXT_RUNTIME, which Next.js sets).
func TestEnvAllowFlag(t *testing.T) {
	app := fixtures.Write(t, map[string]string{
		"app/env/route.ts": "export const GET = () => Response.json(Object.keys(process.env).sort())\n",
	})
	_, url, _ := startServe(t, []string{"PORT=0", "JSR_PUBLIC=1", "JSR_SECRET=2"}, app, "-H", "127.0.0.1", "--env-allow", "JSR_PUBLIC, MISSING")
	if code, body := httpGet(t, url+"/env"); code != 200 || body != `["JSR_PUBLIC","NEXT_RUNTIME","NODE_ENV"]` {
		t.Errorf("GET /env: %d %s", code, body)
	}
}

// A request whose body trickles in is cut once --request-timeout passes
// (a body sent at 1 byte/s held a connection forever).
func TestRequestTimeoutCutsSlowBodies(t *testing.T) {
	app := fixtures.Write(t, map[string]string{
		"app/echo/route.ts": "export async function POST(request: Request) { return new Response(await request.text()) }\n",
	})
	_, url, _ := startServe(t, []string{"PORT=0"}, app, "-H", "127.0.0.1", "--request-timeout", "1s")
	conn, err := net.Dial("tcp", strings.TrimPrefix(url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	start := time.Now()
	_, _ = io.WriteString(conn, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n")
	cut := false
	for range 50 { // 1 byte every 200 ms: 10 s if nothing cuts it
		if _, err := conn.Write([]byte("x")); err != nil {
			cut = true
			break
		}
		_ = conn.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
		if n, err := conn.Read(make([]byte, 512)); n > 0 || (err != nil && !errors.Is(err, os.ErrDeadlineExceeded)) {
			cut = true // answered (an error status) or closed
			break
		}
	}
	if !cut {
		t.Fatalf("the connection was still open after %v", time.Since(start))
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("cut after %v, want about 1s", d)
	}
}
