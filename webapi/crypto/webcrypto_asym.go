package crypto

import (
	"bytes"
	"crypto"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	_ "crypto/sha1" // registers crypto.SHA1 for RSA and ECDSA
	_ "crypto/sha256"
	_ "crypto/sha512"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strings"

	"github.com/dop251/goja"
	"github.com/jsroutes/jsroutes/webapi/internal/bridge"
)

// asymKey is the Go half of an asymmetric CryptoKey. JS holds it as an
// opaque value and hands it back to each operation, so a key is parsed once
// (at import or generation) however often it signs. priv is nil for a
// public key.
type asymKey struct {
	kind string // "RSA", "EC", "Ed25519" or "X25519"
	priv any    // *rsa.PrivateKey, *ecdsa.PrivateKey, ed25519.PrivateKey, *ecdh.PrivateKey
	pub  any    // *rsa.PublicKey, *ecdsa.PublicKey, ed25519.PublicKey, *ecdh.PublicKey
}

// webHashes maps the Web Crypto digest names to Go's.
var webHashes = map[string]crypto.Hash{
	"SHA-1": crypto.SHA1, "SHA-256": crypto.SHA256, "SHA-384": crypto.SHA384, "SHA-512": crypto.SHA512,
}

// curves are the named curves of ECDSA and ECDH.
var curves = map[string]elliptic.Curve{"P-256": elliptic.P256(), "P-384": elliptic.P384(), "P-521": elliptic.P521()}

// keyKinds says which Go key kind each Web Crypto algorithm uses.
var keyKinds = map[string]string{
	"RSASSA-PKCS1-v1_5": "RSA", "RSA-PSS": "RSA", "RSA-OAEP": "RSA",
	"ECDSA": "EC", "ECDH": "EC", "Ed25519": "Ed25519", "X25519": "X25519",
}

// Errors the JS side turns into the DOMException of the same name.
var (
	errDataError      = errors.New("DataError")
	errOperationError = errors.New("OperationError")
	errNotSupported   = errors.New("NotSupportedError")
	errInvalidAccess  = errors.New("InvalidAccessError")
)

