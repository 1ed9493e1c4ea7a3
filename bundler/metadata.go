package bundler

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/evanw/esbuild/pkg/api"
)

// Next.js's metadata route files (app/sitemap.ts, app/robots.txt,
// app/favicon.ico, …) are routes whose URL Next.js derives from the file's
// name (next/dist/lib/metadata/get-metadata-route.js and
// is-metadata-route.js). jsroutes makes each one a Route marked with
// Route.Metadata; the runtime makes its GET as Next.js's metadata route
// loader does (webapi/next/metadata.js). What it does not serve (static
// files under a dynamic segment, files out of place) it says so:
// ignoring one without a word is worse than refusing.

var (
	// metadataCode: the files whose default export returns the data.
	// Sitemaps anywhere; robots and manifest at the app's root only.
	metadataCode = regexp.MustCompile(`^(sitemap|robots|manifest)\.(js|ts|mjs|jsx|tsx)$`)
	// metadataImageCode: images generated from code (an ImageResponse),
	// at …/opengraph-image (no extension), with generateImageMetadata at
	// …/opengraph-image/<id>.
	metadataImageCode = regexp.MustCompile(`^(icon|apple-icon|opengraph-image|twitter-image)\d*\.(js|ts|mjs|jsx|tsx)$`)
	// metadataRootAsset: static files Next.js serves at the root only.
	metadataRootAsset = regexp.MustCompile(`^(robots\.txt|manifest\.(json|webmanifest)|favicon\.ico)$`)
	// metadataAsset: static files served where they are.
	metadataAsset = regexp.MustCompile(`^(sitemap\.xml|icon\d*\.(ico|jpe?g|png|svg)|apple-icon\d*\.(jpe?g|png)|(opengraph|twitter)-image\d*\.(jpe?g|png|gif))$`)
)

// metadataURL is the last URL segment of each metadata route file from
// code (Next.js's normalizeMetadataRoute).
var metadataURL = map[string]string{"sitemap": "sitemap.xml", "robots": "robots.txt", "manifest": "manifest.webmanifest"}

// classifyMetadata says what file p under appDir is as a metadata route:
// a route (with the route's File relative to root), a warning to give,
// or neither (not a metadata file).
func classifyMetadata(root, appDir, p string) (*Route, string, error) {
	name := filepath.Base(p)
	dirRel, _ := filepath.Rel(appDir, filepath.Dir(p))
	dirRel = filepath.ToSlash(dirRel)
	rel, _ := filepath.Rel(root, p)
	rel = filepath.ToSlash(rel)
	code := metadataCode.FindStringSubmatch(name)
	switch {
	case metadataImageCode.MatchString(name):
		segs, err := parseSegments(dirRel)
		if err != nil {
			return nil, "", fmt.Errorf("%s: %w", rel, err)
		}
		return &Route{Segments: append(segs, Segment{Static, assetName(dirRel, strings.SplitN(name, ".", 2)[0])}), File: rel, Metadata: "image"}, "", nil
	case code == nil && !metadataRootAsset.MatchString(name) && !metadataAsset.MatchString(name):
		return nil, "", nil
	case dirRel != "." && name == "manifest.json":
		return nil, "", nil // a data file, as often as not
	case dirRel != "." && (metadataRootAsset.MatchString(name) || (code != nil && code[1] != "sitemap")):
		return nil, "Next.js serves " + strings.SplitN(name, ".", 2)[0] + " files only at the app's root: this one is not a route (its URL answers 404, as in Next.js)", nil
	}
	segs, err := parseSegments(dirRel)
	if err != nil {
		return nil, "", fmt.Errorf("%s: %w", rel, err)
	}
	if code != nil {
		return &Route{Segments: append(segs, Segment{Static, metadataURL[code[1]]}), File: rel, Metadata: code[1]}, "", nil
	}
	for _, s := range segs {
		if s.Kind != Static {
			return nil, "static metadata files under a dynamic segment are not served by jsroutes yet (their URL answers 404)", nil
		}
	}
	return &Route{Segments: append(segs, Segment{Static, assetName(dirRel, name)}), File: rel, Metadata: "asset"}, "", nil
}

