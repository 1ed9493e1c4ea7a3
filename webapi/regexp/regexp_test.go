package regexp

import (
	"slices"
	"strings"
	"testing"
)

// translate rewrites only what goja lacks, numbers groups for the d flag,
// and refuses what V8 refuses with V8's reason. (What the rewritten
// patterns match is checked against Node.js by jsrt's engine checks.)
func TestTranslate(t *testing.T) {
	for _, c := range []struct {
		name, src, flags string
		want             string // the rewritten source ("" = don't care)
		flagsOut         string
		groups, ends     []int
		err              string
	}{
		{name: "plain text copied", src: `a\/b(c)[x-z]\d`, flags: "u", want: `a\/b(c)[x-z]\d`, flagsOut: "u"},
		{name: "property to class", src: `\p{ASCII_Hex_Digit}`, flags: "u", want: `[\u0030-\u0039\u0041-\u0046\u0061-\u0066]`, flagsOut: "u"},
		{name: "alias", src: `\p{AHex}`, flags: "u", want: `[\u0030-\u0039\u0041-\u0046\u0061-\u0066]`, flagsOut: "u"},
		{name: "negated outside a class", src: `\P{ASCII}`, flags: "u", want: `[\u0080-\u{10FFFF}]`, flagsOut: "u"},
		{name: "in a class", src: `[_\p{ASCII_Hex_Digit}]`, flags: "u", want: `[_\u0030-\u0039\u0041-\u0046\u0061-\u0066]`, flagsOut: "u"},
		{name: "not u: the letter p", src: `\p{L}`, flags: "", want: `\p{L}`, flagsOut: ""},
		{name: "escaped backslash: p{ is no quantifier", src: `\\p{L}`, flags: "u", err: "Incomplete quantifier"},
		{name: "escaped backslash, not u", src: `\\p{L}`, flags: "d", want: `\\p{L}`, flagsOut: ""},
		{name: "quantifiers copied", src: `\p{L}{2}a{1,}b{1,3}[{}]`, flags: "u", want: "", flagsOut: "u"},
		{name: "lone closing brace", src: `a}`, flags: "v", err: "Lone quantifier brackets"},
		{name: "brace quantifier out of order", src: `a{2,1}`, flags: "u", err: "numbers out of order in {} quantifier"},
		{name: "brace without a minimum", src: `x{,5}`, flags: "u", err: "Incomplete quantifier"},
		{name: "d flag numbering", src: `(a)(?:b)(?<n>c)`, flags: "dg", want: `(a(?=([\s\S]*)))(?:b)(?<n>c(?=([\s\S]*)))`, flagsOut: "g", groups: []int{1, 3}, ends: []int{2, 4}},
		{name: "d nested", src: `((a)b)`, flags: "d", want: `((a(?=([\s\S]*)))b(?=([\s\S]*)))`, flagsOut: "", groups: []int{1, 2}, ends: []int{4, 3}},
		{name: "d backreference renumbered", src: `(a)(b)\2\1`, flags: "d", want: `(a(?=([\s\S]*)))(b(?=([\s\S]*)))\3\1`, flagsOut: "", groups: []int{1, 3}, ends: []int{2, 4}},
		{name: "d forward reference", src: `\2(a)(b)`, flags: "d", want: `\3(a(?=([\s\S]*)))(b(?=([\s\S]*)))`, flagsOut: "", groups: []int{1, 3}, ends: []int{2, 4}},
		{name: "d legacy octal kept", src: `(a)\7`, flags: "d", want: `(a(?=([\s\S]*)))\7`, flagsOut: "", groups: []int{1}, ends: []int{2}},
		{name: "d lookarounds do not capture", src: `(?<=x)(?!y)(?=z)(?<!w)`, flags: "d", want: `(?<=x)(?!y)(?=z)(?<!w)`, flagsOut: "", groups: []int{}, ends: []int{}},
		{name: "d parens in a class", src: `[(](a)`, flags: "d", want: `[(](a(?=([\s\S]*)))`, flagsOut: "", groups: []int{1}, ends: []int{2}},
		{name: "v subtraction", src: `[[a-e]--[bd]]`, flags: "v", want: `[\u0061\u0063\u0065]`, flagsOut: "u"},
		{name: "v intersection", src: `[[a-z]&&[x-\u{7F}]]`, flags: "v", want: `[\u0078-\u007A]`, flagsOut: "u"},
		{name: "v strings longest first", src: `[\q{ab|abc|x}]`, flags: "v", want: `(?:\u0061\u0062\u0063|\u0061\u0062|[\u0078])`, flagsOut: "u"},
		{name: "v negated", src: `[^a]`, flags: "gv", want: `[^\u0061]`, flagsOut: "gu"},
		{name: "v escapes", src: `[\n\x41\u{1F600}\uD83D\uDE01\-]`, flags: "v", want: `[\u000A\u002D\u0041\u{1F600}\u{1F601}]`, flagsOut: "u"},
		{name: "unknown property", src: `\p{Foo}`, flags: "u", err: "Invalid property name"},
		{name: "script needs its key", src: `\p{Latin}`, flags: "u", err: "Invalid property name"},
		{name: "binary with a value", src: `\p{ASCII=Yes}`, flags: "u", err: "Invalid property name"},
		{name: "unknown in a class", src: `[\p{Foo}]`, flags: "u", err: "Invalid property name in character class"},
		{name: "range to a property", src: `[a-\p{L}]`, flags: "u", err: "Invalid character class"},
		{name: "strings need v", src: `\p{RGI_Emoji}`, flags: "u", err: "Invalid property name"},
		{name: "negated strings", src: `\P{RGI_Emoji}`, flags: "v", err: "Invalid property name"},
		{name: "negated class of strings", src: `[^\q{ab}]`, flags: "v", err: "Negated character class may contain strings"},
		{name: "v reserved double", src: `[a&&&b]`, flags: "v", err: "Invalid character in character class"},
		{name: "v mixed operators", src: `[a&&b--c]`, flags: "v", err: "Invalid set operation in character class"},
		{name: "v union then operator", src: `[ab&&c]`, flags: "v", err: "Invalid set operation in character class"},
		{name: "v range operand", src: `[a-z&&b]`, flags: "v", err: "Invalid set operation in character class"},
		{name: "v unescaped syntax", src: `[(]`, flags: "v", err: "Invalid character in character class"},
		{name: "v unterminated", src: `[a`, flags: "v", err: "Unterminated character class"},
		{name: "v out of order", src: `[z-a]`, flags: "v", err: "Range out of order in character class"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := translate(unicodeTables(), c.src, c.flags)
			if c.err != "" {
				if err == nil || err.Error() != c.err {
					t.Fatalf("error %v, want %q (source %q)", err, c.err, got.Source)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.want != "" && got.Source != c.want || got.Flags != c.flagsOut {
				t.Errorf("got /%s/%s, want /%s/%s", got.Source, got.Flags, c.want, c.flagsOut)
			}
			if !slices.Equal(got.Groups, c.groups) || !slices.Equal(got.Ends, c.ends) {
				t.Errorf("groups %v ends %v, want %v %v", got.Groups, got.Ends, c.groups, c.ends)
			}
		})
	}
}

// The table knows every ECMAScript property, by canonical name and alias,
// and the sets are normalised ranges.
func TestTables(t *testing.T) {
	tab := unicodeTables()
	for _, name := range []string{"L", "Letter", "gc=L", "General_Category=Letter", "Script=Latin", "sc=Latn", "scx=Deva", "Script_Extensions=Devanagari",
		"Extended_Pictographic", "ExtPict", "ID_Start", "IDS", "Any", "ASCII", "Assigned", "Emoji_Component", "Changes_When_NFKC_Casefolded", "Cn", "LC"} {
		s, ok := tab.property(name, false)
		if !ok || len(s.ranges) == 0 {
			t.Errorf("%s: unknown or empty", name)
			continue
		}
		for i, r := range s.ranges {
			if r.lo > r.hi || i > 0 && r.lo <= s.ranges[i-1].hi+1 || r.hi > maxRune {
				t.Fatalf("%s: ranges not normalised at %d: %v", name, i, s.ranges[max(0, i-1):i+1])
			}
		}
	}
	s, ok := tab.property("RGI_Emoji", true)
	if !ok || len(s.strings) < 2500 || !slices.Contains(s.strings, "👨\u200d👩\u200d👧") {
		t.Errorf("RGI_Emoji: %v, %d strings", ok, len(s.strings))
	}
	if any := complement(nil); len(any) != 1 || any[0] != (rng{0, maxRune}) {
		t.Errorf("complement of nothing: %v", any)
	}
	if !strings.HasPrefix(unicodeTxt, "# Generated by webapi/regexp/gen/gen.mjs") {
		t.Error("unicode.txt lacks its header")
	}
}
