import 'server-only';
import tls from 'node:tls';
import { refusingReservedLookup } from '@/lib/network/reserved-lookup';

// The expiry of the certificate an https endpoint presents. Trust is not judged here (the storage
// requests do that and fail with endpointTls); this only reads the date, so it is read even then.

export async function readCertificateExpiry(serviceUrl: string, timeoutMs: number): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(serviceUrl);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:') return null;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || 443);
  return new Promise((resolve) => {
    const socket = tls.connect({ host, port, servername: /^[\d.:]+$/.test(host) ? undefined : host, rejectUnauthorized: false, lookup: refusingReservedLookup() });
    const done = (value: string | null) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(value);
    };
    const timer = setTimeout(() => done(null), timeoutMs);
    socket.once('secureConnect', () => {
      const validTo = socket.getPeerCertificate()?.valid_to;
      const at = validTo ? Date.parse(validTo) : Number.NaN;
      done(Number.isNaN(at) ? null : new Date(at).toISOString());
    });
    socket.once('error', () => done(null));
  });
}
