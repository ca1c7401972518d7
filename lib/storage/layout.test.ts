import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { STORAGE_TYPE_IDS } from './registry';

// The core (store, form, runs, Manage API, CLI) goes through the registry and never names a storage
// type: a new type is a new folder under lib/storage/ plus its line in each registry file.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const REGISTRY_FILES = ['lib/storage/registry.ts', 'lib/storage/rules.ts', 'lib/storage/server.ts'];
// Test-only code exercises real types by name.
const isTestOnly = (file: string) => /\.(int\.)?test\.tsx?$/.test(file) || file.startsWith('lib/testing/');

function sourceFiles(): string[] {
  return ['lib', 'app', 'components']
    .flatMap((dir) => readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true }).map((entry) => path.join(entry.parentPath, entry.name)))
    .filter((file) => /\.tsx?$/.test(file))
    .map((file) => path.relative(ROOT, file).split(path.sep).join('/'));
}

/** Files outside the type folders and the registry, that production code is made of. */
function coreFiles(): string[] {
  const typeFolders = STORAGE_TYPE_IDS.map((id) => `lib/storage/${id}/`);
  return sourceFiles().filter((file) => !isTestOnly(file) && !REGISTRY_FILES.includes(file) && !typeFolders.some((folder) => file.startsWith(folder)));
}

export function typeNamingProblems(file: string, text: string): string[] {
  const problems: string[] = [];
  for (const id of STORAGE_TYPE_IDS) {
    if (new RegExp(`(['"\`])${id}\\1`).test(text)) problems.push(`${file}: the literal '${id}'`);
    if (new RegExp(`from ['"](@/lib/storage|\\.{1,2})(/[\\w.-]+)*/${id}(/|['"])`).test(text)) problems.push(`${file}: imports lib/storage/${id}/`);
  }
  return problems;
}

describe('storage types', () => {
  it('are named only in their folders and the registry', () => {
    const files = coreFiles();
    expect(files.length).toBeGreaterThan(100);
    const problems = files.flatMap((file) => typeNamingProblems(file, readFileSync(path.join(ROOT, file), 'utf8')));
    expect(problems).toEqual([]);
  });

  it('catches a type literal or a type folder import', () => {
    expect(typeNamingProblems('x.ts', `const type = '${STORAGE_TYPE_IDS[0]}';`)).toHaveLength(1);
    expect(typeNamingProblems('x.ts', `import { a } from '@/lib/storage/${STORAGE_TYPE_IDS[0]}/rules';`)).toHaveLength(1);
    expect(typeNamingProblems('x.ts', `import { a } from '../${STORAGE_TYPE_IDS[0]}/rules';`)).toHaveLength(1);
    expect(typeNamingProblems('x.ts', `import { a } from '@/lib/storage/registry';`)).toEqual([]);
  });
});
