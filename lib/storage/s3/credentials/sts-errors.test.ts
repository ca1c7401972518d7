import { describe, expect, it } from 'vitest';
import { classifyAssumeRoleError, stsErrorName } from './sts-errors';

const context = { roleArn: 'arn:aws:iam::123456789012:role/packages', externalId: '', callerArn: 'arn:aws:iam::123456789012:user/ci', stsHost: 'sts.eu-west-1.amazonaws.com', timedOut: false };

function stsError(name: string, status?: number) {
  return Object.assign(new Error('UnknownError'), { name, $metadata: status === undefined ? {} : { httpStatusCode: status } });
}

describe('STS errors', () => {
  it('names the Ceph gateway’s code-less answers from their status', () => {
    expect(stsErrorName(stsError('Unknown', 403))).toBe('AccessDenied');
    expect(stsErrorName(stsError('NotFound', 404))).toBe('NoSuchEntity');
    expect(stsErrorName(stsError('Unknown', 405))).toBe('NotImplemented');
    expect(stsErrorName(stsError('AccessDenied', 403))).toBe('AccessDenied');
  });

  it('AccessDenied goes to the Role ARN field with the trust policy for the caller', () => {
    const issue = classifyAssumeRoleError(stsError('AccessDenied', 403), context);
    expect(issue).toMatchObject({ code: 'roleDenied', field: 'roleArn', params: { roleArn: context.roleArn } });
    expect(JSON.parse(issue.trustPolicy!).Statement[0].Principal).toEqual({ AWS: 'arn:aws:iam::123456789012:user/ci' });
  });

  it('with an external ID, a refusal goes to the External ID field', () => {
    expect(classifyAssumeRoleError(stsError('Unknown', 403), { ...context, externalId: 'x-1' })).toMatchObject({ code: 'roleDeniedWithExternalId', field: 'externalId' });
  });

  it('source key problems go to the key fields; unknown services to the mode', () => {
    expect(classifyAssumeRoleError(stsError('InvalidClientTokenId', 403), context)).toEqual({ code: 'accessKeyUnknown', field: 'accessKey' });
    expect(classifyAssumeRoleError(stsError('SignatureDoesNotMatch', 403), context)).toEqual({ code: 'secretKeyMismatch', field: 'secretKey' });
    expect(classifyAssumeRoleError(stsError('Unknown', 405), context)).toMatchObject({ code: 'stsNotSupported', field: 'authMode' });
    expect(classifyAssumeRoleError(stsError('Unknown', 400), context)).toMatchObject({ code: 'roleRequestRefused', field: 'roleArn' });
  });

  it('no answer at all: unreachable or timed out, naming the STS host', () => {
    const refused = Object.assign(new Error('connect'), { code: 'ECONNREFUSED' });
    expect(classifyAssumeRoleError(refused, context)).toEqual({ code: 'stsUnreachable', field: 'serviceUrl', params: { host: context.stsHost, code: 'ECONNREFUSED' } });
    expect(classifyAssumeRoleError(new Error('aborted'), { ...context, timedOut: true })).toMatchObject({ code: 'stsTimedOut' });
  });
});
