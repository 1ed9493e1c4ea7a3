package jsrt

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strings"

	"github.com/dop251/goja"
)

// Module is a set of Go values that route files import by name from
// "go:<module>", for example:
//
//	jsrt.Options{Modules: map[string]jsrt.Module{
//		"users": {"findUser": findUser, "version": "1.2"},
//	}}
//
// and in a route file:
//
//	import { findUser, version } from 'go:users'
//
// A function is called with its JS arguments converted to its Go parameter
// types. A first parameter of type context.Context receives the calling
// request's context, which is cancelled when the client goes away. A last
// result of type error becomes a thrown JS Error (its message, name
// "GoError", and `code` when the error has a Code() string method). A panic
// becomes a thrown Error too, never a crashed process.
//
// A plain function runs on the worker's event loop and must return quickly.
// Wrap one in Async to run it in its own goroutine: JS then gets a Promise,
// and the worker serves other requests meanwhile.
type Module map[string]any

// Async marks a Module function to run in a goroutine of its own, returning
// a Promise to JS. Use it for anything that waits: a database, a network call.
func Async(fn any) any { return asyncFunc{fn} }

type asyncFunc struct{ fn any }

var identifier = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$]*$`)

// checkModules rejects what route code could not import.
func checkModules(mods map[string]Module) error {
	for name, m := range mods {
		if name == "" || strings.ContainsAny(name, "\"'` \\") {
			return fmt.Errorf("module name %q: use letters, digits, - _ . /", name)
		}
		for export, v := range m {
			if !identifier.MatchString(export) {
				return fmt.Errorf("go:%s: export %q is not a JavaScript identifier", name, export)
			}
			if a, ok := v.(asyncFunc); ok && (a.fn == nil || reflect.TypeOf(a.fn).Kind() != reflect.Func) {
				return fmt.Errorf("go:%s.%s: Async wants a function, got %T", name, export, a.fn)
			}
		}
	}
	return nil
}

// moduleExports lists each module's export names, for the bundler.
func moduleExports(mods map[string]Module) map[string][]string {
	out := map[string][]string{}
	for name, m := range mods {
		for export := range m {
			out[name] = append(out[name], export)
		}
		sort.Strings(out[name])
	}
	return out
}

// goModule returns the exports of the Go module registered under name, as
// an object made once per worker: the bundle's require returns it for the
// generated go:<name> modules (see appRequire).
func (w *worker) goModule(name string) (*goja.Object, error) {
	if obj, ok := w.goModules[name]; ok {
		return obj, nil
	}
	m, ok := w.modules[name]
	if !ok {
		return nil, fmt.Errorf("unknown Go module go:%s", name)
	}
	obj := w.rt.NewObject()
	for export, v := range m {
		must(obj.Set(export, w.goValue(name+"."+export, v)))
	}
	w.goModules[name] = obj
	return obj, nil
}

var (
	typeContext = reflect.TypeOf((*context.Context)(nil)).Elem()
	typeError   = reflect.TypeOf((*error)(nil)).Elem()
)

// goValue converts one export: functions get a calling wrapper, anything
// else goes through goja's conversion.
func (w *worker) goValue(name string, v any) goja.Value {
	async := false
	if a, ok := v.(asyncFunc); ok {
		v, async = a.fn, true
	}
	fv := reflect.ValueOf(v)
	if fv.Kind() != reflect.Func {
		return w.rt.ToValue(v)
	}
	ft := fv.Type()
	withCtx := ft.NumIn() > 0 && ft.In(0) == typeContext
	withErr := ft.NumOut() > 0 && ft.Out(ft.NumOut()-1) == typeError
	return w.rt.ToValue(func(call goja.FunctionCall) goja.Value {
		ctx := w.currentContext()
		args, err := w.goArgs(ft, withCtx, ctx, call.Arguments)
		if err != nil {
			panic(w.rt.NewTypeError(fmt.Sprintf("go:%s: %v", name, err)))
		}
		if !async {
			out, err := callGo(fv, args, withErr)
			if err != nil {
				panic(w.jsError(name, err))
			}
			return w.rt.ToValue(out)
		}
		p, resolve, reject := w.rt.NewPromise()
		go func() {
			out, err := callGo(fv, args, withErr)
			w.Enqueue(func() {
				if err != nil {
					_ = reject(w.jsError(name, err))
				} else {
					_ = resolve(out)
				}
			})
		}()
		return w.rt.ToValue(p)
	})
}

// goArgs converts JS arguments to the function's parameter types.
func (w *worker) goArgs(ft reflect.Type, withCtx bool, ctx context.Context, js []goja.Value) ([]reflect.Value, error) {
	var args []reflect.Value
	first := 0
	if withCtx {
		args = append(args, reflect.ValueOf(ctx))
		first = 1
	}
	n := ft.NumIn()
	for i := first; i < n; i++ {
		t := ft.In(i)
		if ft.IsVariadic() && i == n-1 {
			for j := i - first; j < len(js); j++ {
				v := reflect.New(t.Elem())
				if err := w.rt.ExportTo(js[j], v.Interface()); err != nil {
					return nil, fmt.Errorf("argument %d: %v", j+1, err)
				}
				args = append(args, v.Elem())
			}
			break
		}
		v := reflect.New(t)
		if j := i - first; j < len(js) {
			if err := w.rt.ExportTo(js[j], v.Interface()); err != nil {
				return nil, fmt.Errorf("argument %d: %v", j+1, err)
			}
		}
		args = append(args, v.Elem())
	}
	return args, nil
}

