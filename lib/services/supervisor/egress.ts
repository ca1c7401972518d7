import 'server-only';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import type { RenderedService } from '../types';
import { EGRESS_MAIN } from './preload/location';

// A service that is a binary of its own (`executable`: a Go program) cannot load the reserved-address
// preload, so its connections go through an egress proxy that can: a Node child of the same instance,
// run with the preload (child-command.ts), given to the binary as HTTPS_PROXY and HTTP_PROXY (Go's
// ProxyFromEnvironment). Every storage name is then resolved in the proxy, under the console's rule,
// and a refusal is reported on descriptor 3 like a Node service's. Go skips a proxy for localhost and
// loopback literals only, which the rule allows anyway. A service whose environment names a proxy of
// its own (the admin's outbound proxy) keeps it: that proxy resolves the names, as for the console.

/** The instance's subdirectory the proxy runs in (its PID record is found there like any child's). */
export const EGRESS_DIR = 'egress';

const PROXY_VARIABLES = ['HTTPS_PROXY', 'HTTP_PROXY', 'ALL_PROXY', 'https_proxy', 'http_proxy', 'all_proxy'];

/** Whether an instance gets an egress proxy: a binary of its own with no proxy of its own. */
export function needsEgress(rendered: RenderedService): boolean {
  return rendered.executable !== undefined && !PROXY_VARIABLES.some((name) => rendered.env[name] !== undefined);
}

export interface Egress {
  /** What the supervisor starts for the proxy: the console's node with the preload, on `port`. */
  rendered: RenderedService;
  /** What the binary is given on top of its own environment. */
  proxyEnv: Record<string, string>;
}

/** The proxy for one instance, on `port`, answering only the binary (a fresh token, redacted from the log). */
export function egressFor(port: number, modulesDir: string, token: string = randomBytes(24).toString('hex')): Egress {
  const url = `http://egress:${token}@127.0.0.1:${port}`;
  return {
    rendered: {
      files: [],
      env: { PACKAGES_CONSOLE_EGRESS_PORT: String(port), PACKAGES_CONSOLE_EGRESS_TOKEN: token },
      argv: [path.join(modulesDir, EGRESS_MAIN)],
      secrets: [token],
      client: {},
    },
    // NO_PROXY empty: every storage name goes through the proxy (lower-case names are never set: the environment is built from scratch).
    proxyEnv: { HTTPS_PROXY: url, HTTP_PROXY: url, NO_PROXY: '' },
  };
}

/** Resolves once something accepts connections on 127.0.0.1:`port`; rejects after `timeoutMs` or when `alive` turns false. */
export async function waitListening(port: number, timeoutMs: number, alive: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && alive()) {
    const accepted = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port });
      const done = (ok: boolean) => {
        socket.destroy();
        resolve(ok);
      };
      socket.once('connect', () => done(true));
      socket.once('error', () => done(false));
    });
    if (accepted) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (!alive()) throw new Error("the egress proxy exited before it listened; the service's log has the details");
  throw new Error(`the egress proxy did not listen on 127.0.0.1:${port} within ${timeoutMs} ms; the service's log has the details`);
}
