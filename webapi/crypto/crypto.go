package crypto

import (
	"crypto/rand"

	"github.com/dop251/goja"
	"github.com/jsroutes/jsroutes/webapi/internal/bridge"
)

// Install adds the Go half of crypto.getRandomValues and randomUUID, of
// crypto.subtle (Web Crypto) and of node:crypto.
func Install(env *bridge.Env) {
	installCrypto(env.RT, env.Host)
	installNodeCrypto(env.RT, env.Host, env.Loop)
	installKDF(env.RT, env.Host, env.Loop)
	installCryptoJS(env.RT, env.Host)
	installWebCrypto(env.RT, env.Host, env.Loop)
	installBcrypt(env)
	installNodeKeys(env.RT, env.Host, env.Loop)
}

// installCrypto adds randomFill and randomUUID, behind crypto.getRandomValues
// and crypto.randomUUID, on crypto/rand.
func installCrypto(rt *goja.Runtime, host *goja.Object) {
	bridge.Set(rt, host, "randomFill", func(call goja.FunctionCall) goja.Value {
		b := bridge.ArrayBufferBytes(rt, call.Argument(0), call.Argument(1).ToInteger(), call.Argument(2).ToInteger())
		_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
		return goja.Undefined()
	})
	bridge.Set(rt, host, "randomUUID", func() string {
		return uuid4()
	})
}

// uuid4 returns a random (version 4) UUID in its lower-case text form.
func uuid4() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	const hex = "0123456789abcdef"
	out := make([]byte, 36)
	j := 0
	for i, c := range b {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			out[j] = '-'
			j++
		}
		out[j], out[j+1] = hex[c>>4], hex[c&0x0f]
		j += 2
	}
	return string(out)
}
