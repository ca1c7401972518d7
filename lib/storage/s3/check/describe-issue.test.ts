import { createTranslator } from 'use-intl/core';
import { describe, expect, it } from 'vitest';
import { bucketNotEmptyWarning, storageChangedWarning } from '@/lib/storage/s3/check/advisories';
import { describeIssue, describePermission, describeRow, ISSUE_CODES, ISSUE_PARAMS, type Translate } from './describe-issue';
import en from '@/messages/en.json';
import fr from '@/messages/fr.json';
import zh from '@/messages/zh.json';
import { minimalPolicy, statementFor } from '@/lib/storage/s3/policy';
import { CheckReport } from '@/lib/storage/check/report';
import { S3_PERMISSIONS as PERMISSIONS } from '@/lib/storage/s3/type';

const intl = createTranslator({ locale: 'en', messages: { S3Storage: en.S3Storage }, namespace: 'S3Storage' });
const t: Translate = (key, params) => (intl as unknown as Translate)(key, params);

describe('StorageCheck messages', () => {
  it.each([['en', en], ['zh', zh], ['fr', fr]] as const)('%s has a text for every issue code, using exactly the declared arguments', (_, messages) => {
    const issues = messages.S3Storage.issues as Record<string, string>;
    expect(Object.keys(issues).sort()).toEqual([...ISSUE_CODES].sort());
    for (const code of ISSUE_CODES) {
      const text = issues[code] ?? '';
      const used = [...new Set([...text.matchAll(/\{(\w+)[,}]/g)].map((match) => match[1]))].sort();
      const declared = ISSUE_PARAMS[code].filter((name) => name !== 'reason');
      expect(used, code).toEqual([...declared].sort());
    }
  });

  it('describes every permission', () => {
    for (const permission of PERMISSIONS) expect(describePermission(permission, t)).toMatch(/^[A-Z]/);
  });
});

describe('describeIssue', () => {
  it('fills ICU arguments, including the permission', () => {
    const denied = describeIssue({ code: 'permissionDenied', field: null, permission: 's3:GetObject' }, t);
    expect(denied).toEqual({ code: 'permissionDenied', field: null, permission: 's3:GetObject', message: expect.stringContaining('s3:GetObject') });
    const region = describeIssue({ code: 'wrongRegion', field: 'serviceUrl', params: { region: 'eu-west-1', suggestedUrl: 'https://s3.eu-west-1.amazonaws.com' } }, t);
    expect(region.message).toContain('https://s3.eu-west-1.amazonaws.com');
  });

  it('tells the admin how to fix a secret mismatch', () => {
    expect(describeIssue({ code: 'secretKeyMismatch', field: 'secretKey' }, t).message).toMatch(/again.*without spaces/);
  });

  it('falls back to "unexpected" for an unknown code', () => {
    expect(describeIssue({ code: 'nope', field: null }, t).message).toContain('nope');
  });

  it.each([['en', en], ['zh', zh], ['fr', fr]] as const)('%s: unexpected answers give the status, the name and a next step, never "Unknown"', (locale, messages) => {
    const tr = createTranslator({ locale, messages: { S3Storage: messages.S3Storage }, namespace: 'S3Storage' }) as unknown as Translate;
    const answer = describeIssue({ code: 'unexpectedAnswer', field: null, params: { code: 'InternalError', status: '500' } }, tr).message;
    expect(answer).toMatch(/HTTP 500.*InternalError/);
    const notS3 = describeIssue({ code: 'notS3Endpoint', field: 'serviceUrl', params: { host: 'minio.example.com:9001', status: '200' } }, tr).message;
    expect(notS3).toMatch(/minio\.example\.com:9001.*HTTP 200.*9000.*9001/);
    const gateway = describeIssue({ code: 'endpointGatewayError', field: 'serviceUrl', params: { host: 'proxy:8080', status: '502' } }, tr).message;
    expect(gateway).toMatch(/proxy:8080.*HTTP 502/);
    const unnamed = describeIssue({ code: 'unexpectedUnnamed', field: null }, tr).message;
    const region = describeIssue({ code: 'wrongRegionSetField', field: 'serviceUrl', params: { region: 'eu-west-1' } }, tr).message;
    expect(region).toContain('eu-west-1');
    for (const text of [answer, notS3, gateway, unnamed, region]) expect(text).not.toMatch(/Unknown|\{|\}/);
  });

  it('French texts use a no-break space before ":" and a narrow one before ";", "?" and "!"', () => {
    for (const code of ['notS3Endpoint', 'endpointGatewayError', 'wrongRegionSetField', 'unexpectedAnswer', 'unexpected', 'unexpectedUnnamed'] as const) {
      const text = fr.S3Storage.issues[code];
      expect(text, code).not.toMatch(/[^\u00a0]:(?!\/\/)|[^\u202f][;?!]|«[^\u00a0]|[^\u00a0]»/);
    }
  });
});

