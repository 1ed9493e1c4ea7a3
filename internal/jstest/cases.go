package jstest

import (
	"log/slog"
	"strconv"
	"strings"
	"testing"
)

// Case is one check of a family's JS half: Body is the body of an async
// GET handler whose result is the response text; Want is that text.
type Case struct {
	Name, Imports, Body, Want string
}

// Run serves every case as its own route of one app and compares.
func Run(t *testing.T, cases []Case) {
	t.Helper()
	files := map[string]string{}
	for i, c := range cases {
		files["app/c"+strconv.Itoa(i)+"/route.ts"] = c.Imports + "\nexport async function GET() {\n" + c.Body + "\n}\n"
	}
	logs := &Log{}
	app := Serve(t, files, slog.New(slog.NewTextHandler(logs, nil)))
	for i, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			status, body := app.Get("/c" + strconv.Itoa(i))
			if status != 200 || strings.TrimSpace(body) != c.Want {
				t.Errorf("got %d %q, want %q\nthe app's log:\n%s", status, body, c.Want, logs)
			}
		})
	}
}
