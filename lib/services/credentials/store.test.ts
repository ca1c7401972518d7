import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readConsoleEnv, type ConsoleEnv } from '@/lib/env';
import { CredentialError } from './errors';
import { addCredential, credentialsPath, listCredentials, openCredentials, revokeCredential } from './store';

let dir: string;
let env: ConsoleEnv;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'credentials-'));
  env = readConsoleEnv({ NODE_ENV: 'test', CONSOLE_DATA_DIR: dir });
});

afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function failure(promise: Promise<unknown>): Promise<CredentialError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(CredentialError);
  return error as CredentialError;
}

describe('credentials store', () => {
  it('returns a strong secret once, lists names and dates only, and keeps the secret sealed in a 0600 file', async () => {
    const added = await addCredential(env, 'npm', 'ci-bot');
    expect(added.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const listed = await listCredentials(env, 'npm');
    expect(listed).toEqual([{ name: 'ci-bot', createdAt: added.createdAt }]);
    expect(JSON.stringify(listed)).not.toContain(added.secret);
    const raw = await fs.readFile(credentialsPath(dir), 'utf8');
    expect(raw).toContain('ci-bot');
    expect(raw).not.toContain(added.secret);
    expect(raw).not.toContain(Buffer.from(added.secret).toString('base64'));
    expect((await fs.stat(credentialsPath(dir))).mode & 0o777).toBe(0o600);
    expect(await openCredentials(env, 'npm')).toEqual([{ name: 'ci-bot', secret: added.secret }]);
    expect(await openCredentials(env, 'build-cache')).toEqual([]);
  });

  it('gives each credential its own secret and keeps ecosystems apart', async () => {
    const [a, b] = await Promise.all([addCredential(env, 'npm', 'a'), addCredential(env, 'npm', 'b')]);
    const c = await addCredential(env, 'build-cache', 'a');
    expect(new Set([a.secret, b.secret, c.secret]).size).toBe(3);
    expect((await listCredentials(env, 'npm')).map((entry) => entry.name).sort()).toEqual(['a', 'b']);
    expect((await listCredentials(env, 'build-cache')).map((entry) => entry.name)).toEqual(['a']);
  });

  it('refuses a duplicate name in the same ecosystem, and writes nothing', async () => {
    await addCredential(env, 'npm', 'deploy');
    const before = await fs.readFile(credentialsPath(dir), 'utf8');
    const error = await failure(addCredential(env, 'npm', 'deploy'));
    expect(error.code).toBe('nameTaken');
    expect(await fs.readFile(credentialsPath(dir), 'utf8')).toBe(before);
  });

  it('refuses an empty name as missing', async () => {
    expect((await failure(addCredential(env, 'npm', ''))).code).toBe('nameRequired');
    await expect(fs.stat(credentialsPath(dir))).rejects.toThrow();
  });

  it.each(['Upper', 'with space', 'a:b', 'x'.repeat(65), 'é', '../etc'])('refuses the bad name %j', async (name) => {
    const error = await failure(addCredential(env, 'npm', name));
    expect(error.code).toBe('nameInvalid');
    await expect(fs.stat(credentialsPath(dir))).rejects.toThrow();
  });

  it('refuses the names of the console own accounts and unknown ecosystems', async () => {
    expect((await failure(addCredential(env, 'npm', 'packages-console-canary'))).code).toBe('nameReserved');
    expect((await failure(addCredential(env, 'nope', 'a'))).code).toBe('unknownEcosystem');
    expect((await failure(listCredentials(env, 'nope'))).code).toBe('unknownEcosystem');
  });

  it('revokes a credential, and says when there is none by that name', async () => {
    await addCredential(env, 'npm', 'old');
    await addCredential(env, 'npm', 'kept');
    await revokeCredential(env, 'npm', 'old');
    expect((await listCredentials(env, 'npm')).map((entry) => entry.name)).toEqual(['kept']);
    expect((await openCredentials(env, 'npm')).map((entry) => entry.name)).toEqual(['kept']);
    const error = await failure(revokeCredential(env, 'npm', 'old'));
    expect(error.code).toBe('notFound');
    expect(error.message).toContain('old');
  });

  it('does not open a sealed secret moved to another name', async () => {
    await addCredential(env, 'npm', 'a');
    await addCredential(env, 'npm', 'b');
    const file = JSON.parse(await fs.readFile(credentialsPath(dir), 'utf8'));
    const [a, b] = file.ecosystems.npm;
    [a.secret, b.secret] = [b.secret, a.secret];
    await fs.writeFile(credentialsPath(dir), JSON.stringify(file));
    await expect(openCredentials(env, 'npm')).rejects.toThrow('could not be decrypted');
  });

  it('refuses a damaged file or a secret stored in plaintext', async () => {
    await fs.mkdir(path.dirname(credentialsPath(dir)), { recursive: true });
    await fs.writeFile(credentialsPath(dir), JSON.stringify({ format: 1, ecosystems: { npm: [{ name: 'a', createdAt: new Date().toISOString(), secret: 'plain' }] } }));
    expect((await failure(listCredentials(env, 'npm'))).code).toBe('fileDamaged');
    await fs.writeFile(credentialsPath(dir), '{');
    expect((await failure(addCredential(env, 'npm', 'b'))).code).toBe('fileDamaged');
  });
});