describe('describeRow', () => {
  it('says why a row did not run, pointing at an endpoint error instead of repeating it', () => {
    expect(describeRow({ permission: 's3:GetObject', status: 'pass' }, t)).toBeNull();
    expect(describeRow({ permission: 's3:GetObject', status: 'not-run', code: 'endpointRefused' }, t)).toBe(en.S3Storage.issues.notRunEarlierFailure);
    expect(describeRow({ permission: 's3:GetObject', status: 'not-run', code: 'notRunNoObject' }, t)).toBe(en.S3Storage.issues.notRunNoObject);
    const errors = [{ code: 'unexpectedAnswer', field: null, permission: 's3:GetObject' as const, params: { code: 'InternalError', status: '500' } }];
    expect(describeRow({ permission: 's3:GetObject', status: 'fail', code: 'unexpectedAnswer' }, t, errors)).toMatch(/HTTP 500.*InternalError/);
  });
});

describe('CheckReport', () => {
  it('is ok only when all seven pass and nothing went wrong', () => {
    const report = new CheckReport(PERMISSIONS);
    for (const permission of PERMISSIONS) report.pass(permission);
    expect(report.finish(5)).toMatchObject({ ok: true, errors: [], durationMs: 5 });
    report.error({ code: 'cleanupObjectFailed', field: null, params: { key: 'k', reason: 'x' } });
    expect(report.finish(5).ok).toBe(false);
  });

  it('reports a fatal error once and marks undecided permissions not-run with its code', () => {
    const report = new CheckReport(PERMISSIONS);
    report.pass('s3:ListBucket');
    report.setFatal({ code: 'endpointTimeout', field: 'serviceUrl' });
    report.setFatal({ code: 'endpointRefused', field: 'serviceUrl' });
    const result = report.finish(1);
    expect(result.errors).toEqual([{ code: 'endpointTimeout', field: 'serviceUrl' }]);
    expect(result.permissions.filter((row) => row.status === 'not-run').every((row) => row.code === 'endpointTimeout')).toBe(true);
    expect(result.permissions.find((row) => row.permission === 's3:ListBucket')?.status).toBe('pass');
  });

  it('lets a later failure override a pass, and merges identical unexpected errors', () => {
    const report = new CheckReport(PERMISSIONS);
    report.pass('s3:DeleteObject');
    report.fail('s3:DeleteObject', { code: 'permissionDenied', field: null });
    report.fail('s3:GetObject', { code: 'unexpectedAnswer', field: null, params: { code: 'InternalError', status: '500' } });
    report.fail('s3:ListBucket', { code: 'unexpectedAnswer', field: null, params: { code: 'InternalError', status: '500' } });
    report.fail('s3:PutObject', { code: 'unexpectedAnswer', field: null, params: { code: 'InternalError', status: '503' } });
    const result = report.finish(1);
    expect(result.permissions.find((row) => row.permission === 's3:DeleteObject')?.status).toBe('fail');
    expect(result.errors.map((issue) => [issue.code, issue.params?.status])).toEqual([
      ['permissionDenied', undefined], ['unexpectedAnswer', '500'], ['unexpectedAnswer', '503'],
    ]);
  });
});

describe('advisories', () => {
  const target = { serviceUrl: 'https://s3.eu-west-1.amazonaws.com', bucket: 'new', accessKey: 'a', secretKey: 's', region: '', pathStyle: 'auto' as const };
  it('warns when the saved storage location changes', () => {
    expect(storageChangedWarning(target, null)).toBeNull();
    expect(storageChangedWarning(target, { serviceUrl: '', bucket: '' })).toBeNull();
    expect(storageChangedWarning(target, { serviceUrl: 'https://S3.eu-west-1.amazonaws.com/', bucket: 'new' })).toBeNull();
    expect(storageChangedWarning(target, { serviceUrl: 'https://s3.eu-west-1.amazonaws.com', bucket: 'old' })).toEqual({
      code: 'storageChanged',
      field: 'bucket',
      params: { old: 'https://s3.eu-west-1.amazonaws.com/old', new: 'https://s3.eu-west-1.amazonaws.com/new' },
    });
  });

  it('flags keys outside .console-check/', () => {
    expect(bucketNotEmptyWarning([])).toBeNull();
    expect(bucketNotEmptyWarning(['.console-check/abc'])).toBeNull();
    expect(bucketNotEmptyWarning(['.console-check/abc', 'v2/blob'])?.code).toBe('bucketNotEmpty');
  });
});

describe('policy', () => {
  it('grants exactly the seven actions on the right resources', () => {
    const policy = minimalPolicy('packages');
    const actions = policy.Statement.flatMap((statement) => statement.Action).sort();
    expect(actions).toEqual([...PERMISSIONS].sort());
    expect(statementFor('s3:ListBucket', 'packages').Resource).toBe('arn:aws:s3:::packages');
    expect(statementFor('s3:ListBucketMultipartUploads', 'packages').Resource).toBe('arn:aws:s3:::packages');
    expect(statementFor('s3:GetObject', 'packages')).toEqual({
      Sid: 'GitHubPackagesGetObject',
      Effect: 'Allow',
      Action: ['s3:GetObject'],
      Resource: 'arn:aws:s3:::packages/*',
    });
  });
});