// installWebCryptoAsym adds the Go side of crypto.subtle's asymmetric
// algorithms (RSASSA-PKCS1-v1_5, RSA-PSS, RSA-OAEP, ECDSA, ECDH, Ed25519,
// X25519) and the spki, pkcs8, raw and jwk key formats, on Go's crypto/rsa,
// crypto/ecdsa, crypto/ed25519, crypto/ecdh and crypto/x509. A failure
// throws a TypeError "Name: message" that webcrypto.js turns into the
// DOMException the spec names.
func installWebCryptoAsym(rt *goja.Runtime, host *goja.Object, loop bridge.Loop) {
	bytesArg := func(call goja.FunctionCall, i int) []byte {
		return bridge.ArrayBufferBytes(rt, call.Argument(i), call.Argument(i+1).ToInteger(), call.Argument(i+2).ToInteger())
	}
	keyArg := func(call goja.FunctionCall, i int) *asymKey {
		k, ok := call.Argument(i).Export().(*asymKey)
		if !ok {
			bridge.ThrowTypeError(rt, "expected an asymmetric key handle")
		}
		return k
	}
	fail := func(err error) { bridge.ThrowTypeError(rt, domMessage(err)) }
	info := func(k *asymKey) goja.Value {
		o := rt.NewObject()
		_ = o.Set("handle", k)
		_ = o.Set("type", map[bool]string{true: "private", false: "public"}[k.priv != nil])
		switch pub := k.pub.(type) {
		case *rsa.PublicKey:
			_ = o.Set("modulusLength", pub.N.BitLen())
			_ = o.Set("publicExponent", rt.NewArrayBuffer(big.NewInt(int64(pub.E)).Bytes()))
		case *ecdsa.PublicKey:
			_ = o.Set("namedCurve", pub.Curve.Params().Name)
		}
		return o
	}

	// generateAsym(name, modulusLength, publicExponent…, namedCurve) →
	// Promise<{publicKey, privateKey}>, generated off the loop (an RSA key
	// takes tens of milliseconds or more).
	bridge.Set(rt, host, "subtleGenerateAsym", func(call goja.FunctionCall) goja.Value {
		name, modulusLength, curve := call.Argument(0).String(), int(call.Argument(1).ToInteger()), call.Argument(5).String()
		exponent := bytes.Clone(bytesArg(call, 2))
		return bridge.Offload(rt, loop, func() (*asymKey, error) {
			k, err := generateAsym(name, modulusLength, exponent, curve)
			if err != nil {
				return nil, errors.New(domMessage(err))
			}
			return k, nil
		}, func(k *asymKey) goja.Value {
			pair := rt.NewObject()
			_ = pair.Set("publicKey", info(&asymKey{kind: k.kind, pub: k.pub}))
			_ = pair.Set("privateKey", info(k))
			return pair
		})
	})
	// importAsym(format, name, namedCurve, data…, jwkJSON) → key info
	bridge.Set(rt, host, "subtleImportAsym", func(call goja.FunctionCall) goja.Value {
		format, name, curve := call.Argument(0).String(), call.Argument(1).String(), call.Argument(2).String()
		var k *asymKey
		var err error
		if format == "jwk" {
			k, err = importJWK(name, curve, call.Argument(6).String())
		} else {
			k, err = importAsym(format, name, curve, bytesArg(call, 3))
		}
		if err != nil {
			fail(err)
		}
		return info(k)
	})
	// exportAsym(format, key) → ArrayBuffer, or a JWK as JSON text
	bridge.Set(rt, host, "subtleExportAsym", func(call goja.FunctionCall) goja.Value {
		format, k := call.Argument(0).String(), keyArg(call, 1)
		if format == "jwk" {
			s, err := exportJWK(k)
			if err != nil {
				fail(err)
			}
			return rt.ToValue(s)
		}
		b, err := exportAsym(format, k)
		if err != nil {
			fail(err)
		}
		return rt.ToValue(rt.NewArrayBuffer(b))
	})
	// signAsym(name, hash, saltLength, key, data…) → ArrayBuffer
	bridge.Set(rt, host, "subtleSignAsym", func(call goja.FunctionCall) goja.Value {
		sig, err := signAsym(call.Argument(0).String(), call.Argument(1).String(), int(call.Argument(2).ToInteger()), keyArg(call, 3), bytesArg(call, 4))
		if err != nil {
			fail(err)
		}
		return rt.ToValue(rt.NewArrayBuffer(sig))
	})
	// verifyAsym(name, hash, saltLength, key, signature…, data…) → boolean
	bridge.Set(rt, host, "subtleVerifyAsym", func(call goja.FunctionCall) goja.Value {
		ok, err := verifyAsym(call.Argument(0).String(), call.Argument(1).String(), int(call.Argument(2).ToInteger()), keyArg(call, 3), bytesArg(call, 4), bytesArg(call, 7))
		if err != nil {
			fail(err)
		}
		return rt.ToValue(ok)
	})
	// rsaOAEP(encrypt, hash, key, data…, label…) → ArrayBuffer
	bridge.Set(rt, host, "subtleRSAOAEP", func(call goja.FunctionCall) goja.Value {
		out, err := rsaOAEP(call.Argument(0).ToBoolean(), call.Argument(1).String(), keyArg(call, 2), bytesArg(call, 3), bytesArg(call, 6))
		if err != nil {
			fail(err)
		}
		return rt.ToValue(rt.NewArrayBuffer(out))
	})
	// ecdh(privateKey, publicKey) → the whole shared secret
	bridge.Set(rt, host, "subtleECDH", func(call goja.FunctionCall) goja.Value {
		out, err := sharedSecret(keyArg(call, 0), keyArg(call, 1))
		if err != nil {
			fail(err)
		}
		return rt.ToValue(rt.NewArrayBuffer(out))
	})
}

// domMessage is err as "Name: message", Name the DOMException that
// webcrypto.js throws for it: the one err wraps, else OperationError.
func domMessage(err error) string {
	name := errOperationError.Error()
	for _, e := range []error{errDataError, errNotSupported, errInvalidAccess} {
		if errors.Is(err, e) {
			name = e.Error()
		}
	}
	if msg := err.Error(); strings.HasPrefix(msg, name+": ") {
		return msg
	}
	return name + ": " + err.Error()
}

