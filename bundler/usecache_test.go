package bundler

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/evanw/esbuild/pkg/api"
)

// The transform wraps what Next.js's compiler wraps, keys inline functions
// by what they close over, and refuses what it refuses, at the line of
// the directive.
func TestTransformUseCache(t *testing.T) {
	call := regexp.MustCompile(`__jsroutes_cache\("(\w+)","[0-9a-f]{20}",\[([\w,]*)\],`)
	for _, c := range []struct {
		name, src string
		calls     []string // kind and bound names of each wrapper call, in order
		err       string   // or the error, as "line: text"
	}{
		{name: "no directive", src: "export async function f() { return 1 }\n"},
		{name: "a function", src: "export async function f(a: number) {\n  'use cache'\n  return a\n}\n", calls: []string{"default []"}},
		{name: "an arrow and a kind", src: "export const f = async (a) => {\n  \"use cache: remote\"\n  return a\n}\n", calls: []string{"remote []"}},
		{name: "inline: the values closed over", src: `export async function GET(request: Request) {
  const q = new URL(request.url).searchParams.get('q')
  const { lang = 'en' } = { lang: q }
  const unused = 1
  async function cached(n) {
    'use cache'
    const local = n + 1
    return { q, lang, local, now: Date.now(), x: obj.q }
  }
  return Response.json(await cached(1))
}
const obj = { q: 1 }
`, calls: []string{"default [lang,q]"}},
		{name: "a 'use cache' file", src: "'use cache'\nimport { cacheTag } from 'next/cache'\nexport async function a() { return 1 }\nexport const b = async () => 2\nasync function c() { return 3 }\nexport { c }\nasync function internal() { return 4 }\nexport default async function () { return 5 }\n",
			calls: []string{"default []", "default []", "default []", "default []"}},
		{name: "not async", src: "export function f() {\n  'use cache'\n  return 1\n}\n", err: `2: "use cache" functions must be async functions.`},
		{name: "a value from a 'use cache' file", src: "'use cache'\nexport const x = 1\n", err: `1: Only async functions are allowed to be exported in a "use cache" file.`},
		{name: "a class method", src: "class A {\n  async m() {\n    'use cache'\n    return 1\n  }\n}\n", err: `3: It is not allowed to define inline "use cache" annotated class instance methods.`},
		{name: "an unknown kind", src: "export async function f() {\n  'use cache: nope'\n  return 1\n}\n", err: `2: Unknown cache kind "nope"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, err := transformUseCache("lib/x.ts", "/app/lib/x.ts", []byte(c.src), api.LoaderTS)
			if c.err != "" {
				ue, ok := err.(*useCacheError)
				if !ok || !strings.HasPrefix(strconv.Itoa(ue.line)+": "+ue.text, c.err) {
					t.Fatalf("error %v, want %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, m := range call.FindAllStringSubmatch(code, -1) {
				got = append(got, m[1]+" ["+m[2]+"]")
			}
			if strings.Join(got, "; ") != strings.Join(c.calls, "; ") {
				t.Errorf("wrapper calls %q, want %q\n%s", got, c.calls, code)
			}
			if len(c.calls) > 0 && strings.Contains(code, "async function internal(...__jsr_args)") {
				t.Errorf("an unexported function of a 'use cache' file was wrapped:\n%s", code)
			}
		})
	}
}
