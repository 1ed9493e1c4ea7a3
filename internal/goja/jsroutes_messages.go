package goja

// jsroutes: V8's rendering of a value in its TypeError messages (V8's
// Object::NoSideEffectsToString), for "x is not a function" from builtins
// given a callback that is not one ([1].map(5): "5 is not a function";
// goja said "Value is not an object: 5"). PATCHES.md.

import "github.com/dop251/goja/unistring"

// v8String renders v without running user code: primitives as String()
// does (strings unquoted, BigInts without n), errors as "Name: message",
// objects whose toString is Object.prototype's as "#<Constructor>", the
// rest as "[object Tag]".
func (r *Runtime) v8String(v Value) string {
	if v == nil {
		// A missing property (getStr's nil) is undefined: toCallable is
		// given one by invoke (Promise.prototype.catch on an object
		// without then), where a Go nil dereference here had crashed
		// the call instead of throwing its TypeError.
		return "undefined"
	}
	o, ok := v.(*Object)
	if !ok {
		if s, ok := v.(*Symbol); ok {
			return s.descriptiveString().String()
		}
		return v.String()
	}
	if p, ok := o.self.(*proxyObject); ok {
		return r.v8String(p.target)
	}
	toString := r.dataProperty(o, "toString")
	if o.self.className() == classError || (toString != nil && toString.SameAs(r.dataProperty(r.getErrorPrototype(), "toString"))) {
		name, msg := "Error", ""
		if n := r.dataProperty(o, "name"); n != nil && n != _undefined {
			name = n.String()
		}
		if m := r.dataProperty(o, "message"); m != nil && m != _undefined {
			msg = m.String()
		}
		switch {
		case name == "":
			return msg
		case msg == "":
			return name
		}
		return name + ": " + msg
	}
	if toString != nil && toString.SameAs(r.dataProperty(r.global.ObjectPrototype, "toString")) {
		if ctor, ok := r.dataProperty(o, "constructor").(*Object); ok {
			if _, callable := ctor.self.assertCallable(); callable {
				if n := r.dataProperty(ctor, "name"); n != nil && n.String() != "" {
					return "#<" + n.String() + ">"
				}
			}
		}
	}
	tag := o.self.className()
	if ta, ok := o.self.(*typedArrayObject); ok {
		tag = r.dataProperty(ta.defaultCtor, "name").String()
	}
	if t, ok := r.dataPropertySym(o, SymToStringTag).(String); ok {
		tag = t.String()
	}
	return "[object " + tag + "]"
}

// dataProperty is V8's GetDataProperty: name's value along o's prototype
// chain, or nil where an accessor or a proxy would have to run code.
func (r *Runtime) dataProperty(o *Object, name string) Value {
	key := unistring.NewFromString(name)
	for ; o != nil; o = o.self.proto() {
		if _, proxy := o.self.(*proxyObject); proxy {
			return nil
		}
		if p := o.self.getOwnPropStr(key); p != nil {
			return plainValue(p)
		}
	}
	return nil
}

func (r *Runtime) dataPropertySym(o *Object, s *Symbol) Value {
	for ; o != nil; o = o.self.proto() {
		if _, proxy := o.self.(*proxyObject); proxy {
			return nil
		}
		if p := o.self.getOwnPropSym(s); p != nil {
			return plainValue(p)
		}
	}
	return nil
}

func plainValue(p Value) Value {
	if vp, ok := p.(*valueProperty); ok {
		if vp.accessor {
			return nil
		}
		return vp.value
	}
	return p
}
