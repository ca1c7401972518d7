import path from 'node:path';
import { z } from 'zod';

// The one place that reads process.env: every setting is validated here, so a typo fails
// loudly at the first use instead of silently falling back to a default somewhere else.
const envSchema = z.object({
  CONSOLE_DATA_DIR: z.string().trim().min(1).default('./data'),
  CONSOLE_ENCRYPTION_KEY: z
    .string()
    .trim()
    .optional()
    .refine((value) => value === undefined || value === '' || decodeEncryptionKey(value) !== null, {
      message: 'CONSOLE_ENCRYPTION_KEY must be 32 bytes, as 64 hex digits or base64',
    }),
  CONSOLE_CHECK_TIMEOUT_MS: z.coerce.number().int().min(500).max(120_000).default(10_000),
});

export interface ConsoleEnv {
  dataDir: string;
  encryptionKey: Buffer | null;
  checkTimeoutMs: number;
}

export function decodeEncryptionKey(value: string): Buffer | null {
  const key = /^[0-9a-f]{64}$/i.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
  return key.length === 32 ? key : null;
}

export function readConsoleEnv(env: NodeJS.ProcessEnv = process.env): ConsoleEnv {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid console environment: ${problems.join('; ')}`);
  }
  const { CONSOLE_DATA_DIR, CONSOLE_ENCRYPTION_KEY, CONSOLE_CHECK_TIMEOUT_MS } = parsed.data;
  return {
    dataDir: path.resolve(CONSOLE_DATA_DIR),
    encryptionKey: CONSOLE_ENCRYPTION_KEY ? decodeEncryptionKey(CONSOLE_ENCRYPTION_KEY) : null,
    checkTimeoutMs: CONSOLE_CHECK_TIMEOUT_MS,
  };
}
