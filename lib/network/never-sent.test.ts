import { describe, expect, it } from 'vitest';
import { requestNeverSent } from './never-sent';

const coded = (code: string, extra: object = {}) => Object.assign(new Error(code), { code }, extra);

describe('requestNeverSent', () => {
  it('is true when the connection, the tunnel or TLS failed before the request left', () => {
    expect(requestNeverSent(coded('UNABLE_TO_VERIFY_LEAF_SIGNATURE'))).toBe(true);
    expect(requestNeverSent(coded('ERR_TLS_CERT_ALTNAME_INVALID'))).toBe(true);
    expect(requestNeverSent(coded('ERR_PROXY_AUTH_REQUIRED'))).toBe(true);
    expect(requestNeverSent(new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')]))).toBe(true);
  });

  it('is false when the request may have reached the storage, or nothing says', () => {
    expect(requestNeverSent(coded('ECONNRESET'))).toBe(false);
    expect(requestNeverSent(coded('ETIMEDOUT'))).toBe(false);
    expect(requestNeverSent(coded('ECONNREFUSED', { cause: coded('ECONNRESET') }))).toBe(false);
    expect(requestNeverSent(new Error('no code'))).toBe(false);
  });
});
