package bundler

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/evanw/esbuild/pkg/api"
)

// Next.js conventions beside app/ that jsroutes does not run yet. Ignoring
// one without a word is worse than refusing: a proxy.ts that answers 401
// for /api/* without a session would silently stop guarding anything.

// refused are the files that hold request-path logic (access control,
// redirects, rewrites): an app that has one does not build.
var refused = []string{"proxy", "middleware"}

// ignored are the files jsroutes can run without, with a warning.
var ignored = []string{"instrumentation"}

// conventionExts are the extensions Next.js accepts for them.
var conventionExts = []string{".ts", ".js", ".mjs", ".tsx", ".jsx"}

// metadataFile matches the metadata route files Next.js serves from code
// (sitemap.ts → /sitemap.xml, robots.ts, manifest.ts, icon.tsx, …): a
// route.ts in a dotted folder (app/sitemap.xml/route.ts) is how jsroutes
// serves them for now.
var metadataFile = regexp.MustCompile(`^(sitemap|robots|manifest|icon\d*|apple-icon\d*|opengraph-image\d*|twitter-image\d*)\.(ts|tsx|js|jsx|mjs)$`)

// metadataFiles lists the metadata route files under appDir, as warnings.
func metadataFiles(root, appDir string) []Message {
	var out []Message
	_ = filepath.WalkDir(appDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !metadataFile.MatchString(d.Name()) {
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		out = append(out, Message{File: filepath.ToSlash(rel), Text: "metadata route files are not served by jsroutes yet (their URL answers 404); a route handler in a folder named after the URL (app/sitemap.xml/route.ts) is"})
		return nil
	})
	return out
}

// conventions checks the project root and src/ for those files: an error
// for the refused ones, warnings for the others.
func conventions(root string) (warnings []Message, err error) {
	find := func(base string) []string {
		var out []string
		for _, dir := range []string{"", "src"} {
			for _, ext := range conventionExts {
				rel := filepath.ToSlash(filepath.Join(dir, base+ext))
				if st, err := os.Stat(filepath.Join(root, rel)); err == nil && !st.IsDir() {
					out = append(out, rel)
				}
			}
		}
		return out
	}
	var msgs []Message
	for _, base := range refused {
		for _, f := range find(base) {
			msgs = append(msgs, Message{File: f, Text: "jsroutes does not run " + base + " files yet, and serving the app without it would drop the access control, redirects and rewrites it holds: remove it (or move its logic into the routes) to serve with jsroutes"})
		}
	}
	if len(msgs) > 0 {
		return nil, &Error{Messages: msgs}
	}
	for _, base := range ignored {
		for _, f := range find(base) {
			warnings = append(warnings, Message{File: f, Text: "jsroutes does not run instrumentation files yet: register() and onRequestError() are not called"})
		}
	}
	return warnings, nil
}

// useCache matches a 'use cache' directive (also 'use cache: remote',
// 'use cache: private') at the start of a line.
var useCache = regexp.MustCompile(`(?m)^[ \t]*['"]use cache(?::[ \t]*[\w-]+)?['"]`)

// directives is an esbuild plugin that notes, in the app's own files,
// the directives jsroutes does not act on yet: a 'use cache' function runs
// uncached (its cacheLife and cacheTag calls say so too). It loads
// nothing itself.
type directives struct {
	root     string
	mu       sync.Mutex
	warnings map[string]Message
}

func (d *directives) plugin() api.Plugin {
	return api.Plugin{Name: "jsroutes-directives", Setup: func(b api.PluginBuild) {
		b.OnLoad(api.OnLoadOptions{Filter: `\.(ts|tsx|js|jsx|mjs|cjs|mts|cts)$`, Namespace: "file"}, func(args api.OnLoadArgs) (api.OnLoadResult, error) {
			if strings.Contains(args.Path, "/node_modules/") {
				return api.OnLoadResult{}, nil
			}
			src, err := os.ReadFile(args.Path)
			if err != nil {
				return api.OnLoadResult{}, nil // esbuild reports it
			}
			if loc := useCache.FindIndex(src); loc != nil {
				rel, _ := filepath.Rel(d.root, args.Path)
				line := 1 + strings.Count(string(src[:loc[0]]), "\n")
				d.mu.Lock()
				d.warnings[rel] = Message{File: filepath.ToSlash(rel), Line: line, Column: 1,
					Text: "'use cache' is not supported by jsroutes yet: the function runs uncached on every call"}
				d.mu.Unlock()
			}
			return api.OnLoadResult{}, nil
		})
	}}
}

// list returns the warnings, by file.
func (d *directives) list() []Message {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make([]Message, 0, len(d.warnings))
	for _, m := range d.warnings {
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].File < out[j].File })
	return out
}
