package crypto

import (
	"crypto"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/asn1"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"strings"

	"github.com/dop251/goja"
	"github.com/youmark/pkcs8"
	"golang.org/x/crypto/chacha20poly1305"

	"github.com/jsroutes/jsroutes/webapi/internal/bridge"
)

// The Go half of node:crypto's keys, signatures, asymmetric encryption,
// ciphers and HKDF (KeyObject, createSign/createVerify, sign/verify,
// generateKeyPair, publicEncrypt & co., createCipheriv, hkdf), on Go's
// crypto packages: what jsonwebtoken, next-auth and SDKs' Node builds
// call. A KeyObject holds the parsed key as an opaque handle (the
// asymKey of Web Crypto), so a key is parsed once however often it signs.
// Failures throw Errors with Node's texts where code looks at them.

// nodeKeyInfo describes a key for the JS KeyObject.
func nodeKeyInfo(rt *goja.Runtime, k *asymKey) goja.Value {
	o := rt.NewObject()
	_ = o.Set("handle", k)
	_ = o.Set("type", map[bool]string{true: "private", false: "public"}[k.priv != nil])
	details := rt.NewObject()
	switch pub := k.pub.(type) {
	case *rsa.PublicKey:
		_ = o.Set("asymmetricKeyType", "rsa")
		_ = details.Set("modulusLength", pub.N.BitLen())
		_ = details.Set("publicExponent", pub.E)
	case *ecdsa.PublicKey:
		_ = o.Set("asymmetricKeyType", "ec")
		_ = details.Set("namedCurve", nodeCurveName(pub.Curve))
	case ed25519.PublicKey:
		_ = o.Set("asymmetricKeyType", "ed25519")
	case *ecdh.PublicKey:
		_ = o.Set("asymmetricKeyType", "x25519")
	}
	_ = o.Set("details", details)
	return o
}

// nodeCurveName is OpenSSL's name of a curve, as Node reports it.
func nodeCurveName(c elliptic.Curve) string {
	switch c.Params().Name {
	case "P-256":
		return "prime256v1"
	case "P-384":
		return "secp384r1"
	case "P-521":
		return "secp521r1"
	}
	return c.Params().Name
}

// nodeCurve reads a curve name in Node's or Web Crypto's spelling.
func nodeCurve(name string) (elliptic.Curve, bool) {
	switch strings.ToLower(name) {
	case "prime256v1", "p-256", "secp256r1":
		return elliptic.P256(), true
	case "secp384r1", "p-384":
		return elliptic.P384(), true
	case "secp521r1", "p-521":
		return elliptic.P521(), true
	}
	return nil, false
}

// errKey is a key that does not parse, errPassphrase an encrypted one
// given without a passphrase, errBadDecrypt one the passphrase does not
// open: Node's own words.
var (
	errKey        = errors.New("error:1E08010C:DECODER routines::unsupported")
	errPassphrase = errors.New("error:07880109:common libcrypto routines::interrupted or cancelled")
	errBadDecrypt = errors.New("error:1C800064:Provider routines::bad decrypt")
)

// decryptPKCS8 opens an EncryptedPrivateKeyInfo.
func decryptPKCS8(der, passphrase []byte) (any, error) {
	if len(passphrase) == 0 {
		return nil, errBadDecrypt // pkcs8 reads an empty one as "not encrypted"
	}
	key, err := pkcs8.ParsePKCS8PrivateKey(der, passphrase)
	if err != nil {
		return nil, errBadDecrypt
	}
	return key, nil
}

// pkcs8Ciphers are the ciphers key.export({ cipher }) takes for PKCS#8
// (PBES2 with PBKDF2-HMAC-SHA256, as OpenSSL 3 and so Node write it).
var pkcs8Ciphers = map[string]pkcs8.Cipher{
	"aes-128-cbc": pkcs8.AES128CBC, "aes-192-cbc": pkcs8.AES192CBC, "aes-256-cbc": pkcs8.AES256CBC,
	"aes128": pkcs8.AES128CBC, "aes192": pkcs8.AES192CBC, "aes256": pkcs8.AES256CBC,
}

