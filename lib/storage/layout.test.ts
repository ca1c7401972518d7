import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '@/lib/testing/console-server';
import { filesOutsidePlugins, pluginNamingProblems } from '@/lib/testing/layout-guard';
import { STORAGE_TYPE_IDS } from './registry';

// The core (store, form, runs, Manage API, CLI) goes through the registry and never names a storage
// type: a new type is a new folder under lib/storage/ plus its line in each registry file.

const REGISTRY_FILES = ['lib/storage/registry.ts', 'lib/storage/rules.ts', 'lib/storage/server.ts'];
const coreFiles = () => filesOutsidePlugins('lib/storage', STORAGE_TYPE_IDS, REGISTRY_FILES);
const typeNamingProblems = (file: string, text: string) => pluginNamingProblems('lib/storage', STORAGE_TYPE_IDS, file, text);

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