func generateAsym(name string, modulusLength int, publicExponent []byte, curve string) (*asymKey, error) {
	switch keyKinds[name] {
	case "RSA":
		if e := new(big.Int).SetBytes(publicExponent); e.Cmp(big.NewInt(65537)) != 0 {
			return nil, fmt.Errorf("%w: only the public exponent 65537 is supported", errNotSupported)
		}
		if modulusLength < 1024 || modulusLength%8 != 0 {
			return nil, fmt.Errorf("%w: modulusLength must be a multiple of 8 and at least 1024", errOperationError)
		}
		priv, err := rsa.GenerateKey(rand.Reader, modulusLength)
		if err != nil {
			return nil, err
		}
		return &asymKey{kind: "RSA", priv: priv, pub: &priv.PublicKey}, nil
	case "EC":
		c, ok := curves[curve]
		if !ok {
			return nil, fmt.Errorf("%w: unsupported namedCurve %q", errNotSupported, curve)
		}
		priv, err := ecdsa.GenerateKey(c, rand.Reader)
		if err != nil {
			return nil, err
		}
		return &asymKey{kind: "EC", priv: priv, pub: &priv.PublicKey}, nil
	case "Ed25519":
		pub, priv, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			return nil, err
		}
		return &asymKey{kind: "Ed25519", priv: priv, pub: pub}, nil
	case "X25519":
		priv, err := ecdh.X25519().GenerateKey(rand.Reader)
		if err != nil {
			return nil, err
		}
		return &asymKey{kind: "X25519", priv: priv, pub: priv.PublicKey()}, nil
	}
	return nil, fmt.Errorf("%w: %s", errNotSupported, name)
}

// fromGoKey wraps a parsed key, refusing one of the wrong kind or curve for
// the algorithm it is imported for.
func fromGoKey(name, curve string, key any) (*asymKey, error) {
	k := &asymKey{}
	switch key := key.(type) {
	case *rsa.PrivateKey:
		k.kind, k.priv, k.pub = "RSA", key, &key.PublicKey
	case *rsa.PublicKey:
		k.kind, k.pub = "RSA", key
	case *ecdsa.PrivateKey:
		k.kind, k.priv, k.pub = "EC", key, &key.PublicKey
	case *ecdsa.PublicKey:
		k.kind, k.pub = "EC", key
	case ed25519.PrivateKey:
		k.kind, k.priv, k.pub = "Ed25519", key, key.Public()
	case ed25519.PublicKey:
		k.kind, k.pub = "Ed25519", key
	case *ecdh.PrivateKey:
		k.kind, k.priv, k.pub = "X25519", key, key.PublicKey()
	case *ecdh.PublicKey:
		k.kind, k.pub = "X25519", key
	default:
		return nil, fmt.Errorf("%w: unsupported key type %T", errDataError, key)
	}
	if k.kind == "X25519" && k.pub.(*ecdh.PublicKey).Curve() != ecdh.X25519() {
		return nil, fmt.Errorf("%w: not an X25519 key", errDataError)
	}
	if k.kind != keyKinds[name] {
		return nil, fmt.Errorf("%w: the key is not a %s key", errDataError, name)
	}
	if pub, ok := k.pub.(*ecdsa.PublicKey); ok && pub.Curve.Params().Name != curve {
		return nil, fmt.Errorf("%w: the key's curve %s is not the namedCurve %s", errDataError, pub.Curve.Params().Name, curve)
	}
	return k, nil
}

func importAsym(format, name, curve string, data []byte) (*asymKey, error) {
	var key any
	var err error
	switch format {
	case "spki":
		key, err = x509.ParsePKIXPublicKey(data)
	case "pkcs8":
		key, err = x509.ParsePKCS8PrivateKey(data)
	case "raw":
		switch keyKinds[name] {
		case "EC":
			c, ok := curves[curve]
			if !ok {
				return nil, fmt.Errorf("%w: unsupported namedCurve %q", errNotSupported, curve)
			}
			key, err = ecdsa.ParseUncompressedPublicKey(c, data)
		case "Ed25519":
			if len(data) != ed25519.PublicKeySize {
				return nil, fmt.Errorf("%w: an Ed25519 public key is 32 bytes", errDataError)
			}
			key = ed25519.PublicKey(append([]byte(nil), data...))
		case "X25519":
			key, err = ecdh.X25519().NewPublicKey(data)
		default:
			return nil, fmt.Errorf("%w: the raw format is not supported for %s keys", errNotSupported, name)
		}
	default:
		return nil, fmt.Errorf("%w: format %q is not supported for %s keys", errNotSupported, format, name)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errDataError, err)
	}
	return fromGoKey(name, curve, key)
}

