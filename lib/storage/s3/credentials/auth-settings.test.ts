import { describe, expect, it } from 'vitest';
import { externalIdProblem, parseRoleArn, roleArnProblem, roleSessionName } from './auth-settings';

/** What AWS and the Ceph gateway accept as a RoleSessionName. */
const isValidRoleSessionName = (name: string): boolean => /^[\w+=,.@-]{2,64}$/.test(name);

describe('role ARN rule', () => {
  it.each([
    'arn:aws:iam::123456789012:role/packages',
    'arn:aws:iam::123456789012:role/service-role/path/packages-writer',
    'arn:aws-cn:iam::123456789012:role/packages',
    'arn:aws-us-gov:iam::123456789012:role/p+=,.@-_1',
    'arn:aws:iam:::role/packages',
    '  arn:aws:iam:::role/packages  ',
  ])('accepts %s', (arn) => {
    expect(roleArnProblem(arn)).toBeNull();
  });

  it.each([
    ['', 'roleArnRequired'],
    ['   ', 'roleArnRequired'],
    ['arn:aws:iam::12345678901:role/short-account', 'roleArnInvalid'],
    ['arn:aws:iam::123456789012:user/packages', 'roleArnInvalid'],
    ['arn:aws:iam::123456789012:role/', 'roleArnInvalid'],
    ['arn:aws:sts::123456789012:assumed-role/packages/session', 'roleArnInvalid'],
    ['arn:aws:iam::123456789012:role/has space', 'roleArnInvalid'],
    [`arn:aws:iam::123456789012:role/${'r'.repeat(65)}`, 'roleArnInvalid'],
    ['packages', 'roleArnInvalid'],
  ])('refuses %j with %s', (arn, problem) => {
    expect(roleArnProblem(arn)).toBe(problem);
  });

  it('parses account and role name, account-less too', () => {
    expect(parseRoleArn('arn:aws:iam::123456789012:role/ci/packages')).toEqual({ partition: 'aws', account: '123456789012', roleName: 'packages' });
    expect(parseRoleArn('arn:aws:iam:::role/packages')).toEqual({ partition: 'aws', account: '', roleName: 'packages' });
    expect(parseRoleArn('arn:aws:iam::1:role/x')).toBeNull();
  });
});

describe('external ID and session name', () => {
  it('accepts blank and IAM characters, refuses one character and others', () => {
    expect(externalIdProblem('')).toBeNull();
    expect(externalIdProblem('tenant-42:packages/prod')).toBeNull();
    expect(externalIdProblem('x')).toBe('externalIdInvalid');
    expect(externalIdProblem('has space')).toBe('externalIdInvalid');
  });

  it('makes a 2-64 character session name with the time in it', () => {
    const name = roleSessionName(new Date('2026-11-29T16:05:07.123Z'));
    expect(name).toBe('packages-console-20261129T160507Z');
    expect(isValidRoleSessionName(name)).toBe(true);
    expect(isValidRoleSessionName('p')).toBe(false);
    expect(isValidRoleSessionName('p'.repeat(65))).toBe(false);
  });
});
