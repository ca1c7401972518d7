// The registry this project installs from carries only the Linux builds of some native packages
// (@next/swc-*, @swc/core-*, @rollup/rollup-*, @unrs/resolver-binding-*), so `npm install` writes a
// lock without the other platforms' entries and `npm ci` then refuses it as out of sync. This adds
// those entries with the os/cpu/libc their names encode, so npm skips them on this platform exactly
// as it would with a full registry. Run after `npm install`: node scripts/complete-lockfile.mjs
// Entries are written in npm's own form (version first, other keys sorted, `dev` for dev-only parents),
// so the next `npm install` leaves the lock byte for byte as it is.
import { readFileSync, writeFileSync } from 'node:fs';

const lockUrl = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(lockUrl, 'utf8'));
const packages = lock.packages;

const OS = ['darwin', 'win32', 'freebsd', 'openbsd', 'netbsd', 'android', 'sunos', 'aix', 'openharmony', 'linux', 'wasm32'];
const CPU = ['arm64', 'x64', 'ia32', 'arm', 'ppc64', 's390x', 'riscv64', 'loong64', 'mips64el', 'wasm32'];

function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const os = OS.find((candidate) => parts.includes(candidate));
  const cpu = CPU.find((candidate) => parts.includes(candidate) || (candidate === 'arm' && parts.includes('gnueabihf')));
  const libc = parts.includes('musl') || parts.includes('musleabihf') ? 'musl' : parts.includes('gnu') || parts.includes('gnueabihf') ? 'glibc' : undefined;
  return { os, cpu, libc };
}

let added = 0;
for (const [location, entry] of Object.entries(packages)) {
  for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
    const base = location ? `${location}/node_modules/${name}` : `node_modules/${name}`;
    if (packages[base] || packages[`node_modules/${name}`]) continue;
    const { os, cpu, libc } = platformOf(name);
    if (!os || os === 'linux' && cpu === 'x64' && libc !== 'musl') continue; // this platform: must come from the registry
    const fields = {
      optional: true,
      ...(entry.dev ? { dev: true } : {}),
      ...(os === 'wasm32' ? { cpu: ['wasm32'] } : { os: [os] }),
      ...(cpu && os !== 'wasm32' ? { cpu: [cpu] } : {}),
      ...(libc ? { libc: [libc] } : {}),
    };
    const sorted = Object.keys(fields).sort().map((key) => [key, fields[key]]);
    packages[`node_modules/${name}`] = { version: spec.replace(/^[\^~=]/, ''), ...Object.fromEntries(sorted) };
    added += 1;
  }
}
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync(lockUrl, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: added ${added} platform entries`);
