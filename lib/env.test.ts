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

describe('storage health settings', () => {
  it('checks every 300 s and calls 1000 ms slow by default; the interval stays within 10 s to 1 day', () => {
    expect(readConsoleEnv({ NODE_ENV: 'test' })).toMatchObject({ healthIntervalSeconds: 300, healthSlowMs: 1000 });
    expect(readConsoleEnv({ NODE_ENV: 'test', CONSOLE_HEALTH_INTERVAL_SECONDS: '10', CONSOLE_HEALTH_SLOW_MS: '250' })).toMatchObject({
      healthIntervalSeconds: 10,
      healthSlowMs: 250,
    });
    expect(readConsoleEnv({ NODE_ENV: 'test', CONSOLE_HEALTH_INTERVAL_SECONDS: '86400' }).healthIntervalSeconds).toBe(86_400);
    for (const bad of ['9', '86401', 'soon', '12.5']) {
      expect(() => readConsoleEnv({ NODE_ENV: 'test', CONSOLE_HEALTH_INTERVAL_SECONDS: bad })).toThrow(/CONSOLE_HEALTH_INTERVAL_SECONDS/);
    }
    expect(() => readConsoleEnv({ NODE_ENV: 'test', CONSOLE_HEALTH_SLOW_MS: '0' })).toThrow(/CONSOLE_HEALTH_SLOW_MS/);
  });
});

describe('proxy variables', () => {
  it('are read with the rest of the environment, and a bad one fails naming only the variable', () => {
    const env = readConsoleEnv({ NODE_ENV: 'test', https_proxy: 'http://proxy.corp:3128', NO_PROXY: 'minio.corp' });
    expect(env.proxy.https).toMatchObject({ host: 'proxy.corp', port: 3128 });
    expect(env.proxy.noProxy).toEqual(['minio.corp']);
    expect(() => readConsoleEnv({ NODE_ENV: 'test', HTTPS_PROXY: 'ftp://user:hunter2@proxy' })).toThrow(/HTTPS_PROXY: only http/);
    expect(() => readConsoleEnv({ NODE_ENV: 'test', HTTPS_PROXY: 'ftp://user:hunter2@proxy' })).not.toThrow(/hunter2/);
  });
});

describe('CONSOLE_NPM_UPSTREAM_URL', () => {
  it('defaults to the public npm registry and takes only an http(s) URL, without echoing the value', () => {
    expect(readConsoleEnv({ NODE_ENV: 'test' }).serviceUpstreamUrls).toEqual({ npm: 'https://registry.npmjs.org/' });
    expect(readConsoleEnv({ NODE_ENV: 'test', CONSOLE_NPM_UPSTREAM_URL: 'http://127.0.0.1:4999/' }).serviceUpstreamUrls.npm).toBe('http://127.0.0.1:4999/');
    for (const bad of ['registry.npmjs.org', 'ftp://mirror.corp/', 'file:///srv/npm']) {
      expect(() => readConsoleEnv({ NODE_ENV: 'test', CONSOLE_NPM_UPSTREAM_URL: bad })).toThrow(/CONSOLE_NPM_UPSTREAM_URL must be an http:\/\/ or https:\/\/ URL/);
    }
  });
});
