package bundler

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// envFiles are the files Next.js loads for `next start`, highest priority first.
var envFiles = []string{".env.production.local", ".env.local", ".env.production", ".env"}

// loadEnv reads the project's .env files as Next.js does for production:
// earlier files win over later ones, the process environment (lookup) wins
// over all of them, and $VAR / ${VAR} references are expanded. It returns
// only the values that came from files.
func loadEnv(root string, lookup func(string) (string, bool)) (map[string]string, error) {
	env := map[string]string{}
	var order []string
	for _, name := range envFiles {
		b, err := os.ReadFile(filepath.Join(root, name))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", name, err)
		}
		vars, keys, err := parseDotenv(string(b))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		for _, k := range keys {
			if _, ok := env[k]; !ok {
				env[k] = vars[k]
				order = append(order, k)
			}
		}
	}
	// Expand in file order, so a value may refer to one defined above it.
	resolve := func(k string) (string, bool) {
		if v, ok := lookup(k); ok {
			return v, true
		}
		v, ok := env[k]
		return v, ok
	}
	for _, k := range order {
		if _, ok := lookup(k); ok {
			delete(env, k) // the process environment wins
			continue
		}
		env[k] = expand(env[k], resolve)
	}
	return env, nil
}

var dotenvLine = regexp.MustCompile(`^\s*(?:export\s+)?([\w.-]+)(?:\s*=\s*?|:\s+?)(\s*'(?:\\'|[^'])*'|\s*"(?:\\"|[^"])*"|\s*` + "`(?:\\\\`|[^`])*`" + `|[^#\r\n]+)?\s*(?:#.*)?$`)

// parseDotenv parses the dotenv format (the rules of the dotenv package that
// Next.js uses): KEY=value, optional `export`, quoted values that may span
// lines, \n escapes in double quotes, and # comments.
func parseDotenv(src string) (map[string]string, []string, error) {
	src = strings.ReplaceAll(strings.ReplaceAll(src, "\r\n", "\n"), "\r", "\n")
	vars := map[string]string{}
	var keys []string
	lines := strings.Split(src, "\n")
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		// A quoted value may continue on the following lines.
		if eq := strings.IndexAny(line, "=:"); eq >= 0 {
			rest := strings.TrimLeft(line[eq+1:], " \t")
			if len(rest) > 0 && strings.ContainsRune(`"'`+"`", rune(rest[0])) {
				q := rest[0]
				for j := i + 1; strings.Count(stripEscapedQuotes(line[eq+1:], q), string(q)) < 2 && j < len(lines); j++ {
					line += "\n" + lines[j]
					i = j
				}
			}
		}
		m := dotenvLine.FindStringSubmatch(line)
		if m == nil {
			return nil, nil, fmt.Errorf("line %d: cannot parse %q", i+1, trimmed)
		}
		key, value := m[1], strings.TrimSpace(m[2])
		if len(value) >= 2 {
			q := value[0]
			if (q == '"' || q == '\'' || q == '`') && value[len(value)-1] == q {
				value = value[1 : len(value)-1]
				if q == '"' {
					value = strings.ReplaceAll(strings.ReplaceAll(value, `\n`, "\n"), `\r`, "\r")
				}
			}
		}
		if _, ok := vars[key]; !ok {
			keys = append(keys, key)
		}
		vars[key] = value
	}
	return vars, keys, nil
}

func stripEscapedQuotes(s string, q byte) string {
	return strings.ReplaceAll(s, `\`+string(q), "")
}

var envRef = regexp.MustCompile(`(\\)?\$\{?([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}?`)

// expand replaces $VAR, ${VAR} and ${VAR:-default} as dotenv-expand does;
// \$ keeps a literal dollar sign.
func expand(v string, lookup func(string) (string, bool)) string {
	return envRef.ReplaceAllStringFunc(v, func(ref string) string {
		m := envRef.FindStringSubmatch(ref)
		if m[1] != "" {
			return ref[1:]
		}
		if strings.HasPrefix(ref, "${") != strings.HasSuffix(ref, "}") {
			// "$VAR}" or "${VAR": only the well-formed part is a reference.
			if !strings.HasPrefix(ref, "${") {
				val, _ := lookup(m[2])
				return val + "}"
			}
		}
		if val, ok := lookup(m[2]); ok && val != "" {
			return val
		}
		return m[3]
	})
}
