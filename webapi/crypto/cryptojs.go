package crypto

import (
	"crypto/aes"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"encoding"
	"encoding/binary"
	"hash"
	"strconv"

	"github.com/dop251/goja"

	"github.com/jsroutes/jsroutes/webapi/internal/bridge"
)

// blockHash is a hash whose compression function crypto-js's algorithm
// of the same name runs in JS, block by block: Go runs it on a state
// restored from its words (the standard library's hashes marshal their
// state: a magic string, the state words, the buffered block, the
// length), so the block function is the standard library's, not a copy.
type blockHash struct {
	new   func() hash.Hash
	magic string
	words int
}

var blockHashes = map[string]blockHash{
	"sha256": {sha256.New, "sha\x03", 8},
	"sha1":   {sha1.New, "sha\x01", 5},
	"md5":    {md5.New, "md5\x01", 4},
}

// compress runs h's compression function on state and one 64-byte block.
func (h blockHash) compress(state []uint32, block []byte) error {
	st := make([]byte, 0, len(h.magic)+4*h.words+64+8)
	st = append(st, h.magic...)
	for _, w := range state {
		st = binary.BigEndian.AppendUint32(st, w)
	}
	st = append(st, make([]byte, 64+8)...) // nothing buffered, length 0
	d := h.new()
	if err := d.(encoding.BinaryUnmarshaler).UnmarshalBinary(st); err != nil {
		return err
	}
	d.Write(block)
	out, err := d.(encoding.BinaryMarshaler).MarshalBinary()
	if err != nil {
		return err
	}
	for i := range state {
		state[i] = binary.BigEndian.Uint32(out[len(h.magic)+4*i:])
	}
	return nil
}

// installCryptoJS adds the block functions crypto-js's SHA-256, SHA-1,
// MD5 and AES call for each block (cryptojs.js puts them in its
// algorithms' place): goja ran a SHA-256 block in ~370 µs, an AES block
// in ~90 µs. Words are JS numbers, read as int32 (as crypto-js's `| 0`
// and `^` read them) and written back as int32, into the same arrays
// crypto-js's own code updates: the hash's state words (and, for MD5,
// the block's words, which crypto-js byte-swaps in place), the cipher's
// block.
func installCryptoJS(rt *goja.Runtime, host *goja.Object) {
	word := func(o *goja.Object, i int64) uint32 {
		v := o.Get(strconv.FormatInt(i, 10))
		if v == nil {
			return 0
		}
		return uint32(v.ToInteger())
	}
	put := func(o *goja.Object, i int64, w uint32) { _ = o.Set(strconv.FormatInt(i, 10), int32(w)) }
	// cryptoJSHash(kind, H, M, offset) compresses the block M[offset…+16]
	// into the state H.
	bridge.Set(rt, host, "cryptoJSHash", func(call goja.FunctionCall) goja.Value {
		kind := call.Argument(0).String()
		h, ok := blockHashes[kind]
		hw, ok1 := call.Argument(1).(*goja.Object)
		m, ok2 := call.Argument(2).(*goja.Object)
		if !ok || !ok1 || !ok2 {
			return rt.ToValue(false)
		}
		off := call.Argument(3).ToInteger()
		state := make([]uint32, h.words)
		for i := range state {
			state[i] = word(hw, int64(i))
		}
		block := make([]byte, 64)
		for i := int64(0); i < 16; i++ {
			binary.BigEndian.PutUint32(block[4*i:], word(m, off+i))
		}
		if err := h.compress(state, block); err != nil {
			return rt.ToValue(false)
		}
		if kind == "md5" {
			for i := int64(0); i < 16; i++ { // crypto-js reads MD5's words little-endian, swapped in place
				put(m, off+i, binary.LittleEndian.Uint32(block[4*i:]))
			}
		}
		for i, w := range state {
			put(hw, int64(i), w)
		}
		return rt.ToValue(true)
	})
	// cryptoJSAES(decrypt, keyWords, keyBytes, M, offset) encrypts or
	// decrypts the block M[offset…+4] in place; false for a key that is
	// not 16, 24 or 32 bytes (crypto-js then runs its own).
	bridge.Set(rt, host, "cryptoJSAES", func(call goja.FunctionCall) goja.Value {
		kw, ok1 := call.Argument(1).(*goja.Object)
		m, ok2 := call.Argument(3).(*goja.Object)
		n := call.Argument(2).ToInteger()
		if !ok1 || !ok2 || (n != 16 && n != 24 && n != 32) {
			return rt.ToValue(false)
		}
		key := make([]byte, n)
		for i := int64(0); i < n/4; i++ {
			binary.BigEndian.PutUint32(key[4*i:], word(kw, i))
		}
		c, err := aes.NewCipher(key)
		if err != nil {
			return rt.ToValue(false)
		}
		off := call.Argument(4).ToInteger()
		block := make([]byte, 16)
		for i := int64(0); i < 4; i++ {
			binary.BigEndian.PutUint32(block[4*i:], word(m, off+i))
		}
		if call.Argument(0).ToBoolean() {
			c.Decrypt(block, block)
		} else {
			c.Encrypt(block, block)
		}
		for i := int64(0); i < 4; i++ {
			put(m, off+i, binary.BigEndian.Uint32(block[4*i:]))
		}
		return rt.ToValue(true)
	})
}
