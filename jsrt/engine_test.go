package jsrt_test

import (
	"encoding/json"
	"os/exec"
	"sort"
	"testing"

	"github.com/jsroutes/jsroutes/jsrt"
)

// engineDir is the fixture whose checks are what packages expect of V8.
const engineDir = "../fixtures/apps/engine"

// knownDifferences are the checks where jsroutes is known to answer
// otherwise than Node, and why (conformance/KNOWN_DIFFERENCES.md): the
// test fails if one of them starts to agree, so that the list stays true.
var knownDifferences = map[string]string{
	"intl/components":        "FormatJS's CLDR data joins a long date to a time with \", \" in its combined skeletons; ICU uses CLDR's atTime pattern (\" at \")",
	"intl/timeZoneName long": "FormatJS adds an hour when only timeZoneName is asked for; ECMA-402 (and V8) default to the date alone",
}

// The engine checks answer under jsroutes as under Node.js, check by check
// (fixtures/apps/engine/lib holds them; Node runs the same files).
func TestEngineChecksMatchNode(t *testing.T) {
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node is not installed")
	}
	a := serveApp(t, engineDir, jsrt.Options{Workers: 1})
	for _, group := range []string{"regexp", "intl", "errors"} {
		t.Run(group, func(t *testing.T) {
			cmd := exec.Command("node", "scripts/node-side.mjs", group)
			cmd.Dir = engineDir
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("node: %v", err)
			}
			var want map[string]json.RawMessage
			if err := json.Unmarshal(out, &want); err != nil {
				t.Fatalf("node answered %s", out)
			}
			res := a.get("/api/checks?group=" + group)
			var got map[string]json.RawMessage
			if err := json.Unmarshal([]byte(res.Body), &got); err != nil {
				t.Fatalf("jsroutes answered %d %s", res.Status, res.Body)
			}
			names := make([]string, 0, len(want))
			for name := range want {
				names = append(names, name)
			}
			sort.Strings(names)
			for _, name := range names {
				_, known := knownDifferences[group+"/"+name]
				switch same := string(got[name]) == string(want[name]); {
				case !same && !known:
					t.Errorf("%s: jsroutes %s\n\tnode %s", name, got[name], want[name])
				case same && known:
					t.Errorf("%s: now answers as Node: take it off knownDifferences (and conformance/KNOWN_DIFFERENCES.md)", name)
				}
			}
			t.Logf("%d checks", len(names))
		})
	}
}
