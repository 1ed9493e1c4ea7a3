package bundler

import (
	"os"
	"path/filepath"
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
