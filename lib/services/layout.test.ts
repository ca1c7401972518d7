import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '@/lib/testing/console-server';
import { filesOutsidePlugins, pluginNamingProblems } from '@/lib/testing/layout-guard';
import { SERVICE_IDS } from './registry';

// The core reaches packages services only through lib/services/registry.ts (server) and catalog.ts
// (client-safe: toggles, rules, connect steps) and never names one: a new ecosystem is a new folder
// under lib/services/ plus its line in each. lib/env.ts, the one place that reads the environment,
// names each service's port variable.

const ALLOWED_FILES = ['lib/services/registry.ts', 'lib/services/catalog.ts', 'lib/env.ts'];
const coreFiles = () => filesOutsidePlugins('lib/services', SERVICE_IDS, ALLOWED_FILES);
const serviceNamingProblems = (file: string, text: string) => pluginNamingProblems('lib/services', SERVICE_IDS, file, text);

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
