// Records how real Next.js 16 answers the conformance cases.
//
//   node conformance/recorder/record.mjs [app …]      (or: make conformance-record)
//
// For each cases/<app>.json it copies the fixture app into a temporary
// folder, installs next@16 there, runs `next build` and `next start` on a free
// loopback port, sends every case and writes golden/<app>.json. fetch() calls
// go to a loopback upstream (see upstream.cjs). Needs Node 20 and npm.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startUpstream } from './upstream-server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const conformance = path.dirname(here);
const repo = path.dirname(conformance);
const NEXT_VERSION = process.env.NEXT_VERSION ?? '16';
const deps = [`next@${NEXT_VERSION}`, 'react@19', 'react-dom@19', 'typescript@5', '@types/react@19', '@types/node@20'];

function log(...args) {
  console.error('[record]', ...args);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

// installDeps installs Next.js once per run into a cache folder.
function installDeps(dir) {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ private: true }));
  log('installing', deps.join(' '));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...deps], { cwd: dir, stdio: 'inherit' });
  return JSON.parse(fs.readFileSync(path.join(dir, 'node_modules/next/package.json'))).version;
}

function run(cmd, args, opts) {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}:\n${out}`))));
  });
}

async function waitReady(port, proc) {
  for (let i = 0; i < 200; i++) {
    if (proc.exitCode !== null) throw new Error('next start exited');
    try {
      await new Promise((resolve, reject) => {
        const req = http.get({ host: '127.0.0.1', port, path: '/__ready' }, (res) => { res.resume(); res.on('end', resolve); });
        req.on('error', reject);
      });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error('next start did not become ready');
}

// send makes one request exactly as the case says (no automatic headers but Host).
function send(port, c) {
  return new Promise((resolve, reject) => {
    const body = c.bodyBase64 !== undefined ? Buffer.from(c.bodyBase64, 'base64') : c.body !== undefined ? Buffer.from(c.body) : null;
    const headers = { ...(c.headers ?? {}) };
    if (body !== null && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-length' || h.toLowerCase() === 'transfer-encoding')) {
      headers['content-length'] = String(body.length);
    }
    const req = http.request({ host: '127.0.0.1', port, method: c.method ?? 'GET', path: c.path, headers }, (res) => {
      const chunks = [];
      res.on('data', (d) => chunks.push(d));
      res.on('end', () => resolve({ status: res.statusCode, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body !== null) req.write(body);
    req.end();
  });
}

// Headers that are transport or framework noise, never recorded.
const noise = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'vary', 'x-powered-by']);

function recordResponse(res, port) {
  const headers = {};
  for (let i = 0; i < res.rawHeaders.length; i += 2) {
    const name = res.rawHeaders[i].toLowerCase();
    if (noise.has(name)) continue;
    (headers[name] ??= []).push(res.rawHeaders[i + 1]);
  }
  const text = res.body.toString('utf8');
  const isText = Buffer.from(text, 'utf8').equals(res.body);
  const out = { status: res.status, headers };
  if (isText) out.body = text.replaceAll(`localhost:${port}`, 'localhost:PORT').replaceAll(`127.0.0.1:${port}`, '127.0.0.1:PORT');
  else out.bodyBase64 = res.body.toString('base64');
  return out;
}

async function recordApp(name, depsDir, nextVersion, upstream) {
  const spec = JSON.parse(fs.readFileSync(path.join(conformance, 'cases', `${name}.json`)));
  const src = path.join(repo, spec.app);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `jsroutes-conformance-${name}-`));
  log(name, '→', work);
  fs.cpSync(src, work, { recursive: true });
  fs.mkdirSync(path.join(work, 'node_modules'), { recursive: true });
  for (const entry of fs.readdirSync(path.join(depsDir, 'node_modules'))) {
    const dst = path.join(work, 'node_modules', entry);
    if (!fs.existsSync(dst)) fs.cpSync(path.join(depsDir, 'node_modules', entry), dst, { recursive: true, verbatimSymlinks: true });
  }
  if (!['js', 'mjs', 'ts'].some((ext) => fs.existsSync(path.join(work, `next.config.${ext}`)))) {
    // The seed examples do not all type-check (they are documentation snippets).
    fs.writeFileSync(path.join(work, 'next.config.js'), 'module.exports = { typescript: { ignoreBuildErrors: true } }\n');
  }
  const env = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: '1',
    JSROUTES_UPSTREAM: `http://127.0.0.1:${upstream.address().port}`,
    NODE_OPTIONS: `--require ${path.join(here, 'upstream.cjs')}`,
    ...(spec.env ?? {}),
  };
  const nextBin = path.join(work, 'node_modules', '.bin', 'next');
  log(name, 'next build');
  await run(nextBin, ['build'], { cwd: work, env });
  const port = await freePort();
  const server = spawn(nextBin, ['start', '-p', String(port), '-H', '127.0.0.1'], { cwd: work, env, stdio: 'ignore' });
  try {
    await waitReady(port, server);
    const results = [];
    for (const c of spec.cases) {
      if (c.delayBeforeMs) await new Promise((r) => setTimeout(r, c.delayBeforeMs));
      results.push({ name: c.name, ...recordResponse(await send(port, c), port) });
    }
    const golden = { next: nextVersion, recorded: new Date().toISOString().slice(0, 10), app: spec.app, cases: results };
    fs.mkdirSync(path.join(conformance, 'golden'), { recursive: true });
    fs.writeFileSync(path.join(conformance, 'golden', `${name}.json`), JSON.stringify(golden, null, 2) + '\n');
    log(name, `recorded ${results.length} cases`);
  } finally {
    server.kill('SIGTERM');
    fs.rmSync(work, { recursive: true, force: true });
  }
}

const apps = process.argv.slice(2).length
  ? process.argv.slice(2)
  : fs.readdirSync(path.join(conformance, 'cases')).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5));
const depsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jsroutes-next-'));
try {
  const nextVersion = installDeps(depsDir);
  const upstream = await startUpstream();
  try {
    for (const app of apps) await recordApp(app, depsDir, nextVersion, upstream);
  } finally {
    upstream.close();
  }
} finally {
  fs.rmSync(depsDir, { recursive: true, force: true });
}
