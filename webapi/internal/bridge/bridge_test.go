package bridge

import (
	"testing"

	"github.com/dop251/goja"
)

func TestSafeTurnsPanicsIntoJSErrors(t *testing.T) {
	rt := goja.New()
	host := rt.NewObject()
	Set(rt, host, "boom", func(goja.FunctionCall) goja.Value {
		var m map[string]int
		m["x"] = 1 // a nil-map panic: a bug, not a thrown JS error
		return goja.Undefined()
	})
	Set(rt, host, "typeErr", func(goja.FunctionCall) goja.Value { panic(rt.NewTypeError("on purpose")) })
	_ = rt.Set("host", host)
	v, err := rt.RunString(`
		const out = []
		try { host.boom() } catch (e) { out.push(e instanceof Error, /internal error in boom/.test(e.message)) }
		try { host.typeErr() } catch (e) { out.push(e instanceof TypeError, e.message) }
		out.join(',')`)
	if err != nil {
		t.Fatal(err)
	}
	if got := v.String(); got != "true,true,true,on purpose" {
		t.Errorf("got %q", got)
	}
}

// The Encoding standard's replacement: one U+FFFD per maximal subpart
// (cases from WPT's encoding/textdecoder-fatal and Blob-text tests).
func TestUTF8ReplacesEachMaximalSubpart(t *testing.T) {
	for _, c := range []struct {
		in   []byte
		want string
	}{
		{[]byte("ok"), "ok"},
		{[]byte{0xff}, "\uFFFD"},
		{[]byte{0xc0}, "\uFFFD"},
		{[]byte{0xe0}, "\uFFFD"},
		{[]byte{0xc0, 0x80}, "\uFFFD\uFFFD"},
		{[]byte{0xe0, 0x80}, "\uFFFD\uFFFD"},
		{[]byte{0xe2, 0x82}, "\uFFFD"},
		{[]byte{0xe2, 0x82, 'a'}, "\uFFFDa"},
		{[]byte{0xf0, 0x9f, 0x98}, "\uFFFD"},
		{[]byte{0xed, 0xa0, 0x80}, "\uFFFD\uFFFD\uFFFD"}, // a surrogate
		{[]byte{0xf4, 0x90, 0x80, 0x80}, "\uFFFD\uFFFD\uFFFD\uFFFD"},
		{[]byte{0xfd, 0xef, 0xbf, 0xbd}, "\uFFFD\uFFFD"},
		{[]byte{0xef, 0xbb, 0xbf, 'x', 0x80}, "x\uFFFD"},
		{[]byte{0xf0, 0x9f, 0x98, 0x80, 0x80}, "😀\uFFFD"},
	} {
		if got := UTF8(c.in, true); got != c.want {
			t.Errorf("UTF8(% x) = %+q, want %+q", c.in, got, c.want)
		}
	}
}
