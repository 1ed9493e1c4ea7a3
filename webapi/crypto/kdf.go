package crypto

import (
	"bytes"

	"github.com/dop251/goja"
	"golang.org/x/crypto/argon2"

	"github.com/jsroutes/jsroutes/webapi/internal/bridge"
)

// installKDF adds Argon2 for kdf.js (@noble/hashes' argon2i and argon2id,
// version 0x13, without a secret or associated data: what
// golang.org/x/crypto/argon2 computes; kdf.js leaves the rest to the
// package): argon2(password…, salt…, id, t, m, p, dkLen), bytes as
// (ArrayBuffer, offset, length) triples, and argon2Async, a Promise of the
// key computed off the loop. scrypt and PBKDF2 are node:crypto's.
func installKDF(rt *goja.Runtime, host *goja.Object, loop bridge.Loop) {
	argon2Args := func(call goja.FunctionCall) func() ([]byte, error) {
		bytesArg := func(i int) []byte {
			return bytes.Clone(bridge.ArrayBufferBytes(rt, call.Argument(i), call.Argument(i+1).ToInteger(), call.Argument(i+2).ToInteger()))
		}
		pw, salt, id := bytesArg(0), bytesArg(3), call.Argument(6).ToBoolean()
		t, m := uint32(call.Argument(7).ToInteger()), uint32(call.Argument(8).ToInteger())
		p, dkLen := uint8(call.Argument(9).ToInteger()), uint32(call.Argument(10).ToInteger())
		return func() ([]byte, error) {
			if id {
				return argon2.IDKey(pw, salt, t, m, p, dkLen), nil
			}
			return argon2.Key(pw, salt, t, m, p, dkLen), nil
		}
	}
	bridge.Set(rt, host, "argon2", func(call goja.FunctionCall) goja.Value {
		key, _ := argon2Args(call)()
		return rt.ToValue(rt.NewArrayBuffer(key))
	})
	bridge.Set(rt, host, "argon2Async", func(call goja.FunctionCall) goja.Value {
		return bridge.Offload(rt, loop, argon2Args(call), bridge.ArrayBuffer(rt))
	})
}