// parseNodeKey reads a key in any of the forms Node's createPrivateKey and
// createPublicKey take: PEM (PKCS#8, PKCS#1, SEC1, SPKI, a certificate),
// DER with its type, or a JWK. want is "private" or "public": a private
// key given where a public one is wanted gives its public half.
//
// A private key may be encrypted (passphrase, nil for none): PKCS#8's
// ENCRYPTED PRIVATE KEY (PBES2, what Node writes with a cipher) through
// github.com/youmark/pkcs8, the PKCS#8 library Go's ecosystem uses (the
// MongoDB and Snowflake drivers), since Go's x509 reads no encrypted
// PKCS#8; and the legacy "Proc-Type: 4,ENCRYPTED" PEM through x509.
func parseNodeKey(format, typ string, data []byte, want string, passphrase []byte) (*asymKey, error) {
	var key any
	var err error
	switch format {
	case "jwk":
		key, err = parseJWKAny(string(data))
	case "der":
		key, err = parseDER(typ, data, want)
		if err != nil && typ == "pkcs8" && passphrase != nil {
			key, err = decryptPKCS8(data, passphrase)
		}
	default: // pem
		rest := data
		for {
			var block *pem.Block
			block, rest = pem.Decode(rest)
			if block == nil {
				return nil, errKey
			}
			//lint:ignore SA1019 the legacy PEM encryption OpenSSL and Node still read
			if x509.IsEncryptedPEMBlock(block) {
				if passphrase == nil {
					return nil, errPassphrase
				}
				der, err := x509.DecryptPEMBlock(block, passphrase) //nolint:staticcheck // as above
				if err != nil {
					return nil, errBadDecrypt
				}
				block = &pem.Block{Type: block.Type, Bytes: der}
			}
			switch block.Type {
			case "ENCRYPTED PRIVATE KEY":
				if passphrase == nil {
					return nil, errPassphrase
				}
				if key, err = decryptPKCS8(block.Bytes, passphrase); err != nil {
					return nil, err
				}
			case "PRIVATE KEY":
				key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
			case "RSA PRIVATE KEY":
				key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
			case "EC PRIVATE KEY":
				key, err = x509.ParseECPrivateKey(block.Bytes)
			case "PUBLIC KEY":
				key, err = x509.ParsePKIXPublicKey(block.Bytes)
			case "RSA PUBLIC KEY":
				key, err = x509.ParsePKCS1PublicKey(block.Bytes)
			case "CERTIFICATE":
				var cert *x509.Certificate
				if cert, err = x509.ParseCertificate(block.Bytes); err == nil {
					key = cert.PublicKey
				}
			default:
				continue
			}
			break
		}
	}
	if err != nil {
		return nil, errKey
	}
	k, err := goKey(key)
	if err != nil {
		return nil, err
	}
	if want == "public" && k.priv != nil {
		k = &asymKey{kind: k.kind, pub: k.pub}
	}
	if want == "private" && k.priv == nil {
		return nil, errors.New("error:1E08010C:DECODER routines::unsupported (a public key where a private key is needed)")
	}
	return k, nil
}

func parseDER(typ string, data []byte, want string) (any, error) {
	switch typ {
	case "pkcs8":
		return x509.ParsePKCS8PrivateKey(data)
	case "sec1":
		return x509.ParseECPrivateKey(data)
	case "spki":
		return x509.ParsePKIXPublicKey(data)
	case "pkcs1":
		if want == "public" {
			if k, err := x509.ParsePKCS1PublicKey(data); err == nil {
				return k, nil
			}
		}
		return x509.ParsePKCS1PrivateKey(data)
	}
	return nil, fmt.Errorf("the key type %q is not supported for DER", typ)
}

