import { describe, expect, it } from 'vitest';
import { REQUEST_TIMEOUT_MS } from '@/lib/settings-api/api-client';
import { readConsoleEnv } from './env';

const withTimeout = (value: string) => readConsoleEnv({ NODE_ENV: 'test', CONSOLE_CHECK_TIMEOUT_MS: value });

describe('CONSOLE_CHECK_TIMEOUT_MS', () => {
  it('accepts up to 40 s, so the server times a check out before the browser gives up on it', () => {
    expect(withTimeout('40000').checkTimeoutMs).toBe(40_000);
    expect(() => withTimeout('40001')).toThrow(/CONSOLE_CHECK_TIMEOUT_MS/);
    expect(() => withTimeout('499')).toThrow(/CONSOLE_CHECK_TIMEOUT_MS/);
    expect(REQUEST_TIMEOUT_MS).toBeGreaterThanOrEqual(40_000 + 5_000);
  });
});
