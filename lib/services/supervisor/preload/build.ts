import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { PRELOAD_MAIN, PRELOAD_PACKAGE } from './location';

// The preload is compiled, with the console's reserved-address rule itself (never a copy written
// twice), into one CommonJS folder beside the services (scripts/services.sh install, which hashes these
// same sources to rebuild it when one changes). Each source keeps its file name there; an import between
// them is pointed at that file, node: modules stay, and anything else is refused so the folder needs
// nothing else. `server-only` is dropped: it keeps modules out of the browser's bundle, and a service
// child is a server process.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** Source (from the project root) -> the file it becomes, and the specifiers that import it. */
const SOURCES = [
  { source: 'lib/http/ipv6-words.ts', output: 'ipv6-words.js', specifiers: ['./ipv6-words', '@/lib/http/ipv6-words'] },
  { source: 'lib/http/reserved-hosts.ts', output: 'reserved-hosts.js', specifiers: ['@/lib/http/reserved-hosts'] },
  { source: 'lib/network/reserved-lookup.ts', output: 'reserved-lookup.js', specifiers: ['@/lib/network/reserved-lookup'] },
  { source: 'lib/services/supervisor/preload/reserved-address-preload.ts', output: 'index.js', specifiers: [] },
  // The egress proxy a binary of its own is given (run with the preload above loaded first).
  { source: 'lib/services/supervisor/preload/egress-request.ts', output: 'egress-request.js', specifiers: ['./egress-request'] },
  { source: 'lib/services/supervisor/preload/egress-proxy.ts', output: 'egress-proxy.js', specifiers: [] },
] as const;

function pointRequires(code: string, name: string): string {
  const targets = new Map<string, string>(SOURCES.flatMap((entry) => entry.specifiers.map((specifier) => [specifier, `./${entry.output}`])));
  return code
    .replace(/^require\("server-only"\);\n/m, '')
    .replace(/require\("([^"]+)"\)/g, (whole, id: string) => {
      if (id.startsWith('node:')) return whole;
      const target = targets.get(id);
      if (!target) throw new Error(`${PRELOAD_PACKAGE}: ${name} imports ${id}, which the preload cannot carry`);
      return `require(${JSON.stringify(target)})`;
    });
}

/** Writes `<modulesDir>/packages-console-preload/` (replacing it) and returns the path of its main file. */
export async function buildPreload(modulesDir: string): Promise<string> {
  const target = path.join(modulesDir, PRELOAD_PACKAGE);
  const staging = `${target}.${process.pid}.${Date.now()}.tmp`;
  await mkdir(staging, { recursive: true });
  try {
    for (const { source, output } of SOURCES) {
      const text = await readFile(path.join(ROOT, source), 'utf8');
      const compiled = ts.transpileModule(text, {
        fileName: path.basename(source),
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, verbatimModuleSyntax: false },
        reportDiagnostics: true,
      });
      if (compiled.diagnostics?.length) throw new Error(`${PRELOAD_PACKAGE}: cannot compile ${source}`);
      await writeFile(path.join(staging, output), pointRequires(compiled.outputText, source));
    }
    await writeFile(path.join(staging, 'package.json'), `${JSON.stringify({ name: PRELOAD_PACKAGE, private: true, type: 'commonjs', main: 'index.js' }, null, 2)}\n`);
    await rm(target, { recursive: true, force: true });
    await rename(staging, target);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  return path.join(modulesDir, PRELOAD_MAIN);
}
