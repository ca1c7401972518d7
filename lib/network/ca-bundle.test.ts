import { X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeTestCerts, type TestCerts } from '@/lib/testing/test-certs';
import { MAX_CA_CERTIFICATES, normalizedCaText, parseCaBundle } from './ca-bundle';

let certs: TestCerts;

/** The BEGIN and END lines of the n-th certificate block of a text, counted independently of the parser. */
function linesOf(text: string, n: number): { from: string; to: string } {
  const lines = text.split('\n');
  const begins = lines.flatMap((line, index) => (line === '-----BEGIN CERTIFICATE-----' ? [index + 1] : []));
  const ends = lines.flatMap((line, index) => (line === '-----END CERTIFICATE-----' ? [index + 1] : []));
  return { from: String(begins[n - 1]), to: String(ends[n - 1]) };
}
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
    expect(parsed.errors).toEqual([{ code: 'caNotCa', params: { index: '2', subject: 'CN=localhost', ...linesOf(certs.pem('ca') + certs.pem('valid'), 2) } }]);
  });

  it('refuses an expired CA with its end date', () => {
    expect(parseCaBundle(certs.pem('expired-ca')).errors).toEqual([
      { code: 'caExpired', params: { index: '1', subject: 'CN=Console Expired Test CA', date: '2021-01-01T00:00:00.000Z', ...linesOf(certs.pem('expired-ca'), 1) } },
    ]);
  });

  it('refuses a CA that is not valid yet', () => {
    expect(parseCaBundle(certs.pem('ca'), new Date('2000-01-01')).errors[0]?.code).toBe('caNotYetValid');
  });

  it('refuses text that is not PEM, a damaged block, a private key and too many certificates', () => {
    expect(parseCaBundle('MIIB...not a certificate').errors).toEqual([{ code: 'caNotPem' }]);
    const damaged = certs.pem('ca').replace(/\n[A-Za-z0-9+/]{20}/, '\n!!!!');
    expect(parseCaBundle(damaged).errors).toEqual([{ code: 'caUnreadable', params: { index: '1', ...linesOf(damaged, 1) } }]);
    expect(parseCaBundle(certs.pem('ca') + certs.key('valid')).errors).toEqual([{ code: 'caPrivateKey' }]);
    expect(parseCaBundle(certs.pem('ca').repeat(MAX_CA_CERTIFICATES + 1)).errors[0]?.code).toBe('caTooMany');
  });

  it('treats a blank field as no extra CAs', () => {
    expect(parseCaBundle('  \n')).toEqual({ certificates: [], pems: [], errors: [] });
  });

  it('names the certificate at fault by position, lines and subject among several', () => {
    const bundle = `${certs.pem('ca')}\n${certs.pem('other-ca')}\n${certs.pem('valid')}`;
    const lines = linesOf(bundle, 3);
    expect(Number(lines.from)).toBeGreaterThan(20);
    expect(parseCaBundle(bundle).errors).toEqual([{ code: 'caNotCa', params: { index: '3', subject: 'CN=localhost', ...lines } }]);
  });

  it('refuses any text outside the certificate blocks, by its line: a key body without its header, PGP and PuTTY keys, notes', () => {
    const ca = certs.pem('ca').trimEnd();
    const keyBody = certs.key('valid').split('\n').filter((line) => line !== '' && !line.startsWith('-----')).join('\n');
    const after = ca.split('\n').length + 1;
    expect(parseCaBundle(`${ca}\n${keyBody}`).errors).toEqual([{ code: 'caStrayText', params: { line: String(after) } }]);
    expect(parseCaBundle(`${keyBody}\n\n${ca}`).errors).toEqual([{ code: 'caStrayText', params: { line: '1' } }]);
    expect(parseCaBundle(`${ca}\n\n  password: hunter2\n`).errors).toEqual([{ code: 'caStrayText', params: { line: String(after + 1) } }]);
    const pgp = '-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQOYBF0AAAABCAC7\n=abcd\n-----END PGP PRIVATE KEY BLOCK-----';
    expect(parseCaBundle(`${ca}\n${pgp}`).errors).toEqual([{ code: 'caPrivateKey' }]);
    const putty = 'PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: x\nPublic-Lines: 2\nAAAAC3Nz\nPrivate-Lines: 1\nAAAAIA==\nPrivate-MAC: 00';
    expect(parseCaBundle(`${ca}\n${putty}`).errors).toEqual([{ code: 'caPrivateKey' }]);
    expect(parseCaBundle(`${ca}\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaA==\n-----END OPENSSH PRIVATE KEY-----`).errors).toEqual([{ code: 'caPrivateKey' }]);
    // A block left open is stray text from its BEGIN line on.
    expect(parseCaBundle(`${ca}\n-----BEGIN CERTIFICATE-----\nMIIB`).errors).toEqual([{ code: 'caStrayText', params: { line: String(after) } }]);
  });

  it('keeps only the certificates, re-encoded from their DER: comments, blank lines and line endings are not kept', () => {
    const ca = certs.pem('ca');
    const messy = `# corporate root\r\n\r\n${ca.replace(/\n/g, '\r\n').replace(/^(.{10})/m, '  $1')}\n   \n`;
    const parsed = parseCaBundle(messy);
    expect(parsed.errors).toEqual([]);
    expect(parsed.pems).toEqual([new X509Certificate(ca).toString()]);
    expect(normalizedCaText(messy)).toBe(new X509Certificate(ca).toString().trim());
    expect(normalizedCaText(`${ca}\n\n${certs.pem('other-ca')}`)).toBe(`${ca.trim()}\n${certs.pem('other-ca').trim()}`);
    expect(normalizedCaText(messy)).not.toContain('#');
    expect(normalizedCaText('')).toBe('');
    // What a file saved before holds around its certificates is dropped, the certificates kept.
    expect(normalizedCaText(`${ca}\n${certs.key('valid')}\nnotes`)).toBe(ca.trim());
  });
});
