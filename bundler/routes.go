package bundler

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// SegmentKind says how one URL segment of a route matches.
type SegmentKind int

// The kinds of segment, in Next.js's matching precedence: a static segment
// wins over a dynamic one, which wins over a catch-all, then an optional one.
const (
	Static           SegmentKind = iota // a folder name, matched literally
	Dynamic                             // [id]: one segment
	CatchAll                            // [...slug]: one or more segments
	OptionalCatchAll                    // [[...slug]]: zero or more segments
)

// Segment is one URL segment of a route pattern.
type Segment struct {
	Kind SegmentKind
	// Value is the literal for a Static segment and the parameter name otherwise.
	Value string
}

// Route is one route.* file and the URL pattern it serves.
type Route struct {
	// Pattern is the URL pattern as Next.js prints it, e.g. "/blog/[...slug]".
	Pattern  string
	Segments []Segment
	// File is the route file's path relative to the project root, with
	// forward slashes, e.g. "app/blog/[...slug]/route.ts".
	File string

	// What the build read of the file without running it (see analyze):

	// Methods are the HTTP methods it exports, in Next.js's order.
	Methods []string `json:",omitempty"`
	// Config holds its segment config exports whose values are literals.
	Config map[string]any `json:",omitempty"`
	// StaticParams: it exports generateStaticParams.
	StaticParams bool `json:",omitempty"`
	// Unknown lists what could not be read statically: a segment config
	// export whose value is not a literal, or "*" for an `export *`. The
	// runtime learns those by loading the module at start.
	Unknown []string `json:",omitempty"`
	// Bytes is the route's share of the bundle: the output bytes of the
	// modules its file pulls in.
	Bytes int `json:",omitempty"`
	// Chunk is the script of the route's module among Bundle.Chunks ("" when
	// the bundle's Code holds it).
	Chunk string `json:",omitempty"`
	// Metadata names the metadata route file the route is ("sitemap",
	// "robots", "manifest"; "" for a route.ts): its module exports the
	// data as its default, and the runtime makes its GET from that as
	// Next.js's metadata route loader does (webapi/next/metadata.js).
	Metadata string `json:",omitempty"`
}

// HasParams reports whether the route has dynamic segments.
func (r Route) HasParams() bool {
	for _, s := range r.Segments {
		if s.Kind != Static {
			return true
		}
	}
	return false
}

// Params lists the route's parameter names in URL order.
func (r Route) Params() []string {
	var out []string
	for _, s := range r.Segments {
		if s.Kind != Static {
			out = append(out, s.Value)
		}
	}
	return out
}

var (
	routeFile = regexp.MustCompile(`^route\.(js|ts|mjs|jsx|tsx)$`)
	pageFile  = regexp.MustCompile(`^page\.(js|ts|mjs|jsx|tsx|md|mdx)$`)
	// Intercepting routes such as (.)photo or (..)(..)photo never hold route handlers.
	intercepting = regexp.MustCompile(`^\(\.{1,3}\)|^\(\.\.\)`)
)

// project locates an app: dir may be the app directory itself or a project
// root holding app/ or src/app/. root is where .env files, tsconfig.json and
// node_modules are looked up.
func project(dir string) (root, appDir string, err error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", "", fmt.Errorf("resolving %s: %w", dir, err)
	}
	st, err := os.Stat(abs)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "", "", fmt.Errorf("app directory %s does not exist", dir)
		}
		return "", "", err
	}
	if !st.IsDir() {
		return "", "", fmt.Errorf("%s is not a directory", dir)
	}
	for _, sub := range []string{"app", filepath.Join("src", "app")} {
		if st, err := os.Stat(filepath.Join(abs, sub)); err == nil && st.IsDir() {
			return abs, filepath.Join(abs, sub), nil
		}
	}
	root = filepath.Dir(abs)
	if filepath.Base(root) == "src" {
		root = filepath.Dir(root)
	}
	return root, abs, nil
}

