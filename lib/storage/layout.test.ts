import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '@/lib/testing/console-server';
import { filesOutsidePlugins, pluginNamingProblems } from '@/lib/testing/layout-guard';
import { flattenMessages, type MessageTree } from '@/lib/testing/message-lint';
import en from '@/messages/en.json';
import { STORAGE_TYPE_IDS, STORAGE_TYPES } from './registry';

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

// Each type's texts are in its own namespace (S3Storage, AzureStorage): the core's namespaces say
// "storage" and let the type fill in what it calls it ({bucket}, {subject}), so a new type needs no
// core text reworded, and a type's wording never shows on another type's page.

const TYPE_WORDS = /\bS3\b|bucket|AWS|Azure|container/i;
const TYPE_WORDS_IN_KEYS = /s3|bucket|aws|azure|container/i;
/** Core keys allowed to match, by prefix, each with its reason. */
const ALLOWED: readonly string[] = [
  // The Container registry ecosystem (a Docker registry): its id and name, not a blob container.
  'Ecosystems.container-registry.',
  'Services.container-registry.',
];

const TYPE_NAMESPACES: readonly string[] = STORAGE_TYPES.map((type) => type.namespace);
const isTypeKey = (key: string) => TYPE_NAMESPACES.some((namespace) => key.startsWith(`${namespace}.`));
const isAllowed = (key: string) => ALLOWED.some((prefix) => key.startsWith(prefix));

/** The text without its ICU arguments (innermost first: a select nests its branches' arguments). */
function withoutArguments(text: string): string {
  let rest = text;
  for (let before = ''; before !== rest; ) [before, rest] = [rest, rest.replace(/\{[^{}]*\}/g, ' ')];
  return rest;
}

/** Core message keys, or their texts, that name a storage type or its own words. */
function coreMessageProblems(messages: MessageTree): string[] {
  return [...flattenMessages(messages)]
    .filter(([key]) => !isTypeKey(key) && !isAllowed(key))
    .flatMap(([key, text]) => [
      ...(TYPE_WORDS_IN_KEYS.test(key) ? [`${key}: its key names a type`] : []),
      ...(TYPE_WORDS.test(withoutArguments(text)) ? [`${key}: "${withoutArguments(text).match(TYPE_WORDS)?.[0]}" in its text`] : []),
    ]);
}

/** Where `text` (of `file`, outside every type's folder) uses a type's message namespace. */
function namespaceUseProblems(file: string, text: string): string[] {
  return TYPE_NAMESPACES.filter((namespace) => new RegExp(`\\b${namespace}\\b`).test(text)).map((namespace) => `${file}: uses ${namespace}`);
}

describe('storage type messages', () => {
  it('the core namespaces name no type, in their keys or their texts', () => {
    expect(flattenMessages(en).size).toBeGreaterThan(500);
    expect(coreMessageProblems(en)).toEqual([]);
  });

  it('catches a type word in a core text or key, not in an argument or a type namespace', () => {
    expect(coreMessageProblems({ Validation: { x: 'Enter the name of the S3 bucket.' } })).toHaveLength(1);
    expect(coreMessageProblems({ StorageCheck: { bucketGone: 'Gone.' } })).toHaveLength(1);
    expect(coreMessageProblems({ StorageCheck: { issues: { gone: 'The {bucket} is gone ({source, select, aws {AWS} other {x}}).' } } })).toEqual([]);
    expect(coreMessageProblems({ [TYPE_NAMESPACES[0]!]: { validation: { bucketRequired: 'Enter the bucket.' } } })).toEqual([]);
  });

  it('each type namespace is used only from its own folder', () => {
    const problems = coreFiles().flatMap((file) => namespaceUseProblems(file, readFileSync(path.join(ROOT, file), 'utf8')));
    expect(problems).toEqual([]);
    expect(namespaceUseProblems('x.ts', `t('${TYPE_NAMESPACES[0]}.validation.x')`)).toHaveLength(1);
  });
});
