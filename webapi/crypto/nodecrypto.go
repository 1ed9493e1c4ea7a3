package crypto

import (
	"bytes"
	"crypto/hmac"
	"crypto/md5"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"fmt"
	"hash"
	"math/big"
	"strings"

	"github.com/dop251/goja"
	"github.com/jsroutes/jsroutes/webapi/internal/bridge"
	"golang.org/x/crypto/scrypt"
)

// hashes are the digests node:crypto offers here, by Node's names.
var hashes = map[string]func() hash.Hash{
	"md5":        md5.New,
	"sha1":       sha1.New,
	"sha224":     sha256.New224,
	"sha256":     sha256.New,
	"sha384":     sha512.New384,
	"sha512":     sha512.New,
	"sha512-224": sha512.New512_224,
	"sha512-256": sha512.New512_256,
}

func hashByName(rt *goja.Runtime, name string) func() hash.Hash {
	h, ok := hashes[strings.ToLower(strings.ReplaceAll(name, "_", "-"))]
	if !ok {
		panic(rt.NewTypeError("Digest method not supported: " + name))
	}
	return h
}

// installNodeCrypto adds the Go side of node:crypto: digests, HMACs,
// PBKDF2, scrypt, random integers and the constant-time comparison, on Go's
// crypto packages (and golang.org/x/crypto/scrypt). Byte arguments come as
// (ArrayBuffer, offset, length) triples; results are ArrayBuffers. PBKDF2
// and scrypt also come as promises computed off the loop, for the
// callback and Web Crypto forms.
func installNodeCrypto(rt *goja.Runtime, host *goja.Object, loop bridge.Loop) {
	bytesArg := func(call goja.FunctionCall, i int) []byte {
		return bridge.ArrayBufferBytes(rt, call.Argument(i), call.Argument(i+1).ToInteger(), call.Argument(i+2).ToInteger())
	}
	bridge.Set(rt, host, "nodeHash", func(call goja.FunctionCall) goja.Value {
		h := hashByName(rt, call.Argument(0).String())()
		h.Write(bytesArg(call, 1))
		return rt.ToValue(rt.NewArrayBuffer(h.Sum(nil)))
	})
	bridge.Set(rt, host, "nodeHmac", func(call goja.FunctionCall) goja.Value {
		mac := hmac.New(hashByName(rt, call.Argument(0).String()), bytesArg(call, 1))
		mac.Write(bytesArg(call, 4))
		return rt.ToValue(rt.NewArrayBuffer(mac.Sum(nil)))
	})
	bridge.Set(rt, host, "nodeHashes", func(goja.FunctionCall) goja.Value {
		names := make([]any, 0, len(hashes))
		for n := range hashes {
			names = append(names, n)
		}
		return rt.NewArray(names...)
	})
	// pbkdf2Args and scryptArgs read (password…, salt…, …) into a
	// computation that no longer needs the runtime, for the sync and the
	// offloaded variants alike.
	pbkdf2Args := func(call goja.FunctionCall) func() ([]byte, error) {
		h := hashByName(rt, call.Argument(8).String())
		pw, salt := string(bytesArg(call, 0)), bytes.Clone(bytesArg(call, 3))
		iter, keyLen := int(call.Argument(6).ToInteger()), int(call.Argument(7).ToInteger())
		return func() ([]byte, error) { return pbkdf2.Key(h, pw, salt, iter, keyLen) }
	}
	scryptArgs := func(call goja.FunctionCall) func() ([]byte, error) {
		pw, salt := bytes.Clone(bytesArg(call, 0)), bytes.Clone(bytesArg(call, 3))
		n, r, p, keyLen := int(call.Argument(6).ToInteger()), int(call.Argument(7).ToInteger()), int(call.Argument(8).ToInteger()), int(call.Argument(9).ToInteger())
		return func() ([]byte, error) {
			key, err := scrypt.Key(pw, salt, n, r, p, keyLen)
			if err != nil {
				return nil, fmt.Errorf("Invalid scrypt params: %w", err)
			}
			return key, nil
		}
	}
	bridge.Set(rt, host, "nodePbkdf2", func(call goja.FunctionCall) goja.Value {
		key, err := pbkdf2Args(call)()
		if err != nil {
			panic(rt.NewTypeError(err.Error()))
		}
		return rt.ToValue(rt.NewArrayBuffer(key))
	})
	bridge.Set(rt, host, "nodeScrypt", func(call goja.FunctionCall) goja.Value {
		key, err := scryptArgs(call)()
		if err != nil {
			panic(bridge.RangeError(rt, err.Error()))
		}
		return rt.ToValue(rt.NewArrayBuffer(key))
	})
	// The async variants (Promise<ArrayBuffer>) compute on a goroutine.
	bridge.Set(rt, host, "nodePbkdf2Async", func(call goja.FunctionCall) goja.Value {
		return bridge.Offload(rt, loop, pbkdf2Args(call), bridge.ArrayBuffer(rt))
	})
	bridge.Set(rt, host, "nodeScryptAsync", func(call goja.FunctionCall) goja.Value {
		return bridge.Offload(rt, loop, scryptArgs(call), bridge.ArrayBuffer(rt))
	})
	bridge.Set(rt, host, "nodeTimingSafeEqual", func(call goja.FunctionCall) goja.Value {
		return rt.ToValue(subtle.ConstantTimeCompare(bytesArg(call, 0), bytesArg(call, 3)) == 1)
	})
	bridge.Set(rt, host, "nodeRandomInt", func(call goja.FunctionCall) goja.Value {
		lo, hi := call.Argument(0).ToInteger(), call.Argument(1).ToInteger()
		n, err := rand.Int(rand.Reader, big.NewInt(hi-lo))
		if err != nil {
			panic(rt.NewGoError(err))
		}
		return rt.ToValue(lo + n.Int64())
	})
}
