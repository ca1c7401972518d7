import { X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeTestCerts, type TestCerts } from '@/lib/testing/test-certs';
import { MAX_CA_CERTIFICATES, parseCaBundle } from './ca-bundle';

let certs: TestCerts;
beforeAll(() => {
  certs = makeTestCerts();
});

describe('parseCaBundle', () => {
  it('shows each CA back by subject, issuer, validity and SHA-256 fingerprint', () => {
    const bundle = `# corporate roots\n${certs.pem('ca')}\n${certs.pem('other-ca')}`;
    const parsed = parseCaBundle(bundle);
    expect(parsed.errors).toEqual([]);
    expect(parsed.certificates).toHaveLength(2);
    expect(parsed.certificates[0]).toMatchObject({ subject: 'O=Console Test, CN=Console Test Root CA', issuer: 'O=Console Test, CN=Console Test Root CA' });
    expect(parsed.certificates[0]!.fingerprint).toBe(new X509Certificate(certs.pem('ca')).fingerprint256);
    expect(parsed.certificates[0]!.validTo).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(parsed.pems).toHaveLength(2);
  });

  it('refuses a server certificate, which cannot sign others', () => {
    const parsed = parseCaBundle(certs.pem('ca') + certs.pem('valid'));
    expect(parsed.errors).toEqual([{ code: 'caNotCa', params: { index: '2', subject: 'CN=localhost' } }]);
  });

  it('refuses an expired CA with its end date', () => {
    expect(parseCaBundle(certs.pem('expired-ca')).errors).toEqual([
      { code: 'caExpired', params: { index: '1', subject: 'CN=Console Expired Test CA', date: '2021-01-01T00:00:00.000Z' } },
    ]);
  });

  it('refuses a CA that is not valid yet', () => {
    expect(parseCaBundle(certs.pem('ca'), new Date('2000-01-01')).errors[0]?.code).toBe('caNotYetValid');
  });

  it('refuses text that is not PEM, a damaged block, a private key and too many certificates', () => {
    expect(parseCaBundle('MIIB...not a certificate').errors).toEqual([{ code: 'caNotPem' }]);
    const damaged = certs.pem('ca').replace(/\n[A-Za-z0-9+/]{20}/, '\n!!!!');
    expect(parseCaBundle(damaged).errors).toEqual([{ code: 'caUnreadable', params: { index: '1' } }]);
    expect(parseCaBundle(certs.pem('ca') + certs.key('valid')).errors).toEqual([{ code: 'caPrivateKey' }]);
    expect(parseCaBundle(certs.pem('ca').repeat(MAX_CA_CERTIFICATES + 1)).errors[0]?.code).toBe('caTooMany');
  });

  it('treats a blank field as no extra CAs', () => {
    expect(parseCaBundle('  \n')).toEqual({ certificates: [], pems: [], errors: [] });
  });
});
