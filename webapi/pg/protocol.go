// Package pg is the Go half of jsroutes' pg-protocol: the PostgreSQL wire
// protocol package under pg (node-postgres), which the runtime replaces as
// it replaces bcryptjs (polyfills' packageReplacements). pg's own code, its
// Client, Pool, Query, type parsers and Result, runs unchanged; what runs
// here is the byte work beneath it: the messages pg sends (serialize), and
// the reading of the server's replies into the message objects pg's
// Client handles (parse). Its JS half is protocol.js.
//
// Why: in goja, pg-protocol's parser reads every int and string of a reply
// through a Buffer method call, and each message pg sends is built byte by
// byte in a Writer; with the Readable and Writable a socket's bytes pass
// through, that was about half of what a query cost (the PostgreSQL
// scenario in BENCHMARKS.md). A socket of node:net's can also hand its
// bytes to the parser here without a Buffer or a stream in between (Tap):
// pg reads nothing else from it once it has attached its parser.
package pg

import (
	"encoding/binary"
	"fmt"
)

// The frontend messages' codes (pg-protocol's serializer).
const (
	codeStartup  = 'p' // password and SASL responses share it
	codeQuery    = 'Q'
	codeParse    = 'P'
	codeBind     = 'B'
	codeExecute  = 'E'
	codeDescribe = 'D'
	codeClose    = 'C'
	codeCopyData = 'd'
	codeCopyFail = 'f'
)

// writer builds one frontend message: a code, an int32 length that counts
// itself, and the body.
type writer struct{ b []byte }

func newMessage(code byte) *writer {
	return &writer{b: []byte{code, 0, 0, 0, 0}}
}

func (w *writer) cstring(s string) *writer {
	w.b = append(w.b, s...)
	w.b = append(w.b, 0)
	return w
}

func (w *writer) int16(n int64) *writer {
	w.b = binary.BigEndian.AppendUint16(w.b, uint16(n))
	return w
}

func (w *writer) int32(n int64) *writer {
	w.b = binary.BigEndian.AppendUint32(w.b, uint32(n))
	return w
}

func (w *writer) bytes(p []byte) *writer {
	w.b = append(w.b, p...)
	return w
}

// done sets the length and returns the message.
func (w *writer) done() []byte {
	binary.BigEndian.PutUint32(w.b[1:5], uint32(len(w.b)-1))
	return w.b
}

// startup is the StartupMessage: protocol 3.0, the parameters in the order
// given, client_encoding UTF8, sent without a code.
func startup(params [][2]string) []byte {
	w := &writer{b: make([]byte, 4, 128)}
	w.int16(3).int16(0)
	for _, p := range params {
		w.cstring(p[0]).cstring(p[1])
	}
	w.cstring("client_encoding").cstring("UTF8").cstring("")
	binary.BigEndian.PutUint32(w.b, uint32(len(w.b)))
	return w.b
}

// param is one value of a Bind: null, text, or bytes (a Buffer, sent in
// binary format as pg-protocol sends it).
type param struct {
	null   bool
	binary bool
	data   []byte
}

// bind is the Bind message: one format code per parameter, the values,
// and one result format for every column.
func bind(portal, statement string, params []param, binaryResults bool) []byte {
	w := newMessage(codeBind).cstring(portal).cstring(statement)
	w.int16(int64(len(params)))
	for _, p := range params {
		if p.binary {
			w.int16(1)
		} else {
			w.int16(0)
		}
	}
	w.int16(int64(len(params)))
	for _, p := range params {
		if p.null {
			w.int32(-1)
			continue
		}
		w.int32(int64(len(p.data))).bytes(p.data)
	}
	w.int16(1)
	if binaryResults {
		w.int16(1)
	} else {
		w.int16(0)
	}
	return w.done()
}

// parseMessage is the Parse message (a statement's name, its text and the
// parameters' type OIDs).
func parseMessage(name, text string, types []int64) []byte {
	w := newMessage(codeParse).cstring(name).cstring(text).int16(int64(len(types)))
	for _, t := range types {
		w.int32(t)
	}
	return w.done()
}

