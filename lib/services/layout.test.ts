import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SERVICE_IDS } from './registry';

// The core reaches packages services only through lib/services/registry.ts and never names one: a new
// ecosystem is a new folder under lib/services/ plus its line in the registry. lib/env.ts, the one
// place that reads the environment, names each service's port variable.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ALLOWED_FILES = ['lib/services/registry.ts', 'lib/env.ts'];
const isTestOnly = (file: string) => /\.(int\.)?test\.tsx?$/.test(file) || file.startsWith('lib/testing/');

function sourceFiles(): string[] {
  return ['lib', 'app', 'components']
    .flatMap((dir) => readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true }).map((entry) => path.join(entry.parentPath, entry.name)))
    .filter((file) => /\.tsx?$/.test(file))
    .map((file) => path.relative(ROOT, file).split(path.sep).join('/'));
}

function coreFiles(): string[] {
  const serviceFolders = SERVICE_IDS.map((id) => `lib/services/${id}/`);
  return sourceFiles().filter((file) => !isTestOnly(file) && !ALLOWED_FILES.includes(file) && !serviceFolders.some((folder) => file.startsWith(folder)));
}

export function serviceNamingProblems(file: string, text: string): string[] {
  const problems: string[] = [];
  for (const id of SERVICE_IDS) {
    if (new RegExp(`(['"\`])${id}\\1`).test(text)) problems.push(`${file}: the literal '${id}'`);
    if (new RegExp(`from ['"](@/lib/services|\\.{1,2})(/[\\w.-]+)*/${id}(/|['"])`).test(text)) problems.push(`${file}: imports lib/services/${id}/`);
  }
  return problems;
}

describe('packages services', () => {
  it('are named only in their folders and the registry', () => {
    const files = coreFiles();
    expect(files.length).toBeGreaterThan(100);
    const problems = files.flatMap((file) => serviceNamingProblems(file, readFileSync(path.join(ROOT, file), 'utf8')));
    expect(problems).toEqual([]);
  });

  it('catches a service literal or a service folder import', () => {
    expect(SERVICE_IDS.length).toBeGreaterThanOrEqual(2);
    expect(serviceNamingProblems('x.ts', `const id = '${SERVICE_IDS[0]}';`)).toHaveLength(1);
    expect(serviceNamingProblems('x.ts', `import { a } from '@/lib/services/${SERVICE_IDS[1]}/service';`)).toHaveLength(1);
    expect(serviceNamingProblems('x.ts', `import { a } from '../${SERVICE_IDS[0]}/config';`)).toHaveLength(1);
    expect(serviceNamingProblems('x.ts', `import { a } from '@/lib/services/registry';`)).toEqual([]);
  });
});
