import 'server-only';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { readConsoleEnv } from '@/lib/env';
import type { CredentialsEnv } from '@/lib/services/credentials/store';
import { serviceInput } from '@/lib/services/input';
import { ServiceFront } from '@/lib/services/supervisor/front';
import { ServiceRunner } from '@/lib/services/supervisor/runner';
import type { EcosystemMode, PackagesService, ServiceInput } from '@/lib/services/types';
import { EMPTY_PACKAGES_SETTINGS, type PackagesSettings } from '@/lib/settings/types';
import { keyConnectionString } from './azurite';
import { s3Env } from './s3-int-support';

// Integration-test support for lib/services/: applied settings on the local Ceph RGW or Azurite, an
// ecosystem (front + runner) in a throwaway data directory, and the stock npm client run in isolation.

const execFileAsync = promisify(execFile);
const DEFAULT_ENV = readConsoleEnv({} as NodeJS.ProcessEnv);
const NO_PROXY_ENV = { checkTimeoutMs: 10_000, proxy: DEFAULT_ENV.proxy, serviceUpstreamUrls: DEFAULT_ENV.serviceUpstreamUrls };

export function s3Settings(bucket: string): PackagesSettings {
  const { accessKey, secretKey } = s3Env.user('OWNER');
  return { ...EMPTY_PACKAGES_SETTINGS, enabled: true, storageType: 's3', serviceUrl: s3Env.endpoint, bucket, accessKey, secretKey, region: s3Env.region, pathStyle: 'path' } as PackagesSettings;
}

export function azureSettings(container: string): PackagesSettings {
  return { ...EMPTY_PACKAGES_SETTINGS, enabled: true, storageType: 'azure', azureContainerName: container, azureConnectionString: keyConnectionString() } as PackagesSettings;
}

/** `ecosystemSettings`: the `app.packages.ecosystems.*` values by suffix; `upstreamUrls` replaces the env's (a local Verdaccio). */
export function inputFor(settings: PackagesSettings, mode: EcosystemMode = 'enabled', ecosystemSettings: Record<string, string> = {}, upstreamUrls?: Record<string, string>): ServiceInput {
  const env = upstreamUrls ? { ...NO_PROXY_ENV, serviceUpstreamUrls: upstreamUrls } : NO_PROXY_ENV;
  return serviceInput(settings, mode, env, ecosystemSettings);
}

export async function tempDir(label: string): Promise<string> {
  await fs.mkdir(path.resolve('.tmp'), { recursive: true });
  return fs.mkdtemp(path.join(path.resolve('.tmp'), `${label}-`));
}

export interface TestEcosystem {
  front: ServiceFront;
  runner: ServiceRunner;
  frontUrl: string;
  servicesDir: string;
  close(): Promise<void>;
}

/** `credentialsEnv`: where the admins' credentials (lib/services/credentials/) are opened from, as the supervisor does. */
export async function startEcosystem(
  service: PackagesService,
  input: ServiceInput,
  options: { readyTimeoutMs?: number; dataDir?: string; credentialsEnv?: CredentialsEnv } = {},
): Promise<TestEcosystem> {
  const dataDir = options.dataDir ?? (await tempDir(`svc-${service.id}`));
  const servicesDir = path.join(dataDir, 'services');
  await fs.mkdir(servicesDir, { recursive: true });
  const front = new ServiceFront({ host: '127.0.0.1', port: 0 });
  const port = await front.listen();
  const runner = new ServiceRunner({ service, front, servicesDir, modulesDir: path.resolve('scripts/services/node_modules'), readyTimeoutMs: options.readyTimeoutMs ?? 60_000, graceMs: 3000, credentialsEnv: options.credentialsEnv });
  const ecosystem = {
    front,
    runner,
    frontUrl: `http://127.0.0.1:${port}`,
    servicesDir,
    async close() {
      await runner.stop();
      await front.close();
    },
  };
  try {
    await runner.apply(input);
  } catch (error) {
    await ecosystem.close();
    throw error;
  }
  return ecosystem;
}

/** The stock npm client with its own userconfig and cache: nothing of ~/.npmrc or the caller's npm_config_*. */
export async function runNpm(args: string[], options: { cwd: string; home: string; registry: string; token?: string }): Promise<{ code: number; stdout: string; stderr: string }> {
  // Without a package.json of its own, npm would walk up and install into the console's checkout.
  const manifest = path.join(options.cwd, 'package.json');
  if (!(await fs.stat(manifest).catch(() => null))) await fs.writeFile(manifest, '{"name":"consumer","version":"0.0.0","private":true}\n');
  const userconfig = path.join(options.home, '.npmrc');
  const host = options.registry.replace(/^https?:/, '');
  await fs.writeFile(userconfig, `registry=${options.registry}/\n${options.token ? `${host}/:_authToken=${options.token}\n` : ''}`, { mode: 0o600 });
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: options.home, npm_config_userconfig: userconfig, npm_config_cache: path.join(options.home, 'cache'), npm_config_update_notifier: 'false', NODE_ENV: 'production' as const };
  try {
    const { stdout, stderr } = await execFileAsync('npm', [...args, '--prefix', options.cwd, '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: options.cwd, env, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : 1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

/** `name@version` written in a folder of its own under `home` and published with the stock npm client as `token`. */
export async function publishWithNpm(home: string, registry: string, token: string, name: string, version = '1.0.0'): Promise<{ code: number; stdout: string; stderr: string }> {
  const dir = path.join(home, `pkg-${name.replace(/[@/]/g, '_')}-${version}`);
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(path.join(dir, 'package.json'), JSON.stringify({ name, version }));
  await fs.writeFile(path.join(dir, 'index.js'), `module.exports = ${JSON.stringify(`${name}@${version}`)};\n`);
  // A scoped package is published restricted unless told otherwise; the registry here takes either.
  return runNpm(['publish', '--access', 'public'], { cwd: dir, home, registry, token });
}

/** Everything a process shows to `ps`: its argv, NUL-separated. */
export async function commandLineOf(pid: number): Promise<string> {
  return (await fs.readFile(`/proc/${pid}/cmdline`, 'utf8')).replace(/\0/g, ' ');
}

export async function environmentOf(pid: number): Promise<Record<string, string>> {
  const raw = await fs.readFile(`/proc/${pid}/environ`, 'utf8');
  return Object.fromEntries(raw.split('\0').filter(Boolean).map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));
}

