package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
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
		if code != 0 || !strings.Contains(out, "jsroutes serve [DIR]") {
			t.Errorf("%v: exit %d, %q", args, code, out)
		}
	}
	out, _, code := runCLI(t, "--version")
	if code != 0 || !strings.HasPrefix(out, "jsroutes ") {
		t.Errorf("--version: exit %d, %q", code, out)
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
func startServe(t *testing.T, env []string, args ...string) (*exec.Cmd, string, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"serve"}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	stdout, _ := cmd.StdoutPipe()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
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
	return cmd, strings.Replace(url, "localhost", "127.0.0.1", 1), &stderr
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
