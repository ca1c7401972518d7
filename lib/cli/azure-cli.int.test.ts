import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AZURE_OPERATIONS } from '@/lib/storage/azure/sas';
import { azureEnv, containerName, createContainer, keyConnectionString, leftovers, removeContainer, sasConnectionString, type ContainerSetup } from '@/lib/testing/azurite';
import { runCli, type CliRun } from '@/lib/testing/run-cli';

// `cli storage check --type azure` and the Azure keys of `cli config`, as a script runs them: the
// connection string from the environment or stdin, one JSON object on stdout, the usual exit codes.

const SETUPS: Record<string, ContainerSetup> = { granted: {}, public: { access: 'container' } };
const containers = new Map<string, string>();
const IN_A_YEAR = new Date(Date.now() + 365 * 86_400_000);
let dataDir = '';

const container = (label: string) => containers.get(label) ?? '';
const cli = (args: string[], { connectionString = '', stdin = '' }: { connectionString?: string; stdin?: string } = {}): Promise<CliRun> =>
  runCli(args, { env: { CONSOLE_AZURE_CONNECTION_STRING: connectionString, CONSOLE_DATA_DIR: dataDir }, stdin });
const check = (name: string, connectionString: string) => cli(['storage', 'check', '--type', 'azure', '--container', name, '--json'], { connectionString });

function parseOne(run: CliRun) {
  expect(run.stdout.trim().split('\n'), run.stderr).toHaveLength(1);
  const json = JSON.parse(run.stdout) as { ok: boolean; permissions: Record<string, string>; errors: { code: string; field: string | null }[]; warnings: { code: string; field: string | null }[] };
  expect(Object.keys(json).sort()).toEqual(['errors', 'ok', 'permissions', 'warnings']);
  expect(Object.keys(json.permissions)).toEqual([...AZURE_OPERATIONS]);
  return json;
}

const passing = (overrides: Record<string, string> = {}) => ({ ...Object.fromEntries(AZURE_OPERATIONS.map((operation) => [operation, 'pass'])), ...overrides });

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'cli-azure-'));
  for (const [label, setup] of Object.entries(SETUPS)) {
    const name = containerName(label);
    await createContainer(name, setup);
    containers.set(label, name);
  }
});

afterEach(async () => {
  for (const name of containers.values()) expect(await leftovers(name), name).toEqual([]);
});

afterAll(async () => {
  for (const name of containers.values()) await removeContainer(name).catch(() => undefined);
  await rm(dataDir, { recursive: true, force: true });
});

