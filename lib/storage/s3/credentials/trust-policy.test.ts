import { describe, expect, it } from 'vitest';
import { placeholderPrincipal, trustPolicyFor } from './trust-policy';

describe('trust policy', () => {
  it('trusts the known caller, with the external ID as a condition', () => {
    expect(trustPolicyFor('arn:aws:iam::123456789012:role/packages', 'arn:aws:iam::210987654321:user/ci', 'tenant-7')).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::210987654321:user/ci' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'sts:ExternalId': 'tenant-7' } },
        },
      ],
    });
  });

  it('has no condition without an external ID and a placeholder for an unknown caller', () => {
    const policy = trustPolicyFor('arn:aws:iam:::role/packages', null, ' ');
    expect(policy.Statement[0]).toEqual({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam:::user/USER_NAME' }, Action: 'sts:AssumeRole' });
    expect(placeholderPrincipal('arn:aws-cn:iam::123456789012:role/x')).toBe('arn:aws-cn:iam::123456789012:root');
  });
});
