import { readdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './console-server';

// The rule both plug-in kinds (storage types under lib/storage/, packages services under lib/services/)
// are held to: production code outside a plug-in's folder and the files allowed to list them never
// names one, neither as a literal nor by importing its folder.

const isTestOnly = (file: string) => /\.(int\.)?test\.tsx?$/.test(file) || file.startsWith('lib/testing/');

function sourceFiles(): string[] {
  return ['lib', 'app', 'components']
    .flatMap((dir) => readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true }).map((entry) => path.join(entry.parentPath, entry.name)))
    .filter((file) => /\.tsx?$/.test(file))
    .map((file) => path.relative(ROOT, file).split(path.sep).join('/'));
}

/** Production source files (no tests, nothing under lib/testing/), as paths from the repository root. */
export function productionSourceFiles(): string[] {
  return sourceFiles().filter((file) => !isTestOnly(file));
}

/** Production files outside `parent/<id>/` for every id and outside `allowed` (paths from the repository root). */
export function filesOutsidePlugins(parent: string, ids: readonly string[], allowed: readonly string[]): string[] {
  const folders = ids.map((id) => `${parent}/${id}/`);
  return productionSourceFiles().filter((file) => !allowed.includes(file) && !folders.some((folder) => file.startsWith(folder)));
}

/** Where `text` (of `file`) names one of the plug-ins `parent/<id>/`: a quoted id, or an import of its folder. */
export function pluginNamingProblems(parent: string, ids: readonly string[], file: string, text: string): string[] {
  const problems: string[] = [];
  for (const id of ids) {
    if (new RegExp(`(['"\`])${id}\\1`).test(text)) problems.push(`${file}: the literal '${id}'`);
    if (new RegExp(`from ['"](@/${parent}|\\.{1,2})(/[\\w.-]+)*/${id}(/|['"])`).test(text)) problems.push(`${file}: imports ${parent}/${id}/`);
  }
  return problems;
}
