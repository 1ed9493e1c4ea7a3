package jsrt

import (
	"fmt"
	"math"
	"slices"
	"time"
)

// Segment config values Next.js accepts, by export name.
var segmentEnums = map[string][]string{
	"dynamic":    {"auto", "force-dynamic", "error", "force-static"},
	"fetchCache": {"auto", "default-cache", "only-cache", "force-cache", "force-no-store", "default-no-store", "only-no-store"},
	"runtime":    {"nodejs", "edge", "experimental-edge"},
}

// validateConfig checks a route's segment config exports as `next build`
// does, so that a bad value is a build error naming the file. Under
// cacheComponents, 'use cache' and the prerender decide what is static:
// dynamic, revalidate and fetchCache are refused, as Next.js's compiler
// refuses them.
func validateConfig(file string, cfg map[string]any, cacheComponents bool) error {
	bad := func(name string, v any, want string) error {
		return problem(file, fmt.Sprintf("invalid segment config: export const %s = %#v (%s)", name, v, want))
	}
	if cacheComponents {
		for _, name := range []string{"dynamic", "revalidate", "fetchCache"} {
			if _, ok := cfg[name]; ok {
				return problem(file, fmt.Sprintf("Route segment config %q is not compatible with `nextConfig.cacheComponents`. Please remove it. Read more: https://nextjs.org/docs/app/guides/migrating-to-cache-components", name))
			}
		}
	}
	for name, v := range cfg {
		switch name {
		case "dynamic", "fetchCache", "runtime":
			s, ok := v.(string)
			if !ok || !slices.Contains(segmentEnums[name], s) {
				return bad(name, v, fmt.Sprintf("must be one of %q", segmentEnums[name]))
			}
		case "dynamicParams":
			if _, ok := v.(bool); !ok {
				return bad(name, v, "must be true or false")
			}
		case "revalidate":
			if b, ok := v.(bool); ok && !b {
				continue
			}
			if n, ok := number(v); !ok || n < 0 {
				return bad(name, v, "must be false or a number of seconds >= 0")
			}
		case "maxDuration":
			if n, ok := number(v); !ok || n <= 0 {
				return bad(name, v, "must be a number of seconds > 0")
			}
		case "preferredRegion":
			switch r := v.(type) {
			case string:
			case []any:
				for _, x := range r {
					if _, ok := x.(string); !ok {
						return bad(name, v, "must be a string or an array of strings")
					}
				}
			default:
				return bad(name, v, "must be a string or an array of strings")
			}
		}
	}
	return nil
}

func number(v any) (float64, bool) {
	switch n := v.(type) {
	case int64:
		return float64(n), true
	case float64:
		return n, !math.IsNaN(n)
	case int:
		return float64(n), true
	}
	return 0, false
}

// maxDuration returns how long a route's handler may run: its maxDuration
// export, else the handler-wide default (0: unbounded).
func (r *Route) maxDuration(def time.Duration) time.Duration {
	if n, ok := number(r.Config["maxDuration"]); ok && n > 0 {
		return time.Duration(n * float64(time.Second))
	}
	return def
}
