import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '@/lib/testing/console-server';
import { productionSourceFiles } from '@/lib/testing/layout-guard';

// next-intl's navigation in a client component brings its link component, Next's and the router hooks
// into the browser's bundle (measured: 5.7 KB gzip on every page). Paths are built on the server and
// handed down as props; this keeps it so.

const CLIENT_DIRECTIVE = /^\s*['"]use client['"]/;
const NAVIGATION_IMPORT = /from\s+['"](@\/lib\/i18n\/navigation|next-intl\/navigation|next\/link)['"]/;

function clientNavigationImports(files: { name: string; text: string }[]): string[] {
  return files.filter(({ text }) => CLIENT_DIRECTIVE.test(text) && NAVIGATION_IMPORT.test(text)).map(({ name }) => name);
}

describe('client components', () => {
  it('import no navigation module: links come from the server', () => {
    const files = productionSourceFiles().map((name) => ({ name, text: readFileSync(path.join(ROOT, name), 'utf8') }));
    expect(files.filter(({ text }) => CLIENT_DIRECTIVE.test(text)).length).toBeGreaterThan(20);
    expect(clientNavigationImports(files)).toEqual([]);
  });

  it('would be caught importing one', () => {
    const text = (from: string) => `'use client';\n\nimport { getPathname } from '${from}';\n`;
    expect(clientNavigationImports([{ name: 'a.tsx', text: text('@/lib/i18n/navigation') }, { name: 'b.tsx', text: text('next/link') }])).toEqual(['a.tsx', 'b.tsx']);
    expect(clientNavigationImports([{ name: 'c.tsx', text: "import { getPathname } from '@/lib/i18n/navigation';\n" }])).toEqual([]);
  });
});
