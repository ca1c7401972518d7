// `npm run -s cli -- …`: runs the command line from one esbuild bundle of lib/cli/main.ts, made again only
// when one of its sources changed. Loading TypeScript through a loader cost each command about 2.5 s of
// CPU before it did anything; the bundle starts in a third of that, which scripts calling the CLI in a
// loop feel. Dependencies stay in node_modules (only the project's own files are bundled), and the
// process runs with the react-server condition (package.json), so `server-only` modules load.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, 'node_modules/.cache/packages-console-cli');
const bundle = path.join(dir, 'main.mjs');
const manifest = path.join(dir, 'inputs.json');

/** True when the bundle exists and no file it was built from changed (or disappeared) since. */
function isFresh() {
  try {
    const { builtAt, inputs } = JSON.parse(readFileSync(manifest, 'utf8'));
    statSync(bundle);
    return inputs.every((input) => statSync(path.join(root, input)).mtimeMs < builtAt);
  } catch {
    return false;
  }
}

async function rebuild() {
  const { build } = await import('esbuild');
  const builtAt = Date.now();
  // Unique names, then renames: two commands started together each build, and neither reads half a file.
  const temp = `${bundle}.${process.pid}.tmp.mjs`;
  mkdirSync(dir, { recursive: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['lib/cli/main.ts'],
    outfile: temp,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['react-server'],
    packages: 'external',
    metafile: true,
    logLevel: 'warning',
  });
  const inputs = Object.keys(result.metafile.inputs);
  writeFileSync(`${manifest}.${process.pid}.tmp`, JSON.stringify({ builtAt, inputs }));
  renameSync(temp, bundle);
  renameSync(`${manifest}.${process.pid}.tmp`, manifest);
}

if (!isFresh()) await rebuild();
await import(pathToFileURL(bundle).href);
