import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

// Verdaccio `require`s a storage plugin as CommonJS from its `plugins:` directory, by the name
// verdaccio-<id>. This turns the plugin's TypeScript sources into such a folder. Its two packages are
// required by absolute path, resolved from the console's node_modules, so the folder works wherever
// it is written (the instance directory may live outside the project tree).

export const PLUGIN_PACKAGE = 'verdaccio-azure-blob-storage';
const SOURCE_DIR = path.dirname(fileURLToPath(import.meta.url));
const RUNTIME_PACKAGES = ['@azure/storage-blob', 'https-proxy-agent'];

function isPluginSource(name: string): boolean {
  return name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts') && name !== 'build.ts' && name !== 'install.ts';
}

function pinRequires(code: string, resolved: Map<string, string>): string {
  return code.replace(/require\("([^"]+)"\)/g, (whole, id: string) => {
    if (id.startsWith('./') || id.startsWith('node:')) return whole;
    const target = resolved.get(id);
    if (!target) throw new Error(`${PLUGIN_PACKAGE}: unexpected dependency ${id}`);
    return `require(${JSON.stringify(target)})`;
  });
}

/** Writes `<pluginsDir>/verdaccio-azure-blob-storage/` (replacing it) and returns its path. */
export async function buildAzureStoragePlugin(pluginsDir: string): Promise<string> {
  const require = createRequire(import.meta.url);
  const resolved = new Map(RUNTIME_PACKAGES.map((id) => [id, require.resolve(id)]));
  const target = path.join(pluginsDir, PLUGIN_PACKAGE);
  const staging = `${target}.${process.pid}.${Date.now()}.tmp`;
  await mkdir(staging, { recursive: true });
  try {
    for (const name of (await readdir(SOURCE_DIR)).filter(isPluginSource)) {
      const source = await readFile(path.join(SOURCE_DIR, name), 'utf8');
      const output = ts.transpileModule(source, {
        fileName: name,
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, verbatimModuleSyntax: false },
        reportDiagnostics: true,
      });
      if (output.diagnostics?.length) throw new Error(`${PLUGIN_PACKAGE}: cannot compile ${name}`);
      await writeFile(path.join(staging, name.replace(/\.ts$/, '.js')), pinRequires(output.outputText, resolved));
    }
    await writeFile(path.join(staging, 'package.json'), `${JSON.stringify({ name: PLUGIN_PACKAGE, private: true, type: 'commonjs', main: 'index.js' }, null, 2)}\n`);
    await rm(target, { recursive: true, force: true });
    await rename(staging, target);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  return target;
}
