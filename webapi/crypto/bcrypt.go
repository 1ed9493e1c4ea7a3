package crypto

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"github.com/dop251/goja"
	"golang.org/x/crypto/blowfish"

	"github.com/jsroutes/jsroutes/webapi/internal/bridge"
)

// bcrypt for the bcryptjs and bcrypt packages, which route code imports
// for passwords: bcryptjs is pure JS, and a 10-round hash took ~15 s in
// goja (Node: ~70 ms). Go's x/crypto/bcrypt only hashes with a salt of its
// own making, while bcryptjs' hashSync(password, salt) must give the exact
// string a given salt makes, so the hash is computed here on x/crypto's
// blowfish as x/crypto/bcrypt does, with bcryptjs' rules on top: the
// password's UTF-8 bytes truncated to 72, the salt re-encoded from its 16
// bytes, the prefix ($2a$, $2b$, $2y$) kept.

var bcryptEncoding = base64.NewEncoding("./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789").WithPadding(base64.NoPadding)

// magic is the text bcrypt encrypts: "OrpheanBeholderScryDoubt".
var magic = []byte("OrpheanBeholderScryDoubt")

// bcryptHash hashes password with a salt string ("$2b$10$" and 22
// characters, or more: the rest is ignored, as bcryptjs does).
func bcryptHash(password []byte, salt string) (string, error) {
	if len(salt) < 29 || salt[0] != '$' || salt[1] != '2' {
		return "", fmt.Errorf("Invalid salt version: %s", salt)
	}
	minor := ""
	rest := salt[2:]
	if rest[0] != '$' {
		minor, rest = rest[:1], rest[1:]
		if minor != "a" && minor != "b" && minor != "y" {
			return "", fmt.Errorf("Invalid salt revision: %s", minor)
		}
	}
	if len(rest) < 26 || rest[0] != '$' || rest[3] != '$' {
		return "", fmt.Errorf("Missing salt rounds")
	}
	cost, err := strconv.Atoi(rest[1:3])
	if err != nil || cost < 4 || cost > 31 {
		return "", fmt.Errorf("Illegal number of rounds (4-31): %s", rest[1:3])
	}
	// 22 characters are 16 bytes and 4 bits, which decoding drops (and
	// the hash's salt, encoded again from the bytes, shows as zeros).
	saltBytes, err := bcryptEncoding.DecodeString(rest[4:26])
	if err != nil || len(saltBytes) != 16 {
		return "", fmt.Errorf("Invalid salt: %s", rest[4:26])
	}
	if len(password) > 72 {
		password = password[:72]
	}
	key := append(append([]byte(nil), password...), 0)
	if len(key) > 72 {
		key = key[:72]
	}
	c, err := blowfish.NewSaltedCipher(key, saltBytes)
	if err != nil {
		return "", err
	}
	for i := uint64(0); i < 1<<uint(cost); i++ {
		blowfish.ExpandKey(key, c)
		blowfish.ExpandKey(saltBytes, c)
	}
	data := append([]byte(nil), magic...)
	for i := 0; i < 24; i += 8 {
		for j := 0; j < 64; j++ {
			c.Encrypt(data[i:i+8], data[i:i+8])
		}
	}
	return "$2" + minor + "$" + rest[1:3] + "$" + bcryptEncoding.EncodeToString(saltBytes) + bcryptEncoding.EncodeToString(data[:23]), nil
}

// bcryptSalt makes a salt as bcryptjs' genSalt does ("$2b$", rounds, 16
// random bytes).
func bcryptSalt(rounds int, minor string) string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return fmt.Sprintf("$2%s$%02d$%s", minor, rounds, bcryptEncoding.EncodeToString(b))
}

// installBcrypt adds bcryptHash(password, salt) (sync) and
// bcryptHashAsync(password, salt) → promise, and bcryptSalt(rounds, minor).
func installBcrypt(env *bridge.Env) {
	rt := env.RT
	bridge.Set(rt, env.Host, "bcryptHash", func(call goja.FunctionCall) goja.Value {
		h, err := bcryptHash([]byte(call.Argument(0).String()), call.Argument(1).String())
		if err != nil {
			panic(rt.NewGoError(err))
		}
		return rt.ToValue(h)
	})
	bridge.Set(rt, env.Host, "bcryptHashAsync", func(call goja.FunctionCall) goja.Value {
		pw, salt := []byte(call.Argument(0).String()), call.Argument(1).String()
		return bridge.Offload(rt, env.Loop, func() (string, error) { return bcryptHash(pw, salt) }, func(h string) goja.Value { return rt.ToValue(h) })
	})
	bridge.Set(rt, env.Host, "bcryptSalt", func(call goja.FunctionCall) goja.Value {
		rounds := int(call.Argument(0).ToInteger())
		minor := strings.TrimSpace(call.Argument(1).String())
		if minor != "a" && minor != "y" {
			minor = "b"
		}
		return rt.ToValue(bcryptSalt(rounds, minor))
	})
}
