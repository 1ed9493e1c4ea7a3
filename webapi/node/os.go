package node

import (
	"os"
	"os/user"
	"runtime"
	"strconv"
	"strings"
	"syscall"

	"github.com/dop251/goja"

	"github.com/jsroutes/jsroutes/webapi/internal/bridge"
)

// installOS adds osInfo(), node:os's facts about the machine, read when
// asked (memory and load change).
func installOS(env *bridge.Env) {
	rt := env.RT
	bridge.Set(rt, env.Host, "osInfo", func(goja.FunctionCall) goja.Value {
		m := map[string]any{
			"platform": runtime.GOOS,
			"type":     strings.ToUpper(runtime.GOOS[:1]) + runtime.GOOS[1:],
			"arch":     nodeArch(runtime.GOARCH),
			"cpus":     runtime.NumCPU(),
			"tmpdir":   strings.TrimSuffix(os.TempDir(), "/"),
			"cpuModel": cpuModel(),
			"cpuSpeed": 0,
			"loadavg":  []float64{0, 0, 0},
		}
		if runtime.GOOS == "linux" {
			m["type"] = "Linux"
		}
		m["hostname"], _ = os.Hostname()
		if u, err := user.Current(); err == nil {
			m["username"], m["homedir"] = u.Username, u.HomeDir
			m["uid"], _ = strconv.Atoi(u.Uid)
			m["gid"], _ = strconv.Atoi(u.Gid)
		}
		var uts syscall.Utsname
		if syscall.Uname(&uts) == nil {
			m["release"], m["version"], m["machine"] = utsString(uts.Release[:]), utsString(uts.Version[:]), utsString(uts.Machine[:])
		}
		var si syscall.Sysinfo_t
		if syscall.Sysinfo(&si) == nil {
			unit := uint64(si.Unit)
			m["totalmem"], m["freemem"], m["uptime"] = si.Totalram*unit, si.Freeram*unit, si.Uptime
			const scale = 1 << 16
			m["loadavg"] = []float64{float64(si.Loads[0]) / scale, float64(si.Loads[1]) / scale, float64(si.Loads[2]) / scale}
		}
		return rt.ToValue(m)
	})
}

// nodeArch names Go's architectures as Node's process.arch does.
func nodeArch(goarch string) string {
	switch goarch {
	case "amd64":
		return "x64"
	case "386":
		return "ia32"
	}
	return goarch
}

func utsString(b []int8) string {
	out := make([]byte, 0, len(b))
	for _, c := range b {
		if c == 0 {
			break
		}
		out = append(out, byte(c))
	}
	return string(out)
}

// cpuModel is the CPU's model name from /proc/cpuinfo ("" elsewhere).
func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
