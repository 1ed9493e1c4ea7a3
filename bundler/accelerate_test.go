package bundler

import (
	"strings"
	"testing"
)

// The accelerated functions of @noble/hashes, crypto-js, pako and fflate,
// in each form their versions and builds export them: the wrapper takes
// the export's place, the package's own function stays as its fallback.
// (The packages fixture runs them against Node: jsrt/packages_test.go.)
func TestAccelerate(t *testing.T) {
	tests := []struct {
		name, path, src string
		want            []string // in the output
		wrapped         bool
	}{
		{"ES module function declarations (noble 1.4+, 2; fflate)", "/app/node_modules/@noble/hashes/scrypt.js",
			"// noble\nexport function scrypt(password, salt, opts) {}\nexport async function scryptAsync(password, salt, opts) {}\n",
			[]string{"\nexport function scrypt(password", `import * as __jsroutesFast from "jsroutes/kdf";`,
				"scrypt = ((js) => function scrypt(password, salt, opts) { const fast = __jsroutesFast.scrypt(password, salt, opts); return fast === undefined ? js(password, salt, opts) : fast; })(scrypt);",
				"scryptAsync = ((js) => async function scryptAsync(password, salt, opts) {"}, true},
		{"ES module consts (noble 2's argon2)", "/app/node_modules/@noble/hashes/argon2.js",
			"// noble\nexport const argon2id = (password, salt, opts = {}) => argon2(2, password, salt, opts);\nexport const argon2d = (p, s, o) => 0;\n",
			[]string{"\nconst argon2id = (password", "const __jsroutes_argon2id = ((js) => function argon2id(", "export { __jsroutes_argon2id as argon2id };", "export const argon2d = "}, true},
		{"functions exported in a list (pako 3)", "/app/node_modules/pako/dist/pako.mjs",
			"function inflate(input, options = {}) {}\nvar inflate$1 = 1;\nexport { inflate, inflate as ungzip };\n",
			[]string{`import * as __jsroutesFast from "jsroutes/inflate";`, "inflate = ((js) => function inflate(input, options) {"}, true},
		{"CommonJS (noble 1, pako's CommonJS build)", "/app/node_modules/pako/dist/pako.cjs.js",
			"\"use strict\";\nfunction inflate(input, options = {}) {}\nexports.inflate = inflate;\nexports.ungzip = inflate;\n",
			[]string{`const __jsroutesFast = require("jsroutes/inflate");`, "exports.inflate = ((js) => function inflate(input, options) {", "})(exports.inflate);", "exports.ungzip = ((js) => function ungzip("}, true},
		{"crypto-js's algorithm modules (UMD)", "/app/node_modules/crypto-js/aes.js", ";(function (root, factory) {})(this, function (CryptoJS) {});\n",
			[]string{";(function (root, factory)", `require("jsroutes/cryptojs").accelerate(require("./core"), "AES");`}, true},
		{"crypto-js's other modules", "/app/node_modules/crypto-js/sha512.js", "x", nil, false},
		{"another package's scrypt.js", "/app/node_modules/scrypt-js/scrypt.js", "export function scrypt(password, salt, opts) {}\n", nil, false},
		{"a module without the functions", "/app/node_modules/@noble/hashes/scrypt.js", "export const other = 1;\n", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, ok := accelerate(tt.path, []byte(tt.src))
			if ok != tt.wrapped {
				t.Fatalf("wrapped %v, want %v:\n%s", ok, tt.wrapped, out)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("the output lacks %q:\n%s", w, out)
				}
			}
		})
	}
}