// parseJWKAny reads a JWK of any kty as Web Crypto's importer does.
func parseJWKAny(text string) (any, error) {
	var head struct {
		Kty, Crv string
	}
	if err := json.Unmarshal([]byte(text), &head); err != nil {
		return nil, err
	}
	name, curve := "", ""
	switch head.Kty {
	case "RSA":
		name = "RSASSA-PKCS1-v1_5"
	case "EC":
		name, curve = "ECDSA", head.Crv
	case "OKP":
		name = head.Crv // Ed25519, X25519
	default:
		return nil, fmt.Errorf("unsupported JWK key type %q", head.Kty)
	}
	k, err := importJWK(name, curve, text)
	if err != nil {
		return nil, err
	}
	if k.priv != nil {
		return k.priv, nil
	}
	return k.pub, nil
}

// goKey wraps a Go key as an asymKey of whatever kind it is.
func goKey(key any) (*asymKey, error) {
	switch key.(type) {
	case *rsa.PrivateKey, *rsa.PublicKey:
		return fromGoKey("RSASSA-PKCS1-v1_5", "", key)
	case *ecdsa.PrivateKey:
		return fromGoKey("ECDSA", key.(*ecdsa.PrivateKey).Curve.Params().Name, key)
	case *ecdsa.PublicKey:
		return fromGoKey("ECDSA", key.(*ecdsa.PublicKey).Curve.Params().Name, key)
	case ed25519.PrivateKey, ed25519.PublicKey:
		return fromGoKey("Ed25519", "", key)
	case *ecdh.PrivateKey, *ecdh.PublicKey:
		return fromGoKey("X25519", "", key)
	}
	return nil, fmt.Errorf("unsupported key type %T", key)
}

// exportNodeKey writes a key as KeyObject.export does: PEM or DER in a
// type (pkcs8, pkcs1, sec1, spki), or a JWK; a private PKCS#8 key
// encrypted with cipherName and passphrase when cipherName is set.
func exportNodeKey(k *asymKey, format, typ, cipherName string, passphrase []byte) (any, error) {
	if format == "jwk" {
		return exportJWK(k)
	}
	var der []byte
	var block string
	var err error
	switch {
	case k.priv == nil && (typ == "spki" || typ == ""):
		der, err = x509.MarshalPKIXPublicKey(k.pub)
		block = "PUBLIC KEY"
	case k.priv == nil && typ == "pkcs1":
		pub, ok := k.pub.(*rsa.PublicKey)
		if !ok {
			return nil, errors.New("pkcs1 is only for RSA keys")
		}
		der, block = x509.MarshalPKCS1PublicKey(pub), "RSA PUBLIC KEY"
	case k.priv != nil && (typ == "pkcs8" || typ == "") && cipherName != "":
		c, ok := pkcs8Ciphers[strings.ToLower(cipherName)]
		if !ok {
			return nil, fmt.Errorf("Unknown cipher %q (jsroutes encrypts PKCS#8 keys with aes-128-cbc, aes-192-cbc or aes-256-cbc)", cipherName)
		}
		der, err = pkcs8.MarshalPrivateKey(k.priv, passphrase, &pkcs8.Opts{Cipher: c,
			KDFOpts: pkcs8.PBKDF2Opts{SaltSize: 16, IterationCount: 2048, HMACHash: crypto.SHA256}})
		block = "ENCRYPTED PRIVATE KEY"
	case cipherName != "":
		return nil, fmt.Errorf("jsroutes encrypts private keys as PKCS#8 only (type 'pkcs8'), not %q", typ)
	case k.priv != nil && (typ == "pkcs8" || typ == ""):
		der, err = x509.MarshalPKCS8PrivateKey(k.priv)
		block = "PRIVATE KEY"
	case k.priv != nil && typ == "pkcs1":
		priv, ok := k.priv.(*rsa.PrivateKey)
		if !ok {
			return nil, errors.New("pkcs1 is only for RSA keys")
		}
		der, block = x509.MarshalPKCS1PrivateKey(priv), "RSA PRIVATE KEY"
	case k.priv != nil && typ == "sec1":
		priv, ok := k.priv.(*ecdsa.PrivateKey)
		if !ok {
			return nil, errors.New("sec1 is only for EC keys")
		}
		der, err = x509.MarshalECPrivateKey(priv)
		block = "EC PRIVATE KEY"
	default:
		return nil, fmt.Errorf("the key cannot be exported as %q", typ)
	}
	if err != nil {
		return nil, err
	}
	if format == "der" {
		return der, nil
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: block, Bytes: der})), nil
}

