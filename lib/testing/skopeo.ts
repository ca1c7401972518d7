import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';

// Integration-test support for the Container registry: an OCI image layout written by the test (one
// gzipped tar layer made with tar(1), its config, its manifest; compressed as skopeo would, so it
// copies it as it is) and Debian's stock skopeo, run
// with an auth file (0600) so no password is on its command line, and TLS verification off for the
// plain-HTTP front.

const execFileAsync = promisify(execFile);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

export interface OciImage {
  dir: string;
  /** `oci:<dir>:<tag>` for skopeo. */
  reference: string;
  manifestDigest: string;
  layerDigest: string;
  layer: Buffer;
}

async function writeBlob(dir: string, bytes: Buffer): Promise<{ digest: string; size: number }> {
  const hex = sha256(bytes);
  await fs.writeFile(path.join(dir, 'blobs', 'sha256', hex), bytes);
  return { digest: `sha256:${hex}`, size: bytes.length };
}

export async function makeOciImage(dir: string, tag = 'app'): Promise<OciImage> {
  const content = path.join(dir, 'content');
  await fs.mkdir(content, { recursive: true });
  await fs.mkdir(path.join(dir, 'layout', 'blobs', 'sha256'), { recursive: true });
  await fs.writeFile(path.join(content, 'hello.txt'), `hello ${randomBytes(16).toString('hex')}\n`);
  await execFileAsync('tar', ['-cf', path.join(dir, 'layer.tar'), '-C', content, 'hello.txt']);
  const layout = path.join(dir, 'layout');
  const tar = await fs.readFile(path.join(dir, 'layer.tar'));
  const layer = gzipSync(tar);
  const layerBlob = await writeBlob(layout, layer);
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [`sha256:${sha256(tar)}`] }, config: {} }));
  const configBlob = await writeBlob(layout, config);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...configBlob },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...layerBlob }],
    }),
  );
  const manifestBlob = await writeBlob(layout, manifest);
  await fs.writeFile(path.join(layout, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  const index = { schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', ...manifestBlob, annotations: { 'org.opencontainers.image.ref.name': tag } }] };
  await fs.writeFile(path.join(layout, 'index.json'), JSON.stringify(index));
  return { dir: layout, reference: `oci:${layout}:${tag}`, manifestDigest: manifestBlob.digest, layerDigest: layerBlob.digest, layer };
}

/** The manifest digest of an image skopeo copied into an OCI layout. */
export async function layoutManifestDigest(dir: string): Promise<string> {
  const index = JSON.parse(await fs.readFile(path.join(dir, 'index.json'), 'utf8')) as { manifests: { digest: string }[] };
  return index.manifests[0]?.digest ?? '';
}

/** An auth file for `registry` (host:port): what `skopeo login` writes, without a password on a command line. */
export async function writeAuthFile(file: string, registry: string, username: string, password: string): Promise<string> {
  const auth = Buffer.from(`${username}:${password}`).toString('base64');
  await fs.writeFile(file, JSON.stringify({ auths: { [registry]: { auth } } }), { mode: 0o600 });
  return file;
}

/** skopeo copy with `authFile` on both sides; `noCreds` sends no credential on that side at all (`--src-no-creds`, `--dest-no-creds`). */
export async function skopeoCopy(source: string, destination: string, authFile: string, noCreds: 'src' | 'dest' | null = null): Promise<{ code: number; output: string }> {
  const sides = (['src', 'dest'] as const).flatMap((side) => (side === noCreds ? [`--${side}-no-creds`] : [`--${side}-authfile`, authFile]));
  const args = ['copy', '--preserve-digests', '--src-tls-verify=false', '--dest-tls-verify=false', ...sides, source, destination];
  // A clean environment: no registries.conf or proxy of the caller's.
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: path.dirname(authFile), NODE_ENV: 'production' as const };
  try {
    const { stdout, stderr } = await execFileAsync('skopeo', args, { env, timeout: 120_000 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : 1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}
