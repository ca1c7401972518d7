import { describe, expect, it } from 'vitest';
import { readConsoleEnv } from '@/lib/env';
import { isAllowedHost } from './allowed-host';

const env = readConsoleEnv({ NODE_ENV: 'test', CONSOLE_PUBLIC_URL: 'https://Console.Example.com/', CONSOLE_ALLOWED_HOSTS: 'console-2.example.com,10.1.2.3' });

describe('isAllowedHost', () => {
  it('accepts the public URL host, the loopback names and the configured extra names, on any port', () => {
    for (const host of ['console.example.com', 'CONSOLE.example.com.:443', 'console-2.example.com:8443', '10.1.2.3', 'localhost:3000', '127.0.0.1:3000', '127.9.9.9', '[::1]:3000']) {
      expect(isAllowedHost(host, env), host).toBe(true);
    }
  });

  it('refuses every other name, and anything that is not a host', () => {
    for (const host of ['evil.example:3000', 'console.example.com.evil.example', '10.1.2.4', '[::2]', 'localhost.evil.example', '', 'evil.example@127.0.0.1', '127.0.0.1/x', null]) {
      expect(isAllowedHost(host, env), String(host)).toBe(false);
    }
  });
});
