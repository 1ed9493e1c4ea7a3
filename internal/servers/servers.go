// Package servers starts the real database servers tests talk to, each on
// a free loopback port for one test: Redis (redis-server) and PostgreSQL
// (Debian's postgresql: initdb in a temporary directory, as the postgres
// user when the tests run as root, since PostgreSQL refuses to). A test
// is skipped where a server is not installed, unless its JSROUTES_REQUIRE_*
// variable is set (make test sets them after installing the servers), when
// that is a failure.
package servers

import (
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"
)

// freePort returns a loopback port nothing listens on.
func freePort(t testing.TB) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// require skips (or, with the variable set, fails) a test whose server is
// missing.
func require(t testing.TB, env, what string) {
	t.Helper()
	if os.Getenv(env) != "" {
		t.Fatalf("%s is required (%s is set) but not installed", what, env)
	}
	t.Skipf("%s is not installed (make test installs it)", what)
}

// waitListening waits until addr accepts connections.
func waitListening(t testing.TB, addr, what string, log func() string) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return
		}
	}
	t.Fatalf("%s did not start listening on %s within 30s:\n%s", what, addr, log())
}

// Redis starts redis-server on port (0: a free one) and returns its URL
// and a function that kills it (the test's cleanup kills it too).
func Redis(t testing.TB, port int) (url string, kill func()) {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		require(t, "JSROUTES_REQUIRE_REDIS", "redis-server")
	}
	if port == 0 {
		port = freePort(t)
	}
	dir := t.TempDir()
	logFile := filepath.Join(dir, "redis.log")
	cmd := exec.Command(bin, "--bind", "127.0.0.1", "--port", strconv.Itoa(port), "--save", "", "--appendonly", "no",
		"--dir", dir, "--logfile", logFile)
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting redis-server: %v", err)
	}
	var once sync.Once
	kill = func() {
		once.Do(func() {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		})
	}
	t.Cleanup(kill)
	addr := "127.0.0.1:" + strconv.Itoa(port)
	waitListening(t, addr, "redis-server", func() string { b, _ := os.ReadFile(logFile); return string(b) })
	return "redis://" + addr + "/0", kill
}

// postgresBin finds PostgreSQL's server programs: on PATH, or in the
// newest of Debian's /usr/lib/postgresql/<version>/bin.
func postgresBin() string {
	if p, err := exec.LookPath("initdb"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Dir(real)
		}
		return filepath.Dir(p)
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool {
		a, _ := strconv.Atoi(filepath.Base(filepath.Dir(dirs[i])))
		b, _ := strconv.Atoi(filepath.Base(filepath.Dir(dirs[j])))
		return a > b
	})
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d
		}
	}
	return ""
}

// Postgres starts a PostgreSQL server with a fresh cluster (user postgres,
// trust authentication, fsync off) and returns its URL. opts are extra
// server settings ("ssl=on", …); files written into the data directory
// before start (a TLS key and certificate) come from setup, which gets
// the directory.
func Postgres(t testing.TB, setup func(dataDir string) []string) string {
	t.Helper()
	bin := postgresBin()
	if bin == "" {
		require(t, "JSROUTES_REQUIRE_POSTGRES", "PostgreSQL (initdb, postgres)")
	}
	// Not t.TempDir: its parents are the test user's alone, and a server
	// run as postgres must reach its directory.
	dir, err := os.MkdirTemp("", "jsroutes-pg-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	data := filepath.Join(dir, "data")
	asUser := func(name string, args ...string) *exec.Cmd {
		cmd := exec.Command(filepath.Join(bin, name), args...)
		if os.Geteuid() == 0 {
			// PostgreSQL will not run as root: the postgres user (made by
			// Debian's package) runs it.
			u, err := user.Lookup("postgres")
			if err != nil {
				t.Fatalf("running PostgreSQL as root needs the postgres user: %v", err)
			}
			uid, _ := strconv.Atoi(u.Uid)
			gid, _ := strconv.Atoi(u.Gid)
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}}
			if err := os.Chown(dir, uid, gid); err != nil {
				t.Fatal(err)
			}
		}
		cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8", "TZ=UTC")
		return cmd
	}
	if out, err := asUser("initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync", "--locale=C.UTF-8").CombinedOutput(); err != nil {
		t.Fatalf("initdb: %v\n%s", err, out)
	}
	var extra []string
	if setup != nil {
		extra = setup(data)
		if os.Geteuid() == 0 {
			if u, err := user.Lookup("postgres"); err == nil {
				uid, _ := strconv.Atoi(u.Uid)
				gid, _ := strconv.Atoi(u.Gid)
				_ = filepath.Walk(data, func(p string, _ os.FileInfo, _ error) error { return os.Lchown(p, uid, gid) })
			}
		}
	}
	port := freePort(t)
	args := []string{"-D", data, "-h", "127.0.0.1", "-p", strconv.Itoa(port), "-k", dir,
		"-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=200", "-c", "TimeZone=UTC"}
	for _, o := range extra {
		args = append(args, "-c", o)
	}
	logFile := filepath.Join(dir, "postgres.log")
	log, err := os.Create(logFile)
	if err != nil {
		t.Fatal(err)
	}
	cmd := asUser("postgres", args...)
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting postgres: %v", err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGINT) // fast shutdown
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
		log.Close()
	})
	addr := "127.0.0.1:" + strconv.Itoa(port)
	waitListening(t, addr, "postgres", func() string { b, _ := os.ReadFile(logFile); return string(b) })
	return "postgres://postgres@" + addr + "/postgres"
}
