package bundler

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// Route code reads the data files an app ships with node:fs, by paths
// relative to process.cwd(), the project root
// (fs.readFile(path.join(process.cwd(), 'data', 'x.json'))). A prebuilt
// bundle must carry them: the build finds them the way Next.js's output
// file tracing does for the common case, from the string literals of the
// app's own source files: a literal that names a file or directory of the
// project (data, content/posts, ./templates/mail.html) is one the code may
// read, and is copied with the bundle. A path built from a variable
// alone is not found; naming its directory in a literal anywhere in the
// app is enough.

// literal matches a quoted string without interpolation.
var literal = regexp.MustCompile(`'([^'\\\n]{1,200})'|"([^"\\\n]{1,200})"|` + "`([^`$\\\\\n]{1,200})`")

// sourceExts are the files scanned for literals.
var sourceExts = map[string]bool{".ts": true, ".tsx": true, ".js": true, ".jsx": true, ".mjs": true, ".cjs": true, ".mts": true, ".cts": true}

// skippedDirs are never data: dependencies, build output, VCS.
var skippedDirs = map[string]bool{"node_modules": true, ".git": true, ".next": true, ".jsroutes": true, ".vercel": true, ".turbo": true}

// maxDataBytes bounds what a build copies.
const maxDataBytes = 256 << 20

// dataFiles lists, relative to root, the files and directories the app's
// source names in literals (see above), without the app directory itself.
func dataFiles(root, appDir string) []string {
	found := map[string]bool{}
	appRel, _ := filepath.Rel(root, appDir)
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if p != root && (skippedDirs[d.Name()] || strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !sourceExts[filepath.Ext(p)] {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil || len(src) > 4<<20 {
			return nil
		}
		for _, m := range literal.FindAllStringSubmatch(string(src), -1) {
			s := m[1] + m[2] + m[3]
			rel := filepath.Clean(filepath.FromSlash(strings.TrimPrefix(s, "./")))
			if rel == "." || filepath.IsAbs(rel) || strings.HasPrefix(rel, "..") || found[rel] {
				continue
			}
			top := strings.Split(rel, string(filepath.Separator))[0]
			if skippedDirs[top] || strings.HasPrefix(top, ".") || rel == appRel || strings.HasPrefix(rel, appRel+string(filepath.Separator)) || top == "src" && appRel == filepath.Join("src", "app") && rel == "src" {
				continue
			}
			if _, err := os.Stat(filepath.Join(root, rel)); err == nil {
				found[rel] = true
			}
		}
		return nil
	})
	out := make([]string, 0, len(found))
	for f := range found {
		out = append(out, filepath.ToSlash(f))
	}
	sort.Strings(out)
	// A directory covers what is under it.
	kept := out[:0]
	for _, f := range out {
		if len(kept) > 0 && strings.HasPrefix(f, kept[len(kept)-1]+"/") {
			continue
		}
		kept = append(kept, f)
	}
	return kept
}
