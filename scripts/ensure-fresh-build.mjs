// Integration tests run `next start` against the production build: build first when there is none,
// or when any source it is built from is newer than the build.
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const SOURCES = ['app', 'components', 'lib', 'messages', 'proxy.ts', 'instrumentation.ts', 'next.config.js', 'package-lock.json', 'tsconfig.json'];

function newestMtime(entry) {
  const full = path.join(root, entry);
  let stat;
  try {
    stat = statSync(full);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return entry.endsWith('.test.ts') ? 0 : stat.mtimeMs; // tests are not built
  // The directory's own time too: deleting or renaming a file changes only that.
  return Math.max(stat.mtimeMs, ...readdirSync(full).map((name) => newestMtime(path.join(entry, name))));
}

function buildTime() {
  try {
    return statSync(path.join(root, '.next/BUILD_ID')).mtimeMs;
  } catch {
    return 0;
  }
}

export function ensureFreshBuild() {
  if (buildTime() > Math.max(...SOURCES.map(newestMtime))) return;
  console.log('Production build missing or older than the sources: running `next build`.');
  execFileSync(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'build'], { cwd: root, stdio: 'inherit' });
}

// vitest globalSetup entry point.
export default function setup() {
  ensureFreshBuild();
}
