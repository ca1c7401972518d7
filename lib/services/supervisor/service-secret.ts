import 'server-only';
import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { createFileExclusive } from '@/lib/fs/atomic-write';

// One random secret per service, kept in data/services/<id>/service.secret (0600), from which each
// instance derives its credentials (the build cache's bearer token, the npm canary's password): a new
// instance behind the front must accept what clients were given for the previous one.

export async function readServiceSecret(serviceDir: string): Promise<string> {
  const file = path.join(serviceDir, 'service.secret');
  await fs.mkdir(serviceDir, { recursive: true, mode: 0o700 });
  await createFileExclusive(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
  const secret = (await fs.readFile(file, 'utf8')).trim();
  if (!/^[0-9a-f]{64}$/.test(secret)) throw new Error(`${file} is damaged: remove it to make a new one (clients must then be given new credentials)`);
  return secret;
}

/** A credential for `purpose`, the same for every instance of the service. */
export function deriveCredential(serviceSecret: string, purpose: string): string {
  return createHmac('sha256', serviceSecret).update(purpose).digest('hex');
}