describe('cli storage check --type azure', () => {
  it('passes all seven operations with an account key (connection string from the environment), never echoing it', async () => {
    const run = await check(container('granted'), keyConnectionString());
    expect(run.code, run.stderr).toBe(0);
    expect(parseOne(run)).toEqual({ ok: true, permissions: passing(), errors: [], warnings: [] });
    expect(run.stdout + run.stderr).not.toContain(azureEnv.accountKey);
  });

  it('reads the connection string from stdin when the environment has none', async () => {
    const run = await cli(['storage', 'check', '--type', 'azure', '--container', container('granted'), '--json'], { stdin: `${keyConnectionString()}\n` });
    expect(run.code, run.stderr).toBe(0);
    expect(parseOne(run).ok).toBe(true);
  });

  it('fails exactly Delete Blob for a SAS without d, and exactly List Blobs for one without l (exit 1)', async () => {
    const noDelete = await check(container('granted'), sasConnectionString(container('granted'), 'rwl', IN_A_YEAR));
    expect(noDelete.code).toBe(1);
    const withoutD = parseOne(noDelete);
    expect(Object.entries(withoutD.permissions).filter(([, status]) => status !== 'pass').map(([operation]) => operation)).toContain('Delete Blob');
    expect(withoutD.permissions['Delete Blob']).toBe('fail');
    const noList = parseOne(await check(container('granted'), sasConnectionString(container('granted'), 'rwd', IN_A_YEAR)));
    expect(noList.permissions).toEqual(passing({ 'List Blobs': 'fail' }));
  });

  it('puts a wrong key on the connection string and a missing container on the container name', async () => {
    const wrongKey = parseOne(await check(container('granted'), keyConnectionString(azureEnv.otherAccountKey)));
    expect(wrongKey.errors[0]).toMatchObject({ code: 'accountKeyMismatch', field: 'azureConnectionString' });
    const missing = parseOne(await check(containerName('missing'), keyConnectionString()));
    expect(missing.errors[0]).toMatchObject({ code: 'containerMissing', field: 'azureContainerName' });
  });

  it('refuses an expired SAS before any request, and warns of a public container', async () => {
    const expired = parseOne(await check(container('granted'), sasConnectionString(container('granted'), 'rwdl', new Date(Date.now() - 86_400_000))));
    expect(expired.errors[0]).toMatchObject({ code: 'sasExpired', field: 'azureConnectionString' });
    expect(Object.values(expired.permissions).every((status) => status === 'not-run')).toBe(true);
    const open = parseOne(await check(container('public'), keyConnectionString()));
    expect(open.ok).toBe(true);
    expect(open.warnings.map((warning) => warning.code)).toContain('bucketPublicList');
  });

  it('refuses the connection string as an argument and a malformed one as a usage error (exit 2)', async () => {
    const argument = await cli(['storage', 'check', '--type', 'azure', '--container', container('granted'), '--azure-connection-string', keyConnectionString(), '--json']);
    expect(argument.code).toBe(2);
    expect(argument.stdout + argument.stderr).not.toContain(azureEnv.accountKey);
    const malformed = await check(container('granted'), 'AccountName=x;Nonsense=1');
    expect(malformed.code).toBe(2);
    expect(parseOne(malformed).errors[0]).toMatchObject({ code: 'connectionStringUnknownKey', field: 'azureConnectionString' });
  });
});

describe('cli config, Azure keys', () => {
  it('sets the type, the container and the connection string (from stdin, never an argument), masked in list and sealed on disk', async () => {
    expect((await cli(['config', 'set', 'secrets.packages.blob-storage-type', 'azure'])).code).toBe(0);
    expect((await cli(['config', 'set', 'secrets.packages.azure-container-name', container('granted')])).code).toBe(0);
    const argument = await cli(['config', 'set', 'secrets.packages.azure-connection-string', keyConnectionString()]);
    expect(argument.code).toBe(2);
    expect((await cli(['config', 'set', 'secrets.packages.azure-connection-string'], { stdin: `${keyConnectionString()}\n` })).code).toBe(0);
    expect((await cli(['config', 'get', 'secrets.packages.azure-connection-string'])).code).toBe(2);
    expect((await cli(['config', 'get', 'secrets.packages.blob-storage-type'])).stdout.trim()).toBe('azure');
    const list = await cli(['config', 'list']);
    expect(list.stdout).toContain('secrets.packages.azure-connection-string=********');
    expect(list.stdout).toContain(`secrets.packages.azure-container-name=${container('granted')}`);
    expect(list.stdout).not.toContain(azureEnv.accountKey);
    expect(await readFile(path.join(dataDir, 'settings.json'), 'utf8')).not.toContain(azureEnv.accountKey);
    expect((await cli(['config', 'set', 'secrets.packages.blob-storage-type', 'gcs'])).code).toBe(2);
  });

  it('checks the saved Azure settings with no options, and applies them: packages-storage.json carries them, the connection string sealed', async () => {
    const saved = await cli(['storage', 'check', '--json']);
    expect(saved.code, saved.stderr).toBe(0);
    expect(parseOne(saved).ok).toBe(true);
    expect((await cli(['config', 'set', 'app.packages.enabled', 'true'])).code).toBe(0);
    const apply = await cli(['config', 'apply']);
    expect(apply.code, apply.stdout + apply.stderr).toBe(0);
    const applied = JSON.parse(await readFile(path.join(dataDir, 'packages-storage.json'), 'utf8')) as { packages: Record<string, unknown> };
    expect(applied.packages).toMatchObject({ enabled: true, blob_storage_type: 'azure', azure_container_name: container('granted') });
    expect(applied.packages.azure_connection_string).toMatch(/^v1:/);
    expect(JSON.stringify(applied)).not.toContain(azureEnv.accountKey);
  });
});
