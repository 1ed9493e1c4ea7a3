package console_test

import (
	"log/slog"
	"strings"
	"testing"

	"github.com/jsroutes/jsroutes/internal/jstest"
)

// console's lines reach the logger formatted as Node formats them, with
// the route file's line as their source.
func TestConsole(t *testing.T) {
	var log jstest.Log
	app := jstest.Serve(t, map[string]string{
		"app/x/route.ts": "export function GET() {\n  console.warn('n=%d', 42, { a: [1, 'b'] }, new Map([[1, 2]]))\n  return new Response('ok')\n}\n",
	}, slog.New(slog.NewTextHandler(&log, nil)))
	if status, _ := app.Get("/x"); status != 200 {
		t.Fatalf("status %d", status)
	}
	line := log.String()
	for _, want := range []string{"level=WARN", `n=42 { a: [ 1, 'b' ] } Map(1) { 1 => 2 }`, "source=app/x/route.ts:2:"} {
		if !strings.Contains(line, want) {
			t.Errorf("the log lacks %q: %s", want, line)
		}
	}
}
