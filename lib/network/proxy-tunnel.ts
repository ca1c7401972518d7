import 'server-only';
import net from 'node:net';
import { proxyLabel, type ProxyEndpoint } from './proxy-env';

// An HTTP CONNECT tunnel through a forward proxy, with its own deadline. Its errors carry codes of
// their own (ERR_PROXY_*), so the check blames the proxy and never the storage's service URL.

export type ProxyFailure = 'ERR_PROXY_UNREACHABLE' | 'ERR_PROXY_TIMEOUT' | 'ERR_PROXY_AUTH_REQUIRED' | 'ERR_PROXY_CONNECT_REFUSED';

export class ProxyTunnelError extends Error {
  override readonly name = 'ProxyTunnelError';
  constructor(
    readonly code: ProxyFailure,
    /** host:port of the proxy, never its credentials. */
    readonly proxy: string,
    /** The proxy's answer to CONNECT, when it gave one. */
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(`${code} (${proxy}${status ? `, ${status}` : ''})`, options);
  }
}

const MAX_HEADER_BYTES = 16 * 1024;

export function openTunnel(proxy: ProxyEndpoint, host: string, port: number, timeoutMs: number): Promise<net.Socket> {
  const label = proxyLabel(proxy);
  const target = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: proxy.host, port: proxy.port });
    let connected = false;
    let buffered = Buffer.alloc(0);
    // Reset after connecting: the proxy dropped the CONNECT, which is a refusal without a status.
    const onError = (cause: Error) => fail(new ProxyTunnelError(connected ? 'ERR_PROXY_CONNECT_REFUSED' : 'ERR_PROXY_UNREACHABLE', label, undefined, { cause }));
    const onEnd = () => fail(new ProxyTunnelError('ERR_PROXY_CONNECT_REFUSED', label));
    const detach = () => {
      clearTimeout(timer);
      socket.off('data', onData).off('error', onError).off('end', onEnd);
    };
    const fail = (error: ProxyTunnelError) => {
      detach();
      socket.destroy();
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0) {
        if (buffered.length > MAX_HEADER_BYTES) fail(new ProxyTunnelError('ERR_PROXY_CONNECT_REFUSED', label));
        return;
      }
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(buffered.subarray(0, end).toString('latin1'))?.[1] ?? 0);
      if (status === 407) return fail(new ProxyTunnelError('ERR_PROXY_AUTH_REQUIRED', label, status));
      if (status < 200 || status > 299) return fail(new ProxyTunnelError('ERR_PROXY_CONNECT_REFUSED', label, status || undefined));
      detach();
      // Paused so nothing is emitted before the tunnel's user listens.
      socket.pause();
      const rest = buffered.subarray(end + 4);
      if (rest.length > 0) socket.unshift(rest);
      resolve(socket);
    };
    const timer = setTimeout(() => fail(new ProxyTunnelError('ERR_PROXY_TIMEOUT', label)), timeoutMs);
    socket.once('connect', () => {
      connected = true;
      const auth = proxy.authorization ? `Proxy-Authorization: ${proxy.authorization}\r\n` : '';
      socket.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n${auth}\r\n`);
    });
    socket.on('error', onError).on('end', onEnd).on('data', onData);
  });
}