// assetName is a static metadata file's URL name: its own, but for an
// icon or image in a route group or parallel-route folder, which gets a
// suffix of a hash of its folder (Next.js's getMetadataRouteSuffix), so
// that two groups' icons do not share a URL. Sitemaps never get one.
func assetName(dirRel, name string) string {
	if strings.HasPrefix(name, "sitemap.") {
		return name
	}
	parent := "/" + strings.TrimPrefix(dirRel, ".")
	if parent == "/" {
		return name
	}
	grouped := false
	for _, seg := range strings.Split(parent, "/") {
		if (strings.HasPrefix(seg, "(") && strings.HasSuffix(seg, ")")) || strings.HasPrefix(seg, "@") {
			grouped = true
		}
	}
	if !grouped {
		return name
	}
	suffix := strconv.FormatUint(uint64(djb2(parent)), 36)
	if len(suffix) > 6 {
		suffix = suffix[:6]
	}
	ext := path.Ext(name)
	return strings.TrimSuffix(name, ext) + "-" + suffix + ext
}

// djb2 is Next.js's djb2Hash (shared/lib/hash.js): over UTF-16 code
// units, in JavaScript's 32-bit arithmetic.
func djb2(s string) uint32 {
	h := int32(5381)
	for _, c := range utf16.Encode([]rune(s)) {
		h = (h << 5) + h + int32(c)
	}
	return uint32(h)
}

// splitImage turns an image route whose file exports
// generateImageMetadata into …/opengraph-image/[__metadata_id__], one URL
// per id, prerendered as a route with generateStaticParams is.
func (r *Route) splitImage() {
	segs := append(r.Segments[:len(r.Segments):len(r.Segments)], Segment{Dynamic, "__metadata_id__"})
	r.Segments, r.Pattern, r.StaticParams = segs, patternOf(segs), true
}

// splitSitemap turns a sitemap route whose file exports generateSitemaps
// into Next.js's split form: /…/sitemap/[__metadata_id__], one URL per id
// with .xml (normalizeMetadataPageToRoute), prerendered as a route with
// generateStaticParams is.
func (r *Route) splitSitemap() {
	segs := append(r.Segments[:len(r.Segments)-1:len(r.Segments)-1], Segment{Static, "sitemap"}, Segment{Dynamic, "__metadata_id__"})
	r.Segments, r.Pattern, r.StaticParams = segs, patternOf(segs), true
}

// metadataFiles lists, as warnings, the metadata files jsroutes does not
// serve (see classifyMetadata).
func metadataFiles(root, appDir string) []Message {
	var out []Message
	_ = filepath.WalkDir(appDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if p != appDir && notRoutes(d.Name()) {
				return filepath.SkipDir
			}
			return nil
		}
		if _, warning, _ := classifyMetadata(root, appDir, p); warning != "" {
			rel, _ := filepath.Rel(root, p)
			out = append(out, Message{File: filepath.ToSlash(rel), Text: warning})
		}
		return nil
	})
	return out
}

// assetsPlugin loads the static metadata files among routes as bytes (a
// module whose default export is a Uint8Array), as Next.js's loader
// inlines them into the route it makes. Other files of those names (a
// manifest.json a route imports as data) load as usual.
func assetsPlugin(root string, routes []Route) api.Plugin {
	assets := map[string]bool{}
	for _, r := range routes {
		if r.Metadata == "asset" {
			assets[filepath.Join(root, filepath.FromSlash(r.File))] = true
		}
	}
	return api.Plugin{Name: "jsroutes-metadata-assets", Setup: func(b api.PluginBuild) {
		if len(assets) == 0 {
			return
		}
		b.OnLoad(api.OnLoadOptions{Filter: `\.(txt|xml|json|webmanifest|ico|jpe?g|png|svg|gif)$`}, func(args api.OnLoadArgs) (api.OnLoadResult, error) {
			if !assets[args.Path] {
				return api.OnLoadResult{}, nil
			}
			b, err := os.ReadFile(args.Path)
			if err != nil {
				return api.OnLoadResult{}, err
			}
			s := string(b)
			return api.OnLoadResult{Contents: &s, Loader: api.LoaderBinary}, nil
		})
	}}
}
