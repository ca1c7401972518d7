import { RestError } from '@azure/storage-blob';
import { describe, expect, it } from 'vitest';
import { azureFailure, describeFailure, isConflict, isNotFound, toVerdaccioError } from './errors';

function restError(statusCode: number, errorCode?: string, message = 'Server failed to authenticate. Signature=c2VjcmV0LXNpZw==') {
  const error = new RestError(message, { statusCode });
  if (errorCode) Object.assign(error, { details: { errorCode }, code: errorCode });
  return error;
}

describe('error mapping', () => {
  it('maps a missing blob to Verdaccio 404 and a failed condition or existing blob to 409', () => {
    expect(toVerdaccioError('read', restError(404, 'BlobNotFound'))).toMatchObject({ code: 404, status: 404 });
    expect(toVerdaccioError('read', restError(404))).toMatchObject({ code: 404 });
    for (const error of [restError(409, 'BlobAlreadyExists'), restError(412, 'ConditionNotMet'), restError(412)]) {
      expect(isConflict(error)).toBe(true);
      expect(toVerdaccioError('write', error)).toMatchObject({ code: 409, status: 409 });
    }
  });

  it('never takes a missing container for a missing package', () => {
    const error = restError(404, 'ContainerNotFound');
    expect(isNotFound(error)).toBe(false);
    expect(toVerdaccioError('read package.json', error)).toMatchObject({ code: 500, message: 'azure-blob-storage: read package.json failed: the container does not exist (ContainerNotFound, HTTP 404)' });
  });

  it('names refused credentials, timeouts and other codes, never the message Azure sent', () => {
    const denied = describeFailure('reading', restError(403, 'AuthorizationFailure'));
    expect(denied).toBe('azure-blob-storage: reading failed: the storage refused the credentials or their permissions (AuthorizationFailure, HTTP 403)');
    expect(denied).not.toContain('c2VjcmV0');
    expect(describeFailure('reading', Object.assign(new Error('The operation was aborted'), { name: 'AbortError' }))).toBe('azure-blob-storage: reading failed: no answer in time (AbortError)');
    expect(describeFailure('reading', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }))).toBe('azure-blob-storage: reading failed (ECONNREFUSED)');
    expect(toVerdaccioError('x', restError(503, 'ServerBusy'))).toMatchObject({ code: 503 });
  });

  it('keeps only code-shaped values: a code field holding free text is not echoed', () => {
    expect(azureFailure({ statusCode: 400, code: 'sig=abc def; key=xyz', name: 'RestError' })).toEqual({ status: 400, code: 'RestError' });
    expect(azureFailure(undefined)).toEqual({ status: 0, code: 'UnknownError' });
  });
});
