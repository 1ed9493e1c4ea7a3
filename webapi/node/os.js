// node:os: what server code reads of its machine (EOL, platform, arch,
// CPUs, memory, host name, temporary directory), from Go (webapi/node).
import { host } from '../host.js';

const info = host.osInfo;

export const EOL = '\n';
export const devNull = '/dev/null';
export const constants = Object.freeze({
  signals: Object.freeze({ SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 }),
  errno: Object.freeze({}),
  priority: Object.freeze({ PRIORITY_LOW: 19, PRIORITY_NORMAL: 0, PRIORITY_HIGH: -14 }),
});

export const platform = () => info().platform;
export const type = () => info().type;
export const arch = () => info().arch;
export const machine = () => info().machine;
export const release = () => info().release;
export const version = () => info().version;
export const hostname = () => info().hostname;
export const homedir = () => info().homedir;
export const tmpdir = () => info().tmpdir;
export const endianness = () => 'LE';
export const totalmem = () => info().totalmem;
export const freemem = () => info().freemem;
export const availableParallelism = () => info().cpus;
export const uptime = () => info().uptime;
export const loadavg = () => info().loadavg;
export function cpus() {
  const { cpus: n, cpuModel, cpuSpeed } = info();
  return Array.from({ length: n }, () => ({ model: cpuModel, speed: cpuSpeed, times: { user: 0, nice: 0, sys: 0, idle: 0, irq: 0 } }));
}
export function networkInterfaces() {
  return {}; // a route has no business with the machine's interfaces
}
export function userInfo() {
  const { username, homedir: dir, uid, gid } = info();
  return { username, homedir: dir, uid, gid, shell: null };
}
export function getPriority() { return 0; }
export function setPriority() {}

export default {
  EOL, devNull, constants, platform, type, arch, machine, release, version, hostname, homedir, tmpdir, endianness,
  totalmem, freemem, availableParallelism, uptime, loadavg, cpus, networkInterfaces, userInfo, getPriority, setPriority,
};