// nodeDigest reads Node's digest names for signatures: "sha256",
// "RSA-SHA256", "SHA256", "sha-256".
func nodeDigest(name string) (crypto.Hash, bool) {
	n := strings.ToLower(name)
	n = strings.TrimPrefix(n, "rsa-")
	n = strings.ReplaceAll(n, "-", "")
	switch strings.TrimSuffix(n, "withrsaencryption") {
	case "sha1":
		return crypto.SHA1, true
	case "sha224":
		return crypto.SHA224, true
	case "sha256":
		return crypto.SHA256, true
	case "sha384":
		return crypto.SHA384, true
	case "sha512":
		return crypto.SHA512, true
	}
	return 0, false
}

// Node's padding constants.
const (
	rsaPKCS1Padding     = 1
	rsaNoPadding        = 3
	rsaPKCS1OAEPPadding = 4
	rsaPKCS1PSSPadding  = 6
)

// signOpts are a signature's options (Node's key object members).
type signOpts struct {
	padding    int
	saltLength int // Node's: -1 digest length, -2 max (sign) / auto (verify)
	p1363      bool
}

// pss maps Node's salt lengths to Go's: -1 the digest's length, -2 as
// long as fits when signing (RSA_PSS_SALTLEN_MAX_SIGN) and whatever the
// signature has when verifying (RSA_PSS_SALTLEN_AUTO): Go's Auto is both.
func (o signOpts) pss(h crypto.Hash) *rsa.PSSOptions {
	switch o.saltLength {
	case -1:
		return &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash, Hash: h}
	case -2:
		return &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthAuto, Hash: h}
	}
	return &rsa.PSSOptions{SaltLength: o.saltLength, Hash: h}
}

func nodeSign(alg string, data []byte, k *asymKey, o signOpts) ([]byte, error) {
	if k.priv == nil {
		return nil, errors.New("error:1E08010C:DECODER routines::unsupported (signing needs a private key)")
	}
	if priv, ok := k.priv.(ed25519.PrivateKey); ok {
		return ed25519.Sign(priv, data), nil
	}
	h, ok := nodeDigest(alg)
	if !ok {
		return nil, fmt.Errorf("Invalid digest: %s", alg)
	}
	d := h.New()
	d.Write(data)
	digest := d.Sum(nil)
	switch priv := k.priv.(type) {
	case *rsa.PrivateKey:
		if o.padding == rsaPKCS1PSSPadding {
			return rsa.SignPSS(rand.Reader, priv, h, digest, o.pss(h))
		}
		return rsa.SignPKCS1v15(rand.Reader, priv, h, digest)
	case *ecdsa.PrivateKey:
		if !o.p1363 {
			return ecdsa.SignASN1(rand.Reader, priv, digest)
		}
		return signP1363(priv, digest)
	}
	return nil, fmt.Errorf("the key type %s cannot sign", k.kind)
}

func nodeVerify(alg string, data []byte, k *asymKey, sig []byte, o signOpts) (bool, error) {
	if pub, ok := k.pub.(ed25519.PublicKey); ok {
		return ed25519.Verify(pub, data, sig), nil
	}
	h, ok := nodeDigest(alg)
	if !ok {
		return false, fmt.Errorf("Invalid digest: %s", alg)
	}
	d := h.New()
	d.Write(data)
	digest := d.Sum(nil)
	switch pub := k.pub.(type) {
	case *rsa.PublicKey:
		if o.padding == rsaPKCS1PSSPadding {
			return rsa.VerifyPSS(pub, h, digest, sig, o.pss(h)) == nil, nil
		}
		return rsa.VerifyPKCS1v15(pub, h, digest, sig) == nil, nil
	case *ecdsa.PublicKey:
		if !o.p1363 {
			return ecdsa.VerifyASN1(pub, digest, sig), nil
		}
		size := (pub.Curve.Params().BitSize + 7) / 8
		if len(sig) != 2*size {
			return false, nil
		}
		var rs struct{ R, S *big.Int }
		rs.R, rs.S = new(big.Int).SetBytes(sig[:size]), new(big.Int).SetBytes(sig[size:])
		der, err := asn1.Marshal(rs)
		if err != nil {
			return false, nil
		}
		return ecdsa.VerifyASN1(pub, digest, der), nil
	}
	return false, fmt.Errorf("the key type %s cannot verify", k.kind)
}

