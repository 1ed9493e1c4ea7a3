package goja

import "testing"

// leave keeps the value stack's array for the next call from Go, cleared
// (jsroutes: PATCHES.md), and drops one that a deep call made large.
func TestLeaveKeepsClearedStack(t *testing.T) {
	r := New()
	v, err := r.RunString(`(function f(o, n) { return n > 0 ? f(o, n - 1) : o; })`)
	if err != nil {
		t.Fatal(err)
	}
	f, _ := AssertFunction(v)
	call := func(n int) {
		t.Helper()
		if _, err := f(nil, r.NewObject(), r.ToValue(n)); err != nil {
			t.Fatal(err)
		}
	}
	call(10)
	s := r.vm.stack
	if len(s) != 0 || cap(s) == 0 {
		t.Fatalf("after a call: len %d, cap %d; want the array kept, empty", len(s), cap(s))
	}
	for i, x := range s[:cap(s)] {
		if x != nil {
			t.Fatalf("stack[%d] still holds %v after the call returned", i, x)
		}
	}
	call(10)
	if &r.vm.stack[:1][0] != &s[:1][0] {
		t.Errorf("the next call grew a new array")
	}
	call(2000) // ~2 values a frame, and more: past keptStackValues
	if r.vm.stack != nil {
		t.Errorf("a stack of %d values was kept", cap(r.vm.stack))
	}
}