func exportAsym(format string, k *asymKey) ([]byte, error) {
	switch format {
	case "spki":
		return x509.MarshalPKIXPublicKey(k.pub)
	case "pkcs8":
		if k.priv == nil {
			return nil, fmt.Errorf("%w: a public key cannot be exported as pkcs8", errInvalidAccess)
		}
		return x509.MarshalPKCS8PrivateKey(k.priv)
	case "raw":
		if k.priv != nil {
			return nil, fmt.Errorf("%w: only public keys can be exported raw", errInvalidAccess)
		}
		switch pub := k.pub.(type) {
		case *ecdsa.PublicKey:
			return pub.Bytes()
		case ed25519.PublicKey:
			return append([]byte(nil), pub...), nil
		case *ecdh.PublicKey:
			return pub.Bytes(), nil
		}
	}
	return nil, fmt.Errorf("%w: format %q is not supported for %s keys", errNotSupported, format, k.kind)
}

// jwk holds the members of a JSON Web Key that carry key material (RFC
// 7517/7518/8037); the JS side handles kty/alg/use/key_ops/ext checks.
type jwk struct {
	Kty string `json:"kty"`
	Crv string `json:"crv,omitempty"`
	X   string `json:"x,omitempty"`
	Y   string `json:"y,omitempty"`
	N   string `json:"n,omitempty"`
	E   string `json:"e,omitempty"`
	D   string `json:"d,omitempty"`
	P   string `json:"p,omitempty"`
	Q   string `json:"q,omitempty"`
	DP  string `json:"dp,omitempty"`
	DQ  string `json:"dq,omitempty"`
	QI  string `json:"qi,omitempty"`
}

var b64 = base64.RawURLEncoding

func importJWK(name, curve, text string) (*asymKey, error) {
	var j jwk
	if err := json.Unmarshal([]byte(text), &j); err != nil {
		return nil, fmt.Errorf("%w: %v", errDataError, err)
	}
	bad := func(member string) error {
		return fmt.Errorf("%w: the JWK member %q is missing or not base64url", errDataError, member)
	}
	num := func(s, member string) (*big.Int, error) {
		b, err := b64.DecodeString(s)
		if err != nil || len(b) == 0 {
			return nil, bad(member)
		}
		return new(big.Int).SetBytes(b), nil
	}
	var key any
	switch j.Kty {
	case "RSA":
		n, err := num(j.N, "n")
		if err != nil {
			return nil, err
		}
		e, err := num(j.E, "e")
		if err != nil || !e.IsInt64() || e.Int64() > 1<<31-1 {
			return nil, bad("e")
		}
		pub := rsa.PublicKey{N: n, E: int(e.Int64())}
		key = &pub
		if j.D != "" {
			priv := &rsa.PrivateKey{PublicKey: pub}
			if priv.D, err = num(j.D, "d"); err != nil {
				return nil, err
			}
			p, errP := num(j.P, "p")
			q, errQ := num(j.Q, "q")
			if errP != nil || errQ != nil {
				return nil, fmt.Errorf("%w: RSA private JWKs need the prime factors p and q", errDataError)
			}
			priv.Primes = []*big.Int{p, q}
			if err := priv.Validate(); err != nil {
				return nil, fmt.Errorf("%w: %v", errDataError, err)
			}
			priv.Precompute()
			key = priv
		}
	case "EC":
		c, ok := curves[j.Crv]
		if !ok {
			return nil, fmt.Errorf("%w: unsupported crv %q", errDataError, j.Crv)
		}
		size := (c.Params().BitSize + 7) / 8
		x, errX := b64.DecodeString(j.X)
		y, errY := b64.DecodeString(j.Y)
		if errX != nil || errY != nil || len(x) != size || len(y) != size {
			return nil, fmt.Errorf("%w: the JWK's x and y must be %d bytes of base64url", errDataError, size)
		}
		pub, err := ecdsa.ParseUncompressedPublicKey(c, append(append([]byte{4}, x...), y...))
		if err != nil {
			return nil, fmt.Errorf("%w: %v", errDataError, err)
		}
		key = pub
		if j.D != "" {
			d, err := b64.DecodeString(j.D)
			if err != nil {
				return nil, bad("d")
			}
			priv, err := ecdsa.ParseRawPrivateKey(c, d)
			if err != nil {
				return nil, fmt.Errorf("%w: %v", errDataError, err)
			}
			if !priv.PublicKey.Equal(pub) {
				return nil, fmt.Errorf("%w: d does not match x and y", errDataError)
			}
			key = priv
		}
	case "OKP":
		x, err := b64.DecodeString(j.X)
		if err != nil {
			return nil, bad("x")
		}
		var d []byte
		if j.D != "" {
			if d, err = b64.DecodeString(j.D); err != nil {
				return nil, bad("d")
			}
		}
		switch j.Crv {
		case "Ed25519":
			if len(x) != ed25519.PublicKeySize || (d != nil && len(d) != ed25519.SeedSize) {
				return nil, fmt.Errorf("%w: bad Ed25519 key length", errDataError)
			}
			key = ed25519.PublicKey(x)
			if d != nil {
				priv := ed25519.NewKeyFromSeed(d)
				if !priv.Public().(ed25519.PublicKey).Equal(ed25519.PublicKey(x)) {
					return nil, fmt.Errorf("%w: d does not match x", errDataError)
				}
				key = priv
			}
		case "X25519":
			if key, err = ecdh.X25519().NewPublicKey(x); err != nil {
				return nil, fmt.Errorf("%w: %v", errDataError, err)
			}
			if d != nil {
				priv, err := ecdh.X25519().NewPrivateKey(d)
				if err != nil {
					return nil, fmt.Errorf("%w: %v", errDataError, err)
				}
				if !priv.PublicKey().Equal(key.(*ecdh.PublicKey)) {
					return nil, fmt.Errorf("%w: d does not match x", errDataError)
				}
				key = priv
			}
		default:
			return nil, fmt.Errorf("%w: unsupported crv %q", errDataError, j.Crv)
		}
	default:
		return nil, fmt.Errorf("%w: unsupported kty %q", errDataError, j.Kty)
	}
	return fromGoKey(name, curve, key)
}

