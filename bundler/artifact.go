package bundler

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/jsroutes/jsroutes/polyfills"
)

// A prebuilt bundle is a directory holding the program and a manifest:
// what `jsroutes build` writes and `jsroutes serve` runs without esbuild,
// the app's sources or its node_modules.
const (
	manifestFile = "jsroutes-manifest.json"
	codeFile     = "bundle.js"
	// fallbackFile holds Bundle.ConfigFallback, when there is one.
	fallbackFile = "bundle-config-fallback.js"
	// formatVersion changes when a manifest written by one jsroutes can no
	// longer be read by another.
	formatVersion = 7
)

type manifest struct {
	Format int `json:"format"`
	// Runtime is the runtime program the bundle imports from
	// (polyfills.RuntimeVersion): the bundle runs on no other.
	Runtime    string            `json:"runtime"`
	Routes     []Route           `json:"routes"`
	Env        map[string]string `json:"env,omitempty"`
	NextConfig string            `json:"nextConfig,omitempty"`
	// Chunked: the route modules are in chunksDir (see Bundle.Chunks).
	Chunked         bool `json:"chunked,omitempty"`
	Proxy           Hook `json:"proxy,omitzero"`
	Instrumentation Hook `json:"instrumentation,omitzero"`
	// DataFiles are in filesDir.
	DataFiles []string `json:"dataFiles,omitempty"`
	// ConfigStubs: fallbackFile holds the config with these stubbed.
	ConfigStubs []string `json:"configStubs,omitempty"`
	// UseCache: see Bundle.UseCache.
	UseCache []Message `json:"useCache,omitempty"`
}

// chunksDir holds a prebuilt bundle's chunks, by their paths.
const chunksDir = "chunks"

// Write saves the bundle as a prebuilt directory (created if needed).
func (b *Bundle) Write(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", dir, err)
	}
	m := manifest{Format: formatVersion, Runtime: polyfills.RuntimeVersion(), Routes: b.Routes, Env: b.Env, NextConfig: b.NextConfig, Chunked: b.Chunks != nil,
		Proxy: b.Proxy, Instrumentation: b.Instrumentation, DataFiles: b.DataFiles, ConfigStubs: b.ConfigStubs, UseCache: b.UseCache}
	if err := os.RemoveAll(filepath.Join(dir, chunksDir)); err != nil {
		return err
	}
	if err := b.copyData(filepath.Join(dir, filesDir)); err != nil {
		return err
	}
	for p, code := range b.Chunks {
		file := filepath.Join(dir, chunksDir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(file, []byte(code), 0o644); err != nil {
			return fmt.Errorf("writing a chunk: %w", err)
		}
	}
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, codeFile), []byte(b.Code), 0o644); err != nil {
		return fmt.Errorf("writing the bundle: %w", err)
	}
	if b.ConfigFallback != "" {
		if err := os.WriteFile(filepath.Join(dir, fallbackFile), []byte(b.ConfigFallback), 0o644); err != nil {
			return fmt.Errorf("writing the bundle: %w", err)
		}
	} else if err := os.Remove(filepath.Join(dir, fallbackFile)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, manifestFile), append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("writing the manifest: %w", err)
	}
	return nil
}

// IsPrebuilt reports whether dir holds a prebuilt bundle.
func IsPrebuilt(dir string) bool {
	st, err := os.Stat(filepath.Join(dir, manifestFile))
	return err == nil && !st.IsDir()
}

// Load reads a prebuilt bundle written by Write.
func Load(dir string) (*Bundle, error) {
	data, err := os.ReadFile(filepath.Join(dir, manifestFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s is not a prebuilt bundle (no %s)", dir, manifestFile)
	}
	if err != nil {
		return nil, err
	}
	var m manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("reading %s: %w", manifestFile, err)
	}
	if m.Format != formatVersion {
		return nil, fmt.Errorf("%s was written by another jsroutes version (format %d, want %d): build it again", dir, m.Format, formatVersion)
	}
	if m.Runtime != polyfills.RuntimeVersion() {
		return nil, fmt.Errorf("%s was built for another jsroutes runtime (%s, this is %s): build it again", dir, m.Runtime, polyfills.RuntimeVersion())
	}
	code, err := os.ReadFile(filepath.Join(dir, codeFile))
	if err != nil {
		return nil, fmt.Errorf("reading the bundle: %w", err)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	// Paths in stack traces stay relative to the project the bundle was built from.
	b := &Bundle{Root: abs, AppDir: abs, Routes: m.Routes, Code: string(code), Env: m.Env, NextConfig: m.NextConfig,
		Proxy: m.Proxy, Instrumentation: m.Instrumentation, DataFiles: m.DataFiles, UseCache: m.UseCache, prebuilt: true}
	if len(m.ConfigStubs) > 0 {
		fallback, err := os.ReadFile(filepath.Join(dir, fallbackFile))
		if err != nil {
			return nil, fmt.Errorf("reading the bundle: %w", err)
		}
		b.ConfigFallback, b.ConfigStubs = string(fallback), m.ConfigStubs
	}
	if m.Chunked {
		// Read when a worker first needs one, not now: most are never used.
		b.Chunks, b.chunkDir = map[string]string{}, filepath.Join(abs, chunksDir)
	}
	return b, nil
}

// Chunk returns the script of a chunk (see Chunks).
func (b *Bundle) Chunk(p string) (string, error) {
	if code, ok := b.Chunks[p]; ok {
		return code, nil
	}
	if b.chunkDir == "" || strings.Contains(p, "..") {
		return "", fmt.Errorf("no chunk %q in the bundle", p)
	}
	code, err := os.ReadFile(filepath.Join(b.chunkDir, filepath.FromSlash(p)))
	if err != nil {
		return "", fmt.Errorf("reading a chunk of the prebuilt bundle: %w", err)
	}
	return string(code), nil
}

// filesDir holds, in a prebuilt directory, the project's data files that
// route code reads (see DataFiles), by their paths in the project.
const filesDir = "files"

// DataDir is the directory route code's node:fs reads and process.cwd()
// names: the project root, or a prebuilt bundle's copy of the data files
// its routes read.
func (b *Bundle) DataDir() string {
	if b.prebuilt {
		return filepath.Join(b.Root, filesDir)
	}
	return b.Root
}

// copyData copies the data files into dir (emptied first), within
// maxDataBytes.
func (b *Bundle) copyData(dir string) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	var total int64
	src := b.DataDir()
	for _, rel := range b.DataFiles {
		err := filepath.WalkDir(filepath.Join(src, filepath.FromSlash(rel)), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			r, _ := filepath.Rel(src, p)
			out := filepath.Join(dir, r)
			if d.IsDir() {
				if skippedDirs[d.Name()] {
					return filepath.SkipDir
				}
				return os.MkdirAll(out, 0o755)
			}
			if !d.Type().IsRegular() {
				return nil
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if total += int64(len(data)); total > maxDataBytes {
				return fmt.Errorf("the data files the routes read pass %d MiB (%s): keep large files out of the project, or read them from elsewhere", maxDataBytes>>20, rel)
			}
			if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
				return err
			}
			return os.WriteFile(out, data, 0o644)
		})
		if err != nil {
			return fmt.Errorf("copying the data file %s: %w", rel, err)
		}
	}
	return nil
}
