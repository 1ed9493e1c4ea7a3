package bridge

import (
	"fmt"
	"runtime/metrics"

	"github.com/dop251/goja"
)

// Budget bounds what one operation of a runtime may allocate at once in
// Go: goja's built-ins (Array.prototype.fill, String.prototype.repeat,
// JSON.parse, new ArrayBuffer(n), …) and the runtime's own Go work
// (json() of a body) allocate in one Go call that no interrupt stops, so
// the heap guard, which stops a worker busy in JS, saw `new
// Array(1e8).fill(0)` pass 6 GB and `await req.json()` of a 100 MB body
// pass 16 GB. An operation that would take the live heap past the limit
// fails at once with a RangeError instead.
//
// The check reads the live heap (as of the last collection: garbage does
// not count) only for claims of a mebibyte or more; smaller ones are left
// to the heap guard, which sees the JS loop that makes many of them.
type Budget struct {
	limit  uint64 // bytes; 0: no limit
	sample []metrics.Sample
}

// budgetFloor is the smallest claim Fits checks.
const budgetFloor = 1 << 20

// NewBudget returns the budget of a runtime whose heap guard stops at
// limit bytes (0: off, and no claim is refused).
func NewBudget(limit uint64) *Budget {
	return &Budget{limit: limit, sample: []metrics.Sample{{Name: "/gc/heap/live:bytes"}}}
}

// Fits says whether n more bytes keep the live heap under the limit.
func (b *Budget) Fits(n float64) bool {
	if b == nil || b.limit == 0 || n < budgetFloor {
		return true
	}
	if n >= float64(b.limit) {
		return false
	}
	metrics.Read(b.sample)
	live := uint64(0)
	if b.sample[0].Value.Kind() == metrics.KindUint64 {
		live = b.sample[0].Value.Uint64()
	}
	return float64(live)+n < float64(b.limit)
}

// Refusal is the RangeError for a claim of n bytes that does not fit
// (message says what was asked: V8's text where it has one), or nil.
func (b *Budget) Refusal(rt *goja.Runtime, n float64, message string) *goja.Object {
	if b.Fits(n) {
		return nil
	}
	return RangeError(rt, fmt.Sprintf("%s (%.0f MiB would take this worker past its memory limit of %d MiB)", message, n/(1<<20), b.limit>>20))
}

// Install adds reserve(bytes, message): the runtime's wrappers of the
// built-ins that allocate in proportion to an argument call it first
// (webapi/memory.js).
func (b *Budget) Install(rt *goja.Runtime, host *goja.Object) {
	Set(rt, host, "reserve", func(call goja.FunctionCall) goja.Value {
		if e := b.Refusal(rt, call.Argument(0).ToFloat(), call.Argument(1).String()); e != nil {
			panic(e)
		}
		return goja.Undefined()
	})
}
