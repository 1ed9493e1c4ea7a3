package bundler

import (
	"context"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/evanw/esbuild/pkg/api"
)

// Real apps wrap their next.config in plugins (withSentryConfig,
// withContentlayer, withBundleAnalyzer, createMDX, createNextIntlPlugin,
// withPWA): functions that take the config and return it with webpack
// hooks, build steps and env added, which are Next.js's build's business.
// They also import what jsroutes cannot run (a native .node addon, a
// child process), and a config that cannot load took the whole app down.
// So when next.config fails to build or to run, it is run once more with
// each package it imports itself replaced by a stand-in plugin that hands
// the config back unchanged (configStub), with one warning naming them;
// jsroutes then reads what the config itself sets (basePath, headers,
// redirects, rewrites, env, …). Options.StrictNextConfig refuses instead.

// configStubNamespace is the esbuild namespace of the stand-ins.
const configStubNamespace = "jsroutes-config-stub"

// configStub is the stand-in for a package next.config imports: any name
// it is imported by (the default, withX, createX) is one function that
// returns its argument when that is a config (an object with a key of
// Next.js's config, or a function of the phase) and otherwise, called with
// a plugin's options, returns the identity: withBundleAnalyzer({ enabled })
// (config), createMDX(opts)(config), withSentryConfig(config, opts) and
// withPlugins([plugins], config) all end with the app's own config.
const configStub = `const configKeys = new Set(['env', 'basePath', 'trailingSlash', 'headers', 'redirects', 'rewrites', 'images',
  'experimental', 'output', 'reactStrictMode', 'poweredByHeader', 'compress', 'distDir', 'assetPrefix', 'i18n', 'pageExtensions',
  'webpack', 'turbopack', 'typescript', 'eslint', 'transpilePackages', 'serverExternalPackages', 'skipTrailingSlashRedirect',
  'skipMiddlewareUrlNormalize', 'cacheComponents', 'cacheLife', 'cacheHandler', 'cacheHandlers', 'logging', 'compiler',
  'generateBuildId', 'generateEtags', 'productionBrowserSourceMaps', 'sassOptions', 'modularizeImports', 'staticPageGenerationTimeout',
  'outputFileTracingRoot', 'outputFileTracingIncludes', 'outputFileTracingExcludes', 'allowedDevOrigins', 'devIndicators',
  'crossOrigin', 'htmlLimitedBots', 'expireTime', 'bundlePagesRouterDependencies', 'typedRoutes', 'reactCompiler', 'deploymentId']);
const isConfig = (v) => typeof v === 'function'
  || (v !== null && typeof v === 'object' && !Array.isArray(v) && (Object.keys(v).length === 0 || Object.keys(v).some((k) => configKeys.has(k))));
function plugin(first, second) {
  if (Array.isArray(first) && isConfig(second)) return second;
  if (isConfig(first)) return first;
  return (config) => config;
}
Object.setPrototypeOf(plugin, new Proxy(Function.prototype, {
  get: (target, key) => (key in target || typeof key === 'symbol' || key === '__esModule' ? target[key] : plugin),
}));
module.exports = plugin;
`

// configStubPlugin replaces the packages the config file (and only it)
// imports by name with configStub, and records which it replaced. The
// runtime's own modules (next/*, node built-ins) are resolved before it.
func configStubPlugin(root, config string) (api.Plugin, func() []string) {
	file := filepath.Join(root, config)
	var mu sync.Mutex
	seen := map[string]bool{}
	bare := regexp.MustCompile(`^[^./]`)
	return api.Plugin{Name: "jsroutes-config-stubs", Setup: func(b api.PluginBuild) {
			b.OnResolve(api.OnResolveOptions{Filter: `.*`}, func(args api.OnResolveArgs) (api.OnResolveResult, error) {
				if args.Importer != file || !bare.MatchString(args.Path) {
					return api.OnResolveResult{}, nil
				}
				mu.Lock()
				seen[args.Path] = true
				mu.Unlock()
				return api.OnResolveResult{Path: args.Path, Namespace: configStubNamespace}, nil
			})
			b.OnLoad(api.OnLoadOptions{Filter: `.*`, Namespace: configStubNamespace}, func(api.OnLoadArgs) (api.OnLoadResult, error) {
				s := configStub
				return api.OnLoadResult{Contents: &s, Loader: api.LoaderJS}, nil
			})
		}}, func() []string {
			mu.Lock()
			defer mu.Unlock()
			names := make([]string, 0, len(seen))
			for n := range seen {
				names = append(names, n)
			}
			sort.Strings(names)
			return names
		}
}

// stubbedConfig builds the config-only bundle with the config's packages
// replaced (see configStubPlugin); stubbed names them ("" code when the
// config imports no package: there is nothing to fall back to).
func stubbedConfig(ctx context.Context, root, config string, goModules map[string][]string, notes *directives) (code string, stubbed []string, err error) {
	plugin, names := configStubPlugin(root, config)
	code, err = bundle(ctx, root, nil, nil, config, goModules, notes, plugin)
	if err != nil || len(names()) == 0 {
		return "", nil, err
	}
	return code, names(), nil
}

// configFallbackWarning says what running the config without its
// plugins means.
func configFallbackWarning(stubbed []string, why string) string {
	return "next.config could not " + why + "; it runs with " + strings.Join(stubbed, ", ") +
		" replaced by stand-ins that hand the config back unchanged (what they add for Next.js's build is not applied; --strict-config, Options.StrictNextConfig, refuses instead)"
}
