package bridge

import "testing"

// The messages are V8's (Node 20.20's JSON.parse, for each text).
func TestV8JSONMessage(t *testing.T) {
	for _, tt := range []struct{ text, want string }{
		{"not json", `Unexpected token 'o', "not json" is not valid JSON`},
		{"", "Unexpected end of JSON input"},
		{`{"a":1}x`, "Unexpected non-whitespace character after JSON at position 7"},
		{"{a:1}", "Expected property name or '}' in JSON at position 1"},
		{"[1,]", `Unexpected token ']', "[1,]" is not valid JSON`},
		{`{"a":`, "Unexpected end of JSON input"},
		{`"abc`, "Unterminated string in JSON at position 4"},
		{"tru", "Unexpected end of JSON input"},
		{`{"a":1,}`, "Expected double-quoted property name in JSON at position 7"},
		{"01", "Unexpected number in JSON at position 1"},
		{"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx!", `Unexpected token 'x', "xxxxxxxxxx"... is not valid JSON`},
		{`{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa": !}`, `Unexpected token '!', ..."aaaaaaa": !}" is not valid JSON`},
		{"undefined", `"undefined" is not valid JSON`},
		{"abc", `Unexpected token 'a', "abc" is not valid JSON`},
		{"[NaN]", `Unexpected token 'N', "[NaN]" is not valid JSON`},
		{`{"a":1`, "Expected ',' or '}' after property value in JSON at position 6"},
		{"[1 2]", "Expected ',' or ']' after array element in JSON at position 3"},
		{`{"a" 1}`, "Expected ':' after property name in JSON at position 5"},
		{`"\x"`, "Bad escaped character in JSON at position 2"},
		{`"\u12"`, "Bad Unicode escape in JSON at position 5"},
		{"-", "No number after minus sign in JSON at position 1"},
		{"1.", "Unterminated fractional number in JSON at position 2"},
		{"1e", "Exponent part is missing a number in JSON at position 2"},
		{"\"a\nb\"", "Bad control character in string literal in JSON at position 2"},
		{`{"a":1 "b":2}`, "Expected ',' or '}' after property value in JSON at position 7"},
		{"é!", `Unexpected token 'é', "é!" is not valid JSON`},
		{`["🎉", x]`, `Unexpected token 'x', "["🎉", x]" is not valid JSON`},
	} {
		if got, _ := v8JSONMessage(tt.text); got != tt.want {
			t.Errorf("%q:\n got %s\nwant %s", tt.text, got, tt.want)
		}
	}
}
