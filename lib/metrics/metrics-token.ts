import 'server-only';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { ConsoleEnv } from '@/lib/env';
import { createFileExclusive, writeFileAtomic } from '@/lib/fs/atomic-write';
import { ensureDataDir } from '@/lib/fs/data-dir';
import { appendAuditEvent } from '@/lib/settings/audit-log';

// The bearer token Prometheus scrapes /metrics with, so it never holds the root password. Only its
// SHA-256 is stored (<data>/metrics-token.json, 0600), with its creation time and its id: the
// non-secret start of the token (`pscm_` + 8 hex digits) that lets an admin recognise it. 256 random
// bits make a slow hash pointless. Every change is recorded in the audit log by event and id, never the token.

export const METRICS_TOKEN_FILE = 'metrics-token.json';
const TOKEN = /^(pscm_[0-9a-f]{8})_[A-Za-z0-9_-]{43}$/;
const fileSchema = z.object({ format: z.literal(1), id: z.string().regex(/^pscm_[0-9a-f]{8}$/), sha256: z.string().regex(/^[0-9a-f]{64}$/), createdAt: z.string() });

export interface MetricsTokenStatus {
  id: string;
  createdAt: string;
}

export interface IssuedMetricsToken extends MetricsTokenStatus {
  /** The token itself: shown once, never stored. */
  token: string;
}

export type MetricsTokenActor = 'console' | 'api' | 'cli';

/** The token file exists but cannot be read or is not a token file: reported with its path, never overwritten silently. */
export class MetricsTokenFileError extends Error {
  override name = 'MetricsTokenFileError';
  constructor(readonly path: string, readonly code: string) {
    super(`The metrics token file ${path} cannot be used (${code})`);
  }
}

/** create when a token exists, rotate or revoke when none does. */
export class MetricsTokenStateError extends Error {
  override name = 'MetricsTokenStateError';
  constructor(readonly code: 'metricsTokenExists' | 'metricsTokenMissing') {
    super(code);
  }
}

export function metricsTokenPath(env: Pick<ConsoleEnv, 'dataDir'>): string {
  return path.join(env.dataDir, METRICS_TOKEN_FILE);
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

async function readStored(env: Pick<ConsoleEnv, 'dataDir'>): Promise<z.infer<typeof fileSchema> | null> {
  const file = metricsTokenPath(env);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    if (code === 'ENOENT') return null;
    throw new MetricsTokenFileError(file, code);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new MetricsTokenFileError(file, 'malformed');
  }
  const result = fileSchema.safeParse(parsed);
  if (!result.success) throw new MetricsTokenFileError(file, 'malformed');
  return result.data;
}

/** The id and creation time of the token in force, or null when there is none. */
export async function metricsTokenStatus(env: Pick<ConsoleEnv, 'dataDir'>): Promise<MetricsTokenStatus | null> {
  const stored = await readStored(env);
  return stored && { id: stored.id, createdAt: stored.createdAt };
}

function mint(): { issued: IssuedMetricsToken; content: string } {
  const id = `pscm_${randomBytes(4).toString('hex')}`;
  const token = `${id}_${randomBytes(32).toString('base64url')}`;
  const createdAt = new Date().toISOString();
  const content = `${JSON.stringify({ format: 1, id, sha256: digest(token).toString('hex'), createdAt })}\n`;
  return { issued: { id, createdAt, token }, content };
}

/**
 * `create` makes the first token (refused when one exists, so a second admin can't silently cut
 * Prometheus off); `rotate` replaces the one in force, which stops working at once.
 */
export async function issueMetricsToken(mode: 'create' | 'rotate', actor: MetricsTokenActor, env: Pick<ConsoleEnv, 'dataDir'>): Promise<IssuedMetricsToken> {
  await ensureDataDir(env);
  const { issued, content } = mint();
  let replaced: MetricsTokenStatus | null = null;
  if (mode === 'create') {
    // link(2)-based: two creators racing (console and CLI) cannot both win.
    if (!(await createFileExclusive(metricsTokenPath(env), content, { mode: 0o600 }))) throw new MetricsTokenStateError('metricsTokenExists');
  } else {
    replaced = await metricsTokenStatus(env);
    if (!replaced) throw new MetricsTokenStateError('metricsTokenMissing');
    await writeFileAtomic(metricsTokenPath(env), content, { mode: 0o600 });
  }
  await recordChange(env, mode === 'create' ? 'metrics-token.created' : 'metrics-token.rotated', actor, issued.id, replaced?.id);
  return issued;
}

/** Deletes the token in force: scrapes with it are refused from the next request on. */
export async function revokeMetricsToken(actor: MetricsTokenActor, env: Pick<ConsoleEnv, 'dataDir'>): Promise<MetricsTokenStatus> {
  const current = await metricsTokenStatus(env);
  if (!current) throw new MetricsTokenStateError('metricsTokenMissing');
  await fs.rm(metricsTokenPath(env), { force: true });
  await recordChange(env, 'metrics-token.revoked', actor, current.id);
  return current;
}

/** The change stands once the file is written; an audit log that can't be appended to is logged, not fatal (as for settings). */
async function recordChange(env: Pick<ConsoleEnv, 'dataDir'>, event: string, actor: MetricsTokenActor, id: string, replacedId?: string): Promise<void> {
  try {
    await appendAuditEvent(env.dataDir, { time: new Date().toISOString(), event, actor, id, ...(replacedId ? { replaced: replacedId } : {}) });
  } catch (error) {
    console.error(`Writing the audit log failed: ${(error as NodeJS.ErrnoException).code ?? 'error'} in ${env.dataDir}`);
  }
}

/** true only for the token in force; compared in constant time over the SHA-256 digests. */
export async function verifyMetricsToken(token: string, env: Pick<ConsoleEnv, 'dataDir'>): Promise<boolean> {
  if (!TOKEN.test(token)) return false;
  const stored = await readStored(env);
  if (!stored) return false;
  return timingSafeEqual(digest(token), Buffer.from(stored.sha256, 'hex'));
}

/** The token from `Authorization: Bearer …`, or null when the header is absent or not a bearer one. */
export function parseBearerAuthorization(header: string | null): string | null {
  const match = /^Bearer[ ]+([^ ]+)[ ]*$/i.exec(header ?? '');
  return match?.[1] ?? null;
}
