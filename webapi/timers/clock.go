package timers

import (
	"time"

	"github.com/dop251/goja"
	"github.com/jsroutes/jsroutes/webapi/internal/bridge"
)

// installClock adds now and timeOrigin, behind performance.now(): a
// monotonic clock in milliseconds since origin.
func installClock(rt *goja.Runtime, host *goja.Object, origin time.Time) {
	bridge.Set(rt, host, "timeOrigin", float64(origin.UnixNano())/1e6)
	bridge.Set(rt, host, "now", func(call goja.FunctionCall) goja.Value {
		return rt.ToValue(float64(time.Since(origin).Nanoseconds()) / 1e6)
	})
}
