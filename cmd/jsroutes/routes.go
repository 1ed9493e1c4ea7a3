package main

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/jsroutes/jsroutes/jsrt"
)

// printRoutes prints the route table the way `next build` summarises routes:
// the URL pattern, the methods it answers, its segment config and its file.
func printRoutes(w io.Writer, routes []jsrt.Route) {
	tw := tabwriter.NewWriter(w, 0, 4, 3, ' ', 0)
	fmt.Fprintln(tw, "Route (app)\tMethods\tSegment config\tSize\tFile")
	for i, r := range routes {
		branch := "├"
		switch {
		case len(routes) == 1:
			branch = "─"
		case i == 0:
			branch = "┌"
		case i == len(routes)-1:
			branch = "└"
		}
		fmt.Fprintf(tw, "%s %s\t%s\t%s\t%s\t%s\n", branch, r.Pattern, methods(r.Methods), config(r.Config), size(r.Bytes), r.File)
	}
	tw.Flush()
}

// methods lists what a route answers: its exports, plus HEAD with GET and
// the automatic OPTIONS.
func methods(exported []string) string {
	set := map[string]bool{"OPTIONS": true}
	for _, m := range exported {
		set[m] = true
		if m == "GET" {
			set["HEAD"] = true
		}
	}
	out := make([]string, 0, len(set))
	for m := range set {
		out = append(out, m)
	}
	sort.Strings(out)
	if len(exported) == 0 {
		return "(none: 405)"
	}
	return strings.Join(out, ", ")
}

func config(c map[string]any) string {
	if len(c) == 0 {
		return "-"
	}
	keys := make([]string, 0, len(c))
	for k := range c {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s=%v", k, c[k])
	}
	return strings.Join(parts, " ")
}

// size prints a route's share of the bundle as next build prints sizes.
func size(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f kB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