func exportJWK(k *asymKey) (string, error) {
	var j jwk
	fixed := func(n *big.Int, size int) string { return b64.EncodeToString(n.FillBytes(make([]byte, size))) }
	switch pub := k.pub.(type) {
	case *rsa.PublicKey:
		j = jwk{Kty: "RSA", N: b64.EncodeToString(pub.N.Bytes()), E: b64.EncodeToString(big.NewInt(int64(pub.E)).Bytes())}
		if priv, ok := k.priv.(*rsa.PrivateKey); ok {
			if len(priv.Primes) != 2 {
				return "", fmt.Errorf("%w: multi-prime RSA keys cannot be exported as JWK", errNotSupported)
			}
			priv.Precompute()
			j.D = b64.EncodeToString(priv.D.Bytes())
			j.P, j.Q = b64.EncodeToString(priv.Primes[0].Bytes()), b64.EncodeToString(priv.Primes[1].Bytes())
			j.DP, j.DQ = b64.EncodeToString(priv.Precomputed.Dp.Bytes()), b64.EncodeToString(priv.Precomputed.Dq.Bytes())
			j.QI = b64.EncodeToString(priv.Precomputed.Qinv.Bytes())
		}
	case *ecdsa.PublicKey:
		raw, err := pub.Bytes()
		if err != nil {
			return "", err
		}
		size := (len(raw) - 1) / 2
		j = jwk{Kty: "EC", Crv: pub.Curve.Params().Name, X: b64.EncodeToString(raw[1 : 1+size]), Y: b64.EncodeToString(raw[1+size:])}
		if priv, ok := k.priv.(*ecdsa.PrivateKey); ok {
			d, err := priv.Bytes()
			if err != nil {
				return "", err
			}
			j.D = fixed(new(big.Int).SetBytes(d), size)
		}
	case ed25519.PublicKey:
		j = jwk{Kty: "OKP", Crv: "Ed25519", X: b64.EncodeToString(pub)}
		if priv, ok := k.priv.(ed25519.PrivateKey); ok {
			j.D = b64.EncodeToString(priv.Seed())
		}
	case *ecdh.PublicKey:
		j = jwk{Kty: "OKP", Crv: "X25519", X: b64.EncodeToString(pub.Bytes())}
		if priv, ok := k.priv.(*ecdh.PrivateKey); ok {
			j.D = b64.EncodeToString(priv.Bytes())
		}
	}
	b, err := json.Marshal(j)
	return string(b), err
}

func digestOf(hashName string, data []byte) (crypto.Hash, []byte, error) {
	h, ok := webHashes[hashName]
	if !ok {
		return 0, nil, fmt.Errorf("%w: unsupported hash %q", errNotSupported, hashName)
	}
	d := h.New()
	d.Write(data)
	return h, d.Sum(nil), nil
}

