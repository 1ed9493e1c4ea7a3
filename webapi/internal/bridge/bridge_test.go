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
