package crypto

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"errors"

	"github.com/dop251/goja"
	"github.com/jsroutes/jsroutes/webapi/internal/bridge"
)

// installWebCrypto adds the Go side of crypto.subtle: the symmetric
// algorithms AES in GCM, CBC and CTR modes and HKDF here (digests, HMAC and
// PBKDF2 reuse node:crypto's host functions), the asymmetric ones in
// webcrypto_asym.go. Failures the spec calls an
// OperationError come back as a thrown TypeError whose message the JS side
// turns into the DOMException.
func installWebCrypto(rt *goja.Runtime, host *goja.Object, loop bridge.Loop) {
	bytesArg := func(call goja.FunctionCall, i int) []byte {
		return bridge.ArrayBufferBytes(rt, call.Argument(i), call.Argument(i+1).ToInteger(), call.Argument(i+2).ToInteger())
	}
	// aes(mode, encrypt, key…, iv…, data…, aad…, tagBits, counterBits)
	bridge.Set(rt, host, "subtleAES", func(call goja.FunctionCall) goja.Value {
		mode, encrypt := call.Argument(0).String(), call.Argument(1).ToBoolean()
		key, iv, data, aad := bytesArg(call, 2), bytesArg(call, 5), bytesArg(call, 8), bytesArg(call, 11)
		block, err := aes.NewCipher(key)
		if err != nil {
			bridge.ThrowTypeError(rt, "OperationError: "+err.Error())
		}
		var out []byte
		switch mode {
		case "AES-GCM":
			tagBytes := int(call.Argument(14).ToInteger()) / 8
			gcm, err := cipher.NewGCMWithTagSize(block, tagBytes)
			if err == nil && len(iv) != gcm.NonceSize() {
				gcm, err = newGCMWithNonceAndTag(block, len(iv), tagBytes)
			}
			if err != nil {
				bridge.ThrowTypeError(rt, "OperationError: "+err.Error())
			}
			if encrypt {
				out = gcm.Seal(nil, iv, data, aad)
			} else if out, err = gcm.Open(nil, iv, data, aad); err != nil {
				bridge.ThrowTypeError(rt, "OperationError: The operation failed for an operation-specific reason")
			}
		case "AES-CBC":
			if len(iv) != aes.BlockSize {
				bridge.ThrowTypeError(rt, "OperationError: iv must be 16 bytes")
			}
			if encrypt {
				pad := aes.BlockSize - len(data)%aes.BlockSize
				padded := append(append([]byte(nil), data...), make([]byte, pad)...)
				for i := len(data); i < len(padded); i++ {
					padded[i] = byte(pad)
				}
				out = make([]byte, len(padded))
				cipher.NewCBCEncrypter(block, iv).CryptBlocks(out, padded)
			} else {
				if len(data) == 0 || len(data)%aes.BlockSize != 0 {
					bridge.ThrowTypeError(rt, "OperationError: The provided data is too small or not a multiple of the block size")
				}
				buf := make([]byte, len(data))
				cipher.NewCBCDecrypter(block, iv).CryptBlocks(buf, data)
				pad := int(buf[len(buf)-1])
				if pad == 0 || pad > aes.BlockSize {
					bridge.ThrowTypeError(rt, "OperationError: The provided data has bad padding")
				}
				for _, b := range buf[len(buf)-pad:] {
					if int(b) != pad {
						bridge.ThrowTypeError(rt, "OperationError: The provided data has bad padding")
					}
				}
				out = buf[:len(buf)-pad]
			}
		case "AES-CTR":
			if len(iv) != aes.BlockSize {
				bridge.ThrowTypeError(rt, "OperationError: counter must be 16 bytes")
			}
			out = make([]byte, len(data))
			cipher.NewCTR(block, iv).XORKeyStream(out, data)
		default:
			bridge.ThrowTypeError(rt, "NotSupportedError: "+mode)
		}
		return rt.ToValue(rt.NewArrayBuffer(out))
	})
	// hkdf(hash, ikm…, salt…, info…, lengthBytes)
	bridge.Set(rt, host, "subtleHKDF", func(call goja.FunctionCall) goja.Value {
		h := hashByName(rt, call.Argument(0).String())
		key, err := hkdf.Key(h, bytesArg(call, 1), bytesArg(call, 4), string(bytesArg(call, 7)), int(call.Argument(10).ToInteger()))
		if err != nil {
			bridge.ThrowTypeError(rt, "OperationError: "+err.Error())
		}
		return rt.ToValue(rt.NewArrayBuffer(key))
	})
	installWebCryptoAsym(rt, host, loop)
}

// newGCMWithNonceAndTag builds a GCM for a non-standard nonce size (the
// Web Crypto API allows any), which Go only offers with the standard tag.
func newGCMWithNonceAndTag(block cipher.Block, nonceSize, tagSize int) (cipher.AEAD, error) {
	if tagSize != 16 {
		return nil, errNonStandardGCM
	}
	return cipher.NewGCMWithNonceSize(block, nonceSize)
}

// errNonStandardGCM refuses what Node allows and this implementation does not.
var errNonStandardGCM = errors.New("AES-GCM with a non-96-bit iv supports only a 128-bit tag here")
