import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempConsoleEnv } from '@/lib/testing/console-env';
import type { ConsoleEnv } from '@/lib/env';
import { readAuditEvents, readAuditLog } from '@/lib/settings/audit-log';
import {
  issueMetricsToken,
  MetricsTokenFileError,
  metricsTokenPath,
  MetricsTokenStateError,
  metricsTokenStatus,
  parseBearerAuthorization,
  revokeMetricsToken,
  verifyMetricsToken,
} from './metrics-token';

let env: ConsoleEnv;
let dir: string;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  ({ env, dir, cleanup } = await tempConsoleEnv());
});
afterEach(async () => {
  await cleanup();
});

const stateError = (code: string) => expect.objectContaining({ name: 'MetricsTokenStateError', code });

describe('the metrics token', () => {
  it('is made from 256 random bits, starts with its id, and is stored only as its SHA-256 in a 0600 file', async () => {
    const issued = await issueMetricsToken('create', 'cli', env);
    expect(issued.token).toMatch(/^pscm_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
    expect(issued.token.startsWith(`${issued.id}_`)).toBe(true);
    const stat = await fs.stat(metricsTokenPath(env));
    expect(stat.mode & 0o777).toBe(0o600);
    const text = await fs.readFile(metricsTokenPath(env), 'utf8');
    expect(JSON.parse(text)).toEqual({ format: 1, id: issued.id, sha256: createHash('sha256').update(issued.token).digest('hex'), createdAt: issued.createdAt });
    expect(text).not.toContain(issued.token.slice(issued.id.length + 1));
    expect(await metricsTokenStatus(env)).toEqual({ id: issued.id, createdAt: issued.createdAt });
    // No temp file left beside it (written atomically).
    expect((await fs.readdir(dir)).filter((name) => name.includes('metrics-token'))).toEqual(['metrics-token.json']);
  });

  it('verifies only the token in force', async () => {
    const { token } = await issueMetricsToken('create', 'console', env);
    expect(await verifyMetricsToken(token, env)).toBe(true);
    const last = token.at(-1) === 'A' ? 'B' : 'A';
    expect(await verifyMetricsToken(`${token.slice(0, -1)}${last}`, env)).toBe(false);
    expect(await verifyMetricsToken(`${token}x`, env)).toBe(false);
    expect(await verifyMetricsToken('', env)).toBe(false);
    expect(await verifyMetricsToken(createHash('sha256').update(token).digest('hex'), env)).toBe(false);
    const other = await tempConsoleEnv();
    try {
      expect(await verifyMetricsToken(token, other.env)).toBe(false);
    } finally {
      await other.cleanup();
    }
  });

  it('is created once: a second create is refused and leaves the first in force', async () => {
    const first = await issueMetricsToken('create', 'api', env);
    await expect(issueMetricsToken('create', 'api', env)).rejects.toEqual(stateError('metricsTokenExists'));
    expect(await verifyMetricsToken(first.token, env)).toBe(true);
  });

  it('rotated: the old token is refused and the new one accepted; nothing to rotate without a token', async () => {
    await expect(issueMetricsToken('rotate', 'cli', env)).rejects.toBeInstanceOf(MetricsTokenStateError);
    const first = await issueMetricsToken('create', 'cli', env);
    const second = await issueMetricsToken('rotate', 'cli', env);
    expect(second.id).not.toBe(first.id);
    expect(await verifyMetricsToken(first.token, env)).toBe(false);
    expect(await verifyMetricsToken(second.token, env)).toBe(true);
    expect((await fs.stat(metricsTokenPath(env))).mode & 0o777).toBe(0o600);
  });

  it('revoked: refused from then on, the file gone; revoking nothing is refused', async () => {
    const { token, id } = await issueMetricsToken('create', 'console', env);
    expect(await revokeMetricsToken('console', env)).toMatchObject({ id });
    expect(await verifyMetricsToken(token, env)).toBe(false);
    expect(await metricsTokenStatus(env)).toBeNull();
    await expect(fs.stat(metricsTokenPath(env))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(revokeMetricsToken('console', env)).rejects.toEqual(stateError('metricsTokenMissing'));
  });

  it('records every change in the audit log by id and actor, never the token, beside the settings entries', async () => {
    const created = await issueMetricsToken('create', 'cli', env);
    const rotated = await issueMetricsToken('rotate', 'api', env);
    await revokeMetricsToken('console', env);
    const events = await readAuditEvents(dir);
    expect(events.map(({ event, actor, id, replaced }) => ({ event, actor, id, replaced }))).toEqual([
      { event: 'metrics-token.created', actor: 'cli', id: created.id, replaced: undefined },
      { event: 'metrics-token.rotated', actor: 'api', id: rotated.id, replaced: created.id },
      { event: 'metrics-token.revoked', actor: 'console', id: rotated.id, replaced: undefined },
    ]);
    const log = await fs.readFile(`${dir}/audit.log`, 'utf8');
    for (const { token } of [created, rotated]) {
      expect(log).not.toContain(token);
      expect(log).not.toContain(createHash('sha256').update(token).digest('hex'));
    }
    expect(await readAuditLog(dir)).toEqual([]);
  });

  it('a damaged token file is reported with its path, and opens nothing', async () => {
    await fs.writeFile(metricsTokenPath(env), '{"format":1,"id":"pscm_0000', { mode: 0o600 });
    await expect(metricsTokenStatus(env)).rejects.toBeInstanceOf(MetricsTokenFileError);
    await expect(verifyMetricsToken(`pscm_00000000_${'A'.repeat(43)}`, env)).rejects.toMatchObject({ path: metricsTokenPath(env) });
    await expect(issueMetricsToken('create', 'cli', env)).rejects.toEqual(stateError('metricsTokenExists'));
  });
});

describe('parseBearerAuthorization', () => {
  it('takes the token of a bearer header only', () => {
    expect(parseBearerAuthorization('Bearer abc_123')).toBe('abc_123');
    expect(parseBearerAuthorization('bearer  abc ')).toBe('abc');
    expect(parseBearerAuthorization('Basic YXBpX2tleTp4')).toBeNull();
    expect(parseBearerAuthorization('Bearer')).toBeNull();
    expect(parseBearerAuthorization('Bearer a b')).toBeNull();
    expect(parseBearerAuthorization(null)).toBeNull();
  });
});
