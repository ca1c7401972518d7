import { createTranslator } from 'use-intl/core';
import { describe, expect, it } from 'vitest';
import { checkText, textHelp } from '@/lib/cli/check-output';
import type { MessageLookup } from '@/lib/i18n/lookup';
import { localizeCheckResult } from '@/lib/storage/check/localize-check';
import type { StorageCheckResult } from '@/lib/storage/check/types';
import en from '@/messages/en.json';
import fr from '@/messages/fr.json';
import zh from '@/messages/zh.json';
import { endpointStatementFor, gatewayEndpointPolicy, minimalPolicy } from './policy';
import { S3_PERMISSIONS, S3_TYPE } from './type';

// A server in a private network reaches S3 through a gateway VPC endpoint, whose policy must allow the
// bucket's seven actions as well: the policy is offered beside the IAM one, and a denial by it says so.

const MESSAGES = { en, fr, zh };
const lookup = (locale: keyof typeof MESSAGES): MessageLookup => {
  const t = createTranslator({ locale, messages: MESSAGES[locale] });
  return Object.assign((key: string, params?: Record<string, string | number>) => t(key as never, params as never), { locale });
};

/** GetObject denied by the endpoint's policy, the six others passed. */
function deniedByEndpoint(): StorageCheckResult {
  const denied = { code: 'vpcEndpointDenied', field: null, permission: 's3:GetObject' as const };
  return {
    ok: false,
    permissions: S3_PERMISSIONS.map((permission) => (permission === 's3:GetObject' ? { permission, status: 'fail' as const, code: 'vpcEndpointDenied' } : { permission, status: 'pass' as const })),
    errors: [denied],
    warnings: [],
    durationMs: 120,
    storageType: S3_TYPE.id,
    subject: 'packages',
  };
}

describe('gateway VPC endpoint policy', () => {
  it('allows the seven actions on the bucket and its objects, for any principal (an endpoint policy needs one)', () => {
    const policy = gatewayEndpointPolicy('packages');
    expect(policy.Statement).toEqual(minimalPolicy('packages').Statement.map((statement) => ({ ...statement, Principal: '*' })));
    expect(policy.Statement.flatMap((statement) => statement.Action).sort()).toEqual([...S3_PERMISSIONS].sort());
    expect(policy.Statement.map((statement) => statement.Resource)).toEqual(['arn:aws:s3:::packages', 'arn:aws:s3:::packages/*']);
    expect(endpointStatementFor('s3:GetObject', 'packages')).toEqual({ Sid: 'GitHubPackagesGetObject', Effect: 'Allow', Principal: '*', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::packages/*' });
  });

  it('is shown beside the IAM policy on the page, titled in each language, and a denied row says the endpoint denied it', () => {
    for (const locale of ['en', 'fr', 'zh'] as const) {
      const result = localizeCheckResult(deniedByEndpoint(), lookup(locale));
      expect(result.help?.related).toEqual([{ title: MESSAGES[locale].S3Storage.endpointPolicyTitle, text: JSON.stringify(gatewayEndpointPolicy('packages'), null, 2) }]);
      const row = result.permissions.find((item) => item.permission === 's3:GetObject')!;
      expect(row.message).toContain(MESSAGES[locale].S3Storage.issues.vpcEndpointDenied.replace('{permission}', 's3:GetObject'));
      expect(row.message).toContain(JSON.stringify(endpointStatementFor('s3:GetObject', 'packages')));
      expect(result.errors[0]!.message).toBe(MESSAGES[locale].S3Storage.issues.vpcEndpointDenied.replace('{permission}', 's3:GetObject'));
    }
  });

  it('is printed by cli storage check after the IAM policy when the endpoint denied a permission', () => {
    const t = lookup('en');
    const result = deniedByEndpoint();
    const text = checkText(result, t, { target: 'bucket packages', source: 'saved settings', help: textHelp(S3_TYPE, result, t) });
    const iam = text.indexOf(JSON.stringify(minimalPolicy('packages'), null, 2));
    const endpoint = text.indexOf(`${en.S3Storage.endpointPolicyTitle}:\n${JSON.stringify(gatewayEndpointPolicy('packages'), null, 2)}`);
    expect(iam).toBeGreaterThan(0);
    expect(endpoint).toBeGreaterThan(iam);
    expect(text).toContain(en.S3Storage.issues.vpcEndpointDenied.replace('{permission}', 's3:GetObject'));
  });
});
