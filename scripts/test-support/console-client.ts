import type { ConsoleServer } from './console-server';

// A signed-in HTTP client for a console started by startConsoleServer (root password seeded with
// CONSOLE_ROOT_PASSWORD). Every request has a timeout.

// Tests read whatever JSON the endpoint under test answers; they assert its shape themselves.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export interface ConsoleClient {
  request(path: string, init?: { method?: string; body?: unknown; locale?: string }): Promise<{ status: number; body: Json }>;
}

export const TEST_ROOT_PASSWORD = 'integration root password 0123';

export async function signIn(server: Pick<ConsoleServer, 'url'>, password = TEST_ROOT_PASSWORD): Promise<ConsoleClient> {
  const response = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url },
    body: JSON.stringify({ password }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers.getSetCookie().map((value) => value.split(';')[0]).join('; ');
  return {
    async request(path, init = {}) {
      const answer = await fetch(`${server.url}${path}`, {
        method: init.method ?? 'GET',
        headers: {
          cookie,
          origin: server.url,
          'accept-language': init.locale ?? 'en',
          ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        signal: AbortSignal.timeout(30_000),
      });
      const text = await answer.text();
      return { status: answer.status, body: text ? JSON.parse(text) : null };
    },
  };
}
