package node

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/dop251/goja"

	"github.com/jsroutes/jsroutes/webapi/internal/bridge"
)

// The Go half of node:fs, read-only under the project root (the data files
// an app ships: fs.readFile(path.join(process.cwd(), 'data', 'x.json'))).
// Paths resolve against the root, which is process.cwd(); a path outside
// it (symbolic links followed) is EACCES, as is every write, so that route
// code can read what the app ships and nothing else of the machine.

// FS is node:fs's view of the disk for one runtime.
type FS struct {
	root string // absolute, symlinks resolved; "" when the runtime has none
	env  *bridge.Env
}

// installFS adds fsRead, fsReadAsync, fsReadRange, fsStat, fsReaddir and
// fsRealpath, each taking a path and the syscall name Node's error would
// carry.
func installFS(env *bridge.Env, root string) {
	f := &FS{env: env}
	if root != "" {
		if r, err := filepath.EvalSymlinks(root); err == nil {
			f.root = r
		}
	}
	rt, h := env.RT, env.Host
	bridge.Set(rt, h, "fsRead", func(call goja.FunctionCall) goja.Value {
		name := call.Argument(0).String()
		path, err := f.open(name)
		if err != nil {
			panic(f.error(err))
		}
		b, err := readFile(path, name)
		if err != nil {
			panic(f.error(err))
		}
		return rt.ToValue(rt.NewArrayBuffer(b))
	})
	bridge.Set(rt, h, "fsReadAsync", func(call goja.FunctionCall) goja.Value {
		name := call.Argument(0).String()
		path, err := f.open(name) // on the loop: the budget is the loop's
		return f.offLoop(func() ([]byte, error) {
			if err != nil {
				return nil, err
			}
			return readFile(path, name)
		})
	})
	bridge.Set(rt, h, "fsReadRange", func(call goja.FunctionCall) goja.Value {
		name, off, n := call.Argument(0).String(), call.Argument(1).ToInteger(), call.Argument(2).ToInteger()
		return f.offLoop(func() ([]byte, error) { return f.readRange(name, off, n) })
	})
	bridge.Set(rt, h, "fsStat", func(call goja.FunctionCall) goja.Value {
		st, err := f.stat(call.Argument(0).String(), call.Argument(1).ToBoolean())
		if err != nil {
			panic(f.error(err))
		}
		return rt.ToValue(map[string]any{
			"size": st.Size(), "mode": uint32(st.Mode().Perm()) | modeType(st.Mode()), "mtimeMs": st.ModTime().UnixMilli(),
			"isFile": st.Mode().IsRegular(), "isDirectory": st.IsDir(), "isSymbolicLink": st.Mode()&fs.ModeSymlink != 0,
		})
	})
	bridge.Set(rt, h, "fsReaddir", func(call goja.FunctionCall) goja.Value {
		entries, err := f.readdir(call.Argument(0).String())
		if err != nil {
			panic(f.error(err))
		}
		out := make([]any, len(entries))
		for i, e := range entries {
			kind := "file"
			switch {
			case e.IsDir():
				kind = "dir"
			case e.Type()&fs.ModeSymlink != 0:
				kind = "symlink"
			case !e.Type().IsRegular():
				kind = "other"
			}
			out[i] = []any{e.Name(), kind}
		}
		return rt.ToValue(out)
	})
	bridge.Set(rt, h, "fsRealpath", func(call goja.FunctionCall) goja.Value {
		p, err := f.resolve(call.Argument(0).String(), true)
		if err != nil {
			panic(f.error(err))
		}
		return rt.ToValue(p)
	})
}

// offLoop reads on a goroutine and settles the returned promise on the
// loop: with the bytes as an ArrayBuffer, or Node's error.
func (f *FS) offLoop(read func() ([]byte, error)) goja.Value {
	rt := f.env.RT
	p, resolve, reject := rt.NewPromise()
	go func() {
		b, err := read()
		f.env.Loop.Enqueue(func() {
			if err != nil {
				_ = reject(f.error(err))
				return
			}
			_ = resolve(rt.NewArrayBuffer(b))
		})
	}()
	return rt.ToValue(p)
}

// modeType is st_mode's file type bits, as Node's Stats.mode carries them.
func modeType(m fs.FileMode) uint32 {
	switch {
	case m.IsDir():
		return 0o040000
	case m&fs.ModeSymlink != 0:
		return 0o120000
	case m.IsRegular():
		return 0o100000
	}
	return 0
}

// pathError is a refused or failed access, with what Node's error names.
type pathError struct {
	code, syscall, path string
	errno               int
}

func (e *pathError) Error() string { return e.code }

