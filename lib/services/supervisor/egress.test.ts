import net from 'node:net';
import { describe, expect, it } from 'vitest';
import type { RenderedService } from '../types';
import { childCommand } from './child-command';
import { egressFor, needsEgress, waitListening } from './egress';

const rendered: RenderedService = { files: [], env: { REGISTRY_STORAGE_S3_ACCESSKEY: 'key' }, argv: ['serve', '/i/config.yml'], executable: '/usr/bin/registry', secrets: [], client: {} };

describe('the egress proxy of a binary of its own', () => {
  it('is given to a binary, not to a Node service, nor to a binary whose environment names a proxy of its own', () => {
    expect(needsEgress(rendered)).toBe(true);
    expect(needsEgress({ ...rendered, executable: undefined })).toBe(false);
    for (const name of ['HTTPS_PROXY', 'http_proxy', 'ALL_PROXY']) expect(needsEgress({ ...rendered, env: { ...rendered.env, [name]: 'http://proxy.corp:3128' } }), name).toBe(false);
  });

  it('runs as a Node child with the preload and its report pipe, and points the binary at it with a token that is redacted', () => {
    const egress = egressFor(4100, '/services/node_modules', 'c'.repeat(48));
    expect(childCommand(egress.rendered, '/services/node_modules', '/usr/bin/node')).toEqual({
      file: '/usr/bin/node',
      args: ['--require', '/services/node_modules/packages-console-preload/index.js', '/services/node_modules/packages-console-preload/egress-proxy.js'],
      env: { PACKAGES_CONSOLE_REPORT_FD: '3' },
      reports: true,
    });
    expect(egress.rendered.env).toEqual({ PACKAGES_CONSOLE_EGRESS_PORT: '4100', PACKAGES_CONSOLE_EGRESS_TOKEN: 'c'.repeat(48) });
    expect(egress.rendered.secrets).toEqual(['c'.repeat(48)]);
    const url = `http://egress:${'c'.repeat(48)}@127.0.0.1:4100`;
    expect(egress.proxyEnv).toEqual({ HTTPS_PROXY: url, HTTP_PROXY: url, NO_PROXY: '' });
    expect(egressFor(4100, '/m').rendered.env.PACKAGES_CONSOLE_EGRESS_TOKEN).not.toBe(egressFor(4100, '/m').rendered.env.PACKAGES_CONSOLE_EGRESS_TOKEN);
  });

  it('waits until the port accepts connections, and gives up when the proxy is gone', async () => {
    const server = net.createServer((socket) => socket.destroy());
    const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
    await expect(waitListening(port, 2000, () => true)).resolves.toBeUndefined();
    await new Promise((resolve) => server.close(resolve));
    await expect(waitListening(port, 300, () => true)).rejects.toThrow(/did not listen/);
    await expect(waitListening(port, 5000, () => false)).rejects.toThrow(/exited before it listened/);
  });
});
