// Package servers starts the real database servers that tests (and the
// benchmarks) talk to, each on a free loopback port: Redis (redis-server),
// PostgreSQL (Debian's postgresql: initdb in a temporary directory, as the
// postgres user when the tests run as root, since PostgreSQL refuses to)
// and MariaDB (Debian's mariadb-server). A test
// is skipped where a server is not installed, unless its JSROUTES_REQUIRE_*
// variable is set (make test sets them after installing the servers), when
// that is a failure.
package servers

import (
	"errors"
	"fmt"
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

// shutdown asks a server to stop with sig, and kills it if it has not
// within 15 s.
func shutdown(cmd *exec.Cmd, sig os.Signal) {
	_ = cmd.Process.Signal(sig)
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		_ = cmd.Process.Kill()
		<-done
	}
}

// listening waits until addr accepts connections, for 30 s at most.
func listening(addr string) error {
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return nil
		}
	}
	return fmt.Errorf("nothing listens on %s after 30s", addr)
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
	if err := listening(addr); err != nil {
		b, _ := os.ReadFile(logFile)
		t.Fatalf("redis-server: %v:\n%s", err, b)
	}
	return "redis://" + addr + "/0", kill
}

// PostgresBin finds PostgreSQL's server programs: on PATH, or in the
// newest of Debian's /usr/lib/postgresql/<version>/bin.
func PostgresBin() string {
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
// trust authentication, fsync off) for one test and returns its URL.
// setup, when not nil, gets the data directory before the server starts
// (to write a TLS key and certificate into it) and returns extra server
// settings ("ssl=on", …).
func Postgres(t testing.TB, setup func(dataDir string) []string) string {
	t.Helper()
	if PostgresBin() == "" {
		require(t, "JSROUTES_REQUIRE_POSTGRES", "PostgreSQL (initdb, postgres)")
	}
	url, stop, err := StartPostgres(setup)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	return url
}

// StartPostgres starts a PostgreSQL server with a fresh cluster on a free
// loopback port, for the tests and the benchmarks: its URL, and a function
// that stops it and removes its files.
func StartPostgres(setup func(dataDir string) []string) (url string, stop func(), err error) {
	bin := PostgresBin()
	if bin == "" {
		return "", nil, errors.New("PostgreSQL is not installed (apt-get install postgresql)")
	}
	// Not t.TempDir: its parents are the test user's alone, and a server
	// run as postgres must reach its directory.
	dir, err := os.MkdirTemp("", "jsroutes-pg-")
	if err != nil {
		return "", nil, err
	}
	cleanup := []func(){func() { os.RemoveAll(dir) }}
	stop = func() {
		for i := len(cleanup) - 1; i >= 0; i-- {
			cleanup[i]()
		}
	}
	fail := func(err error) (string, func(), error) {
		stop()
		return "", nil, err
	}
	data := filepath.Join(dir, "data")
	var cred *syscall.Credential
	if os.Geteuid() == 0 {
		// PostgreSQL will not run as root: the postgres user (made by
		// Debian's package) runs it.
		u, err := user.Lookup("postgres")
		if err != nil {
			return fail(fmt.Errorf("running PostgreSQL as root needs the postgres user: %w", err))
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
		if err := os.Chown(dir, uid, gid); err != nil {
			return fail(err)
		}
	}
	command := func(name string, args ...string) *exec.Cmd {
		cmd := exec.Command(filepath.Join(bin, name), args...)
		if cred != nil {
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
		}
		cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8", "TZ=UTC")
		return cmd
	}
	if out, err := command("initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync", "--locale=C.UTF-8").CombinedOutput(); err != nil {
		return fail(fmt.Errorf("initdb: %v\n%s", err, out))
	}
	var extra []string
	if setup != nil {
		extra = setup(data)
		if cred != nil {
			_ = filepath.Walk(data, func(p string, _ os.FileInfo, _ error) error { return os.Lchown(p, int(cred.Uid), int(cred.Gid)) })
		}
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fail(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	args := []string{"-D", data, "-h", "127.0.0.1", "-p", strconv.Itoa(port), "-k", dir,
		"-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=200", "-c", "TimeZone=UTC"}
	for _, o := range extra {
		args = append(args, "-c", o)
	}
	logFile := filepath.Join(dir, "postgres.log")
	log, err := os.Create(logFile)
	if err != nil {
		return fail(err)
	}
	cmd := command("postgres", args...)
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		log.Close()
		return fail(fmt.Errorf("starting postgres: %w", err))
	}
	cleanup = append(cleanup, func() {
		shutdown(cmd, syscall.SIGINT) // PostgreSQL's fast shutdown
		log.Close()
	})
	addr := "127.0.0.1:" + strconv.Itoa(port)
	if err := listening(addr); err != nil {
		b, _ := os.ReadFile(logFile)
		return fail(fmt.Errorf("postgres: %w:\n%s", err, b))
	}
	// PostgreSQL listens before it accepts sessions: until recovery ends a
	// connection gets "FATAL: the database system is starting up"
	// (57P03), which failed a test's first query about one run in three
	// under load. pg_isready says when sessions are accepted.
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		err := exec.Command(filepath.Join(bin, "pg_isready"), "-q", "-h", "127.0.0.1", "-p", strconv.Itoa(port), "-t", "2").Run()
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			b, _ := os.ReadFile(logFile)
			return fail(fmt.Errorf("postgres on %s accepts no sessions after 30s (pg_isready: %v):\n%s", addr, err, b))
		}
	}
	return "postgres://postgres@" + addr + "/postgres", stop, nil
}

// mariaDBBin finds MariaDB's server (mariadbd, or mysqld) and its
// installer (mariadb-install-db, or mysql_install_db).
func mariaDBBin() (server, install string) {
	find := func(names ...string) string {
		for _, n := range names {
			if p, err := exec.LookPath(n); err == nil {
				return p
			}
			if p := filepath.Join("/usr/sbin", n); fileExists(p) {
				return p
			}
		}
		return ""
	}
	return find("mariadbd", "mysqld"), find("mariadb-install-db", "mysql_install_db")
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// MariaDB starts a MariaDB server with a fresh data directory for one test
// and returns its URL (user root, database test). Authentication is off
// (--skip-grant-tables): the server listens on loopback for this test only.
func MariaDB(t testing.TB) string {
	t.Helper()
	server, install := mariaDBBin()
	if server == "" || install == "" {
		require(t, "JSROUTES_REQUIRE_MARIADB", "MariaDB (mariadbd, mariadb-install-db)")
	}
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	var asRoot []string
	if os.Geteuid() == 0 {
		asRoot = []string{"--user=root"} // MariaDB refuses root unless told
	}
	// A private tmpdir: two installs at once (two test runs on one machine)
	// collided on the shared /tmp's temporary table names ("Could not
	// remove temporary table '/tmp/#sql-temptable-…'", install aborted).
	tmp := filepath.Join(dir, "tmp")
	if err := os.MkdirAll(tmp, 0o755); err != nil {
		t.Fatal(err)
	}
	args := append([]string{"--no-defaults", "--datadir=" + data, "--tmpdir=" + tmp, "--auth-root-authentication-method=normal", "--skip-test-db"}, asRoot...)
	if out, err := exec.Command(install, args...).CombinedOutput(); err != nil {
		t.Fatalf("mariadb-install-db: %v\n%s", err, out)
	}
	port := freePort(t)
	logFile := filepath.Join(dir, "mariadb.log")
	cmd := exec.Command(server, append([]string{"--no-defaults", "--datadir=" + data, "--tmpdir=" + tmp, "--bind-address=127.0.0.1", "--port=" + strconv.Itoa(port),
		"--socket=" + filepath.Join(dir, "mariadb.sock"), "--pid-file=" + filepath.Join(dir, "mariadb.pid"), "--log-error=" + logFile,
		"--skip-grant-tables", "--skip-name-resolve", "--innodb-flush-log-at-trx-commit=0", "--innodb-buffer-pool-size=16M"}, asRoot...)...)
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting mariadbd: %v", err)
	}
	t.Cleanup(func() { shutdown(cmd, syscall.SIGTERM) })
	addr := "127.0.0.1:" + strconv.Itoa(port)
	if err := listening(addr); err != nil {
		b, _ := os.ReadFile(logFile)
		t.Fatalf("mariadbd: %v:\n%s", err, b)
	}
	return "mysql://root@" + addr + "/mysql"
}