// scanRoutes finds every route file under appDir with the App Router's
// conventions and checks them for conflicts. Paths in the result are
// relative to root.
func scanRoutes(root, appDir string) ([]Route, error) {
	var routes []Route
	pages := map[string]string{}     // dir below app/ → page file
	routeDirs := map[string]string{} // dir below app/ → route file
	err := filepath.WalkDir(appDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if p != appDir && notRoutes(name) {
				return filepath.SkipDir
			}
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		dirRel, _ := filepath.Rel(appDir, filepath.Dir(p))
		switch {
		case pageFile.MatchString(name):
			pages[filepath.ToSlash(dirRel)] = rel
		case routeFile.MatchString(name):
			segs, err := parseSegments(filepath.ToSlash(dirRel))
			if err != nil {
				return fmt.Errorf("%s: %w", rel, err)
			}
			if other, ok := routeDirs[filepath.ToSlash(dirRel)]; ok {
				return fmt.Errorf("conflicting route files in one folder: %s and %s", other, rel)
			}
			routeDirs[filepath.ToSlash(dirRel)] = rel
			routes = append(routes, Route{Pattern: patternOf(segs), Segments: segs, File: rel})
		default:
			r, _, err := classifyMetadata(root, appDir, p)
			if err != nil {
				return err
			}
			if r != nil {
				r.Pattern = patternOf(r.Segments)
				routes = append(routes, *r)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for dir, file := range routeDirs {
		if page, ok := pages[dir]; ok {
			return nil, fmt.Errorf("conflicting route and page at the same segment: %s and %s", file, page)
		}
	}
	sort.Slice(routes, func(i, j int) bool {
		if routes[i].Pattern != routes[j].Pattern {
			return routes[i].Pattern < routes[j].Pattern
		}
		return routes[i].File < routes[j].File
	})
	if err := checkConflicts(routes); err != nil {
		return nil, err
	}
	return routes, nil
}

// notRoutes says whether a folder below app/ holds no routes: private
// (_x), hidden, node_modules, or an intercepting route.
func notRoutes(name string) bool {
	return strings.HasPrefix(name, "_") || strings.HasPrefix(name, ".") || name == "node_modules" || intercepting.MatchString(name)
}

// parseSegments turns a directory path below app/ into URL segments.
func parseSegments(dir string) ([]Segment, error) {
	var segs []Segment
	seen := map[string]bool{}
	if dir == "." {
		return nil, nil
	}
	parts := strings.Split(dir, "/")
	for i, name := range parts {
		switch {
		case strings.HasPrefix(name, "(") && strings.HasSuffix(name, ")"), strings.HasPrefix(name, "@"):
			continue // route groups and parallel-route slots are not part of the URL
		case strings.HasPrefix(name, "[[...") && strings.HasSuffix(name, "]]"):
			segs = append(segs, Segment{OptionalCatchAll, name[5 : len(name)-2]})
		case strings.HasPrefix(name, "[...") && strings.HasSuffix(name, "]"):
			segs = append(segs, Segment{CatchAll, name[4 : len(name)-1]})
		case strings.HasPrefix(name, "[") && strings.HasSuffix(name, "]"):
			segs = append(segs, Segment{Dynamic, name[1 : len(name)-1]})
		case strings.HasPrefix(strings.ToUpper(name), "%5F"):
			segs = append(segs, Segment{Static, "_" + name[3:]})
		default:
			if strings.ContainsAny(name, "[]") {
				return nil, fmt.Errorf("segment names may not contain brackets unless the whole segment is dynamic: %q", name)
			}
			segs = append(segs, Segment{Static, name})
			continue
		}
		s := segs[len(segs)-1]
		if s.Value == "" || strings.ContainsAny(s.Value, "[]./") {
			return nil, fmt.Errorf("invalid dynamic segment %q", name)
		}
		if seen[s.Value] {
			return nil, fmt.Errorf("you cannot have the same slug name %q repeat within a single dynamic path", s.Value)
		}
		seen[s.Value] = true
		if s.Kind >= CatchAll && i != len(parts)-1 && hasURLSegmentAfter(parts[i+1:]) {
			return nil, fmt.Errorf("catch-all segment %q must be the last part of the URL", name)
		}
	}
	return segs, nil
}

func hasURLSegmentAfter(parts []string) bool {
	for _, p := range parts {
		if !(strings.HasPrefix(p, "(") && strings.HasSuffix(p, ")")) && !strings.HasPrefix(p, "@") {
			return true
		}
	}
	return false
}

func patternOf(segs []Segment) string {
	if len(segs) == 0 {
		return "/"
	}
	var b strings.Builder
	for _, s := range segs {
		b.WriteByte('/')
		switch s.Kind {
		case Static:
			b.WriteString(s.Value)
		case Dynamic:
			b.WriteString("[" + s.Value + "]")
		case CatchAll:
			b.WriteString("[..." + s.Value + "]")
		case OptionalCatchAll:
			b.WriteString("[[..." + s.Value + "]]")
		}
	}
	return b.String()
}

// checkConflicts reports what Next.js refuses at build: two files for one
// URL, different parameter names at the same place, and an optional
// catch-all beside a route for the same URL.
func checkConflicts(routes []Route) error {
	byShape := map[string]Route{}
	names := map[string]struct {
		name string
		file string
	}{}
	for _, r := range routes {
		shape := ""
		for _, s := range r.Segments {
			var part string
			switch s.Kind {
			case Static:
				part = "/" + s.Value
			case Dynamic:
				part = "/[]"
			case CatchAll:
				part = "/[...]"
			case OptionalCatchAll:
				part = "/[[...]]"
			}
			if s.Kind != Static {
				if prev, ok := names[shape+part]; ok && prev.name != s.Value {
					return fmt.Errorf("you cannot use different slug names for the same dynamic path (%q !== %q): %s and %s", prev.name, s.Value, prev.file, r.File)
				}
				names[shape+part] = struct{ name, file string }{s.Value, r.File}
			}
			shape += part
		}
		if shape == "" {
			shape = "/"
		}
		if prev, ok := byShape[shape]; ok {
			return fmt.Errorf("conflicting routes for %s: %s and %s", r.Pattern, prev.File, r.File)
		}
		byShape[shape] = r
	}
	for shape, r := range byShape {
		if !strings.HasSuffix(shape, "/[[...]]") {
			continue
		}
		parent := strings.TrimSuffix(shape, "/[[...]]")
		if parent == "" {
			parent = "/"
		}
		if other, ok := byShape[parent]; ok {
			return fmt.Errorf("you cannot define a route with the same specificity as an optional catch-all route (%s and %s): %s and %s", other.Pattern, r.Pattern, other.File, r.File)
		}
	}
	return nil
}
