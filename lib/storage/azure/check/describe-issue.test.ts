import { describe, expect, it } from 'vitest';
import en from '@/messages/en.json';
import fr from '@/messages/fr.json';
import { describeAzureIssue, describeAzureOperation, describeAzureRow, AZURE_ISSUE_PARAMS, type AzureTranslate } from './describe-issue';
import { AZURE_VALIDATION_PARAMS } from '../problems';
import { AZURE_OPERATIONS } from '../sas';

type Tree = { [key: string]: string | Tree };

/** A minimal ICU-free translator: replaces {name} and fails loudly on a missing key or argument. */
function translator(messages: Tree): AzureTranslate {
  return (key, params = {}) => {
    const value = key.split('.').reduce<string | Tree | undefined>((node, part) => (typeof node === 'object' ? node[part] : undefined), messages);
    if (typeof value !== 'string') throw new Error(`missing message ${key}`);
    return value.replace(/\{(\w+)\}/g, (_, name: string) => {
      if (!(name in params)) throw new Error(`missing argument ${name} for ${key}`);
      return params[name]!;
    });
  };
}

const t = translator(en.AzureStorage as Tree);

describe('describeAzureIssue', () => {
  it('has a message with exactly its declared arguments for every code', () => {
    for (const [code, names] of [...Object.entries(AZURE_ISSUE_PARAMS), ...Object.entries(AZURE_VALIDATION_PARAMS)]) {
      const namespace = code in AZURE_ISSUE_PARAMS ? 'issues' : 'validation';
      const text = (en.AzureStorage as Tree)[namespace] as Tree;
      const used = [...String(text[code]).matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      expect(new Set(used), code).toEqual(new Set(names));
    }
  });

  it('gives a certificate date in the reader\'s language', () => {
    const issue = { code: 'tlsExpired', field: 'azureConnectionString', params: { host: 'blob.corp:443', subject: 'CN=blob.corp', date: '2021-01-01T00:00:00.000Z' } } as const;
    expect(describeAzureIssue(issue, translator(fr.AzureStorage as Tree), 'fr').message).toContain('1 janvier 2021');
    expect(describeAzureIssue(issue, t, 'en').message).toContain('January 1, 2021');
  });

  it('describes a denied row with its operation and SAS letter', () => {
    expect(describeAzureIssue({ code: 'permissionDenied', field: null, permission: 'Delete Blob' }, t, 'en')).toEqual({
      code: 'permissionDenied',
      field: null,
      permission: 'Delete Blob',
      message: 'Access denied for Delete Blob. Grant it to the credential (for a shared access signature: the permission d).',
    });
  });

  it('formats an expiry date for the reader', () => {
    const issue = { code: 'sasExpired', field: 'azureConnectionString' as const, params: { expiry: '2026-05-31T08:30:00.000Z' } };
    expect(describeAzureIssue(issue, t, 'en').message).toContain('expired on May 31, 2026 at 8:30 AM UTC.');
    expect(describeAzureIssue(issue, translator(fr.AzureStorage as Tree), 'fr').message).toContain('le 31 mai 2026');
  });

  it('falls back to the unexpected-error message for an unknown code', () => {
    expect(describeAzureIssue({ code: 'noSuchCode', field: null }, t, 'en').message).toBe('The storage check ran into an unexpected error: noSuchCode.');
  });

  it('describes rows and operations', () => {
    expect(AZURE_OPERATIONS.map((operation) => describeAzureOperation(operation, t))).toHaveLength(7);
    expect(describeAzureRow({ permission: 'Get Blob', status: 'not-run', code: 'notRunCannotDelete' }, t, 'en')).toMatch(/^Not tested: without `Delete Blob`/);
    expect(describeAzureRow({ permission: 'Get Blob', status: 'not-run', code: 'containerMissing' }, t, 'en')).toBe('Not tested because of an earlier problem.');
    expect(describeAzureRow({ permission: 'Get Blob', status: 'pass' }, t, 'en')).toBeNull();
  });
});