// generateNodeKey makes a key pair as generateKeyPair does.
func generateNodeKey(typ string, modulusLength, publicExponent int, curve string) (*asymKey, error) {
	switch typ {
	case "rsa":
		if publicExponent != 0 && publicExponent != 65537 {
			return nil, errors.New("jsroutes generates RSA keys with the public exponent 65537 only")
		}
		k, err := rsa.GenerateKey(rand.Reader, modulusLength)
		if err != nil {
			return nil, err
		}
		return goKey(k)
	case "ec":
		c, ok := nodeCurve(curve)
		if !ok {
			return nil, fmt.Errorf("Invalid EC curve name: %s", curve)
		}
		k, err := ecdsa.GenerateKey(c, rand.Reader)
		if err != nil {
			return nil, err
		}
		return goKey(k)
	case "ed25519":
		_, k, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			return nil, err
		}
		return goKey(k)
	case "x25519":
		k, err := ecdh.X25519().GenerateKey(rand.Reader)
		if err != nil {
			return nil, err
		}
		return goKey(k)
	}
	return nil, fmt.Errorf("The argument 'type' must be a supported key type. Received '%s'", typ)
}

// rsaCrypt is publicEncrypt, privateDecrypt, privateEncrypt and
// publicDecrypt, with OAEP (Node's default, with oaepHash) or PKCS#1 v1.5.
func rsaCrypt(op string, k *asymKey, data []byte, padding int, oaepHash string) ([]byte, error) {
	h, ok := nodeDigest(oaepHash)
	if !ok {
		h = crypto.SHA1
	}
	switch op {
	case "publicEncrypt":
		pub := k.pub.(*rsa.PublicKey)
		if padding == rsaPKCS1Padding {
			return rsa.EncryptPKCS1v15(rand.Reader, pub, data)
		}
		return rsa.EncryptOAEP(h.New(), rand.Reader, pub, data, nil)
	case "privateDecrypt":
		priv, ok := k.priv.(*rsa.PrivateKey)
		if !ok {
			return nil, errors.New("privateDecrypt needs a private key")
		}
		if padding == rsaPKCS1Padding {
			return rsa.DecryptPKCS1v15(rand.Reader, priv, data)
		}
		out, err := rsa.DecryptOAEP(h.New(), rand.Reader, priv, data, nil)
		if err != nil {
			return nil, errors.New("error:02000079:rsa routines::oaep decoding error")
		}
		return out, nil
	case "privateEncrypt":
		priv, ok := k.priv.(*rsa.PrivateKey)
		if !ok {
			return nil, errors.New("privateEncrypt needs a private key")
		}
		return rsa.SignPKCS1v15(nil, priv, 0, data) // PKCS#1 type 1 padding over the raw data
	case "publicDecrypt":
		pub := k.pub.(*rsa.PublicKey)
		c := new(big.Int).SetBytes(data)
		m := new(big.Int).Exp(c, big.NewInt(int64(pub.E)), pub.N)
		em := m.FillBytes(make([]byte, (pub.N.BitLen()+7)/8))
		// Strip PKCS#1 type 1 padding: 00 01 FF… 00 data.
		if len(em) < 11 || em[0] != 0 || em[1] != 1 {
			return nil, errors.New("error:0200008A:rsa routines::invalid padding")
		}
		for i := 2; i < len(em); i++ {
			if em[i] == 0 {
				return em[i+1:], nil
			}
			if em[i] != 0xff {
				break
			}
		}
		return nil, errors.New("error:0200008A:rsa routines::invalid padding")
	}
	return nil, fmt.Errorf("unknown operation %s", op)
}

