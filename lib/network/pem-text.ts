// The Trusted CA field's text, line by line: certificate blocks, and nothing else. Anything pasted
// around them (a key's base64 body without its header, a PGP or PuTTY key, notes) would otherwise be
// kept in settings.json as a plain setting and read back by the Manage API and the CLI. No Node
// modules: the form runs the same scan in the browser.

const BEGIN = '-----BEGIN CERTIFICATE-----';
const END = '-----END CERTIFICATE-----';
/** Headers of private keys, whatever their format: PEM (`RSA`, `EC`, `ENCRYPTED`…), OpenSSH, PGP, PuTTY. */
const PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|^PuTTY-User-Key-File-\d+:|^Private-Lines:/m;
/** Lines of the certificate bundles CAs and systems publish (`# Issuer: …`), dropped on saving. */
const COMMENT = /^#/;

export interface PemBlock {
  /** The block's text, from its BEGIN line to its END line. */
  text: string;
  /** 1-based lines of its BEGIN and END markers. */
  from: number;
  to: number;
}

export type PemTextProblem = { code: 'caPrivateKey' } | { code: 'caStrayText'; params: { line: string } } | { code: 'caNotPem' };

export interface ScannedPemText {
  blocks: PemBlock[];
  /** What makes the text unacceptable: a key, no certificate, or the first line that is not a certificate block, a comment or blank. */
  problem: PemTextProblem | null;
}

/** Splits pasted text into certificate blocks; any other non-blank line outside them is a problem, with its number. */
export function scanPemText(text: string): ScannedPemText {
  const lines = text.split(/\r\n|\r|\n/);
  const blocks: PemBlock[] = [];
  let open: { from: number; lines: string[] } | null = null;
  let stray: number | null = null;
  lines.forEach((raw, position) => {
    const line = raw.trim();
    const number = position + 1;
    if (open) {
      open.lines.push(line);
      if (line === END) {
        blocks.push({ text: open.lines.join('\n'), from: open.from, to: number });
        open = null;
      }
      return;
    }
    if (line === BEGIN) open = { from: number, lines: [line] };
    else if (line !== '' && !COMMENT.test(line)) stray ??= number;
  });
  // A BEGIN never closed: the block starts the stray text.
  if (open) stray ??= (open as { from: number }).from;
  if (PRIVATE_KEY.test(text)) return { blocks, problem: { code: 'caPrivateKey' } };
  if (blocks.length === 0) return { blocks, problem: { code: 'caNotPem' } };
  return { blocks, problem: stray === null ? null : { code: 'caStrayText', params: { line: String(stray) } } };
}
