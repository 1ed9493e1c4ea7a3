package jsrt

import (
	"sync"

	"github.com/dop251/goja"
)

// scripts compiles scripts when a worker first needs one, each once per
// handler, and shares the program with the other workers, as the bundle's
// program is shared: the lazy polyfill modules (a process that never uses
// the Web streams does not compile them; compiling them all in the
// background at start-up raised peak RSS by ~10 MiB) and the app's route
// chunks (an 800-route app's code compiled whole cost 1.6 s and 135 MB at
// start). source names a script's key and returns its name in stack
// traces and its text.
type scripts struct {
	source func(key string) (name, src string, err error)
	mu     sync.Mutex
	progs  map[string]*script
}

type script struct {
	once sync.Once
	prog *goja.Program
	err  error
}

func newScripts(source func(key string) (name, src string, err error)) *scripts {
	return &scripts{source: source, progs: map[string]*script{}}
}

// get returns the compiled script, compiling it on first use.
func (s *scripts) get(key string) (*goja.Program, error) {
	s.mu.Lock()
	p := s.progs[key]
	if p == nil {
		p = &script{}
		s.progs[key] = p
	}
	s.mu.Unlock()
	p.once.Do(func() {
		var name, src string
		if name, src, p.err = s.source(key); p.err == nil {
			p.prog, p.err = compile(name, src)
		}
	})
	return p.prog, p.err
}
