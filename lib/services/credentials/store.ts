import 'server-only';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { ConsoleEnv } from '@/lib/env';
import { writeFileAtomic } from '@/lib/fs/atomic-write';
import { decryptSecret, encryptSecret, isSealedOrBlank, loadEncryptionKey, readEncryptionKey } from '@/lib/fs/secret-box';
import { withSettingsLock } from '@/lib/settings/settings-lock';
import { ECOSYSTEMS } from '../catalog';
import { CredentialError } from './errors';
import { CREDENTIAL_NAME, credentialNameProblem } from './schema';

// The admins' own write credentials for the packages services, by ecosystem, in
// data/services/credentials.json (0600): each a name, its creation date and a random secret sealed with
// the console's encryption key (the AAD names ecosystem and name, so a sealed secret moved to another
// entry does not open). A secret is shown once, by addCredential; only the supervisor opens them again,
// to render its services. The console's own canary account is not among them and never shown.

export type CredentialsEnv = Pick<ConsoleEnv, 'dataDir' | 'encryptionKey'>;

const SECRET_BYTES = 32;

const entrySchema = z.object({
  name: z.string().regex(CREDENTIAL_NAME),
  createdAt: z.iso.datetime(),
  secret: z.string().refine((value) => value !== '' && isSealedOrBlank(value), 'must be sealed'),
});
const fileSchema = z.object({ format: z.literal(1), ecosystems: z.record(z.string(), z.array(entrySchema)) });
type CredentialsFile = z.infer<typeof fileSchema>;

/** What may be shown of a credential: never its secret. */
export interface CredentialSummary {
  name: string;
  createdAt: string;
}

export interface OpenedCredential {
  name: string;
  secret: string;
}

export function credentialsPath(dataDir: string): string {
  return path.join(dataDir, 'services', 'credentials.json');
}

const aadOf = (ecosystemId: string, name: string) => `services.credentials:${ecosystemId}:${name}`;

function checkEcosystem(ecosystemId: string): void {
  if (!ECOSYSTEMS.some((spec) => spec.id === ecosystemId)) throw new CredentialError('unknownEcosystem', { ecosystem: ecosystemId });
}

async function readFile(dataDir: string): Promise<CredentialsFile> {
  const file = credentialsPath(dataDir);
  let raw: string;
  try {
    raw = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { format: 1, ecosystems: {} };
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new CredentialError('fileDamaged', { file });
  }
  const result = fileSchema.safeParse(parsed);
  if (!result.success) throw new CredentialError('fileDamaged', { file });
  return result.data;
}

/**
 * A change to the file: read, changed, written atomically. Writers are serialized within this process and
 * across processes (the console and the CLI) by the data directory's settings lock: both are milliseconds.
 */
async function update<T>(env: CredentialsEnv, change: (file: CredentialsFile) => Promise<T>): Promise<T> {
  const dir = path.dirname(credentialsPath(env.dataDir));
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  return withSettingsLock(env.dataDir, async (lock) => {
    const file = await readFile(env.dataDir);
    const result = await change(file);
    await lock.assertHeld();
    await writeFileAtomic(credentialsPath(env.dataDir), `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
    return result;
  });
}

/** Creates a credential and returns its secret: the only time it is ever given out. */
export async function addCredential(env: CredentialsEnv, ecosystemId: string, name: string): Promise<OpenedCredential & CredentialSummary> {
  checkEcosystem(ecosystemId);
  const problem = credentialNameProblem(name);
  if (problem) throw new CredentialError(problem.code, problem.params);
  // Loads (or creates) the key before the lock: creating it takes its own exclusive file.
  const key = await loadEncryptionKey(env as ConsoleEnv);
  return update(env, async (file) => {
    const entries = (file.ecosystems[ecosystemId] ??= []);
    if (entries.some((entry) => entry.name === name)) throw new CredentialError('nameTaken', { name, ecosystem: ecosystemId });
    const secret = randomBytes(SECRET_BYTES).toString('base64url');
    const createdAt = new Date().toISOString();
    entries.push({ name, createdAt, secret: encryptSecret(secret, key, aadOf(ecosystemId, name)) });
    return { name, createdAt, secret };
  });
}

export async function listCredentials(env: CredentialsEnv, ecosystemId: string): Promise<CredentialSummary[]> {
  checkEcosystem(ecosystemId);
  const file = await readFile(env.dataDir);
  return (file.ecosystems[ecosystemId] ?? []).map(({ name, createdAt }) => ({ name, createdAt }));
}

export async function revokeCredential(env: CredentialsEnv, ecosystemId: string, name: string): Promise<void> {
  checkEcosystem(ecosystemId);
  await update(env, async (file) => {
    const entries = file.ecosystems[ecosystemId] ?? [];
    if (!entries.some((entry) => entry.name === name)) throw new CredentialError('notFound', { name: name.slice(0, 80), ecosystem: ecosystemId });
    file.ecosystems[ecosystemId] = entries.filter((entry) => entry.name !== name);
  });
}

/** Every credential of an ecosystem with its secret opened: for rendering the service (server only, never shown). */
export async function openCredentials(env: CredentialsEnv, ecosystemId: string): Promise<OpenedCredential[]> {
  const entries = (await readFile(env.dataDir)).ecosystems[ecosystemId] ?? [];
  if (entries.length === 0) return [];
  const key = await readEncryptionKey(env as ConsoleEnv);
  if (!key) throw new CredentialError('keyMissing', {});
  return entries.map(({ name, secret }) => ({ name, secret: decryptSecret(secret, key, aadOf(ecosystemId, name)) }));
}
