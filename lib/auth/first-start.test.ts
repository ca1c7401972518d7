import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { prepareRootAccess } from './first-start';
import { createRootPassword, passwordFilePath } from './password-store';
import { isValidSetupToken } from './setup-token';
import { tempConsoleEnv } from '@/lib/testing/console-env';
import { verifyRootPassword } from './verify-root-password';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function setup(vars: Record<string, string> = {}) {
  const made = await tempConsoleEnv(vars);
  cleanups.push(made.cleanup);
  const lines: string[] = [];
  return { ...made, lines, run: () => prepareRootAccess(made.env, (line) => lines.push(line)) };
}

describe('prepareRootAccess', () => {
  it('prints a one-time setup URL whose token is valid, storing only its hash', async () => {
    const { env, dir, lines, run } = await setup({ CONSOLE_PUBLIC_URL: 'https://console.example.com/' });
    expect(await run()).toBe('setup-url');
    expect(lines).toHaveLength(1);
    const token = /https:\/\/console\.example\.com\/setup\?token=([A-Za-z0-9_-]{43})$/.exec(lines[0] ?? '')?.[1];
    expect(token).toBeDefined();
    expect(await isValidSetupToken(token, env)).toBe(true);
    expect(await isValidSetupToken(`${token}x`, env)).toBe(false);
    const stored = await fs.readFile(path.join(dir, 'setup-token.json'), 'utf8');
    expect(stored).not.toContain(token);
    // A restart mints a new token and the old one stops working.
    await run();
    expect(await isValidSetupToken(token, env)).toBe(false);
  });

  it('seeds CONSOLE_ROOT_PASSWORD at the first start without logging it, and only then', async () => {
    const { env, lines, run } = await setup({ CONSOLE_ROOT_PASSWORD: 'seeded root password' });
    expect(await run()).toBe('seeded');
    expect(lines.join('\n')).not.toContain('seeded root password');
    expect(await verifyRootPassword('seeded root password', 'unknown', env)).toMatchObject({ ok: true });
    expect(await run()).toBe('password-exists');
  });

  it('does not seed a too-short CONSOLE_ROOT_PASSWORD and offers the setup URL instead', async () => {
    const { lines, run } = await setup({ CONSOLE_ROOT_PASSWORD: 'too short' });
    const original = console.error;
    const errors: string[] = [];
    console.error = (line: string) => errors.push(line);
    try {
      expect(await run()).toBe('setup-url');
    } finally {
      console.error = original;
    }
    expect(errors.join('\n')).not.toContain('too short');
    expect(lines[0]).toMatch(/setup\?token=/);
  });

  it('never offers a setup URL over an existing or broken password file', async () => {
    const { env, lines, run } = await setup();
    await createRootPassword('an existing password', env);
    expect(await run()).toBe('password-exists');
    await fs.writeFile(passwordFilePath(env), 'broken');
    const original = console.error;
    console.error = () => undefined;
    try {
      expect(await run()).toBe('password-file-unusable');
    } finally {
      console.error = original;
    }
    expect(lines).toEqual([]);
  });

  it('does nothing during next build', async () => {
    const { dir, run } = await setup({ NEXT_PHASE: 'phase-production-build' });
    expect(await run()).toBe('skipped');
    expect(await fs.readdir(dir)).toEqual([]);
  });
});
