import { describe, expect, it } from 'vitest';
import { proxyOptionsOf } from './client';
import { readPluginConfig } from './config';

const env = { AZ: 'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=a2V5;EndpointSuffix=core.windows.net', PROXY: 'http://u%40x:p%3Ass@proxy.local:3128' };
const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';

describe('plugin configuration', () => {
  it('reads the connection string and proxy from the variables it names, with defaults', () => {
    const config = readPluginConfig({ container: 'npm-store', connectionStringEnv: 'AZ', keyPrefix: 'npm' }, env);
    expect(config).toEqual({ container: 'npm-store', keyPrefix: 'npm/', connectionString: env.AZ, timeoutMs: 30_000, maxTries: 3, caPems: [], proxyUrl: null });
    const proxied = readPluginConfig({ container: 'npm-store', connectionStringEnv: 'AZ', proxyUrlEnv: 'PROXY', caFile: '/ca.pem', timeoutMs: 5000, maxTries: 1 }, env, () => `x\n${PEM}\n${PEM}`);
    expect(proxied).toMatchObject({ proxyUrl: env.PROXY, caPems: [PEM, PEM], timeoutMs: 5000, maxTries: 1 });
  });

  it('refuses a secret written in the file, a missing variable, a bad container and bad numbers, without echoing values', () => {
    const cases: [unknown, RegExp][] = [
      [undefined, /add a store.azure-blob-storage section/],
      [{ container: 'npm-store', connectionStringEnv: 'AZ', connectionString: env.AZ }, /must not be written in the configuration/],
      [{ container: 'npm-store', connectionStringEnv: 'MISSING' }, /MISSING \(connectionStringEnv\) is not set/],
      [{ container: 'npm-store', connectionStringEnv: 'not a name' }, /connectionStringEnv must name an environment variable/],
      [{ container: 'Bad_Name', connectionStringEnv: 'AZ' }, /container must be a valid container name/],
      [{ container: 'a--b', connectionStringEnv: 'AZ' }, /container must be a valid container name/],
      [{ container: 'npm-store', connectionStringEnv: 'AZ', timeoutMs: 0 }, /timeoutMs must be a positive integer/],
      [{ container: 'npm-store', connectionStringEnv: 'AZ', proxyUrlEnv: 'AZ' }, /must be an http:\/\/ or https:\/\/ proxy URL/],
      [{ container: 'npm-store', connectionStringEnv: 'AZ', caFile: '/empty.pem' }, /holds no PEM certificate/],
    ];
    for (const [section, message] of cases) {
      let thrown: Error | null = null;
      try {
        readPluginConfig(section, env, () => 'no pem here');
      } catch (error) {
        thrown = error as Error;
      }
      expect(thrown?.message).toMatch(message);
      expect(thrown?.message).not.toContain('a2V5');
    }
  });

  it('turns the proxy URL into the SDK proxyOptions, credentials decoded', () => {
    expect(proxyOptionsOf(env.PROXY)).toEqual({ host: 'http://proxy.local', port: 3128, username: 'u@x', password: 'p:ss' });
    expect(proxyOptionsOf('https://proxy.local')).toEqual({ host: 'https://proxy.local', port: 443 });
  });
});