var messages = map[string]string{
	"ENOENT":  "no such file or directory",
	"EACCES":  "permission denied",
	"EISDIR":  "illegal operation on a directory",
	"ENOTDIR": "not a directory",
	"EIO":     "i/o error",
}

// error makes Node's Error: "ENOENT: no such file or directory, open 'x'".
func (f *FS) error(err error) *goja.Object {
	rt := f.env.RT
	var big *tooLarge
	if errors.As(err, &big) {
		return bridge.RangeError(rt, fmt.Sprintf("File size (%d) is greater than what this worker may read at once", big.size))
	}
	var pe *pathError
	if !errors.As(err, &pe) {
		pe = &pathError{code: "EIO", errno: -5, syscall: "read"}
	}
	msg := pe.code + ": " + messages[pe.code] + ", " + pe.syscall + " '" + pe.path + "'"
	e, _ := rt.New(rt.Get("Error"), rt.ToValue(msg))
	_ = e.Set("errno", pe.errno)
	_ = e.Set("code", pe.code)
	_ = e.Set("syscall", pe.syscall)
	_ = e.Set("path", pe.path)
	return e
}

// resolve turns a path as route code gives it into a file under the root:
// relative paths are the root's, as process.cwd() is the root. follow
// resolves symbolic links (a link out of the root is refused).
func (f *FS) resolve(name string, follow bool) (string, error) {
	denied := &pathError{code: "EACCES", errno: -13, syscall: "open", path: name}
	if f.root == "" {
		return "", denied
	}
	p := name
	if !filepath.IsAbs(p) {
		p = filepath.Join(f.root, p)
	}
	p = filepath.Clean(p)
	if !within(f.root, p) {
		return "", denied
	}
	if !follow {
		return p, nil
	}
	real, err := filepath.EvalSymlinks(p)
	if err != nil {
		return "", &pathError{code: "ENOENT", errno: -2, syscall: "open", path: name}
	}
	if !within(f.root, real) {
		return "", denied
	}
	return real, nil
}

func within(root, p string) bool {
	return p == root || strings.HasPrefix(p, root+string(filepath.Separator))
}

// tooLarge is a file past the memory budget.
type tooLarge struct{ size int64 }

func (e *tooLarge) Error() string { return "too large" }

// open checks a file before it is read whole: under the root, a file, and
// within the memory budget (on the loop, which owns the budget).
func (f *FS) open(name string) (string, error) {
	p, err := f.resolve(name, true)
	if err != nil {
		return "", err
	}
	st, err := os.Stat(p)
	switch {
	case err != nil:
		return "", &pathError{code: "ENOENT", errno: -2, syscall: "open", path: name}
	case st.IsDir():
		return "", &pathError{code: "EISDIR", errno: -21, syscall: "read", path: name}
	case !f.env.Budget.Fits(float64(st.Size())):
		return "", &tooLarge{st.Size()}
	}
	return p, nil
}

func readFile(path, name string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, &pathError{code: "EIO", errno: -5, syscall: "read", path: name}
	}
	return b, nil
}

// readRange reads up to n bytes at off (a read stream's chunk); nil at the end.
func (f *FS) readRange(name string, off, n int64) ([]byte, error) {
	p, err := f.resolve(name, true)
	if err != nil {
		return nil, err
	}
	fh, err := os.Open(p)
	if err != nil {
		return nil, &pathError{code: "ENOENT", errno: -2, syscall: "open", path: name}
	}
	defer fh.Close()
	buf := make([]byte, n)
	k, err := fh.ReadAt(buf, off)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, &pathError{code: "EISDIR", errno: -21, syscall: "read", path: name}
	}
	return buf[:k], nil
}

func (f *FS) stat(name string, lstat bool) (fs.FileInfo, error) {
	p, err := f.resolve(name, !lstat)
	if err != nil {
		return nil, withSyscall(err, "stat")
	}
	st, err := os.Lstat(p)
	if err != nil {
		return nil, &pathError{code: "ENOENT", errno: -2, syscall: map[bool]string{true: "lstat", false: "stat"}[lstat], path: name}
	}
	return st, nil
}

func (f *FS) readdir(name string) ([]fs.DirEntry, error) {
	p, err := f.resolve(name, true)
	if err != nil {
		return nil, withSyscall(err, "scandir")
	}
	entries, err := os.ReadDir(p)
	if err != nil {
		if st, serr := os.Stat(p); serr == nil && !st.IsDir() {
			return nil, &pathError{code: "ENOTDIR", errno: -20, syscall: "scandir", path: name}
		}
		return nil, &pathError{code: "ENOENT", errno: -2, syscall: "scandir", path: name}
	}
	return entries, nil
}

func withSyscall(err error, syscall string) error {
	var pe *pathError
	if errors.As(err, &pe) {
		c := *pe
		c.syscall = syscall
		return &c
	}
	return err
}
