package main

import (
	"context"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/jsroutes/jsroutes/jsrt"
)

// devServer serves the newest good build of an app and rebuilds whenever a
// file under it changes. A new build replaces the old one atomically: new
// requests go to it while the old one finishes the requests it has, so no
// request fails during a swap. A build that fails is reported with
// file:line and the last good build keeps serving.
type devServer struct {
	opts    jsrt.Options
	log     *slog.Logger
	current atomic.Pointer[generation]
	watcher *fsnotify.Watcher
	wg      sync.WaitGroup
	stop    chan struct{}
}

func newDevServer(ctx context.Context, opts jsrt.Options, log *slog.Logger) (*devServer, error) {
	h, err := jsrt.New(ctx, opts)
	if err != nil {
		return nil, err
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		h.Close()
		return nil, err
	}
	d := &devServer{opts: opts, log: log, watcher: w, stop: make(chan struct{})}
	d.current.Store(newGeneration(h))
	if err := d.watchTree(opts.Dir); err != nil {
		d.Close()
		return nil, err
	}
	d.wg.Add(1)
	go d.loop()
	return d, nil
}

// skipDir says which folders hold nothing a build reads from the app.
func skipDir(name string) bool {
	return name == "node_modules" || name == ".git" || name == ".next" || name == ".jsroutes" || (strings.HasPrefix(name, ".") && name != ".")
}

// watchTree watches dir and every folder below it (fsnotify is not recursive).
func (d *devServer) watchTree(dir string) error {
	root := dir
	if parent := filepath.Dir(filepath.Clean(dir)); filepath.Base(dir) == "app" {
		root = parent // .env files and next.config live beside app/
	}
	return filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if e.IsDir() {
			if p != root && skipDir(e.Name()) {
				return filepath.SkipDir
			}
			return d.watcher.Add(p)
		}
		return nil
	})
}

func (d *devServer) loop() {
	defer d.wg.Done()
	var pending <-chan time.Time
	for {
		select {
		case <-d.stop:
			return
		case ev, ok := <-d.watcher.Events:
			if !ok {
				return
			}
			if ev.Op&fsnotify.Create != 0 {
				if st, err := os.Stat(ev.Name); err == nil && st.IsDir() && !skipDir(filepath.Base(ev.Name)) {
					_ = d.watchTree(ev.Name)
				}
			}
			// Editors write a file in several steps: wait for quiet.
			pending = time.After(100 * time.Millisecond)
		case err, ok := <-d.watcher.Errors:
			if !ok {
				return
			}
			d.log.Warn("watching the app", "error", err)
		case <-pending:
			pending = nil
			d.rebuild()
		}
	}
}

func (d *devServer) rebuild() {
	start := time.Now()
	h, err := jsrt.New(context.Background(), d.opts)
	if err != nil {
		d.log.Error("build failed; still serving the last good build", "error", err.Error())
		return
	}
	old := d.current.Swap(newGeneration(h))
	d.log.Info("rebuilt", "routes", len(h.Routes()), "duration", time.Since(start).Round(time.Millisecond))
	go old.retire(30 * time.Second)
}

func (d *devServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	for {
		g := d.current.Load()
		if g.acquire() {
			defer g.release()
			g.h.ServeHTTP(w, r)
			return
		}
		// g was swapped out between Load and acquire: take the new one.
	}
}

func (d *devServer) Routes() []jsrt.Route { return d.current.Load().h.Routes() }

func (d *devServer) Stats() jsrt.Stats { return d.current.Load().h.Stats() }

func (d *devServer) Shutdown(ctx context.Context) error {
	d.close()
	return d.current.Load().h.Shutdown(ctx)
}

func (d *devServer) Close() error {
	d.close()
	return d.current.Load().h.Close()
}

// generation is one build being served. It counts the requests it has, so
// that a retired build closes only once they are all answered.
type generation struct {
	h       *jsrt.Handler
	mu      sync.Mutex
	active  int
	retired bool
	idle    chan struct{} // closed when retired and no request is left
}

func newGeneration(h *jsrt.Handler) *generation {
	return &generation{h: h, idle: make(chan struct{})}
}

func (g *generation) acquire() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.retired {
		return false
	}
	g.active++
	return true
}

func (g *generation) release() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.active--
	if g.retired && g.active == 0 {
		close(g.idle)
	}
}

// retire waits (up to limit) for the generation's requests, then closes it.
func (g *generation) retire(limit time.Duration) {
	g.mu.Lock()
	g.retired = true
	if g.active == 0 {
		close(g.idle)
	}
	g.mu.Unlock()
	select {
	case <-g.idle:
	case <-time.After(limit):
	}
	g.h.Close()
}

func (d *devServer) close() {
	select {
	case <-d.stop:
	default:
		close(d.stop)
		d.watcher.Close()
		d.wg.Wait()
	}
}
