package pg_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jsroutes/jsroutes/internal/jstest"
)

// databases is the fixture app whose lock file pins pg and pg-protocol.
const databases = "../../fixtures/apps/databases"

// The replacement gives what pg-protocol gives under Node: the bytes of
// every message pg sends, and the messages parsed from a stream of every
// kind the server sends, whole and cut in chunks of 1, 7 and 101 bytes
// (testdata/check.mjs runs on both). The socket path (pgTap) is the
// databases fixture's, against a real PostgreSQL (jsrt/databases_test.go).
func TestProtocolAsNode(t *testing.T) {
	if _, err := os.Stat(filepath.Join(databases, "node_modules", "pg-protocol")); err != nil {
		if os.Getenv("JSROUTES_REQUIRE_PACKAGES") != "" {
			t.Fatalf("%s needs `npm ci` (JSROUTES_REQUIRE_PACKAGES is set)", databases)
		}
		t.Skipf("run `npm ci` in %s (make test does)", databases)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("the reference needs node on PATH")
	}
	check, err := filepath.Abs("testdata/check.mjs")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, "--input-type=module", "-e", `
import { createRequire } from 'node:module';
import { check } from `+jsString(check)+`;
const protocol = createRequire(process.cwd() + '/package.json')('pg-protocol');
process.stdout.write(check(protocol));
`)
	cmd.Dir = databases
	want, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	src, err := os.ReadFile(check)
	if err != nil {
		t.Fatal(err)
	}
	app := jstest.Serve(t, map[string]string{
		"lib/check.mjs": string(src),
		"app/check/route.ts": `import { serialize, parse, DatabaseError } from 'pg-protocol';
import { check } from '../../lib/check.mjs';
export function GET() { return new Response(check({ serialize, parse, DatabaseError })); }
`,
	}, nil)
	status, got := app.Get("/check")
	if status != 200 {
		t.Fatalf("GET /check: %d %s", status, got)
	}
	gotLines, wantLines := strings.Split(got, "\n"), strings.Split(string(want), "\n")
	for i := range max(len(gotLines), len(wantLines)) {
		g, w := line(gotLines, i), line(wantLines, i)
		if g != w {
			t.Errorf("line %d:\n got %s\nwant %s", i+1, g, w)
		}
	}
}

func line(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return "(none)"
}

func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}
