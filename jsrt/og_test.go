package jsrt_test

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jsroutes/jsroutes/jsrt"
)

// ogApp is a route that returns an ImageResponse from next/og; its
// node_modules hold next (make test installs it with npm ci).
const ogApp = "../fixtures/apps/og"

// ImageResponse renders with the app's own @vercel/og (satori and resvg
// on WebAssembly) to the PNGs Next.js 16.4.6 gave under `next start` for
// the same routes (conformance/golden/og): a route.tsx, metadata image
// files (opengraph-image.tsx, one under a dynamic segment, icon.tsx with
// generateImageMetadata), emoji (Twemoji graphics, fetched), with Next's
// headers and caching. The images differ only in anti-aliasing (glyph
// edges) and a gradient's rounding: the mean colour difference stays
// under 1%, and so does the share of pixels that differ by more than
// 8/255 in images of 10,000 pixels or more (a 48 px icon's glyph edge is
// 2% of it).
func TestImageResponseMatchesNext(t *testing.T) {
	needPackages(t, ogApp, "next")
	a := serveApp(t, ogApp, jsrt.Options{Workers: 1, HTTPClient: &http.Client{Transport: twemojiCDN{}}})
	for _, c := range []struct {
		path, golden, cache string
	}{
		{"/og", "og.png", ""},
		{"/og/rich", "og-rich.png", ""},   // flex row, an <img>, the app's own font, a header of its own
		{"/og/emoji", "og-emoji.png", ""}, // Twemoji graphics, fetched (from twemojiCDN)
		{"/opengraph-image", "opengraph-image.png", "HIT"},
		{"/blog/hello/opengraph-image", "blog-hello-opengraph-image.png", ""},
		{"/icons/icon/small", "icons-icon-small.png", "HIT"},
		{"/icons/icon/large", "icons-icon-large.png", "HIT"},
	} {
		t.Run(c.path, func(t *testing.T) {
			res := a.get(c.path)
			if res.Status != 200 || res.Header.Get("Content-Type") != "image/png" || res.Header.Get("Cache-Control") != "public, max-age=0, must-revalidate" || res.Header.Get("X-Nextjs-Cache") != c.cache ||
				c.path == "/og/rich" && res.Header.Get("X-Og") != "rich" {
				t.Fatalf("GET %s: %d %v", c.path, res.Status, res.Header)
			}
			got, err := png.Decode(bytes.NewReader([]byte(res.Body)))
			if err != nil {
				t.Fatalf("the body is not a PNG: %v", err)
			}
			want := readPNG(t, filepath.Join("../conformance/golden/og", c.golden))
			if got.Bounds() != want.Bounds() {
				t.Fatalf("size %v, Next.js's %v", got.Bounds(), want.Bounds())
			}
			share, visible, mean := compareImages(got, want)
			t.Logf("%.2f%% of the pixels differ (%.2f%% by more than 8/255), by %.3f%% on average", 100*share, 100*visible, 100*mean)
			if mean > 0.01 || visible > 0.01 && got.Bounds().Dx()*got.Bounds().Dy() >= 10000 {
				t.Errorf("%.2f%% of the pixels differ visibly from Next.js's image, by %.2f%% on average", 100*visible, 100*mean)
			}
		})
	}
	if res := a.get("/icons/icon/none"); res.Status != 404 || res.Header.Get("X-Nextjs-Cache") != "MISS" {
		t.Errorf("an id generateImageMetadata does not list: %d %v", res.Status, res.Header)
	}
}

// twemojiCDN stands for cdn.jsdelivr.net, where ImageResponse fetches
// Twemoji graphics: it answers with the fixture's copies (emoji/, which
// Next.js's recording read the same way: scripts/emoji-cdn.mjs) and
// refuses every other request, so the test makes none outside.
type twemojiCDN struct{}

func (twemojiCDN) RoundTrip(r *http.Request) (*http.Response, error) {
	const prefix = "/gh/twitter/twemoji@14.0.2/assets/svg/"
	name, ok := strings.CutPrefix(r.URL.Path, prefix)
	if r.URL.Host != "cdn.jsdelivr.net" || !ok || strings.ContainsAny(name, "/\\") {
		return nil, fmt.Errorf("the og test makes no outside requests (%s)", r.URL)
	}
	body, err := os.ReadFile(filepath.Join(ogApp, "emoji", name))
	status := http.StatusOK
	if err != nil {
		body, status = []byte("not found"), http.StatusNotFound
	}
	return &http.Response{StatusCode: status, Status: http.StatusText(status), Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Request: r,
		Header: http.Header{"Content-Type": {"image/svg+xml"}}, Body: io.NopCloser(bytes.NewReader(body)), ContentLength: int64(len(body))}, nil
}

func readPNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// compareImages returns the share of pixels whose colour differs, the
// share that differs by more than 8/255 in a channel (a gradient's
// rounding is 1/255), and the mean absolute channel difference (0 to 1).
func compareImages(a, b image.Image) (share, visible, mean float64) {
	r := a.Bounds()
	n, seen, sum := 0, 0, 0.0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			r1, g1, b1, a1 := a.At(x, y).RGBA()
			r2, g2, b2, a2 := b.At(x, y).RGBA()
			d := [4]float64{diff(r1, r2), diff(g1, g2), diff(b1, b2), diff(a1, a2)}
			if d != [4]float64{} {
				n++
			}
			if max(d[0], d[1], d[2], d[3]) > 8.0/255 {
				seen++
			}
			sum += (d[0] + d[1] + d[2] + d[3]) / 4
		}
	}
	total := float64(r.Dx() * r.Dy())
	return float64(n) / total, float64(seen) / total, sum / total
}

// diff is two 16-bit channels' difference at 8 bits, 0 to 1.
func diff(a, b uint32) float64 {
	a, b = a>>8, b>>8
	if a > b {
		return float64(a-b) / 255
	}
	return float64(b-a) / 255
}