// callGo calls fn, turning a panic into an error.
func callGo(fn reflect.Value, args []reflect.Value, withErr bool) (result any, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	out := fn.Call(args)
	if withErr {
		if e := out[len(out)-1]; !e.IsNil() {
			return nil, e.Interface().(error)
		}
		out = out[:len(out)-1]
	}
	switch len(out) {
	case 0:
		return nil, nil
	case 1:
		return out[0].Interface(), nil
	}
	list := make([]any, len(out))
	for i, o := range out {
		list[i] = o.Interface()
	}
	return list, nil
}

// jsError is the JS Error a Go error becomes.
func (w *worker) jsError(name string, err error) *goja.Object {
	e := w.rt.NewGoError(err)
	_ = e.Set("name", "GoError")
	_ = e.Set("message", err.Error())
	_ = e.Set("function", "go:"+name)
	var coded interface{ Code() string }
	if errors.As(err, &coded) {
		_ = e.Set("code", coded.Code())
	}
	return e
}

// currentContext is the context of the request whose code is running: the
// async context's frames lead to its request store.
func (w *worker) currentContext() context.Context {
	for f, _ := w.platform.AsyncContext().(*goja.Object); f != nil; {
		if h := f.Get("handle"); h != nil && !goja.IsUndefined(h) {
			if ex := w.exchanges[h.ToInteger()]; ex != nil {
				return ex.r.Context()
			}
			break
		}
		parent := f.Get("parent")
		if parent == nil || goja.IsUndefined(parent) || goja.IsNull(parent) {
			break
		}
		f, _ = parent.(*goja.Object)
	}
	return context.Background()
}

// TypeScript returns declarations for the modules, to save as a .d.ts file
// beside the app (e.g. go-modules.d.ts) so that editors type-check imports
// of "go:…". Async functions return Promises; other values get the TS type
// of their Go type.
func TypeScript(mods map[string]Module) string {
	var b strings.Builder
	b.WriteString("// Generated by jsrt.TypeScript: the Go modules route files import.\n")
	names := make([]string, 0, len(mods))
	for n := range mods {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(&b, "\ndeclare module %q {\n", "go:"+n)
		exports := make([]string, 0, len(mods[n]))
		for e := range mods[n] {
			exports = append(exports, e)
		}
		sort.Strings(exports)
		for _, e := range exports {
			v := mods[n][e]
			async := false
			if a, ok := v.(asyncFunc); ok {
				v, async = a.fn, true
			}
			t := reflect.TypeOf(v)
			if t == nil || t.Kind() != reflect.Func {
				fmt.Fprintf(&b, "  export const %s: %s\n", e, tsType(t, 0))
				continue
			}
			var params []string
			first := 0
			if t.NumIn() > 0 && t.In(0) == typeContext {
				first = 1
			}
			for i := first; i < t.NumIn(); i++ {
				pt := t.In(i)
				if t.IsVariadic() && i == t.NumIn()-1 {
					params = append(params, fmt.Sprintf("...arg%d: %s[]", i-first, tsType(pt.Elem(), 0)))
					continue
				}
				params = append(params, fmt.Sprintf("arg%d: %s", i-first, tsType(pt, 0)))
			}
			outs := t.NumOut()
			if outs > 0 && t.Out(outs-1) == typeError {
				outs--
			}
			ret := "void"
			switch outs {
			case 1:
				ret = tsType(t.Out(0), 0)
			case 0:
			default:
				ret = "unknown[]"
			}
			if async {
				ret = "Promise<" + ret + ">"
			}
			fmt.Fprintf(&b, "  export function %s(%s): %s\n", e, strings.Join(params, ", "), ret)
		}
		b.WriteString("}\n")
	}
	return b.String()
}

func tsType(t reflect.Type, depth int) string {
	if t == nil || depth > 4 {
		return "unknown"
	}
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return "Uint8Array"
		}
		return tsType(t.Elem(), depth+1) + "[]"
	case reflect.Map:
		return "Record<string, " + tsType(t.Elem(), depth+1) + ">"
	case reflect.Pointer:
		return tsType(t.Elem(), depth) + " | null"
	case reflect.Struct:
		var fields []string
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if f.IsExported() {
				fields = append(fields, fmt.Sprintf("%s: %s", f.Name, tsType(f.Type, depth+1)))
			}
		}
		return "{ " + strings.Join(fields, "; ") + " }"
	case reflect.Func:
		return "(...args: unknown[]) => unknown"
	}
	return "unknown"
}
