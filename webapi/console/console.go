package console

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/dop251/goja"
	"github.com/jsroutes/jsroutes/webapi/internal/bridge"
)

// Install adds the Go half of console (the JS half formats, inspect.js).
func Install(env *bridge.Env) { install(env.RT, env.Host, env.Logger) }

// install adds log(level, message, route), behind the JS console:
// each line goes to logger with the source location of the JS code that
// logged it (source-mapped, so it names app/…/route.ts:line:col) and the
// route whose request was running, if any.
func install(rt *goja.Runtime, host *goja.Object, logger *slog.Logger) {
	bridge.Set(rt, host, "log", func(call goja.FunctionCall) goja.Value {
		level, msg := call.Argument(0).String(), call.Argument(1).String()
		lvl := slog.LevelInfo
		switch level {
		case "debug":
			lvl = slog.LevelDebug
		case "warn":
			lvl = slog.LevelWarn
		case "error":
			lvl = slog.LevelError
		}
		ctx := context.Background()
		if !logger.Enabled(ctx, lvl) {
			return goja.Undefined()
		}
		list := []slog.Attr{slog.String("source", callerLocation(rt))}
		if route := call.Argument(2).String(); route != "" && route != "undefined" {
			list = append(list, slog.String("route", route))
		}
		logger.LogAttrs(ctx, lvl, msg, list...)
		return goja.Undefined()
	})
}

// callerLocation returns file:line:col of the innermost JS frame outside the
// runtime's own polyfills: the app code that made the current call.
func callerLocation(rt *goja.Runtime) string {
	for _, f := range rt.CaptureCallStack(16, nil) {
		pos := f.Position()
		if pos.Filename == "" || strings.HasPrefix(pos.Filename, "jsroutes:") || strings.HasPrefix(pos.Filename, "<") {
			continue
		}
		return fmt.Sprintf("%s:%d:%d", pos.Filename, pos.Line, pos.Column)
	}
	return ""
}
