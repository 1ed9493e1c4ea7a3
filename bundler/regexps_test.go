package bundler

import (
	"testing"

	"github.com/evanw/esbuild/pkg/api"
)

// An app's regexp literal V8 refuses when it parses the module is found,
// at its place, with V8's message; valid ones, look-alikes and literals
// goja checks itself are not.
func TestRegExpEarlyError(t *testing.T) {
	tests := []struct {
		name, src string
		loader    api.Loader
		want      string // "" for none
		line, col int
	}{
		{"an unknown property", "const ok = /\\p{L}/u\nexport function GET() {\n  return /^\\p{Foo}+$/u.test('x')\n}\n", api.LoaderTS, "Invalid regular expression: /^\\p{Foo}+$/u: Invalid property name", 3, 10},
		{"v-flag syntax", "export const re = /[(]/v", api.LoaderJS, "Invalid regular expression: /[(]/v: Invalid character in character class", 1, 19},
		{"u and v together", "const a = /\\p{L}/uv", api.LoaderJS, "Invalid regular expression flags", 1, 11},
		{"in TSX", "export default function A() { return <div>{/\\P{Foo}/u.source}</div> }", api.LoaderTSX, "Invalid regular expression: /\\P{Foo}/u: Invalid property name", 1, 44},
		{"valid ones", "const a = /\\p{Lu}\\p{Script=Greek}/u, b = /[\\p{L}--[a-z]]/v, c = /(a)/d", api.LoaderJS, "", 0, 0},
		{"division, strings and comments", "const x = a / b / u; const s = '/\\\\p{Foo}/u'; // /\\p{Foo}/u\n", api.LoaderJS, "", 0, 0},
		{"no u, v or d: goja's compiler checks it", "const a = /\\p{Foo}/", api.LoaderJS, "", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := RegExpEarlyError([]byte(tt.src), tt.loader)
			switch {
			case tt.want == "" && m != nil:
				t.Errorf("found %+v", *m)
			case tt.want != "" && m == nil:
				t.Errorf("found nothing, want %q", tt.want)
			case m != nil && (m.Text != tt.want || m.Line != tt.line || m.Column != tt.col):
				t.Errorf("got %d:%d %q, want %d:%d %q", m.Line, m.Column, m.Text, tt.line, tt.col, tt.want)
			}
		})
	}
}
