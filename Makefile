# jsroutes — the two commands a new clone needs are `make serve` and `make test`.
GO      ?= go
BIN     ?= bin/jsroutes
APP     ?= fixtures/seeds/app
HOST    ?= 127.0.0.1
PORT    ?= 3000

.PHONY: all build serve test redis-server postgresql mariadb packages bench soak fuzz vet fmt-check generate conformance-record regexp-tables intl-data test262 wpt clean

all: build

build:
	$(GO) build -o $(BIN) ./cmd/jsroutes

# Serve the bundled example app (every example of the Next.js route.js docs).
serve: build
	./$(BIN) serve $(APP) -H $(HOST) -p $(PORT)

# The whole test suite: formatting, vet, every package's tests, and the
# in-process benchmarks once each as a smoke test. The Redis and
# PostgreSQL tests start their own servers on loopback (internal/servers;
# installed here when missing); the real-npm-packages tests need the
# fixtures' packages (npm ci) and Node.
test: fmt-check vet redis-server postgresql mariadb packages
	JSROUTES_REQUIRE_REDIS=1 JSROUTES_REQUIRE_POSTGRES=1 JSROUTES_REQUIRE_MARIADB=1 JSROUTES_REQUIRE_PACKAGES=1 $(GO) test -count=1 ./...
	$(GO) test -run '^$$' -bench . -benchtime 1x ./jsrt

# apt_install installs Debian packages as root (sudo when not), one make at
# a time: two runs of make test on one machine raced for apt's lock, and
# the second failed. flock serialises them; apt waits for anyone else's.
apt_install = sudo=; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	$$sudo flock /tmp/jsroutes-apt.lock sh -c 'apt-get -o DPkg::Lock::Timeout=600 update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq $(1) >/dev/null'

# Install the Debian package redis-server when it is not on PATH. The tests
# run it themselves; the package's own service is not needed.
redis-server:
	@command -v redis-server >/dev/null || { \
		$(call apt_install,redis-server); }

# Install Debian's postgresql when its server programs are missing (on PATH
# or in /usr/lib/postgresql/*/bin). The tests run initdb and postgres
# themselves, as the postgres user the package makes; its service is not
# needed.
postgresql:
	@command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
		$(call apt_install,postgresql); }

# Install Debian's mariadb-server when its server is missing; the tests run
# mariadb-install-db and mariadbd themselves.
mariadb:
	@command -v mariadbd >/dev/null || [ -x /usr/sbin/mariadbd ] || { \
		$(call apt_install,mariadb-server); }

# Install the npm packages of the fixture apps that use real ones
# (fixtures/apps/packages: zod, jose, stripe, …; fixtures/apps/databases:
# pg, postgres.js, drizzle-orm, mysql2, ioredis, jsonwebtoken, stripe;
# fixtures/apps/og: next, for its @vercel/og) from their
# lock files; Node.js and npm come from Debian when
# missing.
NPM_FIXTURES := fixtures/apps/packages fixtures/apps/databases fixtures/apps/og

# Run test262's Intl and Unicode-regexp directories in jsroutes route
# handlers and in Node.js, and print both pass counts (jsrt/test262_test.go;
# README.md records them). TEST262 is a tc39/test262 checkout (harness/ and
# test/); minutes, not part of make test.
test262:
	@test -n "$(TEST262)" || { echo "make test262 TEST262=path/to/test262"; exit 1; }
	JSROUTES_TEST262=$(abspath $(TEST262)) $(GO) test -count=1 -timeout 90m -run TestTest262 -v ./jsrt | grep -v 'level='

# Run web-platform-tests' .any.js files for the Web APIs route handlers
# get (streams, fetch's Headers/Request/Response/body, URL, encoding,
# FileAPI, FormData, AbortSignal, atob, structuredClone), each file in a
# fresh jsroutes worker and in a Node.js process, and print both pass
# counts (jsrt/wpt_test.go; README.md records them and the WPT revision).
# WPT is a web-platform-tests checkout; minutes, not part of make test.
# WPT_ONLY=dir or WPT_ONLY=dir/file runs a part.
wpt:
	@test -n "$(WPT)" || { echo "make wpt WPT=path/to/wpt [WPT_ONLY=streams]"; exit 1; }
	JSROUTES_WPT=$(abspath $(WPT)) JSROUTES_WPT_ONLY=$(WPT_ONLY) $(GO) test -count=1 -timeout 90m -run TestWPT -v ./jsrt | grep -v 'level='

# Regenerate webapi/regexp/unicode.txt (the code points of every Unicode
# property, as the Node.js that runs it matches them): after a Node.js
# upgrade that brings a new Unicode version.
regexp-tables:
	cd webapi/regexp/gen && npm ci --no-audit --no-fund --loglevel=error && node gen.mjs

# Regenerate webapi/intl/data (the CLDR data of the FormatJS Intl code that
# go generate ./polyfills vendors, at the same versions; RelativeTimeFormat's
# phrases, unset hour cycles and time zone names from cldr-dates-full,
# cldr-core and cldr-bcp47, the CLDR release of Node's ICU): after
# upgrading FormatJS in both package.json files, or Node.js (the atTime
# patterns are read from it, and cldr-dates-full should follow its ICU).
intl-data:
	cd webapi/intl/gen && npm ci --no-audit --no-fund --loglevel=error && node gen.mjs
packages: $(addsuffix /node_modules/.package-lock.json,$(NPM_FIXTURES))
%/node_modules/.package-lock.json: %/package-lock.json
	@command -v npm >/dev/null || { \
		$(call apt_install,nodejs npm); }
	cd $* && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# jsroutes side by side with Next.js 16 and plain Go (wrk, pinned CPUs),
# then start-up and memory of generated apps of 1 to 800 routes; writes
# BENCHMARKS.md. Installs wrk and next@16 when missing. BENCHFLAGS passes
# flags, e.g. BENCHFLAGS="-d 3s -skip-next -routes 1,200". The route-count
# scenario alone: go run ./cmd/jsroutes-bench routes. Instructions a request
# of the PostgreSQL scenario, which the shared host's speed does not move
# (valgrind's callgrind): go run ./cmd/jsroutes-bench instructions.
bench:
	$(GO) run ./cmd/jsroutes-bench -repo . $(BENCHFLAGS)

# A long mixed load (streams, aborts, errors) in-process; fails on any
# unexpected answer or on goroutines or memory left behind. Adds its figures
# to BENCHMARKS.md. SOAKFLAGS, e.g. SOAKFLAGS="-d 10m -c 64".
soak:
	$(GO) run ./cmd/jsroutes-bench soak -repo . $(SOAKFLAGS)

# Every fuzz target for FUZZTIME each (their seed corpora run in make test).
FUZZTIME ?= 30s
fuzz:
	@for pkg in $$($(GO) list ./jsrt/... ./webapi/...); do \
		for t in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
			echo "== $$pkg $$t"; \
			$(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
		done; \
	done

vet:
	$(GO) vet ./...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change: $$out"; exit 1; fi

# Re-bundle the npm polyfills into polyfills/vendor (needs Node and npm;
# the output is committed, so nothing else does).
generate:
	cd polyfills && $(GO) generate ./...

# Record what real Next.js 16 answers to conformance/cases/*.json into
# conformance/golden/ (installs next@16 from npm into a temporary folder;
# needs Node 20 and npm). The goldens are committed: `make test` needs neither.
conformance-record:
	node conformance/recorder/record.mjs $(APPS)

clean:
	rm -rf bin
