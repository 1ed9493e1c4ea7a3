package bundler

import (
	"strings"
	"testing"
)

// The accelerated functions of @noble/hashes, in each form its versions
// export them: the wrapper takes the export's place, the package's own
// function stays as its fallback. (The packages fixture runs version 2
// against Node: jsrt/packages_test.go.)
func TestAccelerate(t *testing.T) {
	tests := []struct {
		name, path, src string
		want            []string // in the output
		wrapped         bool
	}{
		{"ESM function declarations (noble 1.4+, 2)", "/app/node_modules/@noble/hashes/scrypt.js",
			"// noble\nexport function scrypt(password, salt, opts) {}\nexport async function scryptAsync(password, salt, opts) {}\n",
			[]string{"\nfunction scrypt(password", "\nasync function scryptAsync(", `import * as __jsroutesKDF from "jsroutes/kdf";`,
				"const __jsroutes_scrypt = ((js) => function scrypt(password, salt, opts) { const fast = __jsroutesKDF.scrypt(password, salt, opts); return fast === undefined ? js(password, salt, opts) : fast; })(scrypt);",
				"export { __jsroutes_scrypt as scrypt };", "export { __jsroutes_scryptAsync as scryptAsync };", "async function scryptAsync(password, salt, opts) { const fast"}, true},
		{"ESM consts (noble 2's argon2)", "/app/node_modules/@noble/hashes/argon2.js",
			"// noble\nexport const argon2id = (password, salt, opts = {}) => argon2(2, password, salt, opts);\nexport const argon2d = (p, s, o) => 0;\n",
			[]string{"\nconst argon2id = (password", "export { __jsroutes_argon2id as argon2id };", "export const argon2d = "}, true},
		{"CommonJS (noble 1)", "/app/node_modules/@noble/hashes/pbkdf2.js",
			"\"use strict\";\nexports.pbkdf2 = pbkdf2;\nexports.pbkdf2Async = pbkdf2Async;\nfunction pbkdf2(hash, password, salt, opts) {}\n",
			[]string{`const __jsroutesKDF = require("jsroutes/kdf");`, "exports.pbkdf2 = ((js) => function pbkdf2(hash, password, salt, opts) {", "})(exports.pbkdf2);"}, true},
		{"noble 1's ESM build", "/app/node_modules/@noble/hashes/esm/pbkdf2.js", "export function pbkdf2(hash, password, salt, opts) {}\n", []string{"export { __jsroutes_pbkdf2 as pbkdf2 };"}, true},
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
