package bundler

import (
	"reflect"
	"testing"

	"github.com/jsroutes/jsroutes/fixtures"
)

func TestParseDotenv(t *testing.T) {
	src := "# comment\n" +
		"PLAIN=value\n" +
		"export EXPORTED=yes\n" +
		"SPACED = spaced value  \n" +
		"COMMENTED=value # trailing comment\n" +
		"SINGLE='single $NOT # kept'\n" +
		"DOUBLE=\"a\\nb\"\n" +
		"MULTI=\"one\ntwo\"\n" +
		"EMPTY=\n" +
		"CRLF=x\r\n"
	vars, keys, err := parseDotenv(src)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"PLAIN": "value", "EXPORTED": "yes", "SPACED": "spaced value", "COMMENTED": "value",
		"SINGLE": "single $NOT # kept", "DOUBLE": "a\nb", "MULTI": "one\ntwo", "EMPTY": "", "CRLF": "x",
	}
	if !reflect.DeepEqual(vars, want) {
		t.Errorf("got %q\nwant %q", vars, want)
	}
	if len(keys) != len(want) || keys[0] != "PLAIN" {
		t.Errorf("keys %v", keys)
	}
}

func TestLoadEnvPriorityAndExpansion(t *testing.T) {
	root := fixtures.Write(t, map[string]string{
		".env":                  "A=env\nB=env\nC=env\nD=env\nBASE=b\nREF=${BASE}/x\nDEFAULT=${MISSING:-fallback}\nESCAPED=\\$BASE\nFROM_PROC=$PROC\n",
		".env.production":       "B=production\nC=production\n",
		".env.local":            "C=local\n",
		".env.production.local": "D=production.local\n",
		".env.development":      "A=never loaded by next start\n",
	})
	env, err := loadEnv(root, func(k string) (string, bool) {
		if k == "PROC" {
			return "from process", true
		}
		return "", false
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"A": "env", "B": "production", "C": "local", "D": "production.local",
		"BASE": "b", "REF": "b/x", "DEFAULT": "fallback", "ESCAPED": "$BASE", "FROM_PROC": "from process",
	}
	if !reflect.DeepEqual(env, want) {
		t.Errorf("got %q\nwant %q", env, want)
	}
}

func TestLoadEnvProcessWins(t *testing.T) {
	root := fixtures.Write(t, map[string]string{".env": "X=file\nY=file\n"})
	env, err := loadEnv(root, func(k string) (string, bool) { return "proc", k == "X" })
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := env["X"]; ok || env["Y"] != "file" {
		t.Errorf("env %v: X must be left to the process environment", env)
	}
}
