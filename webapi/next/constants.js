// next/constants: the constants Next.js 16.4.6 exports there
// (next/dist/shared/lib/constants.js), written out from that module. next.config
// files import them for the config-as-a-function form (`(phase) => …`, which
// jsroutes calls with PHASE_PRODUCTION_BUILD, as `next build` evaluates the
// config), and plugin wrappers (@sentry/nextjs's withSentryConfig) import them
// too. To write it again for a newer Next.js, in a folder where next is installed:
//   node -e "for (const [k, v] of Object.entries(require('next/constants')))
//     console.log('export const ' + k + ' = ' + (typeof v === 'symbol' ? 'Symbol(' + JSON.stringify(v.description) + ')'
//       : v instanceof Set ? 'new Set(' + JSON.stringify([...v]) + ')' : JSON.stringify(v)) + ';')"
export const APP_CLIENT_INTERNALS = "app-pages-internals";
export const APP_PATHS_MANIFEST = "app-paths-manifest.json";
export const APP_PATH_ROUTES_MANIFEST = "app-path-routes-manifest.json";
export const AdapterOutputType = {"PAGES":"PAGES","PAGES_API":"PAGES_API","APP_PAGE":"APP_PAGE","APP_ROUTE":"APP_ROUTE","PRERENDER":"PRERENDER","STATIC_FILE":"STATIC_FILE","MIDDLEWARE":"MIDDLEWARE"};
export const BARREL_OPTIMIZATION_PREFIX = "__barrel_optimize__";
export const BLOCKED_PAGES = ["/_document","/_app","/_error"];
export const BUILD_ID_FILE = "BUILD_ID";
export const BUILD_MANIFEST = "build-manifest.json";
export const CLIENT_PUBLIC_FILES_PATH = "public";
export const CLIENT_REFERENCE_MANIFEST = "client-reference-manifest";
export const CLIENT_STATIC_FILES_PATH = "static";
export const CLIENT_STATIC_FILES_RUNTIME_MAIN = "main";
export const CLIENT_STATIC_FILES_RUNTIME_MAIN_APP = "main-app";
export const CLIENT_STATIC_FILES_RUNTIME_POLYFILLS = "polyfills";
export const CLIENT_STATIC_FILES_RUNTIME_POLYFILLS_SYMBOL = Symbol("polyfills");
export const CLIENT_STATIC_FILES_RUNTIME_REACT_REFRESH = "react-refresh";
export const CLIENT_STATIC_FILES_RUNTIME_WEBPACK = "webpack";
export const COMPILER_INDEXES = {"client":0,"server":1,"edge-server":2};
export const COMPILER_NAMES = {"client":"client","server":"server","edgeServer":"edge-server"};
export const CONFIG_FILES = ["next.config.js","next.config.mjs","next.config.ts"];
export const DEFAULT_RUNTIME_WEBPACK = "webpack-runtime";
export const DEFAULT_SANS_SERIF_FONT = {"name":"Arial","xAvgCharWidth":904,"azAvgWidth":934.5116279069767,"unitsPerEm":2048};
export const DEFAULT_SERIF_FONT = {"name":"Times New Roman","xAvgCharWidth":821,"azAvgWidth":854.3953488372093,"unitsPerEm":2048};
export const DEV_CLIENT_MIDDLEWARE_MANIFEST = "_devMiddlewareManifest.json";
export const DEV_CLIENT_PAGES_MANIFEST = "_devPagesManifest.json";
export const DYNAMIC_CSS_MANIFEST = "dynamic-css-manifest";
export const EDGE_RUNTIME_WEBPACK = "edge-runtime-webpack";
export const EDGE_UNSUPPORTED_NODE_APIS = ["clearImmediate","setImmediate","BroadcastChannel","ByteLengthQueuingStrategy","CompressionStream","CountQueuingStrategy","DecompressionStream","DomException","MessageChannel","MessageEvent","MessagePort","ReadableByteStreamController","ReadableStreamBYOBRequest","ReadableStreamDefaultController","TransformStreamDefaultController","WritableStreamDefaultController"];
export const EXPORT_DETAIL = "export-detail.json";
export const EXPORT_MARKER = "export-marker.json";
export const FUNCTIONS_CONFIG_MANIFEST = "functions-config-manifest.json";
export const IMAGES_MANIFEST = "images-manifest.json";
export const INTERCEPTION_ROUTE_REWRITE_MANIFEST = "interception-route-rewrite-manifest";
export const MIDDLEWARE_BUILD_MANIFEST = "middleware-build-manifest";
export const MIDDLEWARE_MANIFEST = "middleware-manifest.json";
export const MIDDLEWARE_REACT_LOADABLE_MANIFEST = "middleware-react-loadable-manifest";
export const MODERN_BROWSERSLIST_TARGET = ["chrome 111","edge 111","firefox 111","safari 16.4"];
export const NEXT_BUILTIN_DOCUMENT = "__NEXT_BUILTIN_DOCUMENT__";
export const NEXT_FONT_MANIFEST = "next-font-manifest";
export const PAGES_MANIFEST = "pages-manifest.json";
export const PHASE_ANALYZE = "phase-analyze";
export const PHASE_DEVELOPMENT_SERVER = "phase-development-server";
export const PHASE_EXPORT = "phase-export";
export const PHASE_INFO = "phase-info";
export const PHASE_PRODUCTION_BUILD = "phase-production-build";
export const PHASE_PRODUCTION_SERVER = "phase-production-server";
export const PHASE_TEST = "phase-test";
export const PREFETCH_HINTS = "prefetch-hints.json";
export const PRERENDER_MANIFEST = "prerender-manifest.json";
export const PREVIEW_PROPS_MANIFEST = "preview-props.json";
export const REACT_LOADABLE_MANIFEST = "react-loadable-manifest.json";
export const REQUEST_INSIGHTS_DEV_ENDPOINT = "/_next/development/request-insights";
export const ROUTES_MANIFEST = "routes-manifest.json";
export const RSC_MODULE_TYPES = {"client":"client","server":"server"};
export const SERVER_DIRECTORY = "server";
export const SERVER_FILES_MANIFEST = "required-server-files";
export const SERVER_PROPS_ID = "__N_SSP";
export const SERVER_REFERENCE_MANIFEST = "server-reference-manifest";
export const STATIC_PROPS_ID = "__N_SSG";
export const STATIC_STATUS_PAGES = ["/500"];
export const STRING_LITERAL_DROP_BUNDLE = "__NEXT_DROP_CLIENT_FILE__";
export const SUBRESOURCE_INTEGRITY_MANIFEST = "subresource-integrity-manifest";
export const SYSTEM_ENTRYPOINTS = new Set(["main","react-refresh","main-app"]);
export const TRACE_OUTPUT_VERSION = 1;
export const TURBOPACK_CLIENT_BUILD_MANIFEST = "client-build-manifest.json";
export const TURBOPACK_CLIENT_MIDDLEWARE_MANIFEST = "_clientMiddlewareManifest.js";
export const TURBO_TRACE_DEFAULT_MEMORY_LIMIT = 6000;
export const UNDERSCORE_GLOBAL_ERROR_ROUTE = "/_global-error";
export const UNDERSCORE_GLOBAL_ERROR_ROUTE_ENTRY = "/_global-error/page";
export const UNDERSCORE_NOT_FOUND_ROUTE = "/_not-found";
export const UNDERSCORE_NOT_FOUND_ROUTE_ENTRY = "/_not-found/page";
