package bundler

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A written bundle loads back; one written for another format or another
// runtime program is refused with a message saying to build it again.
func TestLoadChecksFormatAndRuntime(t *testing.T) {
	tests := []struct {
		name   string
		change func(m map[string]any)
		want   string // "" for success
	}{
		{"as written", func(map[string]any) {}, ""},
		{"another format", func(m map[string]any) { m["format"] = 1 }, "format 1, want 7"},
		{"another runtime", func(m map[string]any) { m["runtime"] = "0123456789abcdef" }, "built for another jsroutes runtime (0123456789abcdef"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			b := &Bundle{Routes: []Route{{Pattern: "/a", File: "app/a/route.ts"}}, Code: "(function (require) {})"}
			if err := b.Write(dir); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, manifestFile)
			var m map[string]any
			data, _ := os.ReadFile(path)
			if err := json.Unmarshal(data, &m); err != nil {
				t.Fatal(err)
			}
			tt.change(m)
			data, _ = json.Marshal(m)
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			got, err := Load(dir)
			switch {
			case tt.want == "" && err != nil:
				t.Fatal(err)
			case tt.want == "" && (got.Code != b.Code || len(got.Routes) != 1):
				t.Errorf("loaded %+v", got)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "build it again")):
				t.Errorf("error %v, want one with %q", err, tt.want)
			}
		})
	}
}
