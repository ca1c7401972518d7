// e2e helper: a loopback HTTP proxy in front of the console that writes every response (status,
// headers, decoded body) to a file, so the e2e run can prove afterwards that no response it saw
// held a secret. Requests pass through unchanged (Host included, so same-origin checks still hold).
//
// Usage: node scripts/recording-proxy.mjs LISTEN_PORT TARGET_PORT OUT_FILE
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';

const [listenPort, targetPort, outFile] = process.argv.slice(2);
if (!listenPort || !targetPort || !outFile) {
  console.error('usage: recording-proxy.mjs LISTEN_PORT TARGET_PORT OUT_FILE');
  process.exit(2);
}
mkdirSync(path.dirname(outFile), { recursive: true });
writeFileSync(outFile, '');

function decode(buffer, encoding) {
  try {
    if (encoding === 'gzip') return zlib.gunzipSync(buffer);
    if (encoding === 'deflate') return zlib.inflateSync(buffer);
    if (encoding === 'br') return zlib.brotliDecompressSync(buffer);
  } catch {
    return Buffer.from(`[undecodable ${encoding} body]`);
  }
  return buffer;
}

const server = http.createServer((request, response) => {
  const upstream = http.request(
    // A connection of its own for each request: a reused one the console closes as idle at that very moment
    // would fail a request that did nothing wrong.
    { host: '127.0.0.1', port: Number(targetPort), method: request.method, path: request.url, headers: request.headers, timeout: 120_000, agent: false },
    (reply) => {
      response.writeHead(reply.statusCode ?? 502, reply.rawHeaders);
      const chunks = [];
      reply.on('data', (chunk) => {
        chunks.push(chunk);
        response.write(chunk);
      });
      reply.on('end', () => {
        response.end();
        const body = decode(Buffer.concat(chunks), reply.headers['content-encoding']);
        const record = { method: request.method, url: request.url, status: reply.statusCode, headers: reply.headers, body: body.toString('utf8') };
        appendFileSync(outFile, `${JSON.stringify(record)}\n`);
      });
    },
  );
  upstream.on('timeout', () => upstream.destroy(new Error('upstream timeout')));
  upstream.on('error', () => {
    if (!response.headersSent) response.writeHead(502);
    response.end();
  });
  request.pipe(upstream);
});

// Longer than a spec leaves a connection idle: closing one as a client reuses it made a request hang up (ECONNRESET).
server.keepAliveTimeout = 120_000;
server.listen(Number(listenPort), '127.0.0.1', () => console.log(`recording proxy 127.0.0.1:${listenPort} -> 127.0.0.1:${targetPort}, writing ${outFile}`));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