// nodeCipher runs a whole cipher operation (the JS Cipher buffers its
// updates): aes-{128,192,256}-{gcm,cbc,ctr,ecb}, chacha20-poly1305. It
// returns the output and, for an AEAD encryption, the tag.
func nodeCipher(alg string, key, iv, data, aad, tag []byte, decrypt bool, tagLength int, autoPadding bool) ([]byte, []byte, error) {
	alg = strings.ToLower(alg)
	if alg == "chacha20-poly1305" {
		a, err := chacha20poly1305.New(key)
		if err != nil {
			return nil, nil, errors.New("Invalid key length")
		}
		return aead(a, iv, data, aad, tag, decrypt, tagLength)
	}
	parts := strings.Split(alg, "-")
	if len(parts) != 3 || parts[0] != "aes" {
		return nil, nil, errors.New("Unknown cipher")
	}
	if want := map[string]int{"128": 16, "192": 24, "256": 32}[parts[1]]; want == 0 || len(key) != want {
		return nil, nil, errors.New("Invalid key length")
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, nil, err
	}
	switch parts[2] {
	case "gcm":
		if tagLength == 0 {
			tagLength = 16
		}
		a, err := newGCMWithNonceAndTag(block, len(iv), tagLength)
		if err != nil {
			return nil, nil, errors.New("Invalid initialization vector")
		}
		return aead(a, iv, data, aad, tag, decrypt, tagLength)
	case "ctr":
		if len(iv) != aes.BlockSize {
			return nil, nil, errors.New("Invalid initialization vector")
		}
		out := make([]byte, len(data))
		cipher.NewCTR(block, iv).XORKeyStream(out, data)
		return out, nil, nil
	case "cbc", "ecb":
		if parts[2] == "cbc" && len(iv) != aes.BlockSize {
			return nil, nil, errors.New("Invalid initialization vector")
		}
		if decrypt {
			if len(data)%aes.BlockSize != 0 {
				return nil, nil, errors.New("error:1C80006B:Provider routines::wrong final block length")
			}
			out := make([]byte, len(data))
			if parts[2] == "cbc" {
				cipher.NewCBCDecrypter(block, iv).CryptBlocks(out, data)
			} else {
				for i := 0; i < len(data); i += aes.BlockSize {
					block.Decrypt(out[i:], data[i:])
				}
			}
			if !autoPadding {
				return out, nil, nil
			}
			if len(out) == 0 {
				return nil, nil, errors.New("error:1C80006B:Provider routines::wrong final block length")
			}
			n := int(out[len(out)-1])
			if n == 0 || n > aes.BlockSize || n > len(out) {
				return nil, nil, errors.New("error:1C800064:Provider routines::bad decrypt")
			}
			for _, b := range out[len(out)-n:] {
				if int(b) != n {
					return nil, nil, errors.New("error:1C800064:Provider routines::bad decrypt")
				}
			}
			return out[:len(out)-n], nil, nil
		}
		in := data
		if autoPadding {
			n := aes.BlockSize - len(data)%aes.BlockSize
			in = append(append([]byte(nil), data...), make([]byte, n)...)
			for i := len(data); i < len(in); i++ {
				in[i] = byte(n)
			}
		} else if len(data)%aes.BlockSize != 0 {
			return nil, nil, errors.New("error:1C80006B:Provider routines::wrong final block length")
		}
		out := make([]byte, len(in))
		if parts[2] == "cbc" {
			cipher.NewCBCEncrypter(block, iv).CryptBlocks(out, in)
		} else {
			for i := 0; i < len(in); i += aes.BlockSize {
				block.Encrypt(out[i:], in[i:])
			}
		}
		return out, nil, nil
	}
	return nil, nil, errors.New("Unknown cipher")
}

func aead(a cipher.AEAD, iv, data, aad, tag []byte, decrypt bool, tagLength int) ([]byte, []byte, error) {
	if len(iv) != a.NonceSize() {
		return nil, nil, errors.New("Invalid initialization vector")
	}
	if decrypt {
		out, err := a.Open(nil, iv, append(append([]byte(nil), data...), tag...), aad)
		if err != nil {
			return nil, nil, errors.New("Unsupported state or unable to authenticate data")
		}
		return out, nil, nil
	}
	sealed := a.Seal(nil, iv, data, aad)
	n := len(sealed) - a.Overhead()
	t := sealed[n:]
	if tagLength > 0 && tagLength < len(t) {
		t = t[:tagLength]
	}
	return sealed[:n], t, nil
}

