// Command scripts writes the runtime program and the lazy modules' scripts
// (see polyfills.Generate) into polyfills/generated. It is run by `go
// generate ./polyfills` after the vendored packages are bundled; it needs
// neither Node nor npm.
package main

import (
	"log"
	"os"
	"path/filepath"

	"github.com/jsroutes/jsroutes/polyfills"
)

func main() {
	out, err := polyfills.Generate()
	if err != nil {
		log.Fatal(err)
	}
	if err := os.RemoveAll("generated"); err != nil {
		log.Fatal(err)
	}
	for path, content := range out {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			log.Fatal(err)
		}
	}
}
