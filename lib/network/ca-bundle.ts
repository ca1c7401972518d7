import { X509Certificate } from 'node:crypto';

// The Trusted CA certificates an admin pastes: parsed on the server with Node's own X.509 reader, each
// certificate shown back by what identifies it, and anything that could not anchor a TLS chain refused.

export const MAX_CA_CERTIFICATES = 50;

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;
const PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;

export interface CaCertificateSummary {
  subject: string;
  issuer: string;
  /** ISO 8601; the UI formats dates in the reader's locale. */
  validFrom: string;
  validTo: string;
  /** SHA-256 of the DER certificate, colon-separated hex. */
  fingerprint: string;
}

export interface CaBundleError {
  /** Message code (language lives in messages/*.json only). */
  code: 'caNotPem' | 'caPrivateKey' | 'caTooMany' | 'caUnreadable' | 'caNotCa' | 'caExpired' | 'caNotYetValid';
  params?: Record<string, string>;
}

export interface ParsedCaBundle {
  certificates: CaCertificateSummary[];
  /** The certificates in PEM, one per entry, to add to the trust store of outgoing requests. */
  pems: string[];
  errors: CaBundleError[];
}

/** `CN=Root, O=Corp`: Node gives one attribute per line. */
export function distinguishedName(value: string): string {
  return value.split('\n').map((part) => part.trim()).filter(Boolean).join(', ');
}

export function summarize(certificate: X509Certificate): CaCertificateSummary {
  return {
    subject: distinguishedName(certificate.subject),
    issuer: distinguishedName(certificate.issuer),
    validFrom: new Date(certificate.validFrom).toISOString(),
    validTo: new Date(certificate.validTo).toISOString(),
    fingerprint: certificate.fingerprint256,
  };
}

function checkOne(certificate: X509Certificate, index: number, now: Date): CaBundleError | null {
  const summary = summarize(certificate);
  const params = { index: String(index), subject: summary.subject };
  // basicConstraints CA:TRUE is what lets a certificate sign others; a server certificate pasted here
  // would never make its own chain verify.
  if (!certificate.ca) return { code: 'caNotCa', params };
  if (new Date(summary.validTo) < now) return { code: 'caExpired', params: { ...params, date: summary.validTo } };
  if (new Date(summary.validFrom) > now) return { code: 'caNotYetValid', params: { ...params, date: summary.validFrom } };
  return null;
}

export function parseCaBundle(text: string, now: Date = new Date()): ParsedCaBundle {
  const empty: ParsedCaBundle = { certificates: [], pems: [], errors: [] };
  if (text.trim() === '') return empty;
  // Pasted by mistake with the certificate, a key would be stored as a plain, non-secret setting.
  if (PRIVATE_KEY.test(text)) return { ...empty, errors: [{ code: 'caPrivateKey' }] };
  const blocks = text.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0) return { ...empty, errors: [{ code: 'caNotPem' }] };
  if (blocks.length > MAX_CA_CERTIFICATES) return { ...empty, errors: [{ code: 'caTooMany', params: { max: String(MAX_CA_CERTIFICATES) } }] };
  const result: ParsedCaBundle = { certificates: [], pems: [], errors: [] };
  blocks.forEach((block, position) => {
    const index = position + 1;
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(block);
    } catch {
      result.errors.push({ code: 'caUnreadable', params: { index: String(index) } });
      return;
    }
    result.certificates.push(summarize(certificate));
    result.pems.push(certificate.toString());
    const error = checkOne(certificate, index, now);
    if (error) result.errors.push(error);
  });
  return result;
}