// installNodeKeys adds the host functions of this file, which
// webapi/node/crypto.js's KeyObject, Sign, Verify, Cipheriv and the rest
// call.
func installNodeKeys(rt *goja.Runtime, host *goja.Object, loop bridge.Loop) {
	bytesArg := func(call goja.FunctionCall, i int) []byte {
		return bridge.ArrayBufferBytes(rt, call.Argument(i), call.Argument(i+1).ToInteger(), call.Argument(i+2).ToInteger())
	}
	keyArg := func(v goja.Value) *asymKey {
		k, ok := v.Export().(*asymKey)
		if !ok {
			bridge.ThrowTypeError(rt, "expected an asymmetric KeyObject")
		}
		return k
	}
	throw := func(err error) {
		e, _ := rt.New(rt.Get("Error"), rt.ToValue(err.Error()))
		if strings.HasPrefix(err.Error(), "error:") {
			_ = e.Set("code", "ERR_OSSL_UNSUPPORTED")
		}
		panic(e)
	}
	opts := func(o goja.Value) signOpts {
		so := signOpts{padding: rsaPKCS1Padding, saltLength: -2}
		if obj, ok := o.(*goja.Object); ok {
			if v := obj.Get("padding"); v != nil && !goja.IsUndefined(v) {
				so.padding = int(v.ToInteger())
			}
			if v := obj.Get("saltLength"); v != nil && !goja.IsUndefined(v) {
				so.saltLength = int(v.ToInteger())
			}
			if v := obj.Get("dsaEncoding"); v != nil && !goja.IsUndefined(v) {
				so.p1363 = v.String() == "ieee-p1363"
			}
		}
		return so
	}
	// optionalBytes reads bytes… at i, or nil for null.
	optionalBytes := func(call goja.FunctionCall, i int) []byte {
		if goja.IsNull(call.Argument(i)) || goja.IsUndefined(call.Argument(i)) {
			return nil
		}
		return append([]byte{}, bytesArg(call, i)...)
	}
	// nodeKeyParse(want, format, type, data…, passphrase…|null) → key info.
	bridge.Set(rt, host, "nodeKeyParse", func(call goja.FunctionCall) goja.Value {
		k, err := parseNodeKey(call.Argument(1).String(), call.Argument(2).String(), bytesArg(call, 3), call.Argument(0).String(), optionalBytes(call, 6))
		if err != nil {
			throw(err)
		}
		return nodeKeyInfo(rt, k)
	})
	bridge.Set(rt, host, "nodeKeyPublic", func(call goja.FunctionCall) goja.Value {
		k := keyArg(call.Argument(0))
		return nodeKeyInfo(rt, &asymKey{kind: k.kind, pub: k.pub})
	})
	bridge.Set(rt, host, "nodeKeyExport", func(call goja.FunctionCall) goja.Value {
		var cipherName string
		if !goja.IsUndefined(call.Argument(3)) && !goja.IsNull(call.Argument(3)) {
			cipherName = call.Argument(3).String()
		}
		out, err := exportNodeKey(keyArg(call.Argument(0)), call.Argument(1).String(), call.Argument(2).String(), cipherName, optionalBytes(call, 4))
		if err != nil {
			throw(err)
		}
		if b, ok := out.([]byte); ok {
			return rt.ToValue(rt.NewArrayBuffer(b))
		}
		return rt.ToValue(out)
	})
	bridge.Set(rt, host, "nodeKeyEquals", func(call goja.FunctionCall) goja.Value {
		a, b := keyArg(call.Argument(0)), keyArg(call.Argument(1))
		x, _ := x509.MarshalPKIXPublicKey(a.pub)
		y, _ := x509.MarshalPKIXPublicKey(b.pub)
		return rt.ToValue((a.priv == nil) == (b.priv == nil) && string(x) == string(y))
	})
	// nodeSign(alg, data…, key, options) and nodeVerify(alg, data…, key, sig…, options).
	bridge.Set(rt, host, "nodeSign", func(call goja.FunctionCall) goja.Value {
		sig, err := nodeSign(call.Argument(0).String(), bytesArg(call, 1), keyArg(call.Argument(4)), opts(call.Argument(5)))
		if err != nil {
			throw(err)
		}
		return rt.ToValue(rt.NewArrayBuffer(sig))
	})
	bridge.Set(rt, host, "nodeVerify", func(call goja.FunctionCall) goja.Value {
		ok, err := nodeVerify(call.Argument(0).String(), bytesArg(call, 1), keyArg(call.Argument(4)), bytesArg(call, 5), opts(call.Argument(8)))
		if err != nil {
			throw(err)
		}
		return rt.ToValue(ok)
	})
	// nodeGenerateKeyPair(type, modulusLength, publicExponent, namedCurve, async).
	bridge.Set(rt, host, "nodeGenerateKeyPair", func(call goja.FunctionCall) goja.Value {
		typ, bits, exp, curve := call.Argument(0).String(), int(call.Argument(1).ToInteger()), int(call.Argument(2).ToInteger()), call.Argument(3).String()
		gen := func() (*asymKey, error) { return generateNodeKey(typ, bits, exp, curve) }
		done := func(k *asymKey) goja.Value {
			return rt.ToValue([]any{nodeKeyInfo(rt, &asymKey{kind: k.kind, pub: k.pub}), nodeKeyInfo(rt, k)})
		}
		if call.Argument(4).ToBoolean() {
			return bridge.Offload(rt, loop, gen, done)
		}
		k, err := gen()
		if err != nil {
			throw(err)
		}
		return done(k)
	})
	// nodeRSA(op, key, data…, padding, oaepHash).
	bridge.Set(rt, host, "nodeRSA", func(call goja.FunctionCall) goja.Value {
		k := keyArg(call.Argument(1))
		if _, ok := k.pub.(*rsa.PublicKey); !ok {
			bridge.ThrowTypeError(rt, "the key is not an RSA key")
		}
		out, err := rsaCrypt(call.Argument(0).String(), k, bytesArg(call, 2), int(call.Argument(5).ToInteger()), call.Argument(6).String())
		if err != nil {
			throw(err)
		}
		return rt.ToValue(rt.NewArrayBuffer(out))
	})
	// nodeCipher(alg, key…, iv…, data…, aad…, tag…|null, decrypt, tagLength, autoPadding) → [out, tag].
	bridge.Set(rt, host, "nodeCipher", func(call goja.FunctionCall) goja.Value {
		var tag []byte
		if !goja.IsNull(call.Argument(13)) {
			tag = bytesArg(call, 13)
		}
		out, t, err := nodeCipher(call.Argument(0).String(), bytesArg(call, 1), bytesArg(call, 4), bytesArg(call, 7), bytesArg(call, 10), tag,
			call.Argument(16).ToBoolean(), int(call.Argument(17).ToInteger()), call.Argument(18).ToBoolean())
		if err != nil {
			throw(err)
		}
		res := []any{rt.NewArrayBuffer(out), nil}
		if t != nil {
			res[1] = rt.NewArrayBuffer(t)
		}
		return rt.ToValue(res)
	})
	// nodeHKDF(digest, ikm…, salt…, info…, keylen).
	bridge.Set(rt, host, "nodeHKDF", func(call goja.FunctionCall) goja.Value {
		h, ok := nodeDigest(call.Argument(0).String())
		if !ok {
			throw(fmt.Errorf("Invalid digest: %s", call.Argument(0).String()))
		}
		out, err := hkdf.Key(h.New, bytesArg(call, 1), bytesArg(call, 4), string(bytesArg(call, 7)), int(call.Argument(10).ToInteger()))
		if err != nil {
			throw(err)
		}
		return rt.ToValue(rt.NewArrayBuffer(out))
	})
}
