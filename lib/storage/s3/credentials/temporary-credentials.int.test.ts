import fs from 'node:fs/promises';
import path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { signIn, startConsole, tempDataDir, type ConsoleServer } from '@/lib/testing/console-server';
import { containerCredentialsEndpoint, type LoopbackEndpoint } from '@/lib/testing/credential-endpoints';
import { basic, manageClient } from '@/lib/testing/manage-client';
import { bucketName, createBucket, ownerClient, removeBucket, s3Env } from '@/lib/testing/s3-int-support';
import { allowRoleCalls, createRole, deleteRole, issueRoleCredentials, stsTestEndpoint, type TestRole } from '@/lib/testing/sts-roles';
import { S3_PERMISSIONS } from '../type';

// The console with no long-lived key anywhere: its own AWS identity comes from a loopback
// container-credentials endpoint handing out temporary credentials the Ceph STS gateway issued.
// Every temporary secret and session token it was given is then looked for in every answer (page
// API, Manage API), the server's output and every data file: none may appear.

const PASSWORD = 'temporary credentials test password';
const issued: { secret: string; token: string }[] = [];
const seen: { what: string; text: string }[] = [];
let server: ConsoleServer;
let container: LoopbackEndpoint;
let owner: S3Client;
let role: TestRole;
let bucket: string;
let manage: ReturnType<typeof manageClient>;

beforeAll(async () => {
  owner = ownerClient();
  bucket = bucketName('tmpcreds');
  await createBucket(owner, bucket, { noGrant: true });
  await allowRoleCalls('probe');
  role = await createRole('console', ['arn:aws:iam:::user/probe'], [...S3_PERMISSIONS, 'sts:AssumeRole']);
  container = await containerCredentialsEndpoint(async () => {
    const credentials = await issueRoleCredentials(role, s3Env.user('PROBE'));
    issued.push({ secret: credentials.SecretAccessKey, token: credentials.Token });
    return credentials;
  });
  server = await startConsole(await tempDataDir('tmpcreds'), {
    CONSOLE_ROOT_PASSWORD: PASSWORD,
    AWS_CONTAINER_CREDENTIALS_FULL_URI: `${container.url}/v2/credentials`,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/nonexistent/aws-config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
  });
  const document = await (await fetch(`${server.url}/manage/v1/openapi.json`, { headers: { authorization: basic(PASSWORD) } })).json();
  const call = manageClient(server.url, document, PASSWORD);
  manage = async (method, url, options = {}) => {
    const reply = await call(method, url, options);
    seen.push({ what: `${method} /manage/v1${url} → ${reply.status}`, text: JSON.stringify(reply.body) });
    return reply;
  };
});

afterAll(async () => {
  await server?.stop();
  await container?.close();
  if (bucket) await removeBucket(owner, bucket);
  if (role) await deleteRole(role);
});

async function applied(): Promise<Record<string, unknown>> {
  const started = await manage('POST', '/config/apply');
  expect(started.status).toBe(202);
  const runId = started.json.run_id as string;
  for (let attempt = 0; attempt < 150; attempt += 1) {
    const status = await manage('GET', `/config/apply?run_id=${runId}`);
    if (status.json.running === false) {
      expect(status.json.successful, JSON.stringify(status.json)).toBe(true);
      const file = JSON.parse(await fs.readFile(path.join(server.dataDir, 'packages-storage.json'), 'utf8')) as { packages: Record<string, unknown> };
      return file.packages;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`run ${runId} did not finish`);
}

it("checks and applies with this server's identity and an assumed role, and no temporary credential leaves memory", async () => {
  const storage = { enabled: true, blob_storage_type: 's3', service_url: stsTestEndpoint(), s3_bucket: bucket, s3_region: '', s3_path_style: 'auto' };
  expect((await manage('PUT', '/config/settings', { body: { packages: { ...storage, s3_auth_mode: 'instance' } } })).status).toBe(204);
  expect((await manage('GET', '/config/settings')).json.packages).toMatchObject({ s3_auth_mode: 'instance', aws_access_key: '', aws_secret_key_set: false });
  const instance = await manage('POST', '/config/storage/check');
  expect(instance.json).toMatchObject({ ok: true, identity: { mode: 'instance', source: 'container' } });
  expect((instance.json.identity as { summary: string }).summary).toContain('container credentials');
  expect(await applied()).toMatchObject({ s3_auth_mode: 'instance', s3_role_arn: '', aws_access_key: '', aws_secret_key: '' });

  // The role, assumed with the server's identity (no keys filled in).
  expect((await manage('PUT', '/config/settings', { body: { packages: { s3_auth_mode: 'assume-role', s3_role_arn: role.arn } } })).status).toBe(204);
  const assumed = await manage('POST', '/config/storage/check', { headers: { 'accept-language': 'fr' } });
  expect(assumed.json).toMatchObject({ ok: true, identity: { mode: 'assume-role', source: 'container', role: role.arn } });
  expect((assumed.json.identity as { summary: string }).summary).toContain(`Rôle ${role.arn} assumé`);
  expect(await applied()).toMatchObject({ s3_auth_mode: 'assume-role', s3_role_arn: role.arn, aws_secret_key: '' });

  // The page's own check answers the identity in the reader's language.
  const cookie = await signIn(server, PASSWORD);
  const page = await fetch(`${server.url}/api/settings/packages/check`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json', 'accept-language': 'zh', origin: server.url },
    body: JSON.stringify({ enabled: true, storageType: 's3', serviceUrl: stsTestEndpoint(), bucket, accessKey: '', secretKey: '', region: '', pathStyle: 'auto', authMode: 'assume-role', roleArn: role.arn, externalId: '', version: 2 }),
  });
  const pageText = await page.text();
  seen.push({ what: `POST /api/settings/packages/check → ${page.status}`, text: pageText });
  expect(page.status, pageText).toBe(200);
  expect(JSON.parse(pageText).check.identity.summary).toContain(`已代入角色 ${role.arn}`);

  expect(issued.length).toBeGreaterThanOrEqual(4);
  const secrets = issued.flatMap(({ secret, token }) => [secret, token]);
  for (const { what, text } of seen) {
    for (const secret of secrets) expect(text.includes(secret), what).toBe(false);
    expect(text, what).not.toMatch(/sessionToken|SecretAccessKey|secretAccessKey/);
  }
  for (const secret of secrets) expect(server.output().includes(secret)).toBe(false);
  // The console keeps writing (its health checks): an atomic write's temporary file can be renamed away
  // between the listing and its read. Its content is then in the file it became: scan again until a
  // scan reads every file it listed.
  for (let scan = 1; ; scan += 1) {
    const files = (await fs.readdir(server.dataDir, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());
    expect(files.map((entry) => entry.name)).toEqual(expect.arrayContaining(['settings.json', 'packages-storage.json', 'audit.log']));
    let vanished = false;
    for (const entry of files) {
      const content = await fs.readFile(path.join(entry.parentPath, entry.name), 'latin1').catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
        vanished = true;
        return '';
      });
      for (const secret of secrets) expect(content.includes(secret), entry.name).toBe(false);
    }
    if (!vanished) break;
    expect(scan, 'files kept vanishing while the data directory was scanned').toBeLessThan(5);
  }
});
