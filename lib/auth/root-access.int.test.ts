import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { signIn, startConsole, tempDataDir, type ConsoleServer } from '@/lib/testing/console-server';
import { runCli, type CliRun } from '@/lib/testing/run-cli';

// The root password's life on a real server: first start, lockout across a restart, the operator's
// recovery commands.

const running: ConsoleServer[] = [];
afterEach(async () => {
  for (const server of running.splice(0)) await server.stop();
});

async function start(dataDir: string, env: Record<string, string> = {}) {
  const server = await startConsole(dataDir, env);
  running.push(server);
  return server;
}

const cli = (args: string[], dataDir: string, stdin = ''): Promise<CliRun> => runCli(args, { env: { CONSOLE_DATA_DIR: dataDir }, stdin });

const login = (server: ConsoleServer, password: string) =>
  fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ password }),
    signal: AbortSignal.timeout(10_000),
  });

describe('first start', () => {
  it('prints one setup URL, which sets the password once; later starts print none', async () => {
    const dataDir = await tempDataDir('first-start');
    const server = await start(dataDir);
    const lines = server.output().split('\n').filter((line) => line.includes('/setup?token='));
    expect(lines).toHaveLength(1);
    const token = /token=([A-Za-z0-9_-]+)/.exec(lines[0] ?? '')?.[1] ?? '';
    expect(lines[0]).toContain(`${server.url}/setup?token=`);
    const setup = (password: string) =>
      fetch(`${server.url}/api/auth/setup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token, password, confirmPassword: password }),
        signal: AbortSignal.timeout(10_000),
      });
    expect((await setup('the first root password')).status).toBe(200);
    expect((await setup('a second root password')).status).toBe(409);
    await server.stop();
    const again = await start(dataDir);
    expect(again.output()).not.toContain('/setup?token=');
    expect((await login(again, 'the first root password')).status).toBe(200);
  });
});

describe('a damaged password file', () => {
  it('lets nobody in and offers no setup URL until `cli set-password` replaces it', async () => {
    const dataDir = await tempDataDir('damaged');
    await fs.writeFile(path.join(dataDir, 'root-password.json'), '{"format": 1, "hash": "trunc');
    const server = await start(dataDir, { CONSOLE_ROOT_PASSWORD: 'a seed that must not be used' });
    expect(server.output()).not.toContain('/setup?token=');
    const refused = await login(server, 'a seed that must not be used');
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { message: string }).message).toContain('set-password');
    const setup = await fetch(`${server.url}/api/auth/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: 'A'.repeat(43), password: 'takeover password', confirmPassword: 'takeover password' }),
      signal: AbortSignal.timeout(10_000),
    });
    expect(setup.status).toBe(503);
    expect((await cli(['set-password'], dataDir, 'the repaired password\n')).code).toBe(0);
    expect((await login(server, 'the repaired password')).status).toBe(200);
  });
});

describe('lockout', () => {
  it('survives a restart, refuses even the right password, and `cli unlock` lifts it on the running server', async () => {
    const dataDir = await tempDataDir('lockout');
    const password = 'lockout test password';
    const server = await start(dataDir, { CONSOLE_ROOT_PASSWORD: password });
    for (let attempt = 1; attempt <= 9; attempt += 1) expect((await login(server, `wrong ${attempt} wrong wrong`)).status).toBe(401);
    expect((await login(server, 'wrong 10 wrong wrong')).status).toBe(429);
    await server.stop();

    const restarted = await start(dataDir, { CONSOLE_ROOT_PASSWORD: password });
    const locked = await login(restarted, password);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(500);

    const unlock = await cli(['unlock'], dataDir);
    expect(unlock.code, unlock.stderr).toBe(0);
    expect(unlock.stdout).toContain('10 recent failed attempts');
    expect((await login(restarted, password)).status).toBe(200);
  });
});

describe('cli set-password', () => {
  it('replaces the password and ends every session, never echoing it', async () => {
    const dataDir = await tempDataDir('set-password');
    const server = await start(dataDir, { CONSOLE_ROOT_PASSWORD: 'the original password' });
    const cookie = await signIn(server, 'the original password');
    const settings = () => fetch(`${server.url}/api/settings/packages`, { headers: { cookie } });
    expect((await settings()).status).toBe(200);
    // The Manage API remembers a verified password for a while; a reset must end that at once.
    const manageAuth = { authorization: `Basic ${Buffer.from('api_key:the original password').toString('base64')}` };
    const manage = () => fetch(`${server.url}/manage/v1/config/settings`, { headers: manageAuth });
    expect((await manage()).status).toBe(200);
    expect((await manage()).status).toBe(200);

    const tooShort = await cli(['set-password'], dataDir, 'short\n');
    expect(tooShort.code).toBe(2);
    expect(tooShort.stderr).toContain('at least 12 characters');
    expect((await settings()).status).toBe(200);

    const reset = await cli(['set-password'], dataDir, 'the replacement password\n');
    expect(reset.code, reset.stderr).toBe(0);
    expect(`${reset.stdout}${reset.stderr}`).not.toContain('the replacement password');
    expect((await settings()).status).toBe(401);
    expect((await manage()).status).toBe(401);
    expect((await login(server, 'the original password')).status).toBe(401);
    expect((await login(server, 'the replacement password')).status).toBe(200);
    expect(server.output()).not.toMatch(/the (original|replacement) password/);
  });

  it('answers --help and refuses arguments', async () => {
    const dataDir = await tempDataDir('cli-usage');
    const help = await cli(['set-password', '--help'], dataDir);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('never accepted as an argument');
    const positional = await cli(['set-password', 'hunter2hunter2'], dataDir);
    expect(positional.code).toBe(2);
    expect((await cli(['unlock', '--help'], dataDir)).code).toBe(0);
  });
});
