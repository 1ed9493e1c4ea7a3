package bundler

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/jsroutes/jsroutes/fixtures"
)

// What a route exports is read without running it, as Next.js reads
// segment config: literal values are known, anything else is left to the
// runtime.
func TestAnalyzeExports(t *testing.T) {
	for _, tt := range []struct {
		name, src    string
		methods      []string
		config       map[string]any
		staticParams bool
		unknown      []string
	}{
		{"methods", "export function GET() {}\nexport const POST = async () => {}\nexport { handler as PATCH }\nfunction handler() {}\nexport const helper = 1",
			[]string{"GET", "POST", "PATCH"}, nil, false, nil},
		{"literals", "export const dynamic = 'force-static'\nexport const revalidate = 60\nexport const dynamicParams = false\nexport const GET = () => {}",
			[]string{"GET"}, map[string]any{"dynamic": "force-static", "revalidate": int64(60), "dynamicParams": false}, false, nil},
		{"typescript and arithmetic", "export const revalidate: number = 60 * 60\nexport const maxDuration = 2.5\nexport const runtime = 'node' + 'js'\nexport function GET(): Response { return new Response() }",
			[]string{"GET"}, map[string]any{"revalidate": int64(3600), "maxDuration": 2.5, "runtime": "nodejs"}, false, nil},
		{"a constant by name", "const HOUR = 3600\nconst revalidateSeconds = HOUR * 2\nexport { revalidateSeconds as revalidate }\nexport const GET = () => {}",
			[]string{"GET"}, map[string]any{"revalidate": int64(7200)}, false, nil},
		{"not a literal", "import { cfg } from './cfg'\nexport const revalidate = cfg.ttl\nexport const dynamic = process.env.D\nexport const GET = () => {}",
			[]string{"GET"}, nil, false, []string{"dynamic", "revalidate"}},
		{"generateStaticParams", "export async function generateStaticParams() { return [] }\nexport const GET = () => {}",
			[]string{"GET"}, nil, true, nil},
		{"export *", "export * from './handlers'\nexport const revalidate = 5",
			nil, map[string]any{"revalidate": int64(5)}, false, []string{"*"}},
		{"top-level await", "const v = await Promise.resolve(1)\nexport const dynamic = 'force-dynamic'\nexport const GET = () => new Response(String(v))",
			[]string{"GET"}, map[string]any{"dynamic": "force-dynamic"}, false, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			root := fixtures.Write(t, map[string]string{
				"app/x/route.ts": tt.src, "app/x/cfg.ts": "export const cfg = { ttl: 1 }", "app/x/handlers.ts": "export const GET = () => {}",
			})
			// Read alone (the one-bundle build) and from the split build.
			routes := []Route{{File: "app/x/route.ts"}}
			if err := analyze(root, routes); err != nil {
				t.Fatal(err)
			}
			b, err := Build(context.Background(), Options{Dir: root})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range []Route{routes[0], b.Routes[0]} {
				unknown := tt.unknown
				if b.Chunks != nil && r.Chunk != "" && slices.Equal(unknown, []string{"*"}) {
					unknown = nil // bundled, export * is resolved
				}
				methods := tt.methods
				if r.Chunk != "" && tt.name == "export *" {
					methods = []string{"GET"}
				}
				if !reflect.DeepEqual(r.Methods, methods) || !reflect.DeepEqual(r.Config, tt.config) || r.StaticParams != tt.staticParams || !reflect.DeepEqual(r.Unknown, unknown) {
					t.Errorf("chunk %q: got methods %v config %v staticParams %v unknown %v", r.Chunk, r.Methods, r.Config, r.StaticParams, r.Unknown)
				}
			}
		})
	}
}

// A route whose module graph awaits at its top is loaded by import() (a
// promise); the others by require(), synchronously.
func TestTopLevelAwaitRoutesLoadAsync(t *testing.T) {
	root := fixtures.Write(t, map[string]string{
		"app/a/route.ts": "import { v } from '../../lib/slow'\nexport const GET = () => new Response(String(v))\n",
		"app/b/route.ts": "export const GET = () => new Response('b')\n",
		"lib/slow.ts":    "export const v = await Promise.resolve(7)\n",
	})
	b, err := Build(context.Background(), Options{Dir: root})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.Code, "()=>init_route().then(") || !strings.Contains(b.Code, "()=>(init_route2(),__toCommonJS(") {
		i := strings.Index(b.Code, "routes:[")
		t.Errorf("loaders: %.200s", b.Code[i:])
	}
	if b.Chunks != nil {
		t.Error("a top-level await was built split")
	}
	if b.Routes[0].Bytes == 0 || b.Routes[0].Bytes <= b.Routes[1].Bytes {
		t.Errorf("route bytes: a %d, b %d (a imports more)", b.Routes[0].Bytes, b.Routes[1].Bytes)
	}
}

// Without a top-level await, route modules are built split: a chunk per
// route file, what several import in a shared chunk each requires, each
// with a source map that still names the app's files.
func TestRouteModulesAreSplit(t *testing.T) {
	root := fixtures.Write(t, map[string]string{
		"app/a/route.ts": "import { v } from '../../lib/shared'\nexport const GET = () => new Response(v)\n",
		"app/b/route.ts": "import { v } from '../../lib/shared'\nexport const POST = () => new Response(v + 'b')\n",
		"lib/shared.ts":  "export const v = 'shared value'\n",
	})
	b, err := Build(context.Background(), Options{Dir: root})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Chunks) != 3 || b.Routes[0].Chunk != "app/a/route.js" || b.Routes[1].Chunk != "app/b/route.js" {
		t.Fatalf("chunks %v, routes %+v", len(b.Chunks), b.Routes)
	}
	var shared string
	for p, code := range b.Chunks {
		if !strings.HasPrefix(code, chunkWrapper) || !strings.Contains(code, "\n})\n//# sourceMappingURL=data:application/json;base64,") {
			t.Errorf("%s is not a wrapped script with its map: %.80q", p, code)
		}
		if strings.Contains(code, "shared value") {
			shared = p
		}
	}
	if shared == "" || shared == "app/a/route.js" || !strings.Contains(b.Chunks["app/a/route.js"], "require(\"../../"+shared+"\")") {
		t.Errorf("the shared module is in %q; route a: %s", shared, b.Chunks["app/a/route.js"])
	}
	if strings.Contains(b.Code, "shared value") {
		t.Error("the bundle holds route code")
	}
}
