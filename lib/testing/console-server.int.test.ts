import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { startConsole, tempDataDir, type ConsoleServer } from './console-server';

// Integration files start consoles and registries on free ports side by side: a port can be taken by
// another process between being picked and bound. The helper must not mistake that process for the console.

let impostor: Server | undefined;
let server: ConsoleServer | undefined;

afterAll(async () => {
  await server?.stop();
  await new Promise((resolve) => (impostor ? impostor.close(resolve) : resolve(undefined)));
});

describe('startConsole', () => {
  it('does not take another process answering on its port for the console, and starts on another port', async () => {
    impostor = createServer((_, response) => response.writeHead(404).end('not the console'));
    await new Promise<void>((resolve) => impostor!.listen(0, '127.0.0.1', resolve));
    const taken = (impostor.address() as AddressInfo).port;

    server = await startConsole(await tempDataDir('port-taken'), {}, async () => taken);
    expect(new URL(server.url).port).not.toBe(String(taken));
    const login = await fetch(`${server.url}/en/login`, { signal: AbortSignal.timeout(10_000) });
    expect(login.status).toBe(200);
    expect(await login.text()).toContain('<html lang="en"');
  });
});