func signAsym(name, hashName string, saltLength int, k *asymKey, data []byte) ([]byte, error) {
	if name == "Ed25519" {
		return ed25519.Sign(k.priv.(ed25519.PrivateKey), data), nil
	}
	h, digest, err := digestOf(hashName, data)
	if err != nil {
		return nil, err
	}
	switch name {
	case "RSASSA-PKCS1-v1_5":
		return rsa.SignPKCS1v15(rand.Reader, k.priv.(*rsa.PrivateKey), h, digest)
	case "RSA-PSS":
		return rsa.SignPSS(rand.Reader, k.priv.(*rsa.PrivateKey), h, digest, &rsa.PSSOptions{SaltLength: saltLength})
	case "ECDSA":
		// Web Crypto signatures are r||s, each the curve's size (IEEE P1363), not DER.
		return signP1363(k.priv.(*ecdsa.PrivateKey), digest)
	}
	return nil, fmt.Errorf("%w: %s cannot sign", errNotSupported, name)
}

func verifyAsym(name, hashName string, saltLength int, k *asymKey, sig, data []byte) (bool, error) {
	if name == "Ed25519" {
		return ed25519.Verify(k.pub.(ed25519.PublicKey), data, sig), nil
	}
	h, digest, err := digestOf(hashName, data)
	if err != nil {
		return false, err
	}
	switch name {
	case "RSASSA-PKCS1-v1_5":
		return rsa.VerifyPKCS1v15(k.pub.(*rsa.PublicKey), h, digest, sig) == nil, nil
	case "RSA-PSS":
		return rsa.VerifyPSS(k.pub.(*rsa.PublicKey), h, digest, sig, &rsa.PSSOptions{SaltLength: saltLength}) == nil, nil
	case "ECDSA":
		pub := k.pub.(*ecdsa.PublicKey)
		size := (pub.Curve.Params().BitSize + 7) / 8
		if len(sig) != 2*size {
			return false, nil
		}
		r, s := new(big.Int).SetBytes(sig[:size]), new(big.Int).SetBytes(sig[size:])
		return ecdsa.Verify(pub, digest, r, s), nil
	}
	return false, fmt.Errorf("%w: %s cannot verify", errNotSupported, name)
}

func rsaOAEP(encrypt bool, hashName string, k *asymKey, data, label []byte) ([]byte, error) {
	h, ok := webHashes[hashName]
	if !ok {
		return nil, fmt.Errorf("%w: unsupported hash %q", errNotSupported, hashName)
	}
	if encrypt {
		return rsa.EncryptOAEP(h.New(), rand.Reader, k.pub.(*rsa.PublicKey), data, label)
	}
	out, err := rsa.DecryptOAEP(h.New(), rand.Reader, k.priv.(*rsa.PrivateKey), data, label)
	if err != nil {
		return nil, fmt.Errorf("%w: decryption failed", errOperationError)
	}
	return out, nil
}

func sharedSecret(priv, pub *asymKey) ([]byte, error) {
	var a *ecdh.PrivateKey
	var b *ecdh.PublicKey
	var err error
	switch p := priv.priv.(type) {
	case *ecdsa.PrivateKey:
		if a, err = p.ECDH(); err == nil {
			pk, ok := pub.pub.(*ecdsa.PublicKey)
			if !ok {
				return nil, fmt.Errorf("%w: the public key is not an EC key", errInvalidAccess)
			}
			b, err = pk.ECDH()
		}
	case *ecdh.PrivateKey:
		a = p
		if b, _ = pub.pub.(*ecdh.PublicKey); b == nil {
			return nil, fmt.Errorf("%w: the public key is not an X25519 key", errInvalidAccess)
		}
	default:
		return nil, fmt.Errorf("%w: not a key agreement key", errInvalidAccess)
	}
	if err != nil {
		return nil, err
	}
	if a.Curve() != b.Curve() {
		return nil, fmt.Errorf("%w: the keys are on different curves", errInvalidAccess)
	}
	return a.ECDH(b)
}

// signP1363 signs a digest with ECDSA as r||s, each the curve's size
// (IEEE P1363): Web Crypto's form, and node:crypto's dsaEncoding
// 'ieee-p1363'.
func signP1363(priv *ecdsa.PrivateKey, digest []byte) ([]byte, error) {
	r, s, err := ecdsa.Sign(rand.Reader, priv, digest)
	if err != nil {
		return nil, err
	}
	size := (priv.Curve.Params().BitSize + 7) / 8
	sig := make([]byte, 2*size)
	r.FillBytes(sig[:size])
	s.FillBytes(sig[size:])
	return sig, nil
}
