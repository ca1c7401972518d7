import 'server-only';
import { createHash } from 'node:crypto';
import { callService, expectStatus, type ServiceAnswer } from '../http';
import type { ServiceClient } from '../types';

// The registry's own API (Docker Registry HTTP API v2 / OCI distribution) as the canary and readiness
// use it: Basic authentication with the console's account, monolithic blob uploads, manifests by digest.

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
export const OCI_LAYER = 'application/vnd.oci.image.layer.v1.tar';

export const digestOf = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

export class RegistryClient {
  constructor(
    private readonly baseUrl: string,
    client: ServiceClient,
    private readonly timeoutMs: number,
  ) {
    this.authorization = `Basic ${Buffer.from(`${client.username ?? ''}:${client.password ?? ''}`).toString('base64')}`;
  }

  private readonly authorization: string;

  call(route: string, init: RequestInit = {}): Promise<ServiceAnswer> {
    const headers = { ...Object.fromEntries(new Headers(init.headers).entries()), authorization: this.authorization };
    return callService(new URL(route, this.baseUrl).toString(), { ...init, headers, redirect: 'manual', timeoutMs: this.timeoutMs });
  }

  /** POST then PUT (a monolithic upload); resolves with the blob's digest. */
  async pushBlob(repository: string, bytes: Buffer): Promise<string> {
    const digest = digestOf(bytes);
    const started = await this.call(`/v2/${repository}/blobs/uploads/`, { method: 'POST' });
    expectStatus(started, 202, 'blob upload start');
    const location = started.headers.get('location');
    if (!location) throw new Error('blob upload start: no Location header');
    const target = new URL(location, this.baseUrl);
    target.searchParams.set('digest', digest);
    const uploaded = await this.call(target.pathname + target.search, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: new Uint8Array(bytes) });
    expectStatus(uploaded, 201, 'blob upload');
    return digest;
  }

  async pushManifest(repository: string, reference: string, manifest: Buffer): Promise<string> {
    const answer = await this.call(`/v2/${repository}/manifests/${reference}`, { method: 'PUT', headers: { 'content-type': OCI_MANIFEST }, body: new Uint8Array(manifest) });
    expectStatus(answer, 201, 'manifest push');
    return answer.headers.get('docker-content-digest') ?? digestOf(manifest);
  }

  async pull(repository: string, kind: 'blobs' | 'manifests', digest: string): Promise<Buffer> {
    const answer = await this.call(`/v2/${repository}/${kind}/${digest}`, { headers: kind === 'manifests' ? { accept: OCI_MANIFEST } : {} });
    expectStatus(answer, 200, kind === 'blobs' ? 'blob pull' : 'manifest pull');
    return answer.body;
  }

  async remove(repository: string, kind: 'blobs' | 'manifests', digest: string): Promise<void> {
    expectStatus(await this.call(`/v2/${repository}/${kind}/${digest}`, { method: 'DELETE' }), 202, kind === 'blobs' ? 'blob delete' : 'manifest delete');
  }
}
