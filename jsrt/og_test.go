package jsrt_test

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/jsroutes/jsroutes/jsrt"
)

// ogApp is a route that returns an ImageResponse from next/og; its
// node_modules hold next (make test installs it with npm ci).
const ogApp = "../fixtures/apps/og"

// An ImageResponse renders with the app's own @vercel/og (satori and resvg
// on WebAssembly) to the PNG Next.js 16.4.6 gave for the same route
// (conformance/golden/og/hello.png, from `next start`): same size, under
// 1% of the pixels different (anti-aliasing), with Next's headers.
func TestImageResponseMatchesNext(t *testing.T) {
	if _, err := os.Stat(filepath.Join(ogApp, "node_modules", "next")); err != nil {
		if os.Getenv("JSROUTES_REQUIRE_PACKAGES") != "" {
			t.Fatalf("the og fixture needs `npm ci` in %s (JSROUTES_REQUIRE_PACKAGES is set)", ogApp)
		}
		t.Skipf("run `npm ci` in %s (make test does)", ogApp)
	}
	a := serveApp(t, ogApp, jsrt.Options{Workers: 1})
	res := a.get("/og")
	if res.Status != 200 || res.Header.Get("Content-Type") != "image/png" || res.Header.Get("Cache-Control") != "public, max-age=0, must-revalidate" {
		t.Fatalf("GET /og: %d %v", res.Status, res.Header)
	}
	got, err := png.Decode(bytes.NewReader([]byte(res.Body)))
	if err != nil {
		t.Fatalf("the body is not a PNG: %v", err)
	}
	f, err := os.Open("../conformance/golden/og/hello.png")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if got.Bounds() != want.Bounds() {
		t.Fatalf("size %v, Next.js's %v", got.Bounds(), want.Bounds())
	}
	if share := differing(got, want); share > 0.01 {
		t.Errorf("%.2f%% of the pixels differ from Next.js's image", 100*share)
	}
}

// differing is the share of pixels whose colour differs.
func differing(a, b image.Image) float64 {
	r := a.Bounds()
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			r1, g1, b1, a1 := a.At(x, y).RGBA()
			r2, g2, b2, a2 := b.At(x, y).RGBA()
			if r1>>8 != r2>>8 || g1>>8 != g2>>8 || b1>>8 != b2>>8 || a1>>8 != a2>>8 {
				n++
			}
		}
	}
	return float64(n) / float64(r.Dx()*r.Dy())
}
