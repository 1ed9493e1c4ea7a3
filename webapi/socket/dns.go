package socket

import (
	"net"
	"strings"

	"github.com/dop251/goja"

	"github.com/jsroutes/jsroutes/webapi/internal/bridge"
)

// installDNS adds dnsLookup(hostname, family, cb) and dnsResolve(hostname,
// rrtype, cb): cb(error, records) on the loop. Lookups run on Go's
// resolver (the system's configuration, /etc/hosts included), off the
// loop, as Node runs getaddrinfo on its thread pool.
func installDNS(s *Sockets, h *goja.Object) {
	rt := s.rt
	bridge.Set(rt, h, "dnsLookup", func(call goja.FunctionCall) goja.Value {
		name, family, cb := call.Argument(0).String(), call.Argument(1).ToInteger(), call.Argument(2)
		network := "ip"
		switch family {
		case 4:
			network = "ip4"
		case 6:
			network = "ip6"
		}
		go func() {
			ips, err := net.DefaultResolver.LookupIP(s.ctx, network, name)
			s.loop.Enqueue(func() {
				if err != nil {
					s.callback2(cb, bridge.NodeError(err, "getaddrinfo", "", 0).Value(rt), goja.Undefined())
					return
				}
				list := make([]any, 0, len(ips))
				for _, ip := range ips {
					fam := 6
					if ip.To4() != nil {
						fam = 4
					}
					list = append(list, map[string]any{"address": ip.String(), "family": fam})
				}
				s.callback2(cb, goja.Null(), rt.ToValue(list))
			})
		}()
		return goja.Undefined()
	})
	bridge.Set(rt, h, "dnsResolve", func(call goja.FunctionCall) goja.Value {
		name, rrtype, cb := call.Argument(0).String(), strings.ToUpper(call.Argument(1).String()), call.Argument(2)
		go func() {
			r := net.DefaultResolver
			var out []any
			var err error
			switch rrtype {
			case "A", "AAAA":
				var ips []net.IP
				network := "ip4"
				if rrtype == "AAAA" {
					network = "ip6"
				}
				if ips, err = r.LookupIP(s.ctx, network, name); err == nil {
					for _, ip := range ips {
						out = append(out, ip.String())
					}
				}
			case "CNAME":
				var c string
				if c, err = r.LookupCNAME(s.ctx, name); err == nil {
					out = append(out, strings.TrimSuffix(c, "."))
				}
			case "MX":
				var mx []*net.MX
				if mx, err = r.LookupMX(s.ctx, name); err == nil {
					for _, m := range mx {
						out = append(out, map[string]any{"exchange": strings.TrimSuffix(m.Host, "."), "priority": m.Pref})
					}
				}
			case "TXT":
				var txt []string
				if txt, err = r.LookupTXT(s.ctx, name); err == nil {
					for _, t := range txt {
						out = append(out, []any{t})
					}
				}
			case "SRV":
				var srv []*net.SRV
				if _, srv, err = r.LookupSRV(s.ctx, "", "", name); err == nil {
					for _, v := range srv {
						out = append(out, map[string]any{"name": strings.TrimSuffix(v.Target, "."), "port": v.Port, "priority": v.Priority, "weight": v.Weight})
					}
				}
			case "NS":
				var ns []*net.NS
				if ns, err = r.LookupNS(s.ctx, name); err == nil {
					for _, n := range ns {
						out = append(out, strings.TrimSuffix(n.Host, "."))
					}
				}
			default:
				s.loop.Enqueue(func() {
					e := &bridge.Error{Code: "ERR_INVALID_ARG_VALUE", Message: "The argument 'rrtype' is invalid. Received '" + rrtype + "'"}
					s.callback2(cb, e.Value(rt), goja.Undefined())
				})
				return
			}
			s.loop.Enqueue(func() {
				if err != nil {
					e := bridge.NodeError(err, "query"+rrtype, "", 0)
					if e.Code == "ENOTFOUND" {
						e.Syscall, e.Message = "query"+titleCase(rrtype), "query"+titleCase(rrtype)+" ENOTFOUND "+name
					}
					s.callback2(cb, e.Value(rt), goja.Undefined())
					return
				}
				if out == nil {
					out = []any{}
				}
				s.callback2(cb, goja.Null(), rt.ToValue(out))
			})
		}()
		return goja.Undefined()
	})
}

func (s *Sockets) callback2(cb goja.Value, a, b goja.Value) { bridge.CallBack(s.loop, cb, a, b) }

// titleCase is "Mx" for "MX", as Node names its query syscalls (queryMx).
func titleCase(s string) string {
	if s == "" {
		return s
	}
	return s[:1] + strings.ToLower(s[1:])
}
