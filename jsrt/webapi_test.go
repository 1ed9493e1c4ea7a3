package jsrt_test

import (
	"encoding/json"
	"testing"

	"github.com/jsroutes/jsroutes/jsrt"
)

// TestWebAPIs runs the checks in fixtures/apps/webapi: each route exercises
// one Web API inside the runtime and reports its failures.
func TestWebAPIs(t *testing.T) {
	a := serveApp(t, "../fixtures/apps/webapi", jsrt.Options{})
	for _, r := range a.H.Routes() {
		t.Run(r.Pattern, func(t *testing.T) {
			a.t = t
			res := a.get(r.Pattern)
			var out struct {
				Passed   int
				Failures []string
			}
			if err := json.Unmarshal([]byte(res.Body), &out); err != nil {
				t.Fatalf("%d %q: %v", res.Status, res.Body, err)
			}
			for _, f := range out.Failures {
				t.Error(f)
			}
			if out.Passed == 0 {
				t.Errorf("no check passed")
			}
			t.Logf("%d checks passed", out.Passed)
		})
	}
}
