import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '@/lib/testing/console-server';
import { pluginNamingProblems } from '@/lib/testing/layout-guard';
import { STORAGE_TYPE_IDS } from '@/lib/storage/registry';

// Migration copies through the object access every storage type offers, so any type copies to any
// other: it never names a type, never imports a type's folder, and reaches storage only through the
// ObjectAccess interface (lib/storage/binding.ts).

const isTest = (file: string) => /\.(int\.)?test\.ts$/.test(file);
const productionFiles = () =>
  readdirSync(path.join(ROOT, 'lib/migration'))
    .filter((file) => file.endsWith('.ts') && !isTest(file))
    .map((file) => `lib/migration/${file}`);

function problems(file: string, text: string): string[] {
  const found = pluginNamingProblems('lib/storage', STORAGE_TYPE_IDS, file, text);
  for (const [, from = ''] of text.matchAll(/from ['"]([^'"]+)['"]/g)) {
    if (from.startsWith('@/lib/storage/') && from !== '@/lib/storage/binding') found.push(`${file}: imports ${from}`);
    if (/@aws-sdk|@azure/.test(from)) found.push(`${file}: imports ${from}`);
  }
  return found;
}

describe('migration', () => {
  it('speaks only to the ObjectAccess interface', () => {
    const files = productionFiles();
    expect(files.length).toBeGreaterThan(5);
    expect(files.flatMap((file) => problems(file, readFileSync(path.join(ROOT, file), 'utf8')))).toEqual([]);
  });

  it('catches a type literal, a type folder or an SDK import', () => {
    expect(problems('x.ts', `const type = '${STORAGE_TYPE_IDS[0]}';`)).toHaveLength(1);
    expect(problems('x.ts', `import { a } from '@/lib/storage/${STORAGE_TYPE_IDS[1]}/binding';`).length).toBeGreaterThan(0);
    expect(problems('x.ts', `import { S3Client } from '@aws-sdk/client-s3';`)).toHaveLength(1);
    expect(problems('x.ts', `import type { ObjectAccess } from '@/lib/storage/binding';`)).toEqual([]);
  });
});