// execute is the Execute message for a portal and a row limit (0: all).
func execute(portal string, rows int64) []byte {
	return newMessage(codeExecute).cstring(portal).int32(rows).done()
}

// cstringMessage is a message whose body is one string.
func cstringMessage(code byte, s string) []byte {
	return newMessage(code).cstring(s).done()
}

// cancel is the CancelRequest, sent on a connection of its own.
func cancel(processID, secretKey int64) []byte {
	w := &writer{}
	return w.int32(16).int16(1234).int16(5678).int32(processID).int32(secretKey).b
}

// sasl is the SASLInitialResponse: the mechanism, then the response
// prefixed by its length.
func sasl(mechanism, response string) []byte {
	return newMessage(codeStartup).cstring(mechanism).int32(int64(len(response))).bytes([]byte(response)).done()
}

// message is one backend message, decoded: the code, the length field (the
// body's length and its own four bytes, as pg-protocol's messages carry
// it) and the body.
type message struct {
	code   byte
	length int
	body   []byte
}

// splitter cuts the server's bytes into messages; what is left of a
// message that has not all arrived waits for the next chunk.
type splitter struct{ rest []byte }

// next appends chunk to what waits and returns the whole messages in it.
// The bodies share memory with the splitter's buffer until the next call.
func (s *splitter) next(chunk []byte, out []message) []message {
	buf := chunk
	if len(s.rest) > 0 {
		s.rest = append(s.rest, chunk...)
		buf = s.rest
	}
	off := 0
	for len(buf)-off >= 5 {
		length := int(binary.BigEndian.Uint32(buf[off+1:]))
		if length < 4 {
			// Not PostgreSQL's: pg-protocol would read past it; here the
			// message ends at its header, and the code is reported.
			length = 4
		}
		if len(buf)-off < 1+length {
			break
		}
		out = append(out, message{code: buf[off], length: length, body: buf[off+5 : off+1+length]})
		off += 1 + length
	}
	// The bodies handed out point into buf: what is left is copied, never
	// moved in place.
	s.rest = append([]byte(nil), buf[off:]...)
	if len(s.rest) == 0 {
		s.rest = nil
	}
	return out
}

// reader reads a message's body as pg-protocol's BufferReader does. A
// body shorter than its fields (PostgreSQL never sends one; pg-protocol's
// Buffer reads would throw) reads as zeros and empty strings.
type reader struct {
	b   []byte
	off int
}

// take returns the next n bytes, or nil where the body is shorter; the
// offset moves on either way.
func (r *reader) take(n int) []byte {
	start := r.off
	r.off += n
	if start+n > len(r.b) {
		return nil
	}
	return r.b[start:r.off]
}

func (r *reader) byte() byte {
	if b := r.take(1); b != nil {
		return b[0]
	}
	return 0
}

func (r *reader) int16() int64 {
	if b := r.take(2); b != nil {
		return int64(int16(binary.BigEndian.Uint16(b)))
	}
	return 0
}

func (r *reader) int32() int64 {
	if b := r.take(4); b != nil {
		return int64(int32(binary.BigEndian.Uint32(b)))
	}
	return 0
}

func (r *reader) uint32() int64 {
	if b := r.take(4); b != nil {
		return int64(binary.BigEndian.Uint32(b))
	}
	return 0
}

func (r *reader) bytes(n int) []byte {
	if n < 0 || r.off >= len(r.b) {
		r.off += max(n, 0)
		return nil
	}
	end := min(r.off+n, len(r.b))
	p := r.b[r.off:end]
	r.off += n
	return p
}

// cstring reads up to the next zero byte (or the body's end) and skips it.
func (r *reader) cstring() []byte {
	start := min(r.off, len(r.b))
	end := start
	for end < len(r.b) && r.b[end] != 0 {
		end++
	}
	r.off = end + 1
	return r.b[start:end]
}

// authError is an Authentication message of a kind pg-protocol does not
// know: it throws, and so does the parser here.
func authError(code int64) error {
	return fmt.Errorf("Unknown authenticationOk message type %d", code)
}
