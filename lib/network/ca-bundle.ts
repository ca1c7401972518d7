import { X509Certificate } from 'node:crypto';
import { scanPemText, type PemBlock } from './pem-text';

// The Trusted CA certificates an admin pastes: parsed on the server with Node's own X.509 reader, each
// certificate shown back by what identifies it, and anything that could not anchor a TLS chain refused.

export const MAX_CA_CERTIFICATES = 50;

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
  code: 'caNotPem' | 'caPrivateKey' | 'caStrayText' | 'caTooMany' | 'caUnreadable' | 'caNotCa' | 'caExpired' | 'caNotYetValid';
  /** Which certificate: `index` (1-based), its lines `from`–`to`, and `subject` when it could be read. */
  params?: Record<string, string>;
}

export interface ParsedCaBundle {
  certificates: CaCertificateSummary[];
  /** The certificates re-encoded in PEM from their DER, one per entry: what is stored and trusted. */
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

/** Where a certificate is in the pasted text, for messages: "certificate 2 (lines 24–41)". */
function position(block: PemBlock, index: number): Record<string, string> {
  return { index: String(index), from: String(block.from), to: String(block.to) };
}

function checkOne(certificate: X509Certificate, where: Record<string, string>, now: Date): CaBundleError | null {
  const summary = summarize(certificate);
  const params = { ...where, subject: summary.subject };
  // basicConstraints CA:TRUE is what lets a certificate sign others; a server certificate pasted here
  // would never make its own chain verify.
  if (!certificate.ca) return { code: 'caNotCa', params };
  if (new Date(summary.validTo) < now) return { code: 'caExpired', params: { ...params, date: summary.validTo } };
  if (new Date(summary.validFrom) > now) return { code: 'caNotYetValid', params: { ...params, date: summary.validFrom } };
  return null;
}

/**
 * Reads pasted CA certificates: only certificate blocks (and `#` comment lines) are accepted, and only
 * the certificates, re-encoded from their DER, are kept (`pems`).
 */
export function parseCaBundle(text: string, now: Date = new Date()): ParsedCaBundle {
  const empty: ParsedCaBundle = { certificates: [], pems: [], errors: [] };
  if (text.trim() === '') return empty;
  const scanned = scanPemText(text);
  // A key pasted with the certificates, or any other text around them, would be stored as a plain setting.
  if (scanned.problem) return { ...empty, errors: [scanned.problem] };
  const { blocks } = scanned;
  if (blocks.length > MAX_CA_CERTIFICATES) return { ...empty, errors: [{ code: 'caTooMany', params: { max: String(MAX_CA_CERTIFICATES) } }] };
  const result: ParsedCaBundle = { certificates: [], pems: [], errors: [] };
  blocks.forEach((block, offset) => {
    const where = position(block, offset + 1);
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(block.text);
    } catch {
      result.errors.push({ code: 'caUnreadable', params: where });
      return;
    }
    result.certificates.push(summarize(certificate));
    // Node writes the PEM from the parsed DER: nothing of the pasted text survives but the certificate.
    result.pems.push(certificate.toString());
    const error = checkOne(certificate, where, now);
    if (error) result.errors.push(error);
  });
  return result;
}

/** The field's value as stored: the certificates re-encoded, one after the other ('' for none). */
export function normalizedCaText(text: string): string {
  // Accepted text has nothing else; a file saved before keeps its readable certificates and only them.
  const pems = scanPemText(text).blocks.flatMap((block) => {
    try {
      return [new X509Certificate(block.text).toString().trim()];
    } catch {
      return [];
    }
  });
  return pems.join('\n');
}
