// node:process: the global process object.
export const process = globalThis.process;
export const { env, nextTick, version, versions, platform, arch, cwd, hrtime, memoryUsage, uptime, exit } = process;
export default process;
