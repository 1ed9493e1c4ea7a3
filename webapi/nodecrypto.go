package webapi

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"hash"
	"math/big"
	"strings"

	"github.com/dop251/goja"
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

// InstallNodeCrypto adds the Go side of node:crypto: digests, HMACs,
// PBKDF2, scrypt, random integers and the constant-time comparison, on Go's
// crypto packages (and golang.org/x/crypto/scrypt). Byte arguments come as
// (ArrayBuffer, offset, length) triples; results are ArrayBuffers.
func InstallNodeCrypto(rt *goja.Runtime, host *goja.Object) {
	bytesArg := func(call goja.FunctionCall, i int) []byte {
		return arrayBufferBytes(rt, call.Argument(i), call.Argument(i+1).ToInteger(), call.Argument(i+2).ToInteger())
	}
	set(rt, host, "nodeHash", func(call goja.FunctionCall) goja.Value {
		h := hashByName(rt, call.Argument(0).String())()
		h.Write(bytesArg(call, 1))
		return rt.ToValue(rt.NewArrayBuffer(h.Sum(nil)))
	})
	set(rt, host, "nodeHmac", func(call goja.FunctionCall) goja.Value {
		mac := hmac.New(hashByName(rt, call.Argument(0).String()), bytesArg(call, 1))
		mac.Write(bytesArg(call, 4))
		return rt.ToValue(rt.NewArrayBuffer(mac.Sum(nil)))
	})
	set(rt, host, "nodeHashes", func(goja.FunctionCall) goja.Value {
		names := make([]any, 0, len(hashes))
		for n := range hashes {
			names = append(names, n)
		}
		return rt.NewArray(names...)
	})
	set(rt, host, "nodePbkdf2", func(call goja.FunctionCall) goja.Value {
		key, err := pbkdf2.Key(hashByName(rt, call.Argument(8).String()), string(bytesArg(call, 0)), bytesArg(call, 3),
			int(call.Argument(6).ToInteger()), int(call.Argument(7).ToInteger()))
		if err != nil {
			panic(rt.NewTypeError(err.Error()))
		}
		return rt.ToValue(rt.NewArrayBuffer(key))
	})
	set(rt, host, "nodeScrypt", func(call goja.FunctionCall) goja.Value {
		n, r, p, keyLen := int(call.Argument(6).ToInteger()), int(call.Argument(7).ToInteger()), int(call.Argument(8).ToInteger()), int(call.Argument(9).ToInteger())
		key, err := scrypt.Key(bytesArg(call, 0), bytesArg(call, 3), n, r, p, keyLen)
		if err != nil {
			panic(rangeError(rt, "Invalid scrypt params: "+err.Error()))
		}
		return rt.ToValue(rt.NewArrayBuffer(key))
	})
	set(rt, host, "nodeTimingSafeEqual", func(call goja.FunctionCall) goja.Value {
		return rt.ToValue(subtle.ConstantTimeCompare(bytesArg(call, 0), bytesArg(call, 3)) == 1)
	})
	set(rt, host, "nodeRandomInt", func(call goja.FunctionCall) goja.Value {
		lo, hi := call.Argument(0).ToInteger(), call.Argument(1).ToInteger()
		n, err := rand.Int(rand.Reader, big.NewInt(hi-lo))
		if err != nil {
			panic(rt.NewGoError(err))
		}
		return rt.ToValue(lo + n.Int64())
	})
}

// rangeError makes a JS RangeError (goja has a constructor for TypeError only).
func rangeError(rt *goja.Runtime, msg string) *goja.Object {
	ctor, _ := goja.AssertConstructor(rt.Get("RangeError"))
	e, err := ctor(nil, rt.ToValue(msg))
	if err != nil {
		return rt.NewTypeError(msg)
	}
	return e
}
