import 'server-only';

// The one place secrets are taken out of service output before it reaches a log file. Each secret is
// replaced wherever it appears, also URL-encoded or base64-encoded (an Authorization header, a connection string).

const MIN_SECRET_LENGTH = 4;

function variants(secret: string): string[] {
  const forms = new Set([secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')]);
  return [...forms].filter((form) => form.length >= MIN_SECRET_LENGTH);
}

export type Redactor = (text: string) => string;

export function createRedactor(secrets: readonly string[]): Redactor {
  // Longest first, so a secret containing another is replaced whole.
  const forms = secrets.flatMap(variants).sort((a, b) => b.length - a.length);
  if (forms.length === 0) return (text) => text;
  const pattern = new RegExp(forms.map((form) => form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  return (text) => text.replace(pattern, '[redacted]');
}
