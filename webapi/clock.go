package webapi

import (
	"time"

	"github.com/dop251/goja"
)

// InstallClock adds now and timeOrigin, behind performance.now(): a
// monotonic clock in milliseconds since origin.
func InstallClock(rt *goja.Runtime, host *goja.Object, origin time.Time) {
	set(rt, host, "timeOrigin", float64(origin.UnixNano())/1e6)
	set(rt, host, "now", func(call goja.FunctionCall) goja.Value {
		return rt.ToValue(float64(time.Since(origin).Nanoseconds()) / 1e6)
	})
}
