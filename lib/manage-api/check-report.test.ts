import { createTranslator } from 'use-intl/core';
import { describe, expect, it } from 'vitest';
import type { MessageLookup } from '@/lib/i18n/lookup';
import { storageChangedIssue } from '@/lib/storage/check/check-storage';
import type { StorageCheckResult } from '@/lib/storage/check/types';
import { localizeCheckResult } from '@/lib/storage/check/localize-check';
import { gatewayEndpointPolicy, minimalPolicy } from '@/lib/storage/s3/policy';
import { checkJsonSchema } from '@/lib/testing/json-schema-check';
import en from '@/messages/en.json';
import fr from '@/messages/fr.json';
import zh from '@/messages/zh.json';
import { checkReport } from './check-report';
import { OPENAPI_DOCUMENT } from './openapi';

const MESSAGES = { en, fr, zh };
const lookup = (locale: keyof typeof MESSAGES): MessageLookup => {
  const t = createTranslator({ locale, messages: MESSAGES[locale] });
  return Object.assign((key: string, params?: Record<string, string | number>) => t(key as never, params as never), { locale });
};

const s3 = { storageType: 's3', serviceUrl: 'https://s3.eu-west-1.amazonaws.com', bucket: 'old-packages' };
const azure = { storageType: 'azure', connectionString: 'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=a2V5;EndpointSuffix=core.windows.net', container: 'packages' };

function passedWith(storageType: string, warning: NonNullable<ReturnType<typeof storageChangedIssue>>): StorageCheckResult {
  return { ok: true, permissions: [], errors: [], warnings: [warning], durationMs: 5, storageType, subject: 'packages' };
}

describe('the storageChanged warning', () => {
  it('has its own sentence in the Manage API report and on the page, whatever the type moved to', () => {
    const warning = storageChangedIssue(azure as never, s3 as never);
    expect(warning).toMatchObject({ code: 'storageChanged', field: 'storageType', params: { old: 'https://s3.eu-west-1.amazonaws.com/old-packages' } });
    for (const locale of ['en', 'fr', 'zh'] as const) {
      const t = lookup(locale);
      const expected = t('StorageCheck.issues.storageChanged', { old: warning!.params!.old!, new: warning!.params!.new! });
      expect(expected).toContain('old-packages');
      const report = checkReport(passedWith('azure', warning!), t);
      expect(report.warnings).toEqual([{ code: 'storageChanged', field: 'blob_storage_type', message: expected }]);
      expect(report.warnings[0]!.message).not.toContain('storageChanged');
      expect(localizeCheckResult(passedWith('azure', warning!), t).warnings[0]!.message).toBe(expected);
    }
  });

  it('reads the same for a move within S3', () => {
    const warning = storageChangedIssue({ ...s3, bucket: 'new-packages' } as never, s3 as never)!;
    const report = checkReport(passedWith('s3', warning), lookup('en'));
    expect(report.warnings).toEqual([{ code: 'storageChanged', field: 's3_bucket', message: en.StorageCheck.issues.storageChanged.replace('{old}', 'https://s3.eu-west-1.amazonaws.com/old-packages').replace('{new}', 'https://s3.eu-west-1.amazonaws.com/new-packages') }]);
  });
});

/** GetObject refused by the gateway endpoint's policy, PutObject by the IAM policy; `extra` errors after them. */
function deniedBy(bucket: string, extra: StorageCheckResult['errors'] = []): StorageCheckResult {
  return {
    ok: false,
    permissions: [{ permission: 's3:GetObject', status: 'fail', code: 'vpcEndpointDenied' }, { permission: 's3:PutObject', status: 'fail', code: 'permissionDenied' }],
    errors: [{ code: 'vpcEndpointDenied', field: null, permission: 's3:GetObject' }, { code: 'permissionDenied', field: null, permission: 's3:PutObject' }, ...extra],
    warnings: [],
    durationMs: 40,
    storageType: 's3',
    subject: bucket,
  };
}

describe('a permission denied by a VPC endpoint policy', () => {
  it('carries the gateway endpoint policy of the checked bucket in the Manage API report, in every language', () => {
    for (const locale of ['en', 'fr', 'zh'] as const) {
      const report = checkReport(deniedBy('team-packages'), lookup(locale));
      const [endpoint, iam] = report.errors;
      expect(endpoint).toMatchObject({ code: 'vpcEndpointDenied', field: null, message: MESSAGES[locale].S3Storage.issues.vpcEndpointDenied.replace('{permission}', 's3:GetObject') });
      expect(JSON.parse(endpoint!.policy!)).toEqual(gatewayEndpointPolicy('team-packages'));
      expect(endpoint!.policy).not.toBe(JSON.stringify(minimalPolicy('team-packages'), null, 2));
      // The IAM denial is not the endpoint's business: no endpoint policy beside it.
      expect(iam).not.toHaveProperty('policy');
    }
  });

  it('matches the OpenAPI document’s StorageCheck schema, and leaves an issue’s own policy (a trust policy) alone', () => {
    const trust = '{"Version":"2012-10-17","Statement":[]}';
    const report = checkReport(deniedBy('packages', [{ code: 'roleDenied', field: 'roleArn', policy: trust, params: { roleArn: 'arn:aws:iam::123456789012:role/p' } }]), lookup('en'));
    expect(report.errors.map((issue) => issue.policy ?? null)).toEqual([JSON.stringify(gatewayEndpointPolicy('packages'), null, 2), null, trust]);
    const root = OPENAPI_DOCUMENT as unknown as Record<string, unknown>;
    expect(checkJsonSchema(report, { $ref: '#/components/schemas/StorageCheck' }, root)).toEqual([]);
  });

  it('attaches nothing to the same code from a type whose help fixes no issue', () => {
    const report = checkReport({ ...deniedBy('packages'), storageType: 'azure', subject: 'packages' }, lookup('en'));
    expect(report.errors.every((issue) => issue.policy === undefined)).toBe(true);
  });
});
